//! `prefer-bigint-over-smallint` (`policies/types/prefer_bigint_over_smallint.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

static SMALLINT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(smallint|int2|smallserial|serial2)$").ok());

/// `matches(type_name)`.
fn matches(type_name: &str) -> bool {
    SMALLINT
        .as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

/// `message(column, type_name)`.
fn message(column: &str, type_name: &str) -> String {
    format!(
        "Column \"{column}\" is {type_name} (16 bits): it overflows at 32,767, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock"
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
            serde_json::json!({"rules": {"prefer-bigint-over-smallint": {"enabled": true}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("prefer-bigint-over-smallint "))
        .collect()
    }

    const TAIL: &str = " (16 bits): it overflows at 32,767, and widening it later rewrites the table under an ACCESS EXCLUSIVE lock";

    #[test]
    fn new_and_retyped_columns() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a smallint, b INT2, c smallserial, d serial2, e int, f bigint);\n\
             ALTER TABLE orders ADD COLUMN qty smallint, ADD COLUMN big bigint;\n\
             ALTER TABLE orders ALTER COLUMN n TYPE smallint;\n\
             ALTER TABLE orders ALTER COLUMN m TYPE integer;\n",
        );
        let expected: Vec<String> = [
            "2 Column \"a\" is SMALLINT",
            "2 Column \"b\" is INT2",
            "2 Column \"c\" is smallserial",
            "2 Column \"d\" is serial2",
            "3 Column \"qty\" is SMALLINT",
            "4 Column \"n\" is SMALLINT",
        ]
        .iter()
        .map(|f| format!("prefer-bigint-over-smallint warning {f}{TAIL}"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn only_on_postgres() {
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE TABLE t (a smallint);\nALTER TABLE t ADD COLUMN b smallint;\n"
            )
            .is_empty()
        );
    }
}
