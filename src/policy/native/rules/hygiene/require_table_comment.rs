//! `require-table-comment` (`policies/hygiene/require_table_comment.rego`, `warn`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is, is_object, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !matches!(doc.dialect(), "postgres" | "oracle") {
        return Vec::new();
    }
    let mut commented: Option<BTreeSet<String>> = None;
    let mut found = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "create_table") {
            continue;
        }
        // `object.get(stmt, "temporary", false) == false`
        if !matches!(
            get!(stmt, "temporary"),
            Value::Bool(false) | Value::Undefined
        ) {
            continue;
        }
        let object = get!(stmt, "object");
        if text(get!(object, "name")).is_none() {
            continue;
        }
        let Some(name) = name_of(object) else {
            continue;
        };
        let commented = commented.get_or_insert_with(|| commented_tables(doc));
        if commented.contains(&name.to_lowercase()) {
            continue;
        }
        let msg =
            format!("Table \"{name}\" is created without a COMMENT ON TABLE in the migration");
        found.extend(finding(meta, stmt, msg));
    }
    found
}

/// `commented`: every table a COMMENT ON TABLE of the document names.
fn commented_tables(doc: &Doc<'_>) -> BTreeSet<String> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "comment"))
        .map(|stmt| get!(stmt, "object"))
        .filter(|object| {
            is_object(object)
                && is(get!(object, "type"), "table")
                && text(get!(object, "name")).is_some()
        })
        .filter_map(name_of)
        .map(|name| name.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn tables_without_a_comment() {
        let sql = "CREATE TABLE orders (id int PRIMARY KEY);\n\
                   CREATE TABLE app.Lines (id int PRIMARY KEY);\n\
                   CREATE TEMPORARY TABLE scratch (id int PRIMARY KEY);\n\
                   CREATE TABLE app.items (id int PRIMARY KEY);\n\
                   COMMENT ON TABLE orders IS 'Orders';\n\
                   COMMENT ON TABLE APP.LINES IS 'Lines';\n\
                   COMMENT ON TABLE items IS 'not app.items';\n";
        let on = serde_json::json!({"rules": {"require-table-comment": {"enabled": true}}});
        let found = |dialect, config| -> Vec<String> {
            same_findings(dialect, sql, config)
                .into_iter()
                .filter(|f| f.starts_with("require-table-comment"))
                .collect()
        };
        assert_eq!(
            found(Dialect::Postgres, on.clone()),
            [
                "require-table-comment warning 4 Table \"app.items\" is created without a COMMENT ON TABLE in the migration"
            ]
        );
        assert!(found(Dialect::Postgres, serde_json::json!({})).is_empty());
        assert!(found(Dialect::Mysql, on).is_empty());
    }
}
