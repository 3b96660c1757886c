//! SQLite's locks for DDL, from sqlite.org:
//! - "File Locking And Concurrency" / "Write-Ahead Logging": one writer at a
//!   time for the whole database; any schema change holds the database's
//!   write lock until its transaction commits (in WAL mode readers go on,
//!   in rollback-journal mode they wait too).
//!   <https://www.sqlite.org/lockingv3.html>, <https://www.sqlite.org/wal.html>
//! - "ALTER TABLE": `RENAME TABLE`, `RENAME COLUMN` and `ADD COLUMN` change
//!   only the schema text; `DROP COLUMN` (3.35+) rewrites the table's
//!   content; any other change needs the twelve-step table rebuild (a new
//!   table, a copy of every row, a rename).
//!   <https://www.sqlite.org/lang_altertable.html>
//! - `CREATE INDEX` reads the whole table.

use super::Impact;
use crate::sql::facts::Facts;

pub fn estimate(facts: &Facts) -> Impact {
    let mut impact = Impact::default();
    let write_lock = |impact: &mut Impact, why: &str| {
        impact.lock = Some("database_write".into());
        impact.blocks_writes = true;
        impact.reason(why);
    };
    match facts.kind.as_str() {
        "create_index" => {
            write_lock(
                &mut impact,
                "the index is built under the database's write lock: every writer waits",
            );
            impact.scan = true;
        }
        "alter_table" => {
            for op in facts.ops.iter().flatten() {
                match op.op.as_str() {
                    "add_column" | "rename_column" | "rename_table" => write_lock(
                        &mut impact,
                        "only the schema text changes, under the database's write lock",
                    ),
                    "drop_column" => {
                        write_lock(&mut impact, "DROP COLUMN rewrites the table's content");
                        impact.rewrite = true;
                        impact.scan = true;
                    }
                    _ => {
                        write_lock(
                            &mut impact,
                            "SQLite cannot alter this in place: the table is rebuilt (a new table, every row copied)",
                        );
                        impact.rewrite = true;
                        impact.scan = true;
                    }
                }
            }
        }
        "drop_table" | "drop_index" | "truncate" | "delete" | "update" | "insert" => write_lock(
            &mut impact,
            "a write holds the database's write lock until its transaction commits: every other writer waits",
        ),
        _ => {}
    }
    impact
}
