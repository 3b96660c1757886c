//! `ban-session-replication-role`
//! (`policies/security/ban_session_replication_role.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "set")
                && is(get!(stmt, "variable"), "session_replication_role")
                && text(get!(stmt, "value")).is_some_and(|v| {
                    // lower(trim(stmt.value, `'" `))
                    v.trim_matches(|c| "'\" ".contains(c)).to_lowercase() == "replica"
                })
        })
        .filter_map(|stmt| {
            finding(
                meta,
                stmt,
                "SET session_replication_role = replica turns off every ordinary trigger of the session, foreign-key checks included: the migration's writes skip them".to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-session-replication-role "))
            .collect()
    }

    const SQL: &str = "SET session_replication_role = replica;\n\
                       SET session_replication_role = 'Replica';\n\
                       SET LOCAL session_replication_role TO \"REPLICA\";\n\
                       SET session_replication_role = DEFAULT;\n\
                       SET session_replication_role = origin;\n\
                       SET application_name = 'replica';\n";

    #[test]
    fn replica_however_written() {
        let msg = "SET session_replication_role = replica turns off every ordinary trigger of the session, foreign-key checks included: the migration's writes skip them";
        assert_eq!(
            findings(Dialect::Postgres, SQL),
            [
                format!("ban-session-replication-role error 1 {msg}"),
                format!("ban-session-replication-role error 2 {msg}"),
                format!("ban-session-replication-role error 3 {msg}"),
            ]
        );
    }

    #[test]
    fn postgres_only() {
        assert!(findings(Dialect::Mysql, "SET session_replication_role = replica;\n").is_empty());
    }
}
