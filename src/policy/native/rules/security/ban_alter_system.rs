//! `ban-alter-system` (`policies/security/ban_alter_system.rego`, `deny`).

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
        .filter(|stmt| is(get!(stmt, "kind"), "alter_system"))
        .filter_map(|stmt| {
            // `setting(stmt)`
            let setting = text(get!(stmt, "variable"))
                .map(|v| format!(" (\"{v}\")"))
                .unwrap_or_default();
            let msg = format!(
                "ALTER SYSTEM changes the server's configuration{setting} for every database of the cluster, from a migration"
            );
            finding(meta, stmt, msg)
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
            .filter(|f| f.starts_with("ban-alter-system "))
            .collect()
    }

    const SQL: &str = "ALTER SYSTEM SET max_connections = 500;\n\
                       ALTER SYSTEM RESET ALL;\n\
                       ALTER DATABASE app SET statement_timeout = '60s';\n";

    #[test]
    fn alter_system_names_its_setting() {
        assert_eq!(
            findings(Dialect::Postgres, SQL),
            [
                "ban-alter-system error 1 ALTER SYSTEM changes the server's configuration (\"max_connections\") for every database of the cluster, from a migration",
                "ban-alter-system error 2 ALTER SYSTEM changes the server's configuration (\"all\") for every database of the cluster, from a migration",
            ]
        );
    }

    #[test]
    fn postgres_only() {
        assert!(findings(Dialect::Generic, SQL).is_empty());
    }
}
