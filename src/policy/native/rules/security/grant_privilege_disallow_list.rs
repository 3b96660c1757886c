//! `grant-privilege-disallow-list`
//! (`policies/security/grant_privilege_disallow_list.rego`, `warn`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, quoted_names};
use crate::policy::native::value::{get, is, is_array, is_true, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let Some(configured) = doc.param(meta, "privileges").filter(|c| is_array(c)) else {
        return Vec::new();
    };
    // `listed`
    let listed: BTreeSet<String> = items(configured)
        .iter()
        .filter_map(text)
        .map(str::to_uppercase)
        .collect();
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "grant") && is_array(get!(stmt, "privileges")))
        .filter_map(|stmt| {
            // `given(stmt)`
            let hits: BTreeSet<String> = if is_true(get!(stmt, "all_privileges")) {
                listed.clone()
            } else {
                items(get!(stmt, "privileges"))
                    .iter()
                    .filter_map(text)
                    .map(str::to_uppercase)
                    .filter(|p| listed.contains(p))
                    .collect()
            };
            if hits.is_empty() {
                return None;
            }
            let msg = format!(
                "GRANT of {} on {}, a privilege the list (params.grant-privilege-disallow-list.privileges) keeps out of migrations",
                hits.into_iter().collect::<Vec<_>>().join(", "),
                quoted_names(items(get!(stmt, "objects")))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("grant-privilege-disallow-list "))
            .collect()
    }

    const SQL: &str = "GRANT SELECT, INSERT ON orders TO w;\n\
                       GRANT SELECT, DELETE, truncate ON orders, lines TO w;\n\
                       GRANT ALL PRIVILEGES ON orders TO a;\n\
                       REVOKE DELETE ON orders FROM w;\n\
                       GRANT reporting TO alice;\n";

    #[test]
    fn listed_privileges_and_all() {
        assert_eq!(
            findings(
                SQL,
                serde_json::json!({"params": {"grant-privilege-disallow-list": {"privileges": ["truncate", "DELETE", 3, "Delete"]}}})
            ),
            [
                "grant-privilege-disallow-list warning 2 GRANT of DELETE, TRUNCATE on \"orders\", \"lines\", a privilege the list (params.grant-privilege-disallow-list.privileges) keeps out of migrations",
                "grant-privilege-disallow-list warning 3 GRANT of DELETE, TRUNCATE on \"orders\", a privilege the list (params.grant-privilege-disallow-list.privileges) keeps out of migrations",
            ]
        );
    }

    #[test]
    fn nothing_unless_configured_as_a_list() {
        assert!(findings(SQL, serde_json::json!({})).is_empty());
        assert!(
            findings(
                SQL,
                serde_json::json!({"params": {"grant-privilege-disallow-list": {"privileges": "DELETE"}}})
            )
            .is_empty()
        );
        assert!(
            findings(
                SQL,
                serde_json::json!({"params": {"grant-privilege-disallow-list": {"privileges": []}}})
            )
            .is_empty()
        );
    }
}
