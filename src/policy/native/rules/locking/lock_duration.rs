//! `lock-duration` (`policies/locking/lock_duration.rego`, `deny` and `proposal_warn`).

use std::collections::BTreeSet;

use crate::policy::Severity;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, int, is_object, is_true, number, show, text};
use crate::policy::native::{Doc, Meta};

/// `blocking(stmt)`.
fn blocking(stmt: &Value) -> bool {
    let impact = get!(stmt, "impact");
    is_true(get!(impact, "blocks_writes")) || is_true(get!(impact, "blocks_reads"))
}

/// `over(stmt)`.
fn over(doc: &Doc<'_>, meta: &Meta, stmt: &Value) -> Option<String> {
    let impact = get!(stmt, "impact");
    let rows = get!(impact, "rows");
    let default_rows = Value::from(1_000_000_i64);
    let max_rows = doc.param(meta, "max_rows").unwrap_or(&default_rows);
    if number(rows).is_some() && rows > max_rows {
        // `%d` of a number that is not an integer is an error in Rego
        return Some(format!("{} rows, more than {}", int(rows)?, int(max_rows)?));
    }
    let seconds = get!(impact, "est_seconds");
    let default_seconds = Value::from(10_i64);
    let max_seconds = doc.param(meta, "max_seconds").unwrap_or(&default_seconds);
    if number(seconds).is_some() && seconds > max_seconds {
        return Some(format!(
            "about {} s, more than {}",
            show(seconds),
            show(max_seconds)
        ));
    }
    None
}

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            blocking(stmt) && !is_new_table(stmt) && is_object(get!(stmt, "impact", "size"))
        })
        .filter_map(|stmt| {
            let why = over(doc, meta, stmt)?;
            let kind = get!(stmt, "kind");
            if *kind == Value::Undefined {
                return None;
            }
            let blocked = if is_true(get!(stmt, "impact", "blocks_reads")) {
                "reads and writes"
            } else {
                "writes"
            };
            let label = table_label(stmt)?;
            let msg = format!(
                "This {} blocks {blocked} on {label} while it works through the table ({why})",
                show(kind)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

pub(super) fn proposal_warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if text(get!(doc.input, "target", "stats")).is_none() {
        return Vec::new();
    }
    let unknown: Vec<&Value> = doc
        .forward()
        .iter()
        .copied()
        .filter(|stmt| {
            blocking(stmt)
                && text(get!(stmt, "table", "name")).is_some()
                && !is_new_table(stmt)
                && *get!(stmt, "impact", "size") == Value::Null
                && *get!(stmt, "impact", "est_seconds") == Value::Null
        })
        .collect();
    let Some(first) = unknown
        .iter()
        .min_by(|a, b| get!(a, "index").cmp(get!(b, "index")))
    else {
        return Vec::new();
    };
    let tables: BTreeSet<String> = unknown.iter().filter_map(|s| table_label(s)).collect();
    let distinct: BTreeSet<&Value> = unknown.iter().copied().collect();
    let msg = format!(
        "{} statement(s) block writes on tables of unknown size ({}): lock-duration could not check them; give the target's table sizes with --stats",
        distinct.len(),
        tables.into_iter().collect::<Vec<_>>().join(", ")
    );
    finding(meta, first, msg)
        .map(|f| RawFinding {
            severity: Severity::Info,
            ..f
        })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::helps::same_report;
    use crate::dialect::Dialect;

    const STATS: &str = "tables:\n  public.orders: {rows: 5000000, bytes: 2147483648, indexes_bytes: 536870912}\n  public.settings: {rows: 40, bytes: 8192}\n";

    fn run(sql: &str, config: serde_json::Value, stats: Option<&str>) -> Vec<String> {
        same_report(Dialect::Postgres, sql, config, stats, "lock-duration")
            .into_iter()
            .map(|f| f.split(" | ").next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn large_tables_and_limits() {
        let sql = "CREATE INDEX orders_note ON orders (note);\n\
                   CREATE INDEX CONCURRENTLY orders_total ON orders (total);\n\
                   ALTER TABLE settings ALTER COLUMN n TYPE bigint;\n\
                   ALTER TABLE orders ALTER COLUMN n TYPE bigint;\n";
        assert_eq!(
            run(sql, serde_json::json!({}), Some(STATS)),
            [
                "lock-duration error 1 This create_index blocks writes on \"orders\" while it works through the table (5000000 rows, more than 1000000)",
                "lock-duration error 4 This alter_table blocks reads and writes on \"orders\" while it works through the table (5000000 rows, more than 1000000)",
            ]
        );
        let seconds = run(
            sql,
            serde_json::json!({"params": {"lock-duration": {"max_rows": 100000000, "max_seconds": 0.5}}}),
            Some(STATS),
        );
        assert_eq!(seconds.len(), 2, "{seconds:?}");
        assert!(seconds[0].contains("(about "), "{seconds:?}");
        assert!(seconds[0].ends_with(" s, more than 0.5)"), "{seconds:?}");
        assert!(
            run(
                sql,
                serde_json::json!({"params": {"lock-duration": {"max_rows": 100000000, "max_seconds": 100000}}}),
                Some(STATS),
            )
            .is_empty()
        );
    }

    #[test]
    fn tables_of_unknown_size() {
        let sql = "CREATE INDEX a ON unknown_b (x);\nALTER TABLE unknown_a ALTER COLUMN n TYPE bigint;\n\
                   CREATE TABLE t (id int);\nALTER TABLE t ALTER COLUMN id TYPE bigint;\n\
                   CREATE INDEX b ON unknown_b (y);\n";
        assert_eq!(
            run(sql, serde_json::json!({}), Some(STATS)),
            [
                "lock-duration info 1 3 statement(s) block writes on tables of unknown size (\"unknown_a\", \"unknown_b\"): lock-duration could not check them; give the target's table sizes with --stats"
            ]
        );
        assert!(run(sql, serde_json::json!({}), None).is_empty());
    }
}
