//! `ban-select-star-in-view` (`policies/compatibility/ban_select_star_in_view.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            let kind = get!(stmt, "kind");
            (is(kind, "create_view") || is(kind, "create_materialized_view"))
                && is_true(get!(stmt, "select_star"))
        })
        .filter_map(|stmt| {
            let view = name_of(get!(stmt, "object"))?;
            finding(
                meta,
                stmt,
                format!(
                    "View \"{view}\" is defined with SELECT *: its columns are fixed now, so columns added later are missing from it and dropped ones break it"
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn views_and_materialized_views_with_select_star() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "CREATE VIEW active_orders AS SELECT * FROM orders WHERE status = 'active';\n\
             CREATE VIEW listed AS SELECT id, status FROM orders;\n\
             CREATE VIEW counts AS SELECT count(*) AS n FROM orders;\n\
             CREATE MATERIALIZED VIEW shop.totals AS SELECT o.* FROM orders o;\n\
             INSERT INTO orders_archive SELECT * FROM orders WHERE status = 'done';\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-select-star-in-view "))
        .collect();
        assert_eq!(
            found,
            [
                "ban-select-star-in-view warning 1 View \"active_orders\" is defined with SELECT *: its columns are fixed now, so columns added later are missing from it and dropped ones break it",
                "ban-select-star-in-view warning 4 View \"shop.totals\" is defined with SELECT *: its columns are fixed now, so columns added later are missing from it and dropped ones break it",
            ]
        );
    }
}
