//! `renaming-table` (`policies/compatibility/renaming_table.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let mut out: Vec<RawFinding> = doc
        .forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "rename_table") && !is_new_table(stmt))
        .filter_map(|stmt| finding(meta, stmt, message(stmt, get!(stmt, "new_name"))?))
        .collect();
    out.extend(
        doc.alter_ops()
            .filter(|(stmt, op)| is(get!(op, "op"), "rename_table") && !is_new_table(stmt))
            .filter_map(|(stmt, op)| finding(meta, stmt, message(stmt, get!(op, "new_name"))?)),
    );
    out
}

/// `message(stmt, new_name)`; `None` when either is undefined.
fn message(stmt: &Value, new_name: &Value) -> Option<String> {
    if matches!(new_name, Value::Undefined) {
        return None;
    }
    let table = table_label(stmt)?;
    let new_name = show(new_name);
    Some(format!(
        "Renaming table {table} to \"{new_name}\" breaks every query and running application version that still uses the old name"
    ))
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("renaming-table "))
            .collect()
    }

    #[test]
    fn alter_table_rename_on_postgres() {
        let found = findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             ALTER TABLE shop.orders RENAME TO purchases;\n\
             CREATE TABLE t (a int);\n\
             ALTER TABLE t RENAME TO u;\n",
        );
        assert_eq!(
            found,
            [
                "renaming-table error 2 Renaming table \"shop.orders\" to \"purchases\" breaks every query and running application version that still uses the old name",
            ]
        );
    }

    #[test]
    fn rename_table_on_mysql() {
        let found = findings(
            Dialect::Mysql,
            "RENAME TABLE orders TO purchases;\n\
             ALTER TABLE customers RENAME TO clients;\n\
             CREATE TABLE t (a int);\n\
             RENAME TABLE t TO u;\n",
        );
        assert_eq!(
            found,
            [
                "renaming-table error 1 Renaming table \"orders\" to \"purchases\" breaks every query and running application version that still uses the old name",
                "renaming-table error 2 Renaming table \"customers\" to \"clients\" breaks every query and running application version that still uses the old name",
            ]
        );
    }
}
