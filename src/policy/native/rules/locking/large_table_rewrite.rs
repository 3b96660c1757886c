//! `large-table-rewrite` (`policies/locking/large_table_rewrite.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is_true, number, show};
use crate::policy::native::{Doc, Meta};

/// The default of `max_bytes`: 1 GiB.
const MAX_BYTES: f64 = 1_073_741_824.0;

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // `total > max_bytes` with a parameter that is no number: a string,
    // array or object sorts above every number (no finding); null or a
    // boolean sorts below and the division in the message is an error in
    // Rego, no finding here.
    let max_bytes = match doc.param(meta, "max_bytes") {
        None => MAX_BYTES,
        Some(value) => match number(value) {
            Some(n) => n,
            None => return Vec::new(),
        },
    };
    doc.forward()
        .iter()
        .filter(|stmt| is_true(get!(stmt, "impact", "rewrite")) && !is_new_table(stmt))
        .filter_map(|stmt| {
            let size = get!(stmt, "impact", "size");
            let bytes = number(get!(size, "bytes"))?;
            let total = bytes + number(get!(size, "indexes_bytes")).unwrap_or(0.0);
            if total <= max_bytes {
                return None;
            }
            let kind = get!(stmt, "kind");
            if *kind == Value::Undefined {
                return None;
            }
            let msg = format!(
                "This {} rewrites {}: {} MB of table and indexes, more than {} MB",
                show(kind),
                table_label(stmt)?,
                megabytes(total),
                megabytes(max_bytes)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `round(n / 1048576)` written with `%d`.
fn megabytes(n: f64) -> String {
    let rounded = (n / 1_048_576.0).round();
    if rounded.abs() < 9.0e15 {
        // an integer: no `-0`
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::oracle::{With, findings_of};
    use crate::dialect::Dialect;

    fn with_stats(sql: &str, stats: &str, config: serde_json::Value) -> Vec<String> {
        let with = With {
            config: Some(config),
            stats: Some(stats),
            ..With::default()
        };
        findings_of("large-table-rewrite", Dialect::Postgres, sql, with)
    }
    const STATS: &str = "tables:\n  events: {rows: 30000000, bytes: 2147483648, indexes_bytes: 536870912}\n  \
                         settings: {rows: 40, bytes: 8192}\n  \
                         plain: {rows: 100, bytes: 1200000000}\n  \
                         odd: {rows: 100, bytes: 1100000000}\n";

    const SQL: &str = "SET lock_timeout = '1s';\n\
                       ALTER TABLE events ALTER COLUMN id TYPE bigint;\n\
                       ALTER TABLE settings ALTER COLUMN id TYPE bigint;\n\
                       ALTER TABLE plain ALTER COLUMN id TYPE bigint;\n\
                       ALTER TABLE unknown ALTER COLUMN id TYPE bigint;\n\
                       ALTER TABLE odd ALTER COLUMN id TYPE bigint;\n\
                       CREATE TABLE events2 (id int);\n\
                       ALTER TABLE events2 ALTER COLUMN id TYPE bigint;\n";

    #[test]
    fn large_rewrites_with_and_without_indexes_and_what_passes() {
        assert_eq!(
            with_stats(SQL, STATS, serde_json::json!({})),
            [
                "large-table-rewrite warning 2 This alter_table rewrites \"events\": 2560 MB of table and indexes, more than 1024 MB",
                "large-table-rewrite warning 4 This alter_table rewrites \"plain\": 1144 MB of table and indexes, more than 1024 MB",
                "large-table-rewrite warning 6 This alter_table rewrites \"odd\": 1049 MB of table and indexes, more than 1024 MB",
            ]
        );
    }

    #[test]
    fn max_bytes_parameter() {
        let config =
            serde_json::json!({"params": {"large-table-rewrite": {"max_bytes": 1150000000}}});
        assert_eq!(
            with_stats(SQL, STATS, config),
            [
                "large-table-rewrite warning 2 This alter_table rewrites \"events\": 2560 MB of table and indexes, more than 1097 MB",
                "large-table-rewrite warning 4 This alter_table rewrites \"plain\": 1144 MB of table and indexes, more than 1097 MB",
            ]
        );
        let config = serde_json::json!({"params": {"large-table-rewrite": {"max_bytes": 1.5}}});
        assert_eq!(with_stats(SQL, STATS, config).len(), 4);
        let config = serde_json::json!({"params": {"large-table-rewrite": {"max_bytes": "big"}}});
        assert!(with_stats(SQL, STATS, config).is_empty());
    }
}
