//! One statement of an input document.

use serde_json::{Map, Value, json};

use super::InputParts;
use crate::sql::Statement;

/// Which document the statement goes into: they differ in what
/// `table.new` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    /// `new`: created earlier in the same changeset.
    V1,
    /// `new`: created by the proposal.
    V2,
}

pub(super) fn build(parts: &InputParts<'_>, stmt: &Statement, version: Version) -> Value {
    let loc = parts.sources.locate(stmt.span);
    let context = parts.contexts.get(stmt.index);
    let transaction = context.map(|c| c.transaction);
    let mut obj = match serde_json::to_value(&*stmt.facts) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let mut put = |k: &str, v: Value| {
        obj.insert(k.to_string(), v);
    };
    put("index", json!(stmt.index));
    put("changeset", json!(stmt.changeset));
    put("change_type", json!(stmt.change_type));
    put("phase", json!(stmt.phase));
    put("file", json!(loc.file));
    put("line", json!(loc.line));
    put("column", json!(loc.column));
    put("end_line", json!(loc.end_line));
    put("end_column", json!(loc.end_column));
    put("sql", json!(stmt.sql));
    put("parsed", json!(stmt.parsed()));
    put("parse_error", json!(stmt.ast.as_ref().err()));
    put("analyzed", json!(stmt.analyzed()));
    put("syntax_error", json!(stmt.syntax_error));
    // a statement of a `DO` body: the index of that `DO`
    put("within", json!(stmt.within));
    put("proposed", json!(parts.history.is_proposed(stmt.changeset)));
    let table = context.and_then(|c| c.table.as_ref());
    let mut table_json = json!(table);
    if version == Version::V1
        && let (Some(t), Value::Object(o)) = (table, &mut table_json)
    {
        o.insert("new".into(), json!(t.same_changeset));
    }
    put("table", table_json);
    put("transaction", json!(transaction));
    put(
        "in_transaction",
        json!(transaction.is_some_and(|t| t != crate::catalog::Transaction::None)),
    );
    put("impact", json!(parts.impacts.get(stmt.index).map(|i| &**i)));
    put("refusals", json!(context.map_or(&[][..], |c| &c.refusals)));
    if parts.include_ast
        && let Ok(Some(ast)) = &stmt.ast
    {
        put("ast", serde_json::to_value(ast).unwrap_or(Value::Null));
    }
    if let Some(c) = context {
        mark_proven(&mut obj, &c.not_null_proven);
        mark_retyped(&mut obj, &c.retyped);
    }
    Value::Object(obj)
}

/// `from_type` on each `alter_column_type` and `modify_column` op whose
/// column the replay holds: the column's type before the statement; and
/// `enum_change` when both types are MySQL `ENUM`s (or `SET`s).
fn mark_retyped(obj: &mut Map<String, Value>, retyped: &[crate::catalog::Retyped]) {
    if retyped.is_empty() {
        return;
    }
    let Some(Value::Array(ops)) = obj.get_mut("ops") else {
        return;
    };
    for op in ops.iter_mut().filter_map(Value::as_object_mut) {
        let retype = matches!(
            op.get("op").and_then(Value::as_str),
            Some("alter_column_type" | "modify_column")
        );
        let column = op.get("column").and_then(Value::as_str).map(str::to_string);
        let before = column.and_then(|c| retyped.iter().find(|r| r.column == c));
        if let (true, Some(r)) = (retype, before) {
            op.insert("from_type".into(), json!(r.from));
            if let Some(e) = &r.enum_change {
                op.insert("enum_change".into(), json!(e));
            }
        }
    }
}

/// `proven_by` on each `set_not_null` op a validated `CHECK (col IS NOT
/// NULL)` of an earlier statement proves: the constraint's name.
fn mark_proven(obj: &mut Map<String, Value>, proven: &[crate::catalog::ProvenNotNull]) {
    if proven.is_empty() {
        return;
    }
    let Some(Value::Array(ops)) = obj.get_mut("ops") else {
        return;
    };
    for op in ops.iter_mut().filter_map(Value::as_object_mut) {
        let set_not_null = op.get("op").and_then(Value::as_str) == Some("set_not_null");
        let column = op.get("column").and_then(Value::as_str).map(str::to_string);
        let proof = column.and_then(|c| proven.iter().find(|p| p.column == c));
        if let (true, Some(p)) = (set_not_null, proof) {
            op.insert("proven_by".into(), json!(p.constraint));
        }
    }
}
