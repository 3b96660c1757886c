//! Stage 4: what each statement does to a running database — the lock it
//! takes and what that blocks, whether it rewrites or scans the table, and
//! whether it loses data or breaks code written for the old schema.
//!
//! One file per database family; the facts that do not depend on the
//! database (destructive, backward-incompatible) are decided here.

mod mysql;
pub mod numbers;
mod oracle;
mod postgres;
mod sqlite;
mod sqlserver;
pub mod stats;

use crate::catalog::{ProvenNotNull, Retyped, TableState};
use crate::dialect::{DbVersion, Dialect};
use crate::sql::facts::{Facts, OpColumn};

/// The impact of one statement.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Impact {
    /// The strongest lock taken on an existing table (`access_exclusive`,
    /// `share`, … for postgres; `metadata_exclusive`/`metadata_shared` for
    /// mysql), or null when unknown or irrelevant.
    pub lock: Option<String>,
    pub blocks_reads: bool,
    pub blocks_writes: bool,
    pub rewrite: bool,
    pub scan: bool,
    pub destructive: bool,
    pub backward_incompatible: bool,
    pub reasons: Vec<String>,
    /// The table's size from the `--stats` snapshot; null when no snapshot
    /// was given or it does not list the table (size unknown, never zero).
    pub size: Option<TableSize>,
    /// Rows the statement touches (see [`numbers`]); null when the
    /// snapshot cannot say.
    pub rows: Option<u64>,
    /// How `rows` was found: `table`, `null_fraction`, `distinct`,
    /// `default_selectivity`, `new_table`.
    pub rows_method: Option<String>,
    /// Bytes of table the statement reads or writes.
    pub bytes: Option<u64>,
    /// Estimated seconds the statement runs (and holds its lock).
    pub est_seconds: Option<f64>,
    /// `low`, `medium`, `high`, `critical` ([`numbers::risk`]).
    pub risk: String,
    /// Locks taken on existing tables other than the statement's own: the
    /// tables its new foreign keys reference (PostgreSQL: SHARE ROW
    /// EXCLUSIVE). `lock`, `blocks_reads` and `blocks_writes` count them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_locks: Vec<TableLock>,
}

/// A lock on a table other than the statement's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TableLock {
    pub schema: Option<String>,
    pub name: String,
    pub lock: String,
}

/// A table's size as the snapshot gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TableSize {
    pub rows: Option<u64>,
    pub bytes: Option<u64>,
    pub indexes_bytes: Option<u64>,
}

impl Impact {
    fn reason(&mut self, why: impl Into<String>) {
        self.reasons.push(why.into());
    }
}

/// Each statement's impact, with the rows, bytes, seconds and risk of
/// [`numbers`] when `stats` knows its table; statements in a row with the
/// same impact share one (a million `SELECT 1`s held 230 MB of identical
/// impacts).
pub fn of_statements(
    (statements, contexts): (&[crate::sql::Statement], &[crate::catalog::Context]),
    stats: Option<&stats::Stats>,
    (dialect, version): (Dialect, &DbVersion),
    throughput: &numbers::Throughput,
) -> Vec<std::sync::Arc<Impact>> {
    let mut out: Vec<std::sync::Arc<Impact>> = Vec::with_capacity(statements.len());
    for (s, c) in statements.iter().zip(contexts) {
        let created = c.table.as_ref().is_some_and(|t| t.new);
        let size = stats
            .zip(c.table.as_ref())
            .and_then(|(stats, table)| stats.table(table, dialect));
        let mut impact = estimate_proven(
            &s.facts,
            (c.table.as_ref(), &c.not_null_proven, &c.retyped),
            dialect,
            version,
        );
        if matches!(
            dialect,
            Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift
        ) {
            postgres::lock_referenced(&mut impact, &c.referenced);
        }
        let tree = s
            .ast
            .as_ref()
            .ok()
            .and_then(|t| t.as_deref())
            .and_then(|a| a.sql());
        numbers::add(&mut impact, (&s.facts, tree), size, created, throughput);
        match out.last() {
            Some(last) if **last == impact => out.push(last.clone()),
            _ => out.push(std::sync::Arc::new(impact)),
        }
    }
    out
}

/// Estimates the impact of one statement on `dialect` at `version`.
pub fn estimate(
    facts: &Facts,
    table: Option<&TableState>,
    dialect: Dialect,
    version: &DbVersion,
) -> Impact {
    estimate_proven(facts, (table, &[], &[]), dialect, version)
}

/// [`estimate`], knowing which `SET NOT NULL` operations a validated CHECK
/// constraint proves (the replay's `not_null_proven`).
pub fn estimate_proven(
    facts: &Facts,
    (table, proven, retyped): (Option<&TableState>, &[ProvenNotNull], &[Retyped]),
    dialect: Dialect,
    version: &DbVersion,
) -> Impact {
    let mut impact = match dialect {
        Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift => {
            postgres::estimate(facts, version, (proven, retyped))
        }
        Dialect::Mysql | Dialect::Mariadb => mysql::estimate(facts, retyped, dialect, version),
        Dialect::Sqlserver => sqlserver::estimate(facts),
        Dialect::Oracle => oracle::estimate(facts),
        Dialect::Sqlite => sqlite::estimate(facts),
        _ => Impact::default(),
    };
    data_and_compatibility(facts, &mut impact);
    if table.is_some_and(|t| t.new) && (impact.blocks_reads || impact.blocks_writes) {
        // Nobody else can be using a table created in the same changeset.
        impact.blocks_reads = false;
        impact.blocks_writes = false;
        impact.reason("the table is created in the same changeset, so nothing else is blocked");
    }
    impact
}

fn data_and_compatibility(facts: &Facts, impact: &mut Impact) {
    let has_where = facts.flag("where", true);
    match facts.kind.as_str() {
        "drop_table" | "drop_schema" | "drop_database" => {
            impact.destructive = true;
            impact.backward_incompatible = true;
            impact.reason("dropped objects and their data cannot be recovered without a backup");
        }
        "truncate" => {
            impact.destructive = true;
            impact.reason("every row of the table is deleted");
        }
        "delete" | "update" if !has_where => {
            impact.destructive = true;
            impact.reason("no WHERE clause: every row of the table is changed");
        }
        "drop_view"
        | "drop_materialized_view"
        | "drop_function"
        | "drop_procedure"
        | "drop_sequence"
        | "drop_type" => {
            impact.backward_incompatible = true;
            impact.reason("code that uses the dropped object breaks");
        }
        "rename_table" => {
            impact.backward_incompatible = true;
            impact.reason("code that uses the old table name breaks");
        }
        _ => {}
    }
    for op in facts.ops.iter().flatten() {
        match op.op.as_str() {
            "drop_column" => {
                impact.destructive = true;
                impact.backward_incompatible = true;
                impact.reason("the column's data is lost and code that reads it breaks");
            }
            "rename_column" | "rename_table" => {
                impact.backward_incompatible = true;
                impact.reason("code that uses the old name breaks");
            }
            "alter_column_type" => {
                impact.backward_incompatible = true;
                impact.reason("code that relies on the old type may break");
            }
            "set_not_null" => {
                impact.backward_incompatible = true;
                impact.reason("code that writes NULL into the column breaks");
            }
            "add_column" => {
                if let Some(OpColumn::Definition(c)) = &op.column
                    && c.not_null
                    && !c.has_default
                    && c.generated.is_none()
                {
                    impact.backward_incompatible = true;
                    impact.reason("inserts that do not name the new NOT NULL column fail");
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
