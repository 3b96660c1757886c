//! `prefer-robust-stmts` (`policies/hygiene/prefer_robust_stmts.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words};
use crate::policy::native::value::{Value, get, is, is_true, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    let is_false = |v: &Value| matches!(v, Value::Bool(false));
    let mut found = Vec::new();
    // `outside(stmt)`
    for stmt in doc
        .forward()
        .iter()
        .filter(|s| is(get!(s, "transaction"), "none"))
    {
        let Some(kind) = text(get!(stmt, "kind")) else {
            continue;
        };
        match kind {
            "create_table" | "create_index" if is_false(get!(stmt, "if_not_exists")) => {
                let msg = format!(
                    "{} without IF NOT EXISTS outside a transaction: if the migration fails after it and runs again, it fails here",
                    kind_words(kind)
                );
                found.extend(finding(meta, stmt, msg));
            }
            "drop_table" | "drop_index" if is_false(get!(stmt, "if_exists")) => {
                let msg = format!(
                    "{} without IF EXISTS outside a transaction: if the migration fails after it and runs again, it fails here",
                    kind_words(kind)
                );
                found.extend(finding(meta, stmt, msg));
            }
            "alter_table" => {
                for op in items(get!(stmt, "ops")) {
                    let Some(name) = text(get!(op, "op")) else {
                        continue;
                    };
                    let guard = match name {
                        "add_column" => "IF NOT EXISTS",
                        "drop_column" | "drop_constraint" => "IF EXISTS",
                        _ => continue,
                    };
                    // `guarded(op)`
                    if is_true(get!(op, "if_not_exists")) || is_true(get!(op, "if_exists")) {
                        continue;
                    }
                    let msg = format!(
                        "ALTER TABLE … {} without {guard} outside a transaction: if the migration fails after it and runs again, it fails here",
                        kind_words(name)
                    );
                    found.extend(finding(meta, stmt, msg));
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    use super::super::common::same_findings_in;

    #[test]
    fn unguarded_statements_outside_a_transaction() {
        let sql = "--\n\
                   CREATE TABLE a (id int);\n\
                   CREATE TABLE IF NOT EXISTS b (id int);\n\
                   CREATE INDEX CONCURRENTLY i ON orders (id);\n\
                   CREATE INDEX CONCURRENTLY IF NOT EXISTS j ON orders (id);\n\
                   DROP INDEX CONCURRENTLY k;\n\
                   DROP INDEX CONCURRENTLY IF EXISTS l;\n\
                   DROP TABLE m;\n\
                   DROP TABLE IF EXISTS n;\n\
                   ALTER TABLE orders ADD COLUMN c int, ADD COLUMN IF NOT EXISTS d int, DROP COLUMN e, DROP COLUMN IF EXISTS f, DROP CONSTRAINT g, DROP CONSTRAINT IF EXISTS h, ALTER COLUMN x SET DEFAULT 1;\n";
        let on = serde_json::json!({"rules": {"prefer-robust-stmts": {"enabled": true}}});
        let found = |file, dialect, config: serde_json::Value| -> Vec<String> {
            same_findings_in(file, dialect, sql, config)
                .into_iter()
                .filter(|f| f.starts_with("prefer-robust-stmts"))
                .collect()
        };
        let tail =
            "outside a transaction: if the migration fails after it and runs again, it fails here";
        let autocommit = found("fail.sql", Dialect::Postgres, on.clone());
        assert_eq!(
            autocommit,
            [
                format!("prefer-robust-stmts warning 2 CREATE TABLE without IF NOT EXISTS {tail}"),
                format!("prefer-robust-stmts warning 4 CREATE INDEX without IF NOT EXISTS {tail}"),
                format!("prefer-robust-stmts warning 6 DROP INDEX without IF EXISTS {tail}"),
                format!("prefer-robust-stmts warning 8 DROP TABLE without IF EXISTS {tail}"),
                format!(
                    "prefer-robust-stmts warning 10 ALTER TABLE … ADD COLUMN without IF NOT EXISTS {tail}"
                ),
                format!(
                    "prefer-robust-stmts warning 10 ALTER TABLE … DROP COLUMN without IF EXISTS {tail}"
                ),
                format!(
                    "prefer-robust-stmts warning 10 ALTER TABLE … DROP CONSTRAINT without IF EXISTS {tail}"
                ),
            ]
        );
        // in a transaction, on another dialect, or off: nothing
        assert!(found("V1__m.sql", Dialect::Postgres, on.clone()).is_empty());
        assert!(found("fail.sql", Dialect::Generic, on).is_empty());
        assert!(found("fail.sql", Dialect::Postgres, serde_json::json!({})).is_empty());
    }
}
