//! `foreign-key-without-index` (`policies/locking/foreign_key_without_index.rego`, `proposal_warn`).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding_with_help, is_new_table, name_of};
use crate::policy::native::value::{Value, get, is, is_object, is_true, items, text};
use crate::policy::native::{Doc, Meta};

/// `table_key(t)`.
fn table_key(t: &Value) -> Option<String> {
    text(get!(t, "name")).map(str::to_lowercase)
}

/// `names(columns)`: the lower-case names, when every column is one.
fn names<'v>(columns: impl IntoIterator<Item = &'v Value>) -> Option<Vec<String>> {
    let out: Option<Vec<String>> = columns
        .into_iter()
        .map(|c| text(c).map(str::to_lowercase))
        .collect();
    out.filter(|n| !n.is_empty())
}

/// `names(value)` of a value that must be an array.
fn names_of_array(columns: &Value) -> Option<Vec<String>> {
    match columns {
        Value::Array(a) => names(a.iter()),
        _ => None,
    }
}

/// `items(stmt, field)` for `constraints` and `columns`: the array, or none.
fn field_items(value: &Value) -> &[Value] {
    items(value)
}

/// `true in {a, b}`: both defined, one of them `true`.
fn either_true(a: &Value, b: &Value) -> bool {
    *a != Value::Undefined && *b != Value::Undefined && (is_true(a) || is_true(b))
}

fn is_index_type(t: &Value) -> bool {
    matches!(text(t), Some("primary_key" | "unique" | "index"))
}

pub(super) fn proposal_warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !matches!(doc.dialect(), "postgres" | "sqlserver" | "oracle") {
        return Vec::new();
    }
    // foreign_keys: (statement, table, columns)
    let mut foreign_keys: Vec<(&Value, String, Vec<String>)> = Vec::new();
    // indexes: (table, columns)
    let mut indexes: Vec<(String, Vec<String>)> = Vec::new();
    for stmt in doc.forward() {
        let kind = get!(stmt, "kind");
        if is(kind, "create_table") {
            let object = get!(stmt, "object");
            if !is_object(object) {
                continue;
            }
            let Some(table) = table_key(object) else {
                continue;
            };
            for k in field_items(get!(stmt, "constraints")) {
                if !is_object(k) {
                    continue;
                }
                let t = get!(k, "type");
                if is(t, "foreign_key") {
                    if let Some(columns) = names_of_array(get!(k, "columns")) {
                        foreign_keys.push((stmt, table.clone(), columns));
                    }
                } else if is_index_type(t)
                    && let Some(columns) = names_of_array(get!(k, "columns"))
                {
                    indexes.push((table.clone(), columns));
                }
            }
            for col in field_items(get!(stmt, "columns")) {
                if !is_object(col) {
                    continue;
                }
                let Some(columns) = names([get!(col, "name")]) else {
                    continue;
                };
                if is_object(get!(col, "references")) {
                    foreign_keys.push((stmt, table.clone(), columns.clone()));
                }
                if either_true(get!(col, "primary_key"), get!(col, "unique")) {
                    indexes.push((table.clone(), columns));
                }
            }
        } else if is(kind, "create_index") {
            let table = get!(stmt, "table");
            if is_object(table)
                && let Some(table) = table_key(table)
                && let Some(columns) = names_of_array(get!(stmt, "columns"))
            {
                indexes.push((table, columns));
            }
        }
    }
    for (stmt, op) in doc.alter_ops() {
        let Some(table) = table_key(get!(stmt, "table")) else {
            continue;
        };
        let new = is_new_table(stmt);
        let what = get!(op, "op");
        if is(what, "add_constraint") {
            let constraint = get!(op, "constraint");
            if !is_object(constraint) {
                continue;
            }
            let t = get!(constraint, "type");
            if is(t, "foreign_key") {
                if new && let Some(columns) = names_of_array(get!(constraint, "columns")) {
                    foreign_keys.push((stmt, table, columns));
                }
            } else if is_index_type(t)
                && let Some(columns) = names_of_array(get!(constraint, "columns"))
            {
                indexes.push((table, columns));
            }
        } else if is(what, "add_column") {
            let column = get!(op, "column");
            if !is_object(column) {
                continue;
            }
            let Some(columns) = names([get!(column, "name")]) else {
                continue;
            };
            if new && is_object(get!(column, "references")) {
                foreign_keys.push((stmt, table.clone(), columns.clone()));
            }
            if either_true(get!(column, "primary_key"), get!(column, "unique")) {
                indexes.push((table, columns));
            }
        }
    }
    if foreign_keys.is_empty() {
        return Vec::new();
    }
    // leading_columns
    let mut leading: HashMap<&str, HashSet<BTreeSet<&str>>> = HashMap::new();
    for (table, cols) in &indexes {
        let sets = leading.entry(table.as_str()).or_default();
        let mut set = BTreeSet::new();
        for col in cols {
            set.insert(col.as_str());
            sets.insert(set.clone());
        }
    }
    let mut out = Vec::new();
    for (stmt, table, columns) in &foreign_keys {
        let set: BTreeSet<&str> = columns.iter().map(String::as_str).collect();
        if leading
            .get(table.as_str())
            .is_some_and(|sets| sets.contains(&set))
        {
            continue;
        }
        let listed = columns.join(", ");
        let msg = format!(
            "Foreign key ({listed}) of \"{table}\" has no index on its columns: every DELETE or key update of the referenced table scans \"{table}\" to check it"
        );
        let help = help(doc, meta, stmt, columns);
        out.extend(finding_with_help(meta, stmt, msg, help));
    }
    out
}

