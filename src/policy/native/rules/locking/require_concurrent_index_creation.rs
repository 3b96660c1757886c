//! `require-concurrent-index-creation` (`policies/locking/require_concurrent_index_creation.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding_with_help, is_new_table, name_of, table_label};
use crate::policy::native::value::{Value, get, holds, is, is_array, is_true, items, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "create_index")
                && is_true(get!(stmt, "analyzed"))
                && !holds(get!(stmt, "concurrently"))
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let table = table_label(stmt)?;
            let msg = format!(
                "Creating {} on existing table {table} without CONCURRENTLY blocks writes to {table} for the whole build",
                index_label(stmt)
            );
            finding_with_help(meta, stmt, msg, help(meta, stmt))
        })
        .collect()
}

/// `index_label(stmt)`.
fn index_label(stmt: &Value) -> String {
    let name = get!(stmt, "object", "name");
    if holds(name) {
        format!("index \"{}\"", show(name))
    } else {
        "an index".to_string()
    }
}

/// `help(stmt)`.
fn help(meta: &Meta, stmt: &Value) -> String {
    let columns = get!(stmt, "columns");
    let table = get!(stmt, "table");
    if !is_array(columns) || text(get!(table, "name")).is_none() {
        return meta.help.clone().unwrap_or_default();
    }
    let Some(table_name) = name_of(table) else {
        return meta.help.clone().unwrap_or_default();
    };
    let object = get!(stmt, "object");
    let index_name = text(get!(object, "name"));
    let unique = if is_true(get!(stmt, "unique")) {
        "UNIQUE "
    } else {
        ""
    };
    let if_not_exists = if is_true(get!(stmt, "if_not_exists")) && index_name.is_some() {
        "IF NOT EXISTS "
    } else {
        ""
    };
    let name_words = index_name.map(|n| format!("{n} ")).unwrap_or_default();
    let using = text(get!(stmt, "using"))
        .map(|u| format!(" USING {u}"))
        .unwrap_or_default();
    let cols: Vec<&str> = items(columns).iter().filter_map(text).collect();
    let where_words = text(get!(stmt, "predicate"))
        .map(|p| format!(" WHERE {p}"))
        .unwrap_or_default();
    let sql = format!(
        "CREATE {unique}INDEX CONCURRENTLY {if_not_exists}{name_words}ON {table_name}{using} ({}){where_words};",
        cols.join(", ")
    );
    let drop = match (index_name, name_of(object)) {
        (Some(_), Some(name)) => format!("`DROP INDEX CONCURRENTLY {name};`"),
        _ => "drop it with `DROP INDEX CONCURRENTLY`".to_string(),
    };
    format!(
        "Build the index with `{sql}` outside a transaction (see ban-concurrently-in-transaction). It takes longer and does not block writes. If it fails it leaves an INVALID index: {drop} and run it again."
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
            "require-concurrent-index-creation",
        )
    }

    #[test]
    fn blocking_builds_on_existing_tables() {
        assert_eq!(
            run(
                Dialect::Postgres,
                "CREATE UNIQUE INDEX IF NOT EXISTS i ON s.orders USING btree (a, lower(b), c) WHERE d > 0;\n\
                 CREATE INDEX ON orders (a);\n\
                 CREATE INDEX CONCURRENTLY j ON orders (a);\n\
                 CREATE TABLE t (id int);\nCREATE INDEX k ON t (id);\n"
            ),
            [
                "require-concurrent-index-creation error 1 Creating index \"i\" on existing table \"s.orders\" without CONCURRENTLY blocks writes to \"s.orders\" for the whole build | Build the index with `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.orders USING btree (a, lower(b), c) WHERE d > 0;` outside a transaction (see ban-concurrently-in-transaction). It takes longer and does not block writes. If it fails it leaves an INVALID index: `DROP INDEX CONCURRENTLY s.i;` and run it again.",
                "require-concurrent-index-creation error 2 Creating an index on existing table \"orders\" without CONCURRENTLY blocks writes to \"orders\" for the whole build | Build the index with `CREATE INDEX CONCURRENTLY ON orders (a);` outside a transaction (see ban-concurrently-in-transaction). It takes longer and does not block writes. If it fails it leaves an INVALID index: drop it with `DROP INDEX CONCURRENTLY` and run it again.",
            ]
        );
        assert!(run(Dialect::Mysql, "CREATE INDEX i ON orders (a);\n").is_empty());
    }
}
