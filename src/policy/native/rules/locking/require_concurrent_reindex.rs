//! `require-concurrent-reindex`
//! (`policies/locking/require_concurrent_reindex.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, name_of, table_label};
use crate::policy::native::value::{Value, get, holds, is, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "reindex")
                && !holds(get!(stmt, "concurrently"))
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let msg = format!(
                "REINDEX of {} without CONCURRENTLY blocks writes to the table, and queries that use the index, until the rebuild finishes",
                target(stmt)?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `target(stmt)`: `index "name"`, else the table's label.
fn target(stmt: &Value) -> Option<String> {
    let object = get!(stmt, "object");
    let kind = get!(object, "type");
    if holds(get!(object, "name"))
        && *kind != Value::Undefined
        && let Some(name) = name_of(object)
    {
        return Some(format!("{} \"{name}\"", show(kind)));
    }
    table_label(stmt)
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("require-concurrent-reindex "))
            .collect()
    }

    #[test]
    fn plain_reindexes() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "REINDEX INDEX orders_status_idx;\n\
                 REINDEX TABLE sales.orders;\n\
                 REINDEX INDEX CONCURRENTLY orders_status_idx;\n\
                 REINDEX DATABASE shop;\n\
                 CREATE TABLE n (id int);\n\
                 REINDEX TABLE n;\n",
            ),
            [
                "require-concurrent-reindex warning 1 REINDEX of index \"orders_status_idx\" without CONCURRENTLY blocks writes to the table, and queries that use the index, until the rebuild finishes",
                "require-concurrent-reindex warning 2 REINDEX of table \"sales.orders\" without CONCURRENTLY blocks writes to the table, and queries that use the index, until the rebuild finishes",
                "require-concurrent-reindex warning 4 REINDEX of database \"shop\" without CONCURRENTLY blocks writes to the table, and queries that use the index, until the rebuild finishes",
            ]
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(found(Dialect::Generic, "REINDEX INDEX orders_status_idx;\n").is_empty());
    }
}
