//! Impact in numbers: how many rows and bytes a statement touches, how long
//! it holds its lock, and the risk that follows — from the `--stats`
//! snapshot, deterministically, never from a live database.
//!
//! Rows: the whole table for a rewrite or scan, `TRUNCATE`, `DROP TABLE` and
//! `UPDATE`/`DELETE` without `WHERE`; with a `WHERE`, the table's rows times
//! a selectivity (`rows_method` says which):
//! - `null_fraction`: `col IS NULL` / `col IS NOT NULL` with the column's
//!   `null_fraction`;
//! - `distinct`: `col = constant` with the column's `distinct` count;
//! - `default_selectivity`: otherwise PostgreSQL's planner defaults —
//!   0.005 for an equality, 1/3 for anything else (`DEFAULT_EQ_SEL`,
//!   `DEFAULT_INEQ_SEL` in its `selfuncs.h`).
//!
//! Seconds: bytes (or rows) over the throughput of the operation
//! ([`Throughput`], overridable in schemagate.yaml `impact.throughput`).

use serde::Deserialize;
use sqlparser::ast::{BinaryOperator, Expr, Statement as Ast, Value};

use super::Impact;
use super::stats::TableStats;
use crate::sql::facts::Facts;

/// How fast the database works through a table, per operation. The
/// defaults are a mid-size server on SSD storage under normal load; teams
/// set theirs from a measured migration.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Throughput {
    /// A table rewrite (new heap and every index rebuilt), MB/s of table.
    pub rewrite_mb_per_s: f64,
    /// A full read (validating a constraint, `SET NOT NULL`), MB/s.
    pub scan_mb_per_s: f64,
    /// Building an index (read and sort), MB/s of table.
    pub index_build_mb_per_s: f64,
    /// `UPDATE`/`DELETE`/`INSERT … SELECT`, rows/s.
    pub dml_rows_per_s: f64,
}

impl Default for Throughput {
    fn default() -> Self {
        Throughput {
            rewrite_mb_per_s: 50.0,
            scan_mb_per_s: 200.0,
            index_build_mb_per_s: 40.0,
            dml_rows_per_s: 20_000.0,
        }
    }
}

impl Throughput {
    /// Every figure is a positive number (they divide).
    pub fn is_valid(&self) -> bool {
        [
            self.rewrite_mb_per_s,
            self.scan_mb_per_s,
            self.index_build_mb_per_s,
            self.dml_rows_per_s,
        ]
        .iter()
        .all(|v| v.is_finite() && *v > 0.0)
    }
}

const DEFAULT_EQ_SEL: f64 = 0.005;
const DEFAULT_INEQ_SEL: f64 = 1.0 / 3.0;
const MB: f64 = 1024.0 * 1024.0;

/// Adds rows, bytes, seconds and risk to `impact`. `table` is what the
/// snapshot says of the statement's table; `created` when the proposal
/// created the table (it is empty).
pub fn add(
    impact: &mut Impact,
    (facts, ast): (&Facts, Option<&Ast>),
    table: Option<&TableStats>,
    created: bool,
    throughput: &Throughput,
) {
    let kind = facts.kind.as_str();
    let dml = matches!(kind, "update" | "delete");
    impact.size = table.filter(|_| !created).map(|t| super::TableSize {
        rows: t.rows,
        bytes: t.bytes,
        indexes_bytes: t.indexes_bytes,
    });
    if created {
        impact.rows = Some(0);
        impact.rows_method = Some("new_table".into());
        impact.est_seconds = Some(0.0);
    } else if let Some(table) = table {
        let whole = impact.rewrite
            || impact.scan
            || matches!(kind, "truncate" | "drop_table")
            || (dml && !facts.flag("where", true));
        if whole {
            impact.rows = table.rows;
            impact.bytes = table.bytes;
            impact.rows_method = Some("table".into());
        } else if dml && let (Some(rows), Some(selection)) = (table.rows, selection(ast)) {
            let (share, method) = selectivity(selection, table);
            impact.rows = Some((rows as f64 * share).ceil() as u64);
            impact.bytes = table.bytes.map(|b| (b as f64 * share).ceil() as u64);
            impact.rows_method = Some(method.into());
        }
        impact.est_seconds = seconds(impact, kind, table, throughput);
    } else if !works_through_rows(impact, kind) {
        // a catalog change takes no time per row: its time is known
        impact.est_seconds = Some(0.0);
    }
    impact.risk = risk(impact);
}

