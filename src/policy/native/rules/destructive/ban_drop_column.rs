//! `ban-drop-column` (`policies/destructive/ban_drop_column.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is, is_true, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.alter_ops()
        .filter(|(stmt, op)| is(get!(op, "op"), "drop_column") && !is_new_table(stmt))
        .filter_map(|(stmt, op)| {
            let column = get!(op, "column");
            if *column == Value::Undefined {
                return None;
            }
            let label = table_label(stmt)?;
            let cascade = if is_true(get!(op, "cascade")) {
                "; CASCADE also drops the views and constraints that depend on it"
            } else {
                ""
            };
            let msg = format!(
                "Dropping column \"{}\" of table {label} deletes its data and breaks every query and application version that still uses it{cascade}",
                show(column)
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
            .filter(|f| f.starts_with("ban-drop-column "))
            .collect()
    }

    #[test]
    fn drops_cascade_and_new_tables() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "SET lock_timeout = '1s';\nALTER TABLE a DROP COLUMN x;\n\
                 ALTER TABLE s.b DROP COLUMN y CASCADE, DROP COLUMN z;\n\
                 CREATE TABLE d (id int, w int);\nALTER TABLE d DROP COLUMN w;\n\
                 ALTER TABLE a ADD COLUMN q int;\n",
            ),
            [
                "ban-drop-column error 2 Dropping column \"x\" of table \"a\" deletes its data and breaks every query and application version that still uses it",
                "ban-drop-column error 3 Dropping column \"y\" of table \"s.b\" deletes its data and breaks every query and application version that still uses it; CASCADE also drops the views and constraints that depend on it",
                "ban-drop-column error 3 Dropping column \"z\" of table \"s.b\" deletes its data and breaks every query and application version that still uses it",
            ]
        );
    }

    #[test]
    fn mysql() {
        assert_eq!(
            found(Dialect::Mysql, "ALTER TABLE t DROP COLUMN c;\n"),
            [
                "ban-drop-column error 1 Dropping column \"c\" of table \"t\" deletes its data and breaks every query and application version that still uses it"
            ]
        );
    }
}
