//! `ban-char-field` (`policies/types/ban_char_field.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

static CHAR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(char|character|bpchar|nchar|national\s+char(acter)?)(\s*\(\s*[0-9]+\s*\))?$")
        .ok()
});

/// `matches(type_name)`.
fn matches(type_name: &str) -> bool {
    CHAR.as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

/// `message(column, type_name)`.
fn message(column: &str, type_name: &str) -> String {
    format!(
        "Column \"{column}\" is {type_name}: char(n) pads every value with spaces to its length, and comparisons, casts and concatenation keep or drop the padding inconsistently"
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
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-char-field "))
            .collect()
    }

    const TAIL: &str = ": char(n) pads every value with spaces to its length, and comparisons, casts and concatenation keep or drop the padding inconsistently";

    #[test]
    fn new_and_retyped_char_columns() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a char(3), b CHARACTER, c varchar(3), d text, e bpchar, f character varying(2));\n\
             ALTER TABLE orders ADD COLUMN code char(2), ADD COLUMN note text;\n\
             ALTER TABLE orders ALTER COLUMN region TYPE character(4);\n\
             ALTER TABLE orders ALTER COLUMN other TYPE text;\n",
        );
        let expected: Vec<String> = [
            "2 Column \"a\" is CHAR(3)",
            "2 Column \"b\" is CHARACTER",
            "2 Column \"e\" is bpchar",
            "3 Column \"code\" is CHAR(2)",
            "4 Column \"region\" is CHARACTER(4)",
        ]
        .iter()
        .map(|f| format!("ban-char-field warning {f}{TAIL}"))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn only_on_postgres() {
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE TABLE t (a char(3));\nALTER TABLE t ADD COLUMN b char(2);\n"
            )
            .is_empty()
        );
    }
}