fn selection(ast: Option<&Ast>) -> Option<&Expr> {
    match ast? {
        Ast::Update(update) => update.selection.as_ref(),
        Ast::Delete(delete) => delete.selection.as_ref(),
        _ => None,
    }
}

/// The share of rows `expr` keeps, and how it was found.
fn selectivity(expr: &Expr, table: &TableStats) -> (f64, &'static str) {
    let by_name = |name: &str| {
        table
            .columns
            .get(name)
            .or_else(|| table.columns.get(&name.to_lowercase()))
    };
    let column = |e: &Expr| match e {
        Expr::Identifier(id) => by_name(&id.value),
        Expr::CompoundIdentifier(parts) => parts.last().and_then(|id| by_name(&id.value)),
        _ => None,
    };
    match expr {
        Expr::Nested(inner) => selectivity(inner, table),
        Expr::IsNull(e) => match column(e).and_then(|c| c.null_fraction) {
            Some(f) => (f, "null_fraction"),
            None => (DEFAULT_EQ_SEL, "default_selectivity"),
        },
        Expr::IsNotNull(e) => match column(e).and_then(|c| c.null_fraction) {
            Some(f) => (1.0 - f, "null_fraction"),
            None => (DEFAULT_INEQ_SEL, "default_selectivity"),
        },
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            let (col, other) = if is_constant(right) {
                (left, right)
            } else {
                (right, left)
            };
            match column(col).and_then(|c| c.distinct) {
                Some(d) if is_constant(other) => (1.0 / distinct_count(d, table), "distinct"),
                _ => (DEFAULT_EQ_SEL, "default_selectivity"),
            }
        }
        _ => (DEFAULT_INEQ_SEL, "default_selectivity"),
    }
}

fn is_constant(e: &Expr) -> bool {
    matches!(e, Expr::Value(v) if !matches!(v.value, Value::Placeholder(_)))
}

/// `pg_stats.n_distinct` is a count, or minus the share of rows when
/// negative.
fn distinct_count(d: f64, table: &TableStats) -> f64 {
    let count = if d < 0.0 {
        -d * table.rows.unwrap_or(0) as f64
    } else {
        d
    };
    count.max(1.0)
}

/// Does the statement's time grow with the table (a rewrite, a scan, an
/// index build, DML)?
fn works_through_rows(impact: &Impact, kind: &str) -> bool {
    impact.rewrite || impact.scan || matches!(kind, "create_index" | "update" | "delete" | "insert")
}

fn seconds(impact: &Impact, kind: &str, table: &TableStats, t: &Throughput) -> Option<f64> {
    let table_mb = || table.bytes.map(|b| b as f64 / MB);
    let secs = if matches!(kind, "update" | "delete" | "insert") {
        impact.rows? as f64 / t.dml_rows_per_s
    } else if impact.rewrite {
        let indexes = table.indexes_bytes.unwrap_or(0) as f64 / MB;
        table_mb().map(|mb| (mb + indexes) / t.rewrite_mb_per_s)?
    } else if kind == "create_index" {
        table_mb()? / t.index_build_mb_per_s
    } else if impact.scan {
        table_mb()? / t.scan_mb_per_s
    } else {
        // catalog-only changes, TRUNCATE, DROP: no work per row
        0.0
    };
    Some((secs * 1000.0).round() / 1000.0)
}