/// `help(index, columns)`.
fn help(doc: &Doc<'_>, meta: &Meta, stmt: &Value, columns: &[String]) -> String {
    let t = if is(get!(stmt, "kind"), "create_table") {
        get!(stmt, "object")
    } else {
        get!(stmt, "table")
    };
    let (Some(name), Some(label)) = (text(get!(t, "name")), name_of(t)) else {
        return meta.help.clone().unwrap_or_default();
    };
    let note = if doc.is_postgres() {
        " (on an existing table, `CREATE INDEX CONCURRENTLY`)."
    } else {
        "."
    };
    format!(
        "Index the referencing columns, in the same migration as the table: `CREATE INDEX {}_{}_idx ON {label} ({});`{note}",
        name.to_lowercase(),
        columns.join("_"),
        columns.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::super::helps::same_helps;
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn run(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("foreign-key-without-index"))
            .collect()
    }

    #[test]
    fn unindexed_foreign_keys_of_new_tables() {
        assert_eq!(
            run(
                Dialect::Postgres,
                "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), sku text,\n\
                 n int, FOREIGN KEY (sku, N) REFERENCES skus (a, b));\n"
            ),
            [
                "foreign-key-without-index warning 1 Foreign key (order_id) of \"lines\" has no index on its columns: every DELETE or key update of the referenced table scans \"lines\" to check it",
                "foreign-key-without-index warning 1 Foreign key (sku, n) of \"lines\" has no index on its columns: every DELETE or key update of the referenced table scans \"lines\" to check it",
            ]
        );
    }

    #[test]
    fn indexes_that_cover_and_that_do_not() {
        assert!(
            run(
                Dialect::Postgres,
                "CREATE TABLE Lines (id bigint, order_id bigint REFERENCES orders (id), sku text UNIQUE REFERENCES skus (id),\n\
                 a int, b int, FOREIGN KEY (b, a) REFERENCES x (a, b), PRIMARY KEY (a, b, id));\n\
                 CREATE INDEX i ON lines (ORDER_ID, created_at);\n"
            )
            .is_empty()
        );
        assert_eq!(
            run(
                Dialect::Postgres,
                "CREATE TABLE lines (id bigint, order_id bigint REFERENCES orders (id));\n\
                 CREATE INDEX i ON lines (created_at, order_id);\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn alter_table_on_new_and_existing_tables() {
        assert_eq!(
            run(
                Dialect::Postgres,
                "CREATE TABLE s.lines (id bigint);\n\
                 ALTER TABLE s.lines ADD COLUMN order_id bigint REFERENCES orders (id);\n\
                 ALTER TABLE s.lines ADD COLUMN c bigint UNIQUE REFERENCES orders (id);\n\
                 ALTER TABLE s.lines ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES orders (id);\n\
                 ALTER TABLE s.lines ADD CONSTRAINT u UNIQUE (id);\n\
                 ALTER TABLE old ADD COLUMN order_id bigint REFERENCES orders (id);\n"
            ),
            [
                "foreign-key-without-index warning 2 Foreign key (order_id) of \"lines\" has no index on its columns: every DELETE or key update of the referenced table scans \"lines\" to check it"
            ]
        );
    }

    #[test]
    fn helps() {
        let sql = "CREATE TABLE S.Lines (id bigint, Order_ID bigint REFERENCES orders (id));\n\
                   CREATE TABLE x (id bigint);\n\
                   ALTER TABLE x ADD COLUMN a bigint REFERENCES orders (id);\n";
        assert_eq!(
            same_helps(
                Dialect::Postgres,
                sql,
                serde_json::json!({}),
                "foreign-key-without-index"
            ),
            [
                "foreign-key-without-index 1 Index the referencing columns, in the same migration as the table: `CREATE INDEX lines_order_id_idx ON S.Lines (order_id);` (on an existing table, `CREATE INDEX CONCURRENTLY`).",
                "foreign-key-without-index 3 Index the referencing columns, in the same migration as the table: `CREATE INDEX x_a_idx ON x (a);` (on an existing table, `CREATE INDEX CONCURRENTLY`).",
            ]
        );
        assert_eq!(
            same_helps(
                Dialect::Sqlserver,
                sql,
                serde_json::json!({}),
                "foreign-key-without-index"
            )
            .len(),
            2
        );
    }

    #[test]
    fn dialects() {
        let sql = "CREATE TABLE lines (id bigint, order_id bigint REFERENCES orders (id));\n";
        assert!(run(Dialect::Mysql, sql).is_empty());
        assert_eq!(run(Dialect::Sqlserver, sql).len(), 1);
        assert_eq!(run(Dialect::Oracle, sql).len(), 1);
    }
}
