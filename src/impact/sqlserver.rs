//! SQL Server's locks for DDL, from Microsoft's documentation:
//! - "ALTER TABLE (Transact-SQL)", Remarks, "Locks and ALTER TABLE": changes
//!   take a schema modification (Sch-M) lock held for the statement, which
//!   blocks every other access to the table; adding a NOT NULL column with
//!   a runtime-constant default is a metadata-only change since SQL Server
//!   2012 (Enterprise edition), as is adding a nullable column; dropping a
//!   column is metadata-only (the space is reclaimed later).
//!   <https://learn.microsoft.com/sql/t-sql/statements/alter-table-transact-sql#locks-and-alter-table>
//! - "ALTER TABLE … ALTER COLUMN": changing a type or nullability checks or
//!   rewrites every row ("size-of-data" operation) under that Sch-M lock.
//! - "CREATE INDEX (Transact-SQL)", "ONLINE = { ON | OFF }" and "How Online
//!   Index Operations Work": an offline build of a nonclustered index takes
//!   a shared (S) lock (reads continue, writes wait), of a clustered index a
//!   Sch-M lock (everything waits); `ONLINE = ON` keeps reads and writes
//!   going, with a short Sch-M at the end.
//!   <https://learn.microsoft.com/sql/relational-databases/indexes/how-online-index-operations-work>
//! - "ALTER TABLE … ADD CONSTRAINT": `WITH CHECK` (the default for a new
//!   constraint) validates every existing row while the Sch-M lock is held;
//!   a PRIMARY KEY or UNIQUE constraint builds its index, offline by default.

use super::Impact;
use crate::sql::facts::{Facts, OpColumn};

/// Lock modes, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lock {
    /// Sch-S: the table's definition may not change; reads and writes go on.
    SchemaStability,
    /// S on the table: reads go on, writes wait.
    Shared,
    /// Sch-M: nothing else touches the table.
    SchemaModification,
}

impl Lock {
    fn name(self) -> &'static str {
        match self {
            Lock::SchemaStability => "schema_stability",
            Lock::Shared => "shared",
            Lock::SchemaModification => "schema_modification",
        }
    }
}

#[derive(Default)]
struct Acc {
    lock: Option<Lock>,
    impact: Impact,
}

impl Acc {
    /// Sch-M for a metadata change: a moment, once granted.
    fn brief(&mut self, why: &str) {
        self.lock = self.lock.max(Some(Lock::SchemaModification));
        self.impact.reason(why);
    }
    /// `lock` held while every row is read (and written, when `rewrite`).
    fn size_of_data(&mut self, lock: Lock, rewrite: bool, why: &str) {
        self.lock = self.lock.max(Some(lock));
        self.impact.scan = true;
        self.impact.rewrite |= rewrite;
        self.impact.reason(why);
    }
}

pub fn estimate(facts: &Facts) -> Impact {
    let mut acc = Acc::default();
    match facts.kind.as_str() {
        "create_index" => create_index(facts, &mut acc),
        "alter_table" => alter_table(facts, &mut acc),
        "drop_index" => acc.brief("dropping an index takes a schema modification lock"),
        "drop_table" | "truncate" | "rename_table" => {
            acc.brief("a schema modification lock: a moment once granted, but every query on the table queues behind it")
        }
        _ => {}
    }
    let Acc { lock, mut impact } = acc;
    if let Some(lock) = lock {
        impact.lock = Some(lock.name().into());
        // a brief Sch-M blocks too, for the moment it is held; the work
        // done under a lock (`scan`, `rewrite`) is what the numbers time
        impact.blocks_writes = lock >= Lock::Shared;
        impact.blocks_reads = lock == Lock::SchemaModification;
    }
    impact
}

fn create_index(facts: &Facts, acc: &mut Acc) {
    let flag = |k: &str| facts.extra.get(k).and_then(|v| v.as_bool()) == Some(true);
    if flag("online") {
        acc.lock = Some(Lock::SchemaStability);
        acc.impact.scan = true;
        acc.impact.reason(
            "ONLINE = ON: reads and writes continue while the index is built (a short schema modification lock at the end)",
        );
    } else if flag("clustered") {
        acc.size_of_data(
            Lock::SchemaModification,
            true,
            "an offline clustered index build rewrites the table under a schema modification lock: reads and writes wait",
        );
    } else {
        acc.size_of_data(
            Lock::Shared,
            false,
            "an offline index build holds a shared lock on the table: reads continue, writes wait (ONLINE = ON avoids it)",
        );
    }
}

fn alter_table(facts: &Facts, acc: &mut Acc) {
    for op in facts.ops.iter().flatten() {
        match op.op.as_str() {
            "add_column" => {
                let volatile = matches!(&op.column, Some(OpColumn::Definition(c)) if c.default_volatile);
                if volatile {
                    acc.size_of_data(
                        Lock::SchemaModification,
                        true,
                        "a column with a default evaluated per row is written into every row",
                    );
                } else {
                    acc.brief("adding a nullable column, or one with a constant default, is a metadata-only change (SQL Server 2012+ Enterprise for NOT NULL with a default)");
                }
            }
            "drop_column" => acc.brief("dropping a column is metadata-only; the space is reclaimed later"),
            "alter_column_type" | "modify_column" | "set_not_null" | "drop_not_null" => acc
                .size_of_data(
                    Lock::SchemaModification,
                    true,
                    "ALTER COLUMN checks or rewrites every row under a schema modification lock: reads and writes wait",
                ),
            "add_constraint" => {
                let kind = op.constraint.as_ref().map(|c| c.kind.as_str());
                let nocheck = op.constraint.as_ref().is_some_and(|c| c.not_valid);
                match kind {
                    Some("primary_key" | "unique") => acc.size_of_data(
                        Lock::SchemaModification,
                        kind == Some("primary_key"),
                        "the constraint's index is built offline under a schema modification lock",
                    ),
                    _ if nocheck => acc.brief("WITH NOCHECK: existing rows are not validated"),
                    _ => acc.size_of_data(
                        Lock::SchemaModification,
                        false,
                        "WITH CHECK validates every existing row under a schema modification lock",
                    ),
                }
            }
            _ => acc.brief("ALTER TABLE takes a schema modification lock"),
        }
    }
}
