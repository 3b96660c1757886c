//! `table-column-limit` (`policies/hygiene/table_column_limit.rego`, `warn`).

use std::sync::LazyLock;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::decimal;
use crate::policy::native::value::{Value, get, is, is_array, items};
use crate::policy::native::{Doc, Meta};

/// The default `max_columns`.
static DEFAULT: LazyLock<Value> = LazyLock::new(|| Value::from(50u64));

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // any value: `count(stmt.columns) > max_columns` compares it as regorus
    // does (a number with any null or boolean, nothing with a string)
    let max_columns: &Value = doc.param(meta, "max_columns").unwrap_or(&DEFAULT);
    let mut found = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "create_table") || !is_array(get!(stmt, "columns")) {
            continue;
        }
        let count = items(get!(stmt, "columns")).len();
        if Value::from(count) <= *max_columns {
            continue;
        }
        let Some(name) = name_of(get!(stmt, "object")) else {
            continue;
        };
        // `%d` of a number with a fraction is an error in regorus: no
        // findings then
        let Some(limit) = decimal(max_columns) else {
            return Vec::new();
        };
        let msg = format!("Table \"{name}\" is created with {count} columns, more than {limit}");
        found.extend(finding(meta, stmt, msg));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("table-column-limit"))
            .collect()
    }

    fn table(name: &str, columns: usize) -> String {
        let columns: Vec<String> = (0..columns).map(|i| format!("c{i} int")).collect();
        format!("CREATE TABLE {name} ({});\n", columns.join(", "))
    }

    #[test]
    fn default_and_configured_limits() {
        let sql = format!("{}{}{}", table("a", 50), table("app.b", 51), table("c", 3));
        assert_eq!(
            found(&sql, serde_json::json!({})),
            [
                "table-column-limit warning 2 Table \"app.b\" is created with 51 columns, more than 50"
            ]
        );
        let two = serde_json::json!({"params": {"table-column-limit": {"max_columns": 2}}});
        assert_eq!(found(&sql, two).len(), 3);
        let float = serde_json::json!({"params": {"table-column-limit": {"max_columns": 50.0}}});
        assert_eq!(found(&sql, float).len(), 1);
    }

    #[test]
    fn limits_of_other_types_compare_as_regorus_compares() {
        let sql = table("a", 1);
        let with = |max: serde_json::Value| {
            found(
                &sql,
                serde_json::json!({"params": {"table-column-limit": {"max_columns": max}}}),
            )
        };
        assert_eq!(
            with(serde_json::Value::Null),
            ["table-column-limit warning 1 Table \"a\" is created with 1 columns, more than "]
        );
        assert_eq!(with(true.into()).len(), 1);
        assert!(with("0".into()).is_empty());
        assert!(with(serde_json::json!([0])).is_empty());
        assert_eq!(
            with((-1).into()),
            ["table-column-limit warning 1 Table \"a\" is created with 1 columns, more than --1"]
        );
    }
}
