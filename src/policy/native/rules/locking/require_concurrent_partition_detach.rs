//! `require-concurrent-partition-detach`
//! (`policies/locking/require_concurrent_partition_detach.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, holds, is, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.alter_ops()
        .filter(|(stmt, op)| {
            is(get!(op, "op"), "detach_partition")
                && !holds(get!(op, "concurrently"))
                && !is_new_table(stmt)
        })
        .filter_map(|(stmt, op)| {
            let table = table_label(stmt)?;
            let name = get!(op, "name");
            if *name == Value::Undefined {
                return None;
            }
            let msg = format!(
                "Detaching partition \"{}\" from {table} without CONCURRENTLY locks {table} and all its partitions against reads and writes",
                show(name)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("require-concurrent-partition-detach "))
            .collect()
    }

    #[test]
    fn plain_detaches_of_existing_tables() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "ALTER TABLE measurements DETACH PARTITION measurements_2020;\n\
                 ALTER TABLE app.events DETACH PARTITION app.events_2021 FINALIZE;\n\
                 ALTER TABLE measurements DETACH PARTITION measurements_2021 CONCURRENTLY;\n\
                 CREATE TABLE n (id int) PARTITION BY RANGE (id);\n\
                 ALTER TABLE n DETACH PARTITION n_1;\n",
            ),
            [
                "require-concurrent-partition-detach warning 1 Detaching partition \"measurements_2020\" from \"measurements\" without CONCURRENTLY locks \"measurements\" and all its partitions against reads and writes",
                "require-concurrent-partition-detach warning 2 Detaching partition \"app.events_2021\" from \"app.events\" without CONCURRENTLY locks \"app.events\" and all its partitions against reads and writes",
            ]
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(
            found(
                Dialect::Generic,
                "ALTER TABLE measurements DETACH PARTITION measurements_2020;\n"
            )
            .is_empty()
        );
    }
}
