//! `ban-update-without-where` (`policies/dml/ban_update_without_where.rego`,
//! `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, get, is};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "update")
                && *get!(stmt, "where") == Value::Bool(false)
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let msg = format!(
                "UPDATE of {} has no WHERE clause: it changes every row of the table in one transaction",
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
    fn update_without_where_on_existing_tables() {
        for dialect in [Dialect::Postgres, Dialect::Mysql] {
            let found: Vec<String> = same_findings(
                dialect,
                "UPDATE a SET x = 1;\nUPDATE s.b SET x = 1;\nUPDATE a SET x = 1 WHERE id = 1;\n\
                 CREATE TABLE d (id int);\nUPDATE d SET id = 1;\nDELETE FROM a;\n",
                serde_json::json!({}),
            )
            .into_iter()
            .filter(|f| f.starts_with("ban-update-without-where "))
            .collect();
            assert_eq!(
                found,
                [
                    "ban-update-without-where error 1 UPDATE of \"a\" has no WHERE clause: it changes every row of the table in one transaction",
                    "ban-update-without-where error 2 UPDATE of \"s.b\" has no WHERE clause: it changes every row of the table in one transaction",
                ],
                "{dialect:?}"
            );
        }
    }
}
