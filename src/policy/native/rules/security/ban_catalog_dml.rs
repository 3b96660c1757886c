//! `ban-catalog-dml` (`policies/security/ban_catalog_dml.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, table_label};
use crate::policy::native::value::{Value, get, is_object, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = text(get!(stmt, "kind"))?;
            if !matches!(kind, "insert" | "update" | "delete" | "merge") {
                return None;
            }
            let table = get!(stmt, "table");
            if !is_object(table) || text(get!(table, "name")).is_none() || !in_catalog(doc, table) {
                return None;
            }
            let msg = format!(
                "{} on the system catalog {} bypasses the server's own checks: a wrong value corrupts the catalog",
                kind.to_uppercase(),
                table_label(stmt)?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `catalog_schemas[lib.dialect]`.
fn catalog_schemas(dialect: &str) -> &'static [&'static str] {
    match dialect {
        "postgres" => &["pg_catalog", "information_schema"],
        "mysql" | "mariadb" => &["mysql", "information_schema", "performance_schema", "sys"],
        "sqlserver" => &["sys", "information_schema"],
        "oracle" => &["sys", "system"],
        _ => &[],
    }
}

/// `pg_catalog_tables`.
const PG_CATALOG_TABLES: &[&str] = &[
    "pg_class",
    "pg_attribute",
    "pg_type",
    "pg_proc",
    "pg_namespace",
    "pg_constraint",
    "pg_index",
    "pg_database",
    "pg_authid",
    "pg_roles",
    "pg_trigger",
    "pg_depend",
    "pg_description",
    "pg_extension",
    "pg_enum",
    "pg_attrdef",
    "pg_statistic",
];

fn in_catalog(doc: &Doc<'_>, table: &Value) -> bool {
    let schema = get!(table, "schema");
    if let Some(schema) = text(schema)
        && catalog_schemas(doc.dialect()).contains(&schema.to_lowercase().as_str())
    {
        return true;
    }
    doc.is_postgres()
        && matches!(schema, Value::Null)
        && text(get!(table, "name"))
            .is_some_and(|name| PG_CATALOG_TABLES.contains(&name.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-catalog-dml "))
            .collect()
    }

    #[test]
    fn postgres_catalog_schemas_and_unqualified_catalog_tables() {
        assert_eq!(
            findings(
                Dialect::Postgres,
                "UPDATE pg_catalog.pg_type SET typname = 'b' WHERE typname = 'a';\n\
                 DELETE FROM PG_CLASS WHERE relname = 'x';\n\
                 INSERT INTO information_schema.tables VALUES (1);\n\
                 UPDATE app.pg_class SET a = 1;\n\
                 UPDATE orders SET a = 1;\n\
                 UPDATE mysql.user SET a = 1;\n"
            ),
            [
                "ban-catalog-dml error 1 UPDATE on the system catalog \"pg_catalog.pg_type\" bypasses the server's own checks: a wrong value corrupts the catalog",
                "ban-catalog-dml error 2 DELETE on the system catalog \"PG_CLASS\" bypasses the server's own checks: a wrong value corrupts the catalog",
                "ban-catalog-dml error 3 INSERT on the system catalog \"information_schema.tables\" bypasses the server's own checks: a wrong value corrupts the catalog",
            ]
        );
    }

    #[test]
    fn other_dialects_have_their_own_catalogs() {
        assert_eq!(
            findings(
                Dialect::Mysql,
                "UPDATE mysql.user SET a = 1;\nUPDATE pg_class SET a = 1;\nDELETE FROM SYS.x;\n"
            ),
            [
                "ban-catalog-dml error 1 UPDATE on the system catalog \"mysql.user\" bypasses the server's own checks: a wrong value corrupts the catalog",
                "ban-catalog-dml error 3 DELETE on the system catalog \"SYS.x\" bypasses the server's own checks: a wrong value corrupts the catalog",
            ]
        );
        assert_eq!(
            findings(Dialect::Sqlite, "UPDATE sys.x SET a = 1;\n"),
            Vec::<String>::new()
        );
    }
}
