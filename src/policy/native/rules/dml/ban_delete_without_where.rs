//! `ban-delete-without-where` (`policies/dml/ban_delete_without_where.rego`,
//! `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "delete")
                && *get!(stmt, "where") == Value::Bool(false)
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let msg = format!(
                "DELETE from {} has no WHERE clause: it removes every row of the table",
                table_label(stmt)?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn delete_without_where_on_existing_tables() {
        for dialect in [Dialect::Postgres, Dialect::Mysql] {
            let found: Vec<String> = same_findings(
                dialect,
                "DELETE FROM a;\nDELETE FROM s.b;\nDELETE FROM a WHERE id = 1;\n\
                 CREATE TABLE d (id int);\nDELETE FROM d;\nUPDATE a SET id = 2;\n",
                serde_json::json!({}),
            )
            .into_iter()
            .filter(|f| f.starts_with("ban-delete-without-where "))
            .collect();
            assert_eq!(
                found,
                [
                    "ban-delete-without-where error 1 DELETE from \"a\" has no WHERE clause: it removes every row of the table",
                    "ban-delete-without-where error 2 DELETE from \"s.b\" has no WHERE clause: it removes every row of the table",
                ],
                "{dialect:?}"
            );
        }
    }
}
