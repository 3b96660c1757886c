//! `max-affected-rows` (`policies/dml/max_affected_rows.rego`, `warn` and
//! `proposal_warn`).

use std::collections::BTreeSet;

use crate::policy::Severity;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::decimal;
use crate::policy::native::value::{Value, get, is, number, show, text};
use crate::policy::native::{Doc, Meta};

/// The default of `max_rows`.
static DEFAULT_MAX_ROWS: std::sync::LazyLock<Value> =
    std::sync::LazyLock::new(|| Value::from(100_000_u64));

fn is_dml(stmt: &Value) -> Option<&str> {
    text(get!(stmt, "kind")).filter(|k| matches!(*k, "update" | "delete"))
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let max_rows = doc.param(meta, "max_rows").unwrap_or(&*DEFAULT_MAX_ROWS);
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = is_dml(stmt)?;
            if is_new_table(stmt) {
                return None;
            }
            let rows = get!(stmt, "impact", "rows");
            // is_number(rows); rows > max_rows (Rego's order across types)
            number(rows)?;
            if rows <= max_rows {
                return None;
            }
            let method = get!(stmt, "impact", "rows_method");
            let (how, by) = if is(method, "table") {
                (decimal(rows)?, "the whole table".to_string())
            } else {
                if *method == Value::Undefined {
                    return None;
                }
                (
                    format!("about {}", decimal(rows)?),
                    format!("estimated by {}", show(method)),
                )
            };
            let label = table_label(stmt)?;
            let msg = format!(
                "This {} touches {how} rows of {label} ({by}), more than {}",
                kind.to_uppercase(),
                decimal(max_rows)?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

pub(super) fn proposal_warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if text(get!(doc.input, "target", "stats")).is_none() {
        return Vec::new();
    }
    // `unknown`: a set of statements
    let unknown: BTreeSet<&Value> = doc
        .forward()
        .iter()
        .copied()
        .filter(|stmt| {
            is_dml(stmt).is_some()
                && text(get!(stmt, "table", "name")).is_some()
                && !is_new_table(stmt)
                && *get!(stmt, "impact", "rows") == Value::Null
        })
        .collect();
    let Some(first) = unknown
        .iter()
        .map(|stmt| get!(stmt, "index"))
        .filter(|index| **index != Value::Undefined)
        .min()
    else {
        return Vec::new();
    };
    let tables: BTreeSet<String> = unknown.iter().filter_map(|s| table_label(s)).collect();
    let msg = format!(
        "{} UPDATE/DELETE statement(s) on tables of unknown size ({}): max-affected-rows could not check them; give the target's table sizes with --stats",
        unknown.len(),
        tables.into_iter().collect::<Vec<_>>().join(", ")
    );
    unknown
        .iter()
        .filter(|stmt| get!(stmt, "index") == first)
        .filter_map(|stmt| finding(meta, stmt, msg.clone()))
        .map(|f| RawFinding {
            severity: Severity::Info,
            ..f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::{With, same_findings_with};

    /// `same_findings` with a `--stats` snapshot: the rule's findings,
    /// `rule severity line message`, and the problems; panics when native
    /// and Rego differ.
    fn found(sql: &str, stats: Option<&str>, config: serde_json::Value) -> Vec<String> {
        let with = With {
            config: Some(config),
            stats,
            ..With::default()
        };
        same_findings_with(Dialect::Postgres, sql, &with)
            .into_iter()
            .filter(|f| f.starts_with("max-affected-rows ") || f.starts_with("error "))
            .collect()
    }

    const STATS: &str = "tables:\n  orders:\n    rows: 2000000\n    bytes: 400000000\n    columns:\n      \
                         status: {null_fraction: 0.25}\n      customer_id: {distinct: 1000}\n";

    const SQL: &str = "UPDATE orders SET status = 'new';\n\
                       UPDATE orders SET status = 'new' WHERE status IS NULL;\n\
                       DELETE FROM orders WHERE customer_id = 42;\n\
                       DELETE FROM lines WHERE id > 5;\n\
                       UPDATE s.notes SET x = 1;\n\
                       CREATE TABLE fresh (id int);\nUPDATE fresh SET id = 1;\n\
                       DELETE FROM lines;\n";

    #[test]
    fn over_the_default_and_unknown_sizes() {
        assert_eq!(
            found(SQL, Some(STATS), serde_json::json!({})),
            [
                "max-affected-rows warning 1 This UPDATE touches 2000000 rows of \"orders\" (the whole table), more than 100000",
                "max-affected-rows warning 2 This UPDATE touches about 500000 rows of \"orders\" (estimated by null_fraction), more than 100000",
                "max-affected-rows info 4 3 UPDATE/DELETE statement(s) on tables of unknown size (\"lines\", \"s.notes\"): max-affected-rows could not check them; give the target's table sizes with --stats",
            ]
        );
    }

    #[test]
    fn max_rows_parameter() {
        let config = |v: serde_json::Value| serde_json::json!({"params": {"max-affected-rows": {"max_rows": v}}});
        let sql = "UPDATE orders SET status = 'new';\nDELETE FROM orders WHERE customer_id = 42;\n";
        assert_eq!(
            found(sql, Some(STATS), config(serde_json::json!(1000))),
            [
                "max-affected-rows warning 1 This UPDATE touches 2000000 rows of \"orders\" (the whole table), more than 1000",
                "max-affected-rows warning 2 This DELETE touches about 2000 rows of \"orders\" (estimated by distinct), more than 1000",
            ]
        );
        assert!(found(sql, Some(STATS), config(serde_json::json!(5_000_000))).is_empty());
        // Rego's order across types: a number is above null, below a string
        assert_eq!(
            found(sql, Some(STATS), config(serde_json::Value::Null)).len(),
            2
        );
        assert!(found(sql, Some(STATS), config(serde_json::json!("10"))).is_empty());
    }

    #[test]
    fn nothing_without_a_snapshot() {
        assert!(found(SQL, None, serde_json::json!({})).is_empty());
    }
}
