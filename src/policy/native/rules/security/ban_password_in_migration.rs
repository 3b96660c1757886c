//! `ban-password-in-migration`
//! (`policies/security/ban_password_in_migration.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words};
use crate::policy::native::value::{Value, get, is_true, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = text(get!(stmt, "kind"))
                .filter(|k| matches!(*k, "create_role" | "create_user" | "alter_role"))?;
            if !is_true(get!(stmt, "password")) {
                return None;
            }
            let name = get!(stmt, "object", "name");
            if *name == Value::Undefined {
                return None;
            }
            let msg = format!(
                "{} \"{}\" writes a password into the migration: it stays in the repository's history and the tool's logs",
                kind_words(kind),
                show(name)
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
            .filter(|f| f.starts_with("ban-password-in-migration "))
            .collect()
    }

    #[test]
    fn passwords_written_in_role_statements() {
        assert_eq!(
            findings(
                Dialect::Postgres,
                "CREATE ROLE app_reader WITH LOGIN PASSWORD 'changeme';\n\
                 ALTER USER app_writer WITH PASSWORD 'changeme';\n\
                 CREATE USER bob PASSWORD 'x';\n\
                 ALTER ROLE app_reader WITH PASSWORD NULL;\n\
                 CREATE ROLE plain LOGIN;\n"
            ),
            [
                "ban-password-in-migration error 1 CREATE ROLE \"app_reader\" writes a password into the migration: it stays in the repository's history and the tool's logs",
                "ban-password-in-migration error 2 ALTER ROLE \"app_writer\" writes a password into the migration: it stays in the repository's history and the tool's logs",
                "ban-password-in-migration error 3 CREATE USER \"bob\" writes a password into the migration: it stays in the repository's history and the tool's logs",
            ]
        );
    }

    #[test]
    fn not_where_the_parser_reads_no_password() {
        // MySQL's `IDENTIFIED BY` is not read as a password
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE USER 'app'@'%' IDENTIFIED BY 'secret';\n"
            )
            .is_empty()
        );
    }
}
