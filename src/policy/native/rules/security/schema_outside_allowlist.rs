//! `schema-outside-allowlist`
//! (`policies/security/schema_outside_allowlist.rego`, `deny`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words};
use crate::policy::native::value::{Value, get, is_array, is_object, items, text};
use crate::policy::native::{Doc, Meta};

/// `meta.kinds`.
const KINDS: &[&str] = &[
    "create_table",
    "alter_table",
    "drop_table",
    "rename_table",
    "truncate",
    "create_index",
    "drop_index",
    "create_view",
    "drop_view",
    "insert",
    "update",
    "delete",
    "merge",
];

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let Some(configured) = doc.param(meta, "allowed_schemas").filter(|c| is_array(c)) else {
        return Vec::new();
    };
    // `allowed`
    let allowed: BTreeSet<String> = items(configured)
        .iter()
        .filter_map(text)
        .map(str::to_lowercase)
        .collect();
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = text(get!(stmt, "kind")).filter(|k| KINDS.contains(k))?;
            let schema = target_schema(stmt)?;
            if allowed.contains(&schema.to_lowercase()) {
                return None;
            }
            let msg = format!(
                "{} in schema \"{schema}\", which params.schema-outside-allowlist.allowed_schemas does not hold",
                kind_words(kind)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `target_schema(stmt)`: its table's schema, else its object's.
fn target_schema(stmt: &Value) -> Option<&str> {
    let table = get!(stmt, "table");
    if is_object(table)
        && let Some(schema) = text(get!(table, "schema"))
    {
        return Some(schema);
    }
    let object = get!(stmt, "object");
    if is_object(object) {
        return text(get!(object, "schema"));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("schema-outside-allowlist "))
            .collect()
    }

    const SQL: &str = "SET lock_timeout = '1s';\n\
                       ALTER TABLE APP.orders ADD COLUMN note text;\n\
                       UPDATE billing.invoices SET status = 'void' WHERE id = 1;\n\
                       CREATE INDEX CONCURRENTLY i ON reporting.t (a);\n\
                       DROP INDEX CONCURRENTLY reporting.i;\n\
                       CREATE VIEW other.v AS SELECT 1;\n\
                       UPDATE invoices SET status = 'void';\n\
                       CREATE SCHEMA elsewhere;\n\
                       GRANT SELECT ON other.t TO r;\n";

    #[test]
    fn objects_in_other_schemas() {
        assert_eq!(
            findings(
                SQL,
                serde_json::json!({"params": {"schema-outside-allowlist": {"allowed_schemas": ["app", null]}}})
            ),
            [
                "schema-outside-allowlist error 3 UPDATE in schema \"billing\", which params.schema-outside-allowlist.allowed_schemas does not hold",
                "schema-outside-allowlist error 4 CREATE INDEX in schema \"reporting\", which params.schema-outside-allowlist.allowed_schemas does not hold",
                "schema-outside-allowlist error 5 DROP INDEX in schema \"reporting\", which params.schema-outside-allowlist.allowed_schemas does not hold",
                "schema-outside-allowlist error 6 CREATE VIEW in schema \"other\", which params.schema-outside-allowlist.allowed_schemas does not hold",
            ]
        );
    }

    #[test]
    fn nothing_unless_configured_as_a_list() {
        assert!(findings(SQL, serde_json::json!({})).is_empty());
        assert!(
            findings(
                SQL,
                serde_json::json!({"params": {"schema-outside-allowlist": {"allowed_schemas": "app"}}})
            )
            .is_empty()
        );
    }
}
