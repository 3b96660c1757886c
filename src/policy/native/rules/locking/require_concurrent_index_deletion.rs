//! `require-concurrent-index-deletion` (`policies/locking/require_concurrent_index_deletion.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{
    finding_with_help, is_new_table, name_of, names_of, quoted_names, table_label,
};
use crate::policy::native::value::{Value, get, holds, is, is_object, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "drop_index")
                && is_true(get!(stmt, "analyzed"))
                && !holds(get!(stmt, "concurrently"))
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let names = names_of(stmt);
            let msg = format!(
                "Dropping index {} without CONCURRENTLY locks {} against reads and writes until the drop finishes",
                quoted_names(names.iter().copied()),
                table_words(stmt)
            );
            finding_with_help(meta, stmt, msg, help(meta, &names))
        })
        .collect()
}

/// `table_words(stmt)`.
fn table_words(stmt: &Value) -> String {
    if holds(get!(stmt, "table", "name"))
        && let Some(label) = table_label(stmt)
    {
        return format!("table {label}");
    }
    "its table".to_string()
}

/// `help(names)`.
fn help(meta: &Meta, names: &[&Value]) -> String {
    let drops: Vec<String> = names
        .iter()
        .filter(|o| is_object(o))
        .filter_map(|o| name_of(o))
        .map(|n| format!("`DROP INDEX CONCURRENTLY IF EXISTS {n};`"))
        .collect();
    if drops.is_empty() {
        return meta.help.clone().unwrap_or_default();
    }
    format!(
        "Use {} outside a transaction (see ban-concurrently-in-transaction), one index per statement and without CASCADE.",
        drops.join(" then ")
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
            "require-concurrent-index-deletion",
        )
    }

    #[test]
    fn blocking_drops() {
        assert_eq!(
            run(
                Dialect::Postgres,
                "DROP INDEX a, s.b;\nDROP INDEX CONCURRENTLY c;\nDROP INDEX IF EXISTS d CASCADE;\n"
            ),
            [
                "require-concurrent-index-deletion warning 1 Dropping index \"a\", \"s.b\" without CONCURRENTLY locks its table against reads and writes until the drop finishes | Use `DROP INDEX CONCURRENTLY IF EXISTS a;` then `DROP INDEX CONCURRENTLY IF EXISTS s.b;` outside a transaction (see ban-concurrently-in-transaction), one index per statement and without CASCADE.",
                "require-concurrent-index-deletion warning 3 Dropping index \"d\" without CONCURRENTLY locks its table against reads and writes until the drop finishes | Use `DROP INDEX CONCURRENTLY IF EXISTS d;` outside a transaction (see ban-concurrently-in-transaction), one index per statement and without CASCADE.",
            ]
        );
        assert!(run(Dialect::Mysql, "DROP INDEX a ON t;\n").is_empty());
        let on = run(
            Dialect::Postgres,
            "CREATE INDEX CONCURRENTLY e ON orders (x);\nDROP INDEX e;\n",
        );
        assert_eq!(
            on,
            [
                "require-concurrent-index-deletion warning 2 Dropping index \"e\" without CONCURRENTLY locks its table against reads and writes until the drop finishes | Use `DROP INDEX CONCURRENTLY IF EXISTS e;` outside a transaction (see ban-concurrently-in-transaction), one index per statement and without CASCADE."
            ]
        );
    }
}
