//! `renaming-column` (`policies/compatibility/renaming_column.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.alter_ops()
        .filter(|(stmt, op)| renamed(op) && !is_new_table(stmt))
        .filter_map(|(stmt, op)| {
            let column = get!(op, "column");
            let new_name = get!(op, "new_name");
            if matches!(column, Value::Undefined) || matches!(new_name, Value::Undefined) {
                return None;
            }
            let table = table_label(stmt)?;
            let column = show(column);
            let new_name = show(new_name);
            finding(
                meta,
                stmt,
                format!(
                    "Renaming column \"{column}\" of table {table} to \"{new_name}\" breaks every query and running application version that still uses \"{column}\""
                ),
            )
        })
        .collect()
}

/// `renamed(op)`: RENAME COLUMN, or MySQL's `CHANGE old new type` when
/// the names differ.
fn renamed(op: &Value) -> bool {
    let kind = get!(op, "op");
    if is(kind, "rename_column") {
        return true;
    }
    let new_name = get!(op, "new_name");
    let column = get!(op, "column");
    is(kind, "modify_column")
        && text(new_name).is_some()
        && !matches!(column, Value::Undefined)
        && new_name != column
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("renaming-column "))
            .collect()
    }

    #[test]
    fn renames_of_existing_tables() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             ALTER TABLE orders RENAME COLUMN total TO amount;\n\
             ALTER TABLE shop.orders RENAME COLUMN note TO memo;\n\
             CREATE TABLE t (a int);\n\
             ALTER TABLE t RENAME COLUMN a TO b;\n\
             ALTER TABLE orders ADD COLUMN amount2 numeric(12, 2);\n",
        );
        assert_eq!(
            found,
            [
                "renaming-column error 2 Renaming column \"total\" of table \"orders\" to \"amount\" breaks every query and running application version that still uses \"total\"",
                "renaming-column error 3 Renaming column \"note\" of table \"shop.orders\" to \"memo\" breaks every query and running application version that still uses \"note\"",
            ]
        );
    }

    #[test]
    fn mysql_change_with_a_new_name() {
        let found = findings(
            Dialect::Mysql,
            "ALTER TABLE orders CHANGE total amount decimal(12,2);\n\
             ALTER TABLE orders CHANGE note note text;\n\
             ALTER TABLE orders MODIFY status varchar(20);\n\
             ALTER TABLE orders RENAME COLUMN a TO b;\n",
        );
        assert_eq!(
            found,
            [
                "renaming-column error 1 Renaming column \"total\" of table \"orders\" to \"amount\" breaks every query and running application version that still uses \"total\"",
                "renaming-column error 4 Renaming column \"a\" of table \"orders\" to \"b\" breaks every query and running application version that still uses \"a\"",
            ]
        );
    }
}
