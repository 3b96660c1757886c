//! `changing-column-type` (`policies/locking/changing_column_type.rego`,
//! `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, defined, get, is, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.alter_ops()
        .filter(|(stmt, op)| {
            is(get!(op, "op"), "alter_column_type")
                && !is_new_table(stmt)
                && !metadata_only(doc, stmt, op)
        })
        .filter_map(|(stmt, op)| {
            let table = table_label(stmt)?;
            let column = defined(get!(op, "column"))?;
            let new_type = defined(get!(op, "type"))?;
            let consequence = if doc.is_postgres() {
                format!(
                    "rewrites {table} and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes"
                )
            } else {
                format!("rebuilds or rechecks every row of {table} while blocking writes to it")
            };
            let msg = format!(
                "Changing the type of column \"{}\" of table {table} to {} {consequence}",
                show(column),
                show(new_type)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `metadata_only(stmt, op)`: PostgreSQL, the type before is known and
/// the change rewrites nothing.
fn metadata_only(doc: &Doc<'_>, stmt: &Value, op: &Value) -> bool {
    doc.is_postgres()
        && text(get!(op, "from_type")).is_some()
        && matches!(get!(stmt, "impact", "rewrite"), Value::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::super::oracle::{With, findings_of};
    use crate::dialect::Dialect;

    const RULE: &str = "changing-column-type";

    #[test]
    fn postgres_rewrites_metadata_only_changes_and_new_tables() {
        let with = With {
            baseline: Some("CREATE TABLE t (a varchar(10), b int, c varchar(5));\n"),
            ..With::default()
        };
        let found = findings_of(
            RULE,
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             ALTER TABLE t ALTER COLUMN a TYPE varchar(20);\n\
             ALTER TABLE t ALTER COLUMN b TYPE bigint;\n\
             ALTER TABLE x ALTER COLUMN a TYPE text;\n\
             ALTER TABLE s.x ALTER COLUMN a TYPE text, ALTER COLUMN b TYPE int;\n\
             CREATE TABLE n (a int);\n\
             ALTER TABLE n ALTER COLUMN a TYPE bigint;\n",
            with,
        );
        assert_eq!(
            found,
            [
                "changing-column-type error 3 Changing the type of column \"b\" of table \"t\" to BIGINT rewrites \"t\" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes",
                "changing-column-type error 4 Changing the type of column \"a\" of table \"x\" to TEXT rewrites \"x\" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes",
                "changing-column-type error 5 Changing the type of column \"a\" of table \"s.x\" to TEXT rewrites \"s.x\" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes",
                "changing-column-type error 5 Changing the type of column \"b\" of table \"s.x\" to INT rewrites \"s.x\" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes",
            ]
        );
    }

    #[test]
    fn other_dialects_even_when_metadata_only() {
        let with = With {
            baseline: Some("CREATE TABLE t (a varchar(10));\n"),
            ..With::default()
        };
        let found = findings_of(
            RULE,
            Dialect::Generic,
            "ALTER TABLE t ALTER COLUMN a TYPE varchar(20);\n",
            with,
        );
        assert_eq!(
            found,
            [
                "changing-column-type error 1 Changing the type of column \"a\" of table \"t\" to VARCHAR(20) rebuilds or rechecks every row of \"t\" while blocking writes to it"
            ]
        );
    }
}
