//! Oracle's locks for DDL, from Oracle Database's documentation (19c):
//! - "Database Concepts", "DDL Locks" and "Automatic Locks in DDL
//!   Operations": DDL takes an exclusive DDL lock on the object; it does
//!   not wait for DML to finish unless `DDL_LOCK_TIMEOUT` is set — without
//!   it, a table in use makes the statement fail at once (ORA-00054).
//!   <https://docs.oracle.com/en/database/oracle/oracle-database/19/cncpt/data-concurrency-and-consistency.html>
//! - "Administrator's Guide", "Creating an Index Online": without `ONLINE`,
//!   an index build locks the table in share mode, so DML waits; with it,
//!   DML goes on.
//!   <https://docs.oracle.com/en/database/oracle/oracle-database/19/admin/managing-indexes.html>
//! - "SQL Language Reference", `ALTER TABLE`: adding a column with a
//!   default is a metadata-only change (NOT NULL since 11g, nullable since
//!   12c); `DROP COLUMN` removes the column from every row (`SET UNUSED`
//!   is the fast form); `MODIFY` to a shorter or different type checks
//!   every row; an enabled, validated constraint checks every row, and a
//!   primary key or unique constraint builds its index.

use super::Impact;
use crate::sql::facts::Facts;

/// Lock modes taken on the table, weakest first. (`CREATE INDEX …
/// ONLINE`, which lets DML go on, is not read by the grammar yet: such a
/// statement is reported as not analyzed.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lock {
    /// Share: reads go on, DML waits.
    Share,
    /// Exclusive DDL lock: for a metadata change, a moment.
    Exclusive,
}

impl Lock {
    fn name(self) -> &'static str {
        match self {
            Lock::Share => "share",
            Lock::Exclusive => "exclusive",
        }
    }
}

#[derive(Default)]
struct Acc {
    lock: Option<Lock>,
    impact: Impact,
}

impl Acc {
    fn take(&mut self, lock: Lock, why: &str) {
        self.lock = self.lock.max(Some(lock));
        self.impact.reason(why);
    }
    /// Every row is read (and written, when `rewrite`) while DML waits.
    fn rows(&mut self, rewrite: bool, why: &str) {
        self.take(Lock::Exclusive, why);
        self.impact.scan = true;
        self.impact.rewrite |= rewrite;
        self.impact.blocks_writes = true;
    }
}

pub fn estimate(facts: &Facts) -> Impact {
    let mut acc = Acc::default();
    match facts.kind.as_str() {
        "create_index" => {
            acc.take(
                Lock::Share,
                "without ONLINE the table is locked in share mode while the index is built: DML waits",
            );
            acc.impact.scan = true;
            acc.impact.blocks_writes = true;
        }
        "alter_table" => alter_table(facts, &mut acc),
        "drop_table" | "truncate" | "drop_index" | "rename_table" => acc.take(
            Lock::Exclusive,
            "an exclusive DDL lock; without DDL_LOCK_TIMEOUT the statement fails at once (ORA-00054) while the table is in use",
        ),
        _ => {}
    }
    let Acc { lock, mut impact } = acc;
    impact.lock = lock.map(|l| l.name().into());
    impact.blocks_writes |= lock == Some(Lock::Share);
    impact
}

fn alter_table(facts: &Facts, acc: &mut Acc) {
    for op in facts.ops.iter().flatten() {
        match op.op.as_str() {
            "add_column" | "rename_column" | "set_default" | "drop_default" | "drop_not_null"
            | "drop_constraint" | "rename_constraint" | "disable_constraint" => acc.take(
                Lock::Exclusive,
                "a metadata-only change under an exclusive DDL lock (fails at once with ORA-00054 while the table is in use, unless DDL_LOCK_TIMEOUT is set)",
            ),
            "drop_column" => acc.rows(
                true,
                "DROP COLUMN removes the column from every row (SET UNUSED is the fast form)",
            ),
            "alter_column_type" | "modify_column" | "set_not_null" => {
                acc.rows(false, "MODIFY checks every existing row")
            }
            "add_constraint" | "enable_constraint" | "validate_constraint" => {
                let c = op.constraint.as_ref();
                let index = c.is_some_and(|c| matches!(c.kind.as_str(), "primary_key" | "unique"));
                if c.is_some_and(|c| c.not_valid) && !index {
                    acc.take(Lock::Exclusive, "NOVALIDATE: existing rows are not checked");
                } else if index {
                    acc.rows(false, "the constraint's index is built while DML waits");
                } else {
                    acc.rows(false, "an enabled, validated constraint checks every existing row");
                }
            }
            _ => acc.take(Lock::Exclusive, "ALTER TABLE takes an exclusive DDL lock"),
        }
    }
}
