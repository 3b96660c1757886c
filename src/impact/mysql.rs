//! MySQL/MariaDB InnoDB online DDL: which operations are instant, in-place
//! (concurrent DML allowed) or a table copy (writes blocked), following the
//! "Online DDL Operations" tables of the MySQL 8.0 manual.

use super::Impact;
use crate::catalog::Retyped;
use crate::dialect::{DbVersion, Dialect};
use crate::sql::facts::{Facts, OpColumn};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Algorithm {
    Instant,
    InplaceNoRebuild,
    InplaceRebuild,
    Copy,
}

pub fn estimate(
    facts: &Facts,
    retyped: &[Retyped],
    dialect: Dialect,
    version: &DbVersion,
) -> Impact {
    let mut impact = Impact::default();
    let mysql8 = dialect == Dialect::Mysql && version.major().is_none_or(|m| m >= 8);
    // MySQL 8.0.29 drops a column instantly by default (an unknown version
    // is taken to be a current one).
    let instant_drop = dialect == Dialect::Mysql
        && (!version.is_set() || version.0.as_slice() >= [8, 0, 29].as_slice());
    let requested = facts
        .extra
        .get("algorithm")
        .and_then(|v| v.as_str())
        .map(str::to_ascii_uppercase);
    let mut worst: Option<Algorithm> = None;
    let mut take = |a: Algorithm| worst = worst.max(Some(a));
    match facts.kind.as_str() {
        "alter_table" => {
            for op in facts.ops.iter().flatten() {
                match op.op.as_str() {
                    "add_column" => {
                        let stored = matches!(&op.column, Some(OpColumn::Definition(c)) if c.generated.as_deref() == Some("stored"));
                        take(if stored {
                            Algorithm::Copy
                        } else if mysql8 {
                            Algorithm::Instant
                        } else {
                            Algorithm::InplaceRebuild
                        });
                    }
                    "drop_column" if instant_drop => take(Algorithm::Instant),
                    "drop_column" | "set_not_null" | "drop_not_null" | "drop_primary_key" => {
                        take(Algorithm::InplaceRebuild)
                    }
                    "rename_column" | "set_default" | "drop_default" | "rename_table"
                    | "drop_constraint" | "drop_foreign_key" => take(Algorithm::InplaceNoRebuild),
                    // values appended at the end of an ENUM/SET keep every
                    // stored number: "Modifying the definition of an ENUM or
                    // SET column" (instant on 8.0, in place before)
                    "modify_column" if appends_enum_values(op, retyped) => take(if mysql8 {
                        Algorithm::Instant
                    } else {
                        Algorithm::InplaceNoRebuild
                    }),
                    "alter_column_type" | "modify_column" => take(Algorithm::Copy),
                    "add_constraint" => match op.constraint.as_ref().map(|c| c.kind.as_str()) {
                        Some("primary_key") => take(Algorithm::InplaceRebuild),
                        Some("foreign_key") => take(Algorithm::Copy),
                        _ => take(Algorithm::InplaceNoRebuild),
                    },
                    _ => take(Algorithm::InplaceNoRebuild),
                }
            }
        }
        "create_index" | "drop_index" => take(Algorithm::InplaceNoRebuild),
        "drop_table" | "truncate" | "rename_table" => take(Algorithm::Instant),
        _ => {}
    }
    let effective = match requested.as_deref() {
        Some("COPY") => worst.map(|_| Algorithm::Copy),
        _ => worst,
    };
    if let Some(a) = effective {
        match a {
            Algorithm::Instant => {
                impact.lock = Some("metadata_exclusive".into());
                impact.reason("instant: only a brief metadata lock");
            }
            Algorithm::InplaceNoRebuild => {
                impact.lock = Some("metadata_shared".into());
                if facts.kind == "create_index" {
                    impact.scan = true;
                    impact.reason("in place: the index is built while reads and writes continue");
                }
            }
            Algorithm::InplaceRebuild => {
                impact.lock = Some("metadata_shared".into());
                impact.rewrite = true;
                impact.scan = true;
                impact.reason("in place with a table rebuild: reads and writes continue, but the table is rewritten");
            }
            Algorithm::Copy => {
                impact.lock = Some("metadata_exclusive".into());
                impact.rewrite = true;
                impact.scan = true;
                impact.blocks_writes = true;
                impact.reason(
                    "table copy (ALGORITHM=COPY): writes are blocked while the table is copied",
                );
            }
        }
    }
    requested_lock(facts, &mut impact);
    impact
}

/// A `MODIFY`/`CHANGE` that keeps the column's name and only appends
/// values to its `ENUM`/`SET` (same storage size, nullability and default).
fn appends_enum_values(op: &crate::sql::facts::Op, retyped: &[Retyped]) -> bool {
    let Some(OpColumn::Name(column)) = &op.column else {
        return false;
    };
    let renamed = op.new_name.as_ref().is_some_and(|n| n != column);
    !renamed
        && retyped
            .iter()
            .any(|r| &r.column == column && r.enum_change.as_ref().is_some_and(|e| e.append_only))
}

/// `LOCK=SHARED` blocks writes for the whole statement, `LOCK=EXCLUSIVE`
/// reads and writes, whatever the algorithm.
fn requested_lock(facts: &Facts, impact: &mut Impact) {
    let lock = facts
        .extra
        .get("lock")
        .and_then(|v| v.as_str())
        .map(str::to_ascii_uppercase);
    match lock.as_deref() {
        Some("SHARED") => {
            impact.blocks_writes = true;
            impact.reason("LOCK=SHARED: writes are blocked for the whole statement");
        }
        Some("EXCLUSIVE") => {
            impact.lock = Some("metadata_exclusive".into());
            impact.blocks_reads = true;
            impact.blocks_writes = true;
            impact.reason("LOCK=EXCLUSIVE: reads and writes are blocked for the whole statement");
        }
        _ => {}
    }
}
