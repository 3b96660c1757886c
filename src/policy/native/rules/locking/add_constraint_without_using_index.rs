//! `add-constraint-without-using-index` (`policies/locking/add_constraint_without_using_index.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, finding_with_help, is_new_table, name_of, table_label};
use crate::policy::native::value::{Value, get, is, is_object, is_true, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (stmt, op) in doc.alter_ops() {
        let what = get!(op, "op");
        if is(what, "add_constraint") {
            let c = get!(op, "constraint");
            let kind = match text(get!(c, "type")) {
                Some("primary_key") => "PRIMARY KEY",
                Some("unique") => "UNIQUE",
                _ => continue,
            };
            // object.get(c, "using_index", null) == null
            if !is_object(c)
                || !matches!(get!(c, "using_index"), Value::Null | Value::Undefined)
                || is_new_table(stmt)
            {
                continue;
            }
            let Some(table) = table_label(stmt) else {
                continue;
            };
            let label = text(get!(c, "name"))
                .map(|n| format!(" \"{n}\""))
                .unwrap_or_default();
            let msg = format!(
                "Adding {kind} constraint{label} on existing table {table} builds its index under an ACCESS EXCLUSIVE lock: reads and writes of {table} wait for the whole build"
            );
            out.extend(finding(meta, stmt, msg));
        } else if is(what, "add_column") {
            let col = get!(op, "column");
            let kind = if is_true(get!(col, "primary_key")) {
                "PRIMARY KEY"
            } else if is_true(get!(col, "unique")) {
                "UNIQUE"
            } else {
                continue;
            };
            if is_new_table(stmt) {
                continue;
            }
            let Some(table) = table_label(stmt) else {
                continue;
            };
            let name = get!(col, "name");
            if *name == Value::Undefined {
                continue;
            }
            let Some(help) = column_help(stmt, col, kind) else {
                continue;
            };
            let msg = format!(
                "Adding column \"{}\" with {kind} to existing table {table} builds its index under an ACCESS EXCLUSIVE lock: reads and writes of {table} wait for the whole build",
                show(name)
            );
            out.extend(finding_with_help(meta, stmt, msg, help));
        }
    }
    out
}

/// `column_help(stmt, col, kind)`.
fn column_help(stmt: &Value, col: &Value, kind: &str) -> Option<String> {
    let table = get!(stmt, "table");
    let name = name_of(table)?;
    let table_name = get!(table, "name");
    let col_name = get!(col, "name");
    let col_type = get!(col, "type");
    if *table_name == Value::Undefined
        || *col_name == Value::Undefined
        || *col_type == Value::Undefined
    {
        return None;
    }
    let suffix = if kind == "PRIMARY KEY" { "pkey" } else { "key" };
    let col_name = show(col_name);
    let key = format!("{}_{col_name}_{suffix}", show(table_name));
    Some(format!(
        "Add the column without {kind}, build the index concurrently, then attach it: `ALTER TABLE {name} ADD COLUMN {col_name} {};` then `CREATE UNIQUE INDEX CONCURRENTLY {key} ON {name} ({col_name});` then `ALTER TABLE {name} ADD CONSTRAINT {key} {kind} USING INDEX {key};`, which is instant.",
        show(col_type)
    ))
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
            "add-constraint-without-using-index",
        )
    }

    #[test]
    fn constraints_and_columns_with_an_index() {
        let found = run(
            Dialect::Postgres,
            "ALTER TABLE orders ADD CONSTRAINT k UNIQUE (number);\n\
             ALTER TABLE s.orders ADD PRIMARY KEY (id);\n\
             ALTER TABLE orders ADD CONSTRAINT k2 UNIQUE USING INDEX k2;\n\
             ALTER TABLE s.orders ADD COLUMN code text UNIQUE;\n\
             ALTER TABLE orders ADD COLUMN id2 bigint PRIMARY KEY;\n\
             ALTER TABLE orders ADD COLUMN plain int;\n\
             CREATE TABLE t (id int);\nALTER TABLE t ADD CONSTRAINT u UNIQUE (id);\n",
        );
        assert_eq!(
            found,
            [
                "add-constraint-without-using-index warning 1 Adding UNIQUE constraint \"k\" on existing table \"orders\" builds its index under an ACCESS EXCLUSIVE lock: reads and writes of \"orders\" wait for the whole build | Build the unique index concurrently first, then attach it: `CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);` then `ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;` (or `PRIMARY KEY USING INDEX …`), which is instant.",
                "add-constraint-without-using-index warning 2 Adding PRIMARY KEY constraint on existing table \"s.orders\" builds its index under an ACCESS EXCLUSIVE lock: reads and writes of \"s.orders\" wait for the whole build | Build the unique index concurrently first, then attach it: `CREATE UNIQUE INDEX CONCURRENTLY orders_number_key ON orders (number);` then `ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_key;` (or `PRIMARY KEY USING INDEX …`), which is instant.",
                "add-constraint-without-using-index warning 4 Adding column \"code\" with UNIQUE to existing table \"s.orders\" builds its index under an ACCESS EXCLUSIVE lock: reads and writes of \"s.orders\" wait for the whole build | Add the column without UNIQUE, build the index concurrently, then attach it: `ALTER TABLE s.orders ADD COLUMN code TEXT;` then `CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON s.orders (code);` then `ALTER TABLE s.orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;`, which is instant.",
                "add-constraint-without-using-index warning 5 Adding column \"id2\" with PRIMARY KEY to existing table \"orders\" builds its index under an ACCESS EXCLUSIVE lock: reads and writes of \"orders\" wait for the whole build | Add the column without PRIMARY KEY, build the index concurrently, then attach it: `ALTER TABLE orders ADD COLUMN id2 BIGINT;` then `CREATE UNIQUE INDEX CONCURRENTLY orders_id2_pkey ON orders (id2);` then `ALTER TABLE orders ADD CONSTRAINT orders_id2_pkey PRIMARY KEY USING INDEX orders_id2_pkey;`, which is instant.",
            ]
        );
        assert!(run(Dialect::Mysql, "ALTER TABLE orders ADD UNIQUE (number);\n").is_empty());
    }
}
