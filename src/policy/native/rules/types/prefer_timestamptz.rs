//! `prefer-timestamptz` (`policies/types/prefer_timestamptz.rego`, `warn`).

use std::sync::LazyLock;

use regex::Regex;

use super::common::{column_type_findings, folded};
use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

static WITHOUT_ZONE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^timestamp\s*(\(\s*[0-9]+\s*\))?(\s+without\s+time\s+zone)?$").ok()
});

/// `without_zone(type_name)`.
fn without_zone(type_name: &str) -> bool {
    WITHOUT_ZONE
        .as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    column_type_findings(
        doc,
        meta,
        &["alter_column_type"],
        without_zone,
        |column, _| {
            format!(
                "Column \"{column}\" is a timestamp without time zone: the same instant gets different values in different time zones"
            )
        },
        |column, _| {
            format!(
                "Column \"{column}\" becomes a timestamp without time zone: the same instant gets different values in different time zones"
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("prefer-timestamptz "))
            .collect()
    }

    #[test]
    fn new_and_retyped_columns_without_zone() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             CREATE TABLE t (a timestamp, b TIMESTAMP(3) WITHOUT TIME ZONE, c timestamptz, d timestamp with time zone, e timestamp ( 6 ));\n\
             ALTER TABLE orders ADD COLUMN shipped_at timestamp, ADD COLUMN paid_at timestamptz;\n\
             ALTER TABLE orders ALTER COLUMN created_at TYPE timestamp;\n\
             ALTER TABLE orders ALTER COLUMN updated_at TYPE timestamptz;\n",
        );
        assert_eq!(
            found,
            [
                "prefer-timestamptz warning 2 Column \"a\" is a timestamp without time zone: the same instant gets different values in different time zones",
                "prefer-timestamptz warning 2 Column \"b\" is a timestamp without time zone: the same instant gets different values in different time zones",
                "prefer-timestamptz warning 2 Column \"e\" is a timestamp without time zone: the same instant gets different values in different time zones",
                "prefer-timestamptz warning 3 Column \"shipped_at\" is a timestamp without time zone: the same instant gets different values in different time zones",
                "prefer-timestamptz warning 4 Column \"created_at\" becomes a timestamp without time zone: the same instant gets different values in different time zones",
            ]
        );
    }

    #[test]
    fn only_on_postgres() {
        assert!(
            findings(
                Dialect::Mysql,
                "CREATE TABLE t (a timestamp);\nALTER TABLE t ADD COLUMN b timestamp;\n"
            )
            .is_empty()
        );
    }
}
