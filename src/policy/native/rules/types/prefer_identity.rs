//! `prefer-identity` (`policies/types/prefer_identity.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

static SERIAL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(serial|serial2|serial4|serial8|smallserial|bigserial)$").ok());

/// `matches(type_name)`.
fn matches(type_name: &str) -> bool {
    SERIAL
        .as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

/// `message(column, type_name)`.
fn message(column: &str, type_name: &str) -> String {
    format!(
        "Column \"{column}\" is {type_name}: its sequence is a separate object with its own owner and grants, and a plain INSERT can still write any value; an identity column is part of the table"
    )
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    column_type_findings(doc, meta, &["alter_column_type"], matches, message, message)
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(
            dialect,
            sql,
            serde_json::json!({"rules": {"prefer-identity": {"enabled": true}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("prefer-identity "))
        .collect()
    }

    const TAIL: &str = ": its sequence is a separate object with its own owner and grants, and a plain INSERT can still write any value; an identity column is part of the table";

    #[test]
    fn new_and_retyped_columns() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a serial, b BIGSERIAL, c smallserial, d serial8, e bigint GENERATED ALWAYS AS IDENTITY, f int);\n\
             ALTER TABLE orders ADD COLUMN seq serial2, ADD COLUMN big bigint;\n\
             ALTER TABLE orders ALTER COLUMN n TYPE serial4;\n\
             ALTER TABLE orders ALTER COLUMN m TYPE integer;\n",
        );
        let expected: Vec<String> = [
            "2 Column \"a\" is serial",
            "2 Column \"b\" is BIGSERIAL",
            "2 Column \"c\" is smallserial",
            "2 Column \"d\" is serial8",
            "3 Column \"seq\" is serial2",
            "4 Column \"n\" is serial4",
        ]
        .iter()
        .map(|f| format!("prefer-identity warning {f}{TAIL}"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn only_on_postgres() {
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE TABLE t (a serial);\nALTER TABLE t ADD COLUMN b bigserial;\n"
            )
            .is_empty()
        );
    }
}
