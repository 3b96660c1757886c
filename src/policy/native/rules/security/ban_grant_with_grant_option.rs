//! `ban-grant-with-grant-option`
//! (`policies/security/ban_grant_with_grant_option.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{get, is, is_array, is_true, items, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "grant")
                && is_true(get!(stmt, "with_grant_option"))
                && is_array(get!(stmt, "grantees"))
        })
        .filter_map(|stmt| {
            let grantees = items(get!(stmt, "grantees"))
                .iter()
                .map(|g| format!("\"{}\"", show(g)))
                .collect::<Vec<_>>()
                .join(", ");
            let msg = format!(
                "GRANT … WITH GRANT OPTION lets {grantees} pass the privileges on to anyone, outside the migrations' control"
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-grant-with-grant-option "))
            .collect()
    }

    #[test]
    fn grants_with_grant_option() {
        assert_eq!(
            findings(
                "GRANT SELECT ON orders TO reporting, PUBLIC WITH GRANT OPTION;\n\
                 GRANT SELECT ON orders TO reporting;\n\
                 GRANT reporting TO alice WITH ADMIN OPTION;\n"
            ),
            [
                "ban-grant-with-grant-option warning 1 GRANT … WITH GRANT OPTION lets \"reporting\", \"PUBLIC\" pass the privileges on to anyone, outside the migrations' control",
            ]
        );
    }
}
