//! `prefer-bigint-over-int` (`policies/types/prefer_bigint_over_int.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

static INT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(int|integer|int4|serial|serial4)$").ok());

/// `matches(type_name)`.
fn matches(type_name: &str) -> bool {
    INT.as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

/// `message(column, type_name)`.
fn message(column: &str, type_name: &str) -> String {
    format!(
        "Column \"{column}\" is {type_name} (32 bits): it overflows at 2,147,483,647, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock"
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
            serde_json::json!({"rules": {"prefer-bigint-over-int": {"enabled": true}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("prefer-bigint-over-int "))
        .collect()
    }

    const TAIL: &str = " (32 bits): it overflows at 2,147,483,647, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock";

    #[test]
    fn new_and_retyped_columns() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a int, b INTEGER, c int4, d serial, e serial4, f bigint, g int8, h smallint);\n\
             ALTER TABLE orders ADD COLUMN qty integer, ADD COLUMN big bigint;\n\
             ALTER TABLE orders ALTER COLUMN n TYPE int;\n\
             ALTER TABLE orders ALTER COLUMN m TYPE bigint;\n",
        );
        let expected: Vec<String> = [
            "2 Column \"a\" is INT",
            "2 Column \"b\" is INTEGER",
            "2 Column \"c\" is INT4",
            "2 Column \"d\" is serial",
            "2 Column \"e\" is serial4",
            "3 Column \"qty\" is INTEGER",
            "4 Column \"n\" is INT",
        ]
        .iter()
        .map(|f| format!("prefer-bigint-over-int warning {f}{TAIL}"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn only_on_postgres() {
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b integer;\n"
            )
            .is_empty()
        );
    }
}
