//! `prefer-text-field` (`policies/types/prefer_text_field.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

static VARCHAR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(varchar|character\s+varying)\s*\(\s*[0-9]+\s*\)$").ok());

/// `matches(type_name)`.
fn matches(type_name: &str) -> bool {
    VARCHAR
        .as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

/// `message(column, type_name)`.
fn message(column: &str, type_name: &str) -> String {
    format!(
        "Column \"{column}\" is {type_name}: raising the limit later takes an ACCESS EXCLUSIVE lock on the table; text with a CHECK constraint can be changed with NOT VALID and VALIDATE instead"
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
            serde_json::json!({"rules": {"prefer-text-field": {"enabled": true}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("prefer-text-field "))
        .collect()
    }

    const TAIL: &str = ": raising the limit later takes an ACCESS EXCLUSIVE lock on the table; text with a CHECK constraint can be changed with NOT VALID and VALIDATE instead";

    #[test]
    fn new_and_retyped_columns() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a varchar(20), b CHARACTER VARYING(10), c varchar, d text, e char(3));\n\
             ALTER TABLE orders ADD COLUMN code varchar(2), ADD COLUMN note text;\n\
             ALTER TABLE orders ALTER COLUMN n TYPE varchar(40);\n\
             ALTER TABLE orders ALTER COLUMN m TYPE text;\n",
        );
        let expected: Vec<String> = [
            "2 Column \"a\" is VARCHAR(20)",
            "2 Column \"b\" is CHARACTER VARYING(10)",
            "3 Column \"code\" is VARCHAR(2)",
            "4 Column \"n\" is VARCHAR(40)",
        ]
        .iter()
        .map(|f| format!("prefer-text-field warning {f}{TAIL}"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn only_on_postgres() {
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE TABLE t (a varchar(20));\nALTER TABLE t ADD COLUMN b varchar(3);\n"
            )
            .is_empty()
        );
    }
}