/// `low`, `medium`, `high` or `critical`: how strong the lock is, how long
/// it is held, and whether data is lost.
///
/// | lock | held | → |
/// |---|---|---|
/// | blocks reads and writes | ≥ 60 s | critical |
/// | blocks writes | ≥ 10 s, or unknown for a rewrite | high |
/// | blocks writes | < 10 s or unknown | medium |
/// | none | | low |
///
/// Destructive statements are at least `high`, and `critical` when they
/// also block writes for 10 s or more; backward-incompatible ones at
/// least `medium`.
pub fn risk(impact: &Impact) -> String {
    let blocks_writes = impact.blocks_writes || impact.blocks_reads;
    let held = impact.est_seconds;
    let long = held.is_some_and(|s| s >= 10.0);
    let very_long = held.is_some_and(|s| s >= 60.0);
    let level = if (impact.blocks_reads && very_long)
        || (impact.destructive && blocks_writes && long)
    {
        "critical"
    } else if impact.destructive || (blocks_writes && (long || (held.is_none() && impact.rewrite)))
    {
        "high"
    } else if blocks_writes || impact.backward_incompatible {
        "medium"
    } else {
        "low"
    };
    level.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;

    fn impact_of(sql: &str, stats: &str) -> Impact {
        let dialect = Dialect::Postgres;
        let ast = sqlparser::parser::Parser::parse_sql(&*dialect.parser(), sql)
            .expect("SQL")
            .pop()
            .expect("one statement");
        let facts = crate::sql::facts::from_ast(&ast, dialect);
        let table: TableStats = serde_saphyr::from_str(stats).expect("stats");
        let mut impact = super::super::estimate(
            &facts,
            None,
            Dialect::Postgres,
            &"16".parse().expect("version"),
        );
        add(
            &mut impact,
            (&facts, Some(&ast)),
            Some(&table),
            false,
            &Throughput::default(),
        );
        impact
    }

    const ORDERS: &str = "rows: 1000000\nbytes: 104857600\ncolumns:\n  status: {null_fraction: 0.1}\n  customer_id: {distinct: -0.01}\n";

    #[test]
    fn where_clauses_are_estimated_from_column_statistics() {
        let cases = [
            ("UPDATE orders SET s = 1", 1_000_000, "table"),
            (
                "UPDATE orders SET s = 1 WHERE status IS NULL",
                100_000,
                "null_fraction",
            ),
            (
                "DELETE FROM orders WHERE (status IS NOT NULL)",
                900_000,
                "null_fraction",
            ),
            // n_distinct -0.01: 10,000 distinct values
            ("DELETE FROM orders WHERE customer_id = 7", 100, "distinct"),
            (
                "DELETE FROM orders WHERE note = 'x'",
                5_000,
                "default_selectivity",
            ),
            (
                "DELETE FROM orders WHERE id > 10",
                333_334,
                "default_selectivity",
            ),
        ];
        for (sql, rows, method) in cases {
            let impact = impact_of(sql, ORDERS);
            assert_eq!(impact.rows, Some(rows), "{sql}");
            assert_eq!(impact.rows_method.as_deref(), Some(method), "{sql}");
        }
    }

    #[test]
    fn time_follows_the_operation_and_risk_the_lock_and_time() {
        // 100 MB rewritten at 50 MB/s
        let rewrite = impact_of("ALTER TABLE orders ALTER COLUMN n TYPE bigint", ORDERS);
        assert_eq!(rewrite.est_seconds, Some(2.0));
        assert_eq!(rewrite.risk, "medium");
        // 1,000,000 rows at 20,000 rows/s, and destructive
        let update = impact_of("UPDATE orders SET s = 1", ORDERS);
        assert_eq!(update.est_seconds, Some(50.0));
        assert_eq!(update.risk, "high");
        let catalog = impact_of("ALTER TABLE orders ADD COLUMN c int", ORDERS);
        assert_eq!(catalog.est_seconds, Some(0.0));
        assert_eq!(catalog.risk, "medium");
        let big = "rows: 100000000\nbytes: 107374182400\n";
        assert_eq!(
            impact_of("ALTER TABLE orders ALTER COLUMN n TYPE bigint", big).risk,
            "critical"
        );
    }
}
