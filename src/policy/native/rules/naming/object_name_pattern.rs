//! `object-name-pattern` (`policies/naming/object_name_pattern.rego`, `warn`).

use std::cell::RefCell;
use std::collections::HashMap;

use regex::{Regex, RegexBuilder};

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, get, items, text};
use crate::policy::native::{Doc, Meta};

/// The parameters, in the order `configured` tries them.
const KINDS: [&str; 8] = [
    "table",
    "column",
    "index",
    "primary_key",
    "unique",
    "foreign_key",
    "check",
    "forbidden",
];

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // `pattern(kind)`, for each of KINDS
    let patterns = KINDS.map(|kind| doc.param(meta, kind).and_then(text));
    // `configured`
    if patterns.iter().all(Option::is_none) {
        return Vec::new();
    }
    let pattern = |kind: &str| {
        KINDS
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| patterns[i])
    };
    let forbidden = pattern("forbidden");
    let mut found = Vec::new();
    // A pattern that is not a regular expression makes regorus fail the
    // whole entry point (a problem, no findings): none are given then.
    let mut invalid = false;
    let mut named = |stmt: &Value, kind: &str, name: &Value| {
        let Some(name) = text(name) else { return };
        if let Some(p) = pattern(kind) {
            let Some(matched) = regex_match(p, name) else {
                invalid = true;
                return;
            };
            if !matched {
                let msg = format!(
                    "{} name \"{name}\" does not match params.object-name-pattern.{kind} ({p})",
                    label(kind)
                );
                found.extend(finding(meta, stmt, msg));
            }
        }
        if let Some(p) = forbidden {
            let Some(matched) = regex_match(p, name) else {
                invalid = true;
                return;
            };
            if matched {
                let msg = format!(
                    "{} name \"{name}\" matches params.object-name-pattern.forbidden ({p})",
                    label(kind)
                );
                found.extend(finding(meta, stmt, msg));
            }
        }
    };
    for stmt in doc.forward() {
        match text(get!(stmt, "kind")) {
            Some("create_table") => {
                named(stmt, "table", get!(stmt, "object", "name"));
                for col in items(get!(stmt, "columns")) {
                    named(stmt, "column", get!(col, "name"));
                }
                for k in items(get!(stmt, "constraints")) {
                    if let Some(kind) = constraint_type(k) {
                        named(stmt, kind, get!(k, "name"));
                    }
                }
            }
            Some("create_index") => named(stmt, "index", get!(stmt, "object", "name")),
            Some("rename_table") => named(stmt, "table", get!(stmt, "new_name")),
            Some("alter_table") => {
                for op in items(get!(stmt, "ops")) {
                    match text(get!(op, "op")) {
                        Some("rename_table") => named(stmt, "table", get!(op, "new_name")),
                        Some("add_column") => named(stmt, "column", get!(op, "column", "name")),
                        Some("rename_column") => named(stmt, "column", get!(op, "new_name")),
                        Some("add_constraint") => {
                            let k = get!(op, "constraint");
                            if let Some(kind) = constraint_type(k) {
                                named(stmt, kind, get!(k, "name"));
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if invalid {
        return Vec::new();
    }
    found
}

/// The constraint's type, when it is one of `constraint_types`.
fn constraint_type(k: &Value) -> Option<&str> {
    text(get!(k, "type"))
        .filter(|t| matches!(*t, "primary_key" | "unique" | "foreign_key" | "check"))
}

/// `label(kind)`
fn label(kind: &str) -> &str {
    match kind {
        "primary_key" => "primary key",
        "unique" => "unique constraint",
        "foreign_key" => "foreign key",
        "check" => "check constraint",
        other => other,
    }
}

/// `regex.match(pattern, s)` as regorus runs it; `None` (undefined) when
/// the pattern does not compile. The patterns come from the configuration:
/// each is compiled once per thread.
fn regex_match(pattern: &str, s: &str) -> Option<bool> {
    thread_local! {
        static COMPILED: RefCell<HashMap<String, Option<Regex>>> = RefCell::new(HashMap::new());
    }
    COMPILED.with(|compiled| {
        let mut compiled = compiled.borrow_mut();
        if !compiled.contains_key(pattern) {
            // regorus's size limit
            let re = RegexBuilder::new(pattern)
                .size_limit(100 * 1024)
                .build()
                .ok();
            compiled.insert(pattern.to_owned(), re);
        }
        compiled
            .get(pattern)
            .and_then(Option::as_ref)
            .map(|re| re.is_match(s))
    })
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("object-name-pattern"))
            .collect()
    }

    const SQL: &str = "CREATE TABLE \"OrderLines\" (\"Id\" bigint, CONSTRAINT lines_pkey PRIMARY KEY (\"Id\"), CONSTRAINT lines_code UNIQUE (\"Id\"), CONSTRAINT lines_fk FOREIGN KEY (\"Id\") REFERENCES o (id), CONSTRAINT lines_ck CHECK (\"Id\" > 0));\n\
        CREATE INDEX orders_status ON orders (status);\n\
        CREATE TABLE tmp_orders (id int);\n\
        ALTER TABLE orders RENAME TO \"Orders2\";\n\
        ALTER TABLE orders RENAME COLUMN a TO \"B\";\n\
        ALTER TABLE orders ADD COLUMN \"shippedAt\" int, ADD CONSTRAINT orders_ck CHECK (id > 0);\n\
        ALTER TABLE orders ADD UNIQUE (id);\n\
        CREATE INDEX idx_ok ON orders (status);\n";

    #[test]
    fn nothing_until_configured() {
        assert!(found(SQL, serde_json::json!({})).is_empty());
        let not_text = serde_json::json!({"params": {"object-name-pattern": {"table": 1}}});
        assert!(found(SQL, not_text).is_empty());
    }

    #[test]
    fn every_kind_of_name_and_forbidden() {
        let config = serde_json::json!({"params": {"object-name-pattern": {
            "table": "^[a-z][a-z0-9_]*$", "column": "^[a-z][a-z0-9_]*$", "index": "^idx_",
            "primary_key": "^pk_", "unique": "^uq_", "foreign_key": "^fk_", "check": "^ck_",
            "forbidden": "^tmp_|^lines_c"
        }}});
        assert_eq!(
            found(SQL, config),
            [
                "object-name-pattern warning 1 check constraint name \"lines_ck\" does not match params.object-name-pattern.check (^ck_)",
                "object-name-pattern warning 1 check constraint name \"lines_ck\" matches params.object-name-pattern.forbidden (^tmp_|^lines_c)",
                "object-name-pattern warning 1 column name \"Id\" does not match params.object-name-pattern.column (^[a-z][a-z0-9_]*$)",
                "object-name-pattern warning 1 foreign key name \"lines_fk\" does not match params.object-name-pattern.foreign_key (^fk_)",
                "object-name-pattern warning 1 primary key name \"lines_pkey\" does not match params.object-name-pattern.primary_key (^pk_)",
                "object-name-pattern warning 1 table name \"OrderLines\" does not match params.object-name-pattern.table (^[a-z][a-z0-9_]*$)",
                "object-name-pattern warning 1 unique constraint name \"lines_code\" does not match params.object-name-pattern.unique (^uq_)",
                "object-name-pattern warning 1 unique constraint name \"lines_code\" matches params.object-name-pattern.forbidden (^tmp_|^lines_c)",
                "object-name-pattern warning 2 index name \"orders_status\" does not match params.object-name-pattern.index (^idx_)",
                "object-name-pattern warning 3 table name \"tmp_orders\" matches params.object-name-pattern.forbidden (^tmp_|^lines_c)",
                "object-name-pattern warning 4 table name \"Orders2\" does not match params.object-name-pattern.table (^[a-z][a-z0-9_]*$)",
                "object-name-pattern warning 5 column name \"B\" does not match params.object-name-pattern.column (^[a-z][a-z0-9_]*$)",
                "object-name-pattern warning 6 check constraint name \"orders_ck\" does not match params.object-name-pattern.check (^ck_)",
                "object-name-pattern warning 6 column name \"shippedAt\" does not match params.object-name-pattern.column (^[a-z][a-z0-9_]*$)",
            ]
        );
    }

    #[test]
    fn forbidden_alone() {
        let config = serde_json::json!({"params": {"object-name-pattern": {"forbidden": "^tmp_"}}});
        assert_eq!(
            found(SQL, config),
            [
                "object-name-pattern warning 3 table name \"tmp_orders\" matches params.object-name-pattern.forbidden (^tmp_)"
            ]
        );
    }

    #[test]
    fn an_invalid_pattern_gives_no_findings() {
        // regorus reports an error then (a problem the native rule cannot
        // give): compared natively only
        let config = serde_json::json!({"object-name-pattern": {"index": "(", "table": "^x"}});
        let params = crate::policy::native::value::Value::from_json(&config);
        let doc_value = crate::policy::native::value::Value::from_json(&serde_json::json!({
            "statements": [
                {"index": 0, "phase": "forward", "kind": "create_index", "object": {"type": "index", "name": "a"}},
                {"index": 1, "phase": "forward", "kind": "create_table", "object": {"type": "table", "name": "b"}},
            ]
        }));
        let doc = crate::policy::native::Doc::new(&doc_value, &params);
        let meta = crate::policy::native::Meta {
            id: "object-name-pattern".into(),
            severity: crate::policy::Severity::Warning,
            help: None,
        };
        assert!(super::warn(&doc, &meta).is_empty());
    }
}
