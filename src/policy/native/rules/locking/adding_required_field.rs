//! `adding-required-field` (`policies/locking/adding_required_field.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{
    finding_with_help, is_new_table, is_serial, name_of, table_label,
};
use crate::policy::native::value::{Value, get, holds, is, is_true, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.alter_ops()
        .filter(|(stmt, op)| {
            let col = get!(op, "column");
            is(get!(op, "op"), "add_column")
                && is_true(get!(col, "not_null"))
                && !holds(get!(col, "has_default"))
                && matches!(get!(col, "generated"), Value::Null | Value::Undefined)
                && !is_serial(get!(col, "type"))
                && !is_new_table(stmt)
        })
        .filter_map(|(stmt, op)| {
            let col = get!(op, "column");
            let name = get!(col, "name");
            if *name == Value::Undefined {
                return None;
            }
            let name = show(name);
            let label = table_label(stmt)?;
            let msg = if doc.is_mysql() {
                format!(
                    "Adding column \"{name}\" to table {label} as NOT NULL without a default: MySQL fills the existing rows with the type's implicit default instead of failing, silently inventing data, and inserts that omit the column fail"
                )
            } else {
                format!(
                    "Adding column \"{name}\" to table {label} as NOT NULL without a default fails if the table has any rows, and breaks inserts from application versions that do not set it"
                )
            };
            finding_with_help(meta, stmt, msg, help(doc, stmt, col, &name))
        })
        .collect()
}

/// `help(stmt, col)`.
fn help(doc: &Doc<'_>, stmt: &Value, col: &Value, name: &str) -> String {
    let t = name_of(get!(stmt, "table"));
    let col_type = get!(col, "type");
    if let Some(t) = &t
        && *col_type != Value::Undefined
    {
        let col_type = show(col_type);
        if doc.is_postgres() {
            return format!(
                "Give the column a default (`ALTER TABLE {t} ADD COLUMN {name} {col_type} NOT NULL DEFAULT …;` is instant on PostgreSQL 11+ with a constant default), or add it nullable, backfill it in batches, and then set NOT NULL (see adding-not-nullable-field)."
            );
        }
        let instant = match doc.dialect() {
            "mysql" => Some("instant on MySQL 8.0.12+"),
            "mariadb" => Some("instant on MariaDB 10.3+"),
            _ => None,
        };
        if let Some(instant) = instant {
            return format!(
                "Give the column an explicit default (`ALTER TABLE {t} ADD COLUMN {name} {col_type} NOT NULL DEFAULT …;`, {instant}), or add it nullable, backfill it in batches, and then `ALTER TABLE {t} MODIFY {name} {col_type} NOT NULL;`."
            );
        }
    }
    format!(
        "Give column \"{name}\" a default in the same statement, or add it nullable, backfill it in batches, and then make it NOT NULL."
    )
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
            "adding-required-field",
        )
    }

    #[test]
    fn required_columns_by_dialect() {
        let sql = "ALTER TABLE s.orders ADD COLUMN status text NOT NULL;\n\
                   ALTER TABLE orders ADD COLUMN a text NOT NULL DEFAULT 'x';\n\
                   ALTER TABLE orders ADD COLUMN b bigserial NOT NULL;\n\
                   CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int NOT NULL;\n";
        let pg = run(Dialect::Postgres, sql);
        assert_eq!(pg.len(), 1, "{pg:?}");
        assert!(pg[0].starts_with("adding-required-field error 1 Adding column \"status\" to table \"s.orders\" as NOT NULL without a default fails"), "{pg:?}");
        let my = run(Dialect::Mysql, sql);
        assert_eq!(my.len(), 1, "{my:?}");
        assert!(my[0].contains("MySQL fills the existing rows"), "{my:?}");
        assert!(my[0].contains("instant on MySQL 8.0.12+"), "{my:?}");
        let maria = run(Dialect::Mariadb, sql);
        assert!(maria[0].contains("instant on MariaDB 10.3+"), "{maria:?}");
        let other = run(Dialect::Sqlite, sql);
        assert!(
            other
                .iter()
                .all(|f| f.contains("Give column \"status\" a default")),
            "{other:?}"
        );
    }
}
