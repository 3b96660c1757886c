//! `ban-role-changes` (`policies/security/ban_role_changes.rego`, `warn`).

use super::common::lower_strings;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words, names_of};
use crate::policy::native::value::{Value, get, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let mut allowed = None;
    let mut out = Vec::new();
    for stmt in doc.forward() {
        let Some(kind) = text(get!(stmt, "kind")).filter(|k| {
            matches!(
                *k,
                "create_role" | "alter_role" | "drop_role" | "create_user" | "drop_user"
            )
        }) else {
            continue;
        };
        // `allowed`, read once
        let allowed = allowed.get_or_insert_with(|| {
            lower_strings(doc.param(meta, "allowed_roles").unwrap_or(&Value::Null))
        });
        for name in names_of(stmt)
            .into_iter()
            .filter_map(|obj| text(get!(obj, "name")))
        {
            if allowed.contains(&name.to_lowercase()) {
                continue;
            }
            let msg = format!(
                "{} \"{name}\": roles and users are server-wide, and changing them is the DBA's to review",
                kind_words(kind)
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
            .filter(|f| f.starts_with("ban-role-changes "))
            .collect()
    }

    const SQL: &str = "CREATE ROLE App_Reader;\n\
                       CREATE ROLE intern;\n\
                       ALTER ROLE intern SUPERUSER;\n\
                       DROP ROLE a, app_reader;\n\
                       CREATE USER bob;\n\
                       GRANT SELECT ON orders TO intern;\n";

    #[test]
    fn roles_outside_the_allowed_list() {
        assert_eq!(
            findings(
                SQL,
                serde_json::json!({"params": {"ban-role-changes": {"allowed_roles": ["APP_READER", 2]}}})
            ),
            [
                "ban-role-changes warning 2 CREATE ROLE \"intern\": roles and users are server-wide, and changing them is the DBA's to review",
                "ban-role-changes warning 3 ALTER ROLE \"intern\": roles and users are server-wide, and changing them is the DBA's to review",
                "ban-role-changes warning 4 DROP ROLE \"a\": roles and users are server-wide, and changing them is the DBA's to review",
                "ban-role-changes warning 5 CREATE USER \"bob\": roles and users are server-wide, and changing them is the DBA's to review",
            ]
        );
    }

    #[test]
    fn every_role_without_a_list() {
        let all = findings(SQL, serde_json::json!({}));
        assert_eq!(all.len(), 6, "{all:?}");
        assert_eq!(
            findings(
                SQL,
                serde_json::json!({"params": {"ban-role-changes": {"allowed_roles": {"x": "intern"}}}})
            )
            .len(),
            4
        );
    }
}
