//! `require-table-schema` (`policies/naming/require_table_schema.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            matches!(
                text(get!(stmt, "kind")),
                Some("create_table" | "alter_table" | "drop_table")
            )
        })
        .filter_map(|stmt| {
            let object = get!(stmt, "object");
            // `stmt.object.schema == null`: present and null
            if !is(get!(object, "type"), "table") || *get!(object, "schema") != Value::Null {
                return None;
            }
            let name = text(get!(object, "name"))?;
            let msg = format!(
                "Table \"{name}\" is named without a schema: where it is depends on the search_path of the session that runs the migration"
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
    fn unqualified_tables_when_enabled() {
        let sql = "CREATE TABLE orders (id int);\nALTER TABLE app.orders ADD COLUMN a int;\n\
                   ALTER TABLE orders ADD COLUMN b int;\nDROP TABLE orders;\nDROP TABLE app.x;\n\
                   CREATE INDEX i ON orders (id);\n";
        let on = serde_json::json!({"rules": {"require-table-schema": {"enabled": true}}});
        let found: Vec<String> = same_findings(Dialect::Postgres, sql, on)
            .into_iter()
            .filter(|f| f.starts_with("require-table-schema"))
            .collect();
        let message = "is named without a schema: where it is depends on the search_path of the session that runs the migration";
        assert_eq!(
            found,
            [
                format!("require-table-schema warning 1 Table \"orders\" {message}"),
                format!("require-table-schema warning 3 Table \"orders\" {message}"),
                format!("require-table-schema warning 4 Table \"orders\" {message}"),
            ]
        );
        let off = same_findings(Dialect::Postgres, sql, serde_json::json!({}));
        assert!(!off.iter().any(|f| f.starts_with("require-table-schema")));
    }
}
