//! The input document every policy receives (`docs/input-document.md`).

use serde_json::{Map, Value, json};

use crate::catalog::Context;
use crate::dialect::{DbVersion, Dialect};
use crate::impact::Impact;
use crate::source::Changelog;
use crate::span::SourceMap;
use crate::sql::{Phase, Statement};

/// Version of the document's shape; bumped when a field is renamed or removed.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the document is built from.
pub struct InputParts<'a> {
    pub changelog: &'a Changelog,
    pub statements: &'a [Statement],
    pub contexts: &'a [Context],
    pub impacts: &'a [Impact],
    /// Rollback kind per changeset, as the sql stage resolved it.
    pub rollback: &'a [crate::source::RollbackKind],
    /// Per changeset: failed validation and marked as run without running.
    pub marked_ran: &'a [bool],
    pub sources: &'a SourceMap,
    pub dialect: Dialect,
    pub version: &'a DbVersion,
    /// Add each statement's raw sqlparser syntax tree as `ast` (large: about
    /// 12× the SQL, so only when a policy asks for it).
    pub include_ast: bool,
}

/// Builds the document.
pub fn build(parts: &InputParts<'_>) -> Value {
    let changesets: Vec<Value> = parts
        .changelog
        .changesets
        .iter()
        .enumerate()
        .map(|(i, cs)| {
            let loc = parts.sources.locate(cs.span);
            let of_phase = |phase: Phase| -> Vec<usize> {
                parts
                    .statements
                    .iter()
                    .filter(|s| s.changeset == i && s.phase == phase)
                    .map(|s| s.index)
                    .collect()
            };
            json!({
                "index": i,
                "id": cs.id,
                "author": cs.author,
                "version": cs.version,
                "description": cs.description,
                "role": cs.role,
                "file": loc.file,
                "line": loc.line,
                "column": loc.column,
                "transaction": cs.transaction,
                "rollback": parts.rollback.get(i).copied().unwrap_or(cs.rollback.kind),
                "statements": of_phase(Phase::Forward),
                "rollback_statements": of_phase(Phase::Rollback),
                "marked_ran": parts.marked_ran.get(i).copied().unwrap_or(false),
                "attributes": cs.attributes,
            })
        })
        .collect();

    let statements: Vec<Value> = parts
        .statements
        .iter()
        .map(|stmt| statement(parts, stmt))
        .collect();

    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "schemagate", "version": env!("CARGO_PKG_VERSION")},
        "target": {"dialect": parts.dialect, "version": parts.version},
        "source": {
            "format": parts.changelog.format,
            "path": crate::span::display_name(&parts.changelog.root),
        },
        "changesets": changesets,
        "statements": statements,
    })
}

fn statement(parts: &InputParts<'_>, stmt: &Statement) -> Value {
    let loc = parts.sources.locate(stmt.span);
    let context = parts.contexts.get(stmt.index);
    let transaction = context.map(|c| c.transaction);
    let mut obj = match serde_json::to_value(&stmt.facts) {
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
    put("table", json!(context.and_then(|c| c.table.as_ref())));
    put("transaction", json!(transaction));
    put(
        "in_transaction",
        json!(transaction.is_some_and(|t| t != crate::catalog::Transaction::None)),
    );
    put("impact", json!(parts.impacts.get(stmt.index)));
    put("refusals", json!(context.map_or(&[][..], |c| &c.refusals)));
    if parts.include_ast
        && let Ok(ast) = &stmt.ast
    {
        put("ast", serde_json::to_value(ast).unwrap_or(Value::Null));
    }
    Value::Object(obj)
}
