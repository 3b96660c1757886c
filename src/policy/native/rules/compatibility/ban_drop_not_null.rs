//! `ban-drop-not-null` (`policies/compatibility/ban_drop_not_null.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.alter_ops()
        .filter(|(stmt, op)| is(get!(op, "op"), "drop_not_null") && !is_new_table(stmt))
        .filter_map(|(stmt, op)| {
            let column = get!(op, "column");
            if matches!(column, Value::Undefined) {
                return None;
            }
            let table = table_label(stmt)?;
            let column = show(column);
            finding(
                meta,
                stmt,
                format!(
                    "Dropping NOT NULL from column \"{column}\" of table {table} lets NULLs reach code that assumes the column always has a value"
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn existing_tables_only() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\n\
             ALTER TABLE orders ALTER COLUMN status DROP NOT NULL;\n\
             ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\n\
             CREATE TABLE t (a int NOT NULL);\n\
             ALTER TABLE t ALTER COLUMN a DROP NOT NULL;\n\
             ALTER TABLE shop.items ALTER COLUMN sku DROP NOT NULL, ALTER COLUMN name DROP NOT NULL;\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-drop-not-null "))
        .collect();
        assert_eq!(
            found,
            [
                "ban-drop-not-null warning 2 Dropping NOT NULL from column \"status\" of table \"orders\" lets NULLs reach code that assumes the column always has a value",
                "ban-drop-not-null warning 6 Dropping NOT NULL from column \"name\" of table \"shop.items\" lets NULLs reach code that assumes the column always has a value",
                "ban-drop-not-null warning 6 Dropping NOT NULL from column \"sku\" of table \"shop.items\" lets NULLs reach code that assumes the column always has a value",
            ]
        );
    }
}
