//! `require-column-comment` (`policies/hygiene/require_column_comment.rego`, `warn`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !matches!(doc.dialect(), "postgres" | "oracle" | "mysql" | "mariadb") {
        return Vec::new();
    }
    let mysql = doc.is_mysql();
    let mut commented: Option<BTreeSet<String>> = None;
    let mut found = Vec::new();
    for (stmt, col) in doc.new_columns() {
        // `object.get(stmt, "temporary", false) == false`
        if !matches!(
            get!(stmt, "temporary"),
            Value::Bool(false) | Value::Undefined
        ) {
            continue;
        }
        let Some(column) = text(get!(col, "name")) else {
            continue;
        };
        let Some(table) = table_name(stmt) else {
            continue;
        };
        // `has_comment(stmt, col)`
        let has_comment = if mysql {
            text(get!(col, "comment")).is_some_and(|c| !c.trim().is_empty())
        } else {
            commented
                .get_or_insert_with(|| commented_columns(doc))
                .contains(&format!("{table}.{column}").to_lowercase())
        };
        if has_comment {
            continue;
        }
        let msg = format!("Column \"{column}\" of \"{table}\" is created without a comment");
        found.extend(finding(meta, stmt, msg));
    }
    found
}

/// `table_name(stmt)`, when it is a string.
fn table_name(stmt: &Value) -> Option<&str> {
    if is(get!(stmt, "kind"), "create_table") {
        text(get!(stmt, "object", "name"))
    } else {
        text(get!(stmt, "table", "name"))
    }
}

/// `commented`: `table.column` of every COMMENT ON COLUMN of the document.
fn commented_columns(doc: &Doc<'_>) -> BTreeSet<String> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "comment") && is(get!(stmt, "object", "type"), "column")
        })
        .filter_map(|stmt| {
            let column = text(get!(stmt, "object", "name"))?;
            let table = text(get!(stmt, "table", "name"))?;
            Some(format!("{table}.{column}").to_lowercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(dialect, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("require-column-comment"))
            .collect()
    }

    fn on() -> serde_json::Value {
        serde_json::json!({"rules": {"require-column-comment": {"enabled": true}}})
    }

    #[test]
    fn comment_statements_on_postgres() {
        let sql = "CREATE TABLE orders (id int PRIMARY KEY, Total int);\n\
                   ALTER TABLE orders ADD COLUMN note text, ADD COLUMN memo text;\n\
                   CREATE TEMPORARY TABLE scratch (id int PRIMARY KEY);\n\
                   COMMENT ON COLUMN ORDERS.total IS 'Total';\n\
                   COMMENT ON COLUMN orders.memo IS 'Memo';\n";
        assert_eq!(
            found(Dialect::Postgres, sql, on()),
            [
                "require-column-comment warning 1 Column \"id\" of \"orders\" is created without a comment",
                "require-column-comment warning 2 Column \"note\" of \"orders\" is created without a comment",
            ]
        );
        assert!(found(Dialect::Postgres, sql, serde_json::json!({})).is_empty());
        assert!(found(Dialect::Sqlserver, sql, on()).is_empty());
    }

    #[test]
    fn column_comments_on_mysql() {
        let sql = "CREATE TABLE orders (id int PRIMARY KEY COMMENT 'Id', total int COMMENT '  ', note text);\n\
                   ALTER TABLE orders ADD COLUMN memo text COMMENT 'Memo', ADD COLUMN flag int;\n";
        assert_eq!(
            found(Dialect::Mysql, sql, on()),
            [
                "require-column-comment warning 1 Column \"note\" of \"orders\" is created without a comment",
                "require-column-comment warning 1 Column \"total\" of \"orders\" is created without a comment",
                "require-column-comment warning 2 Column \"flag\" of \"orders\" is created without a comment",
            ]
        );
    }
}
