//! `grant-outside-allowlist` (`policies/security/grant_outside_allowlist.rego`,
//! `deny`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{get, is_array, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let Some(configured) = doc.param(meta, "allowed_grantees").filter(|c| is_array(c)) else {
        return Vec::new();
    };
    // `allowed`
    let allowed: BTreeSet<String> = items(configured)
        .iter()
        .filter_map(text)
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for stmt in doc.forward() {
        let Some(kind) = text(get!(stmt, "kind")).filter(|k| matches!(*k, "grant" | "revoke"))
        else {
            continue;
        };
        for grantee in items(get!(stmt, "grantees")).iter().filter_map(text) {
            if allowed.contains(&grantee.to_lowercase()) {
                continue;
            }
            let msg = format!(
                "{} to \"{grantee}\", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold",
                kind.to_uppercase()
            );
            out.extend(finding(meta, stmt, msg));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("grant-outside-allowlist "))
            .collect()
    }

    const SQL: &str = "GRANT SELECT ON orders TO App_Reader;\n\
                       GRANT SELECT, UPDATE ON orders TO intern, app_reader, PUBLIC;\n\
                       REVOKE DELETE ON orders FROM contractor;\n\
                       GRANT reporting TO alice;\n";

    #[test]
    fn grantees_outside_the_list() {
        assert_eq!(
            findings(
                SQL,
                serde_json::json!({"params": {"grant-outside-allowlist": {"allowed_grantees": ["APP_READER", 1]}}})
            ),
            [
                "grant-outside-allowlist error 2 GRANT to \"PUBLIC\", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold",
                "grant-outside-allowlist error 2 GRANT to \"intern\", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold",
                "grant-outside-allowlist error 3 REVOKE to \"contractor\", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold",
                "grant-outside-allowlist error 4 GRANT to \"alice\", a role the allowlist (params.grant-outside-allowlist.allowed_grantees) does not hold",
            ]
        );
    }

    #[test]
    fn nothing_unless_configured_as_a_list() {
        assert!(findings(SQL, serde_json::json!({})).is_empty());
        assert!(
            findings(
                SQL,
                serde_json::json!({"params": {"grant-outside-allowlist": {"allowed_grantees": {"a": "app_reader"}}}})
            )
            .is_empty()
        );
    }
}
