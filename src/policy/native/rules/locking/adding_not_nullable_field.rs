//! `adding-not-nullable-field` (`policies/locking/adding_not_nullable_field.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding_with_help, is_new_table, name_of, table_label};
use crate::policy::native::value::{Value, get, is, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    let pg12 = doc.pg_version_at_least(12.0);
    doc.alter_ops()
        .filter(|(stmt, op)| {
            is(get!(op, "op"), "set_not_null")
                && !is_new_table(stmt)
                && !(pg12 && text(get!(op, "proven_by")).is_some())
        })
        .filter_map(|(stmt, op)| {
            let table = table_label(stmt)?;
            let column = get!(op, "column");
            if *column == Value::Undefined {
                return None;
            }
            let column = show(column);
            let msg = format!(
                "Setting column \"{column}\" of table {table} NOT NULL scans all of {table} under an ACCESS EXCLUSIVE lock: reads and writes wait for the scan"
            );
            finding_with_help(meta, stmt, msg, help(meta, stmt, &column, pg12))
        })
        .collect()
}

/// `help(stmt, op)`.
fn help(meta: &Meta, stmt: &Value, column: &str, pg12: bool) -> String {
    let table = get!(stmt, "table");
    let Some(t) = name_of(table) else {
        return meta.help.clone().unwrap_or_default();
    };
    let c = format!("{}_{column}_not_null", show(get!(table, "name")));
    if pg12 {
        format!(
            "Prove the column non-null without blocking first: `ALTER TABLE {t} ADD CONSTRAINT {c} CHECK ({column} IS NOT NULL) NOT VALID;`, then in a separate transaction `ALTER TABLE {t} VALIDATE CONSTRAINT {c};` (reads and writes continue), then `ALTER TABLE {t} ALTER COLUMN {column} SET NOT NULL;` (PostgreSQL 12+ uses the constraint and skips the scan) and `ALTER TABLE {t} DROP CONSTRAINT {c};`."
        )
    } else {
        format!(
            "Before PostgreSQL 12, SET NOT NULL always scans: keep a validated CHECK constraint instead: `ALTER TABLE {t} ADD CONSTRAINT {c} CHECK ({column} IS NOT NULL) NOT VALID;` then `ALTER TABLE {t} VALIDATE CONSTRAINT {c};`."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::helps::same_report;
    use crate::dialect::Dialect;

    fn run(dialect: Dialect, sql: &str) -> Vec<String> {
        same_report(
            dialect,
            sql,
            serde_json::json!({}),
            None,
            "adding-not-nullable-field",
        )
    }

    #[test]
    fn set_not_null_on_existing_tables() {
        let sql = "ALTER TABLE s.orders ALTER COLUMN status SET NOT NULL;\n\
                   CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\n";
        assert_eq!(
            run(Dialect::Postgres, sql),
            [
                "adding-not-nullable-field warning 1 Setting column \"status\" of table \"s.orders\" NOT NULL scans all of \"s.orders\" under an ACCESS EXCLUSIVE lock: reads and writes wait for the scan | Prove the column non-null without blocking first: `ALTER TABLE s.orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;`, then in a separate transaction `ALTER TABLE s.orders VALIDATE CONSTRAINT orders_status_not_null;` (reads and writes continue), then `ALTER TABLE s.orders ALTER COLUMN status SET NOT NULL;` (PostgreSQL 12+ uses the constraint and skips the scan) and `ALTER TABLE s.orders DROP CONSTRAINT orders_status_not_null;`."
            ]
        );
        assert!(run(Dialect::Mysql, sql).is_empty());
    }
}
