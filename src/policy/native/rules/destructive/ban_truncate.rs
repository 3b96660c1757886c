//! `ban-truncate` (`policies/destructive/ban_truncate.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, names_of, quoted_names};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "truncate") && !is_new_table(stmt))
        .filter_map(|stmt| {
            let cascade = if is_true(get!(stmt, "cascade")) {
                ", and CASCADE also empties every table that references it"
            } else {
                ""
            };
            let msg = format!(
                "Truncating {} deletes every row{cascade}",
                quoted_names(names_of(stmt))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn truncate_cascade_and_new_tables() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "TRUNCATE a;\nTRUNCATE b, s.c CASCADE;\nCREATE TABLE d (id int);\nTRUNCATE d;\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-truncate "))
        .collect();
        assert_eq!(
            found,
            [
                "ban-truncate error 1 Truncating \"a\" deletes every row",
                "ban-truncate error 2 Truncating \"b\", \"s.c\" deletes every row, and CASCADE also empties every table that references it",
            ]
        );
    }
}
