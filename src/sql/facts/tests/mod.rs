//! Facts of realistic statements, asserted field by field against the
//! input-document contract (`docs/input-document.md`).

use serde_json::Value;
use sqlparser::parser::Parser;

use super::{from_ast, from_tokens};
use crate::dialect::Dialect;

mod alter;
mod corpus;
mod dcl;
mod ddl;
mod dml;
mod session;
mod tokens;

/// The serialized facts of the one statement in `sql`.
fn facts(sql: &str, dialect: Dialect) -> Value {
    let statements =
        Parser::parse_sql(&*dialect.parser(), sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    assert_eq!(statements.len(), 1, "{sql}");
    serde_json::to_value(from_ast(&statements[0], dialect)).unwrap()
}

fn pg(sql: &str) -> Value {
    facts(sql, Dialect::Postgres)
}

fn mysql(sql: &str) -> Value {
    facts(sql, Dialect::Mysql)
}

/// Facts of a statement sqlparser's own dialect fails on (asserted, so
/// the test notices when a sqlparser upgrade starts parsing it), read from
/// its tokens. (Our grammar may read it: `tests/it/parse_coverage.rs`
/// checks that the tree gives the same facts.)
fn unparsed(sql: &str, dialect: Dialect) -> Value {
    assert!(
        Parser::parse_sql(&*crate::sql::grammar::base(dialect), sql).is_err(),
        "sqlparser now parses {sql}"
    );
    serde_json::to_value(from_tokens(sql, dialect)).unwrap()
}

/// The `table` facts (not serialized) of the one statement in `sql`.
fn table_of(sql: &str, dialect: Dialect) -> Option<(Option<String>, String)> {
    let statements = Parser::parse_sql(&*dialect.parser(), sql).unwrap();
    from_ast(&statements[0], dialect)
        .table
        .map(|t| (t.schema, t.name))
}

fn table(name: &str) -> Value {
    serde_json::json!({"type": "table", "schema": null, "name": name})
}

/// A `Column` with every flag off, then `fields` on top.
fn column(name: &str, data_type: &str, fields: Value) -> Value {
    let mut col = serde_json::json!({
        "name": name, "type": data_type, "not_null": false, "primary_key": false,
        "unique": false, "has_default": false, "default": null, "default_volatile": false,
        "generated": null, "references": null,
    });
    if let (Some(col), Value::Object(extra)) = (col.as_object_mut(), fields) {
        col.extend(extra);
    }
    col
}

/// Common statement fields, then `fields` on top.
fn stmt(kind: &str, object: Value, fields: Value) -> Value {
    let mut s = serde_json::json!({
        "kind": kind, "object": object, "if_exists": false, "if_not_exists": false,
        "concurrently": false, "cascade": false,
    });
    if let (Some(s), Value::Object(extra)) = (s.as_object_mut(), fields) {
        s.extend(extra);
    }
    s
}
