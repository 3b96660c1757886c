//! One statement of an input document.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::InputParts;
use super::rego::Strings;
use super::to_value::Entries;
use super::value::{self as doc, Key, Object};
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

/// What a statement object holds besides its facts, written to `out`
/// (the JSON object, or the document one): the one place that says it.
fn entries(parts: &InputParts<'_>, stmt: &Statement, version: Version, out: &mut impl Put) {
    let loc = parts.sources.locate(stmt.span);
    let context = parts.contexts.get(stmt.index);
    let transaction = context.map(|c| c.transaction);
    out.put("index", &stmt.index);
    out.put("changeset", &stmt.changeset);
    out.put("change_type", &stmt.change_type);
    out.put("phase", &stmt.phase);
    out.put("file", &loc.file);
    out.put("line", &loc.line);
    out.put("column", &loc.column);
    out.put("end_line", &loc.end_line);
    out.put("end_column", &loc.end_column);
    // stored once: sqlStatements repeats it
    out.put_text("sql", &stmt.sql);
    out.put("parsed", &stmt.parsed());
    out.put("parse_error", &stmt.ast.as_ref().err());
    out.put("analyzed", &stmt.analyzed());
    out.put("syntax_error", &stmt.syntax_error);
    // a statement of a `DO` body: the index of that `DO`
    out.put("within", &stmt.within);
    out.put("proposed", &parts.history.is_proposed(stmt.changeset));
    let table = context.and_then(|c| c.table.as_ref());
    match (version, table) {
        (Version::V1, Some(t)) => out.put_with("table", t, ("new", t.same_changeset)),
        _ => out.put("table", &table),
    }
    out.put("transaction", &transaction);
    out.put(
        "in_transaction",
        &transaction.is_some_and(|t| t != crate::catalog::Transaction::None),
    );
    out.put("impact", &parts.impacts.get(stmt.index).map(|i| &**i));
    out.put("refusals", &context.map_or(&[][..], |c| &c.refusals));
    if parts.include_ast
        && let Ok(Some(ast)) = &stmt.ast
    {
        out.put("ast", ast);
    }
}

/// Where [`entries`] writes.
pub(super) trait Put {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);
    /// A string the documents hold more than once, however long.
    fn put_text(&mut self, key: &'static str, value: &str) {
        self.put(key, value);
    }
    /// `value`, an object, with one more entry.
    fn put_with<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
        extra: (&'static str, bool),
    );
}

impl Put for Map<String, Value> {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert(
            key.to_string(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
    }
    fn put_with<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
        extra: (&'static str, bool),
    ) {
        let mut v = serde_json::to_value(value).unwrap_or(Value::Null);
        if let Value::Object(o) = &mut v {
            o.insert(extra.0.into(), json!(extra.1));
        }
        self.insert(key.to_string(), v);
    }
}

/// A document object's entries being built.
pub(super) struct DocEntries<'s> {
    strings: &'s mut Strings,
    entries: Entries,
}

impl<'s> DocEntries<'s> {
    pub(super) fn new(strings: &'s mut Strings) -> DocEntries<'s> {
        DocEntries {
            strings,
            entries: Vec::with_capacity(24),
        }
    }

    /// The object of the entries.
    pub(super) fn object(self) -> doc::Value {
        doc::Value::Object(Object::new(self.entries))
    }
}

impl Put for DocEntries<'_> {
    fn put_text(&mut self, key: &'static str, value: &str) {
        let v = self.strings.text(value);
        self.entries.push((Key::Static(key), v));
    }
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        let v = self.strings.serialize(value);
        self.entries.push((Key::Static(key), v));
    }
    fn put_with<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
        extra: (&'static str, bool),
    ) {
        let mut fields = self.strings.fields(value);
        fields.push((Key::Static(extra.0), doc::Value::Bool(extra.1)));
        let object = doc::Value::Object(Object::new(fields));
        self.entries.push((Key::Static(key), object));
    }
}

/// The statement as JSON.
pub(super) fn build(parts: &InputParts<'_>, stmt: &Statement, version: Version) -> Value {
    let mut obj = match serde_json::to_value(&*stmt.facts) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    entries(parts, stmt, version, &mut obj);
    if let Some(c) = parts.contexts.get(stmt.index) {
        mark_proven(&mut obj, &c.not_null_proven);
        mark_retyped(&mut obj, &c.retyped);
    }
    Value::Object(obj)
}

/// The statement as the rules read it: [`build`]'s object, built without
/// the JSON.
pub(super) fn build_value(
    parts: &InputParts<'_>,
    stmt: &Statement,
    version: Version,
    strings: &mut Strings,
) -> doc::Value {
    // the few statements whose ops the replay marks go through the JSON
    if parts
        .contexts
        .get(stmt.index)
        .is_some_and(|c| !c.not_null_proven.is_empty() || !c.retyped.is_empty())
    {
        return strings.value(build(parts, stmt, version));
    }
    let mut out = DocEntries {
        entries: strings.fields(&*stmt.facts),
        strings,
    };
    entries(parts, stmt, version, &mut out);
    out.object()
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
