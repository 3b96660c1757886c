//! `ban-on-delete-cascade` (`policies/integrity/ban_on_delete_cascade.rego`, `warn`).

use std::sync::LazyLock;

use super::common::or_default;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::members;
use crate::policy::native::value::{Value, get, is, is_array, is_object, items, text};
use crate::policy::native::{Doc, Meta};

static EMPTY: LazyLock<Value> = LazyLock::new(Value::empty_array);

/// `cascades`: `(stmt, table, columns, parent)` of every cascading foreign
/// key; `columns` is the list the message joins (its strings).
fn cascades<'a>(doc: &Doc<'a>) -> Vec<(&'a Value, &'a Value, Vec<&'a Value>, &'a Value)> {
    let mut out = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "create_table") {
            continue;
        }
        let table = get!(stmt, "object");
        let constraints = get!(stmt, "constraints");
        if is_array(constraints) {
            for k in items(constraints).iter().filter(|k| is_object(k)) {
                if is(get!(k, "on_delete"), "cascade") {
                    let columns = or_default(get!(k, "columns"), &EMPTY);
                    out.push((
                        *stmt,
                        table,
                        members(columns).collect(),
                        get!(k, "references"),
                    ));
                }
            }
        }
        let columns = get!(stmt, "columns");
        if is_array(columns) {
            for col in items(columns).iter().filter(|c| is_object(c)) {
                if is(get!(col, "on_delete"), "cascade") {
                    out.push((
                        *stmt,
                        table,
                        vec![get!(col, "name")],
                        get!(col, "references"),
                    ));
                }
            }
        }
    }
    for (stmt, op) in doc.alter_ops() {
        let table = get!(stmt, "table");
        if is(get!(op, "op"), "add_constraint") {
            let k = get!(op, "constraint");
            if is(get!(k, "on_delete"), "cascade") {
                let columns = or_default(get!(k, "columns"), &EMPTY);
                out.push((
                    stmt,
                    table,
                    members(columns).collect(),
                    get!(k, "references"),
                ));
            }
        } else if is(get!(op, "op"), "add_column") {
            let col = get!(op, "column");
            if is(get!(col, "on_delete"), "cascade") {
                out.push((
                    stmt,
                    table,
                    vec![get!(col, "name")],
                    get!(col, "references"),
                ));
            }
        }
    }
    out
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    cascades(doc)
        .into_iter()
        .filter(|(_, table, columns, parent)| {
            // a head `[col.name]` with no name is undefined: no tuple
            columns.iter().all(|c| **c != Value::Undefined)
                && is_object(table)
                && text(get!(table, "name")).is_some()
                && is_object(parent)
                && text(get!(parent, "name")).is_some()
        })
        .filter_map(|(stmt, table, columns, parent)| {
            let table = name_of(table)?;
            let parent = name_of(parent)?;
            let columns: Vec<&str> = columns.iter().filter_map(|c| text(c)).collect();
            let msg = format!(
                "Foreign key ({}) of \"{table}\" is ON DELETE CASCADE: deleting a \"{parent}\" row silently deletes the \"{table}\" rows that reference it",
                columns.join(", ")
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn run(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(
            dialect,
            sql,
            serde_json::json!({"rules": {"ban-on-delete-cascade": {"enabled": true}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-on-delete-cascade "))
        .collect()
    }

    #[test]
    fn create_table_constraints_and_columns_alter_table_and_other_actions() {
        let found = run(
            Dialect::Postgres,
            "CREATE TABLE orders (id bigint PRIMARY KEY);\n\
             CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id) ON DELETE CASCADE);\n\
             CREATE TABLE ships (a bigint, b bigint, CONSTRAINT f FOREIGN KEY (a, b) REFERENCES sales.orders (x, y) ON DELETE CASCADE);\n\
             ALTER TABLE notes ADD CONSTRAINT n_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;\n\
             ALTER TABLE app.notes ADD COLUMN customer_id bigint REFERENCES sales.customers (id) ON DELETE CASCADE;\n\
             CREATE TABLE ok1 (id bigint REFERENCES orders (id) ON DELETE RESTRICT);\n\
             CREATE TABLE ok2 (id bigint REFERENCES orders (id) ON DELETE SET NULL, CONSTRAINT g FOREIGN KEY (id) REFERENCES orders (id));\n",
        );
        assert_eq!(
            found,
            [
                "ban-on-delete-cascade warning 2 Foreign key (order_id) of \"lines\" is ON DELETE CASCADE: deleting a \"orders\" row silently deletes the \"lines\" rows that reference it",
                "ban-on-delete-cascade warning 3 Foreign key (a, b) of \"ships\" is ON DELETE CASCADE: deleting a \"sales.orders\" row silently deletes the \"ships\" rows that reference it",
                "ban-on-delete-cascade warning 4 Foreign key (order_id) of \"notes\" is ON DELETE CASCADE: deleting a \"orders\" row silently deletes the \"notes\" rows that reference it",
                "ban-on-delete-cascade warning 5 Foreign key (customer_id) of \"app.notes\" is ON DELETE CASCADE: deleting a \"sales.customers\" row silently deletes the \"app.notes\" rows that reference it",
            ]
        );
    }

    #[test]
    fn off_by_default() {
        let found = same_findings(
            Dialect::Postgres,
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id) ON DELETE CASCADE);\n",
            serde_json::json!({}),
        );
        assert!(!found.iter().any(|f| f.starts_with("ban-on-delete-cascade")));
    }
}
