//! `backfill-in-ddl-transaction` (`policies/locking/backfill_in_ddl_transaction.rego`, `warn`).

use std::collections::HashMap;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{get, int, is, is_true, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    let forward = doc.forward();
    // altered: the first write-blocking ALTER TABLE in a transaction, by
    // lower-case table name
    let mut altered: HashMap<String, i64> = HashMap::new();
    for stmt in forward {
        if !(is(get!(stmt, "kind"), "alter_table")
            && is_true(get!(stmt, "in_transaction"))
            && is_true(get!(stmt, "impact", "blocks_writes")))
        {
            continue;
        }
        let (Some(name), Some(index)) =
            (text(get!(stmt, "table", "name")), int(get!(stmt, "index")))
        else {
            continue;
        };
        let first = altered.entry(name.to_lowercase()).or_insert(index);
        *first = (*first).min(index);
    }
    if altered.is_empty() {
        return Vec::new();
    }
    forward
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "update")
                && is_true(get!(stmt, "in_transaction"))
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let name = text(get!(stmt, "table", "name"))?;
            let first = *altered.get(&name.to_lowercase())?;
            if first >= int(get!(stmt, "index"))? {
                return None;
            }
            // line_of[first]
            let line = forward
                .iter()
                .find(|s| int(get!(s, "index")) == Some(first))
                .and_then(|s| int(get!(s, "line")))?;
            let label = table_label(stmt)?;
            let msg = format!(
                "UPDATE of {label} runs in the same transaction as the ALTER TABLE at line {line}: its lock on {label} is held until the whole backfill commits"
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn run(sql: &str) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("backfill-in-ddl-transaction"))
            .collect()
    }

    #[test]
    fn backfills_after_a_blocking_alter() {
        assert_eq!(
            run(
                "BEGIN;\nUPDATE orders SET a = 1;\nALTER TABLE Orders ADD COLUMN status text;\n\
                 ALTER TABLE orders ADD COLUMN b text;\nUPDATE ORDERS SET status = 'new';\n\
                 UPDATE other SET x = 1;\nCOMMIT;\n"
            ),
            [
                "backfill-in-ddl-transaction warning 5 UPDATE of \"ORDERS\" runs in the same transaction as the ALTER TABLE at line 3: its lock on \"ORDERS\" is held until the whole backfill commits"
            ]
        );
        assert!(
            run("ALTER TABLE orders ADD COLUMN status text;\nUPDATE other SET status = 'new';\n")
                .is_empty()
        );
    }
}
