//! `identifier-too-long` (`policies/naming/identifier_too_long.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, decimal, get, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // `default_limit`: undefined on other dialects, and then so is `limit`
    // (a call with an undefined argument), configured or not.
    let default_limit = if doc.is_postgres() {
        63
    } else if doc.is_mysql() {
        64
    } else {
        return Vec::new();
    };
    let default_value;
    let limit: &Value = match doc.param(meta, "max_length") {
        Some(value) => value,
        None => {
            default_value = Value::from(default_limit);
            &default_value
        }
    };
    // `numeric_limit`
    let Value::Number(number) = limit else {
        return Vec::new();
    };
    let Some(max) = number.as_f64() else {
        return Vec::new();
    };
    // `%d` of a number with a fraction is an error in regorus: no finding
    // can be written then.
    if !number.is_integer() {
        return Vec::new();
    }
    let shown = decimal(limit).unwrap_or_default();
    let mut found = Vec::new();
    let mut check = |stmt: &Value, what: &dyn Fn() -> String, name: &Value| {
        let Some(name) = text(name) else { return };
        // `count(name)`: regorus counts UTF-16 code units, and a name of
        // n bytes has at most n of them
        if (name.len() as f64) <= max {
            return;
        }
        let length = name.encode_utf16().count();
        if (length as f64) <= max {
            return;
        }
        let consequence = if doc.is_postgres() {
            format!("PostgreSQL silently truncates it to {shown} bytes")
        } else {
            format!("the limit is {shown}")
        };
        let msg = format!(
            "The {} \"{name}\" is {length} characters long; {consequence}",
            what()
        );
        if let Some(f) = finding(meta, stmt, msg) {
            found.push(f);
        }
    };
    for stmt in doc.forward() {
        let Some(kind) = text(get!(stmt, "kind")) else {
            continue;
        };
        if kind.starts_with("create_") {
            let object = get!(stmt, "object");
            if let Some(object_type) = text(get!(object, "type")) {
                check(
                    stmt,
                    &|| format!("{object_type} name"),
                    get!(object, "name"),
                );
            }
        }
        match kind {
            "create_table" => {
                for col in items(get!(stmt, "columns")) {
                    check(stmt, &|| "column name".into(), get!(col, "name"));
                }
            }
            "alter_table" => {
                for op in items(get!(stmt, "ops")) {
                    match text(get!(op, "op")) {
                        Some("add_column") => {
                            check(stmt, &|| "column name".into(), get!(op, "column", "name"));
                        }
                        Some("add_constraint") => {
                            check(
                                stmt,
                                &|| "constraint name".into(),
                                get!(op, "constraint", "name"),
                            );
                        }
                        Some("rename_column" | "rename_table") => {
                            check(stmt, &|| "new name".into(), get!(op, "new_name"));
                        }
                        _ => {}
                    }
                }
            }
            "rename_table" => check(stmt, &|| "new name".into(), get!(stmt, "new_name")),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(dialect, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("identifier-too-long"))
            .collect()
    }

    const LONG: &str = "idx_orders_customer_id_created_at_status_shipping_country_region1";

    #[test]
    fn every_kind_of_name_on_postgres() {
        let sql = format!(
            "CREATE INDEX {LONG} ON orders (customer_id);\n\
             CREATE TABLE t (c_{LONG} int);\n\
             ALTER TABLE orders ADD COLUMN a_{LONG} int;\n\
             ALTER TABLE orders ADD CONSTRAINT k_{LONG} CHECK (id > 0);\n\
             ALTER TABLE orders RENAME COLUMN x TO r_{LONG};\n\
             ALTER TABLE orders RENAME TO t_{LONG};\n\
             CREATE TABLE short (id int);\n"
        );
        let found = found(Dialect::Postgres, &sql, serde_json::json!({}));
        assert_eq!(
            found,
            [
                format!(
                    "identifier-too-long error 1 The index name \"{LONG}\" is 65 characters long; PostgreSQL silently truncates it to 63 bytes"
                ),
                format!(
                    "identifier-too-long error 2 The column name \"c_{LONG}\" is 67 characters long; PostgreSQL silently truncates it to 63 bytes"
                ),
                format!(
                    "identifier-too-long error 3 The column name \"a_{LONG}\" is 67 characters long; PostgreSQL silently truncates it to 63 bytes"
                ),
                format!(
                    "identifier-too-long error 4 The constraint name \"k_{LONG}\" is 67 characters long; PostgreSQL silently truncates it to 63 bytes"
                ),
                format!(
                    "identifier-too-long error 5 The new name \"r_{LONG}\" is 67 characters long; PostgreSQL silently truncates it to 63 bytes"
                ),
                format!(
                    "identifier-too-long error 6 The new name \"t_{LONG}\" is 67 characters long; PostgreSQL silently truncates it to 63 bytes"
                ),
            ]
        );
    }

    #[test]
    fn mysql_limit_configured_limits_and_other_dialects() {
        // 64 characters, then 67
        let sql = format!(
            "CREATE TABLE {} (id int);\nCREATE TABLE t_{LONG} (id int);\n",
            &LONG[1..]
        );
        assert_eq!(
            found(Dialect::Mysql, &sql, serde_json::json!({})),
            [format!(
                "identifier-too-long error 2 The table name \"t_{LONG}\" is 67 characters long; the limit is 64"
            )]
        );
        let short = "CREATE INDEX idx_orders_customer ON orders (customer_id);\n";
        assert!(found(Dialect::Postgres, short, serde_json::json!({})).is_empty());
        let ten = serde_json::json!({"params": {"identifier-too-long": {"max_length": 10}}});
        assert_eq!(
            found(Dialect::Postgres, short, ten.clone()),
            [
                "identifier-too-long error 1 The index name \"idx_orders_customer\" is 19 characters long; PostgreSQL silently truncates it to 10 bytes"
            ]
        );
        let negative = serde_json::json!({"params": {"identifier-too-long": {"max_length": -1}}});
        assert_eq!(found(Dialect::Postgres, short, negative).len(), 1);
        let float = serde_json::json!({"params": {"identifier-too-long": {"max_length": 10.0}}});
        assert_eq!(found(Dialect::Postgres, short, float).len(), 1);
        let text = serde_json::json!({"params": {"identifier-too-long": {"max_length": "10"}}});
        assert!(found(Dialect::Postgres, short, text).is_empty());
        assert!(found(Dialect::Sqlserver, &sql, ten.clone()).is_empty());
        assert!(found(Dialect::Generic, &sql, ten).is_empty());
    }

    #[test]
    fn utf16_code_units_as_regorus_counts() {
        // 32 characters, 64 UTF-16 code units (128 bytes)
        let name = "😀".repeat(32);
        let sql = format!("CREATE TABLE \"{name}\" (id int);\n");
        assert_eq!(
            found(Dialect::Postgres, &sql, serde_json::json!({})),
            [format!(
                "identifier-too-long error 1 The table name \"{name}\" is 64 characters long; PostgreSQL silently truncates it to 63 bytes"
            )]
        );
    }

    #[test]
    fn characters_not_bytes() {
        // 62 characters, 124 bytes: within the limit
        let name = "é".repeat(62);
        let sql =
            format!("CREATE TABLE \"{name}\" (id int);\nCREATE TABLE \"{name}éé\" (id int);\n");
        assert_eq!(
            found(Dialect::Postgres, &sql, serde_json::json!({})),
            [format!(
                "identifier-too-long error 2 The table name \"{name}éé\" is 64 characters long; PostgreSQL silently truncates it to 63 bytes"
            )]
        );
    }
}
