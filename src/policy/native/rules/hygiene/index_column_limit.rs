//! `index-column-limit` (`policies/hygiene/index_column_limit.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::decimal;
use crate::policy::native::value::{Value, get, is_array, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // `max_columns`: unset or not a number, nothing to look at
    let Some(max_columns) = doc
        .param(meta, "max_columns")
        .filter(|v| matches!(v, Value::Number(_)))
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    // A number with a fraction makes `%d` an error in regorus: no findings.
    let mut failed = false;
    let mut key = |stmt: &Value, label: &dyn Fn() -> String, columns: &Value| {
        if !is_array(columns) {
            return;
        }
        let count = items(columns).len();
        if Value::from(count) <= *max_columns {
            return;
        }
        let Some(limit) = decimal(max_columns) else {
            failed = true;
            return;
        };
        let msg = format!(
            "{} has {count} columns, more than {limit} (params.index-column-limit.max_columns)",
            label()
        );
        found.extend(finding(meta, stmt, msg));
    };
    for stmt in doc.forward() {
        match text(get!(stmt, "kind")) {
            Some("create_index") => {
                if let Some(name) = text(get!(stmt, "object", "name")) {
                    key(stmt, &|| format!("Index \"{name}\""), get!(stmt, "columns"));
                }
            }
            Some("create_table") => {
                for k in items(get!(stmt, "constraints")) {
                    if let Some(kind) = kind_words(k) {
                        key(stmt, &|| what(kind, k), get!(k, "columns"));
                    }
                }
            }
            Some("alter_table") => {
                for op in items(get!(stmt, "ops")) {
                    let k = get!(op, "constraint");
                    if text(get!(op, "op")) == Some("add_constraint")
                        && let Some(kind) = kind_words(k)
                    {
                        key(stmt, &|| what(kind, k), get!(k, "columns"));
                    }
                }
            }
            _ => {}
        }
    }
    if failed {
        return Vec::new();
    }
    found
}

/// `kind_words[k.type]`, for the key types the rule counts.
fn kind_words(k: &Value) -> Option<&'static str> {
    match text(get!(k, "type"))? {
        "primary_key" => Some("Primary key"),
        "unique" => Some("Unique key"),
        "index" => Some("Index"),
        _ => None,
    }
}

/// `what(k)`
fn what(kind: &str, k: &Value) -> String {
    match text(get!(k, "name")) {
        Some(name) => format!("{kind} \"{name}\""),
        None => kind.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("index-column-limit"))
            .collect()
    }

    const SQL: &str = "CREATE INDEX wide ON orders (a, b, c);\n\
        CREATE INDEX narrow ON orders (a, b);\n\
        CREATE TABLE t (a int, b int, c int, PRIMARY KEY (a, b, c), CONSTRAINT uq_t UNIQUE (a, b, c), UNIQUE (a));\n\
        ALTER TABLE orders ADD CONSTRAINT pk_o PRIMARY KEY (a, b, c), ADD UNIQUE (a, b, c), ADD CONSTRAINT ck CHECK (a > b + c);\n";

    #[test]
    fn nothing_until_configured() {
        assert!(found(SQL, serde_json::json!({})).is_empty());
        let text = serde_json::json!({"params": {"index-column-limit": {"max_columns": "2"}}});
        assert!(found(SQL, text).is_empty());
    }

    #[test]
    fn indexes_and_keys_past_the_limit() {
        let two = serde_json::json!({"params": {"index-column-limit": {"max_columns": 2}}});
        let tail = "has 3 columns, more than 2 (params.index-column-limit.max_columns)";
        assert_eq!(
            found(SQL, two),
            [
                format!("index-column-limit warning 1 Index \"wide\" {tail}"),
                format!("index-column-limit warning 3 Primary key {tail}"),
                format!("index-column-limit warning 3 Unique key \"uq_t\" {tail}"),
                format!("index-column-limit warning 4 Primary key \"pk_o\" {tail}"),
                format!("index-column-limit warning 4 Unique key {tail}"),
            ]
        );
        let float = serde_json::json!({"params": {"index-column-limit": {"max_columns": 2.0}}});
        assert_eq!(found(SQL, float).len(), 5);
    }
}
