//! The input documents policies receive (`docs/input-document.md`).
//!
//! `schema_version` 2 has two documents: one per **proposed** changeset
//! (the changeset and its statements, with what the replay of history
//! already computed into each statement), evaluated by `deny`, `violation`
//! and `warn`; and one over the **whole proposal**, evaluated by
//! `proposal_deny`, `proposal_violation` and `proposal_warn`. History
//! changesets are replayed, never evaluated.
//!
//! Policy packages that do not declare `schema_version := 2` are read as
//! written for `schema_version` 1 and get its single document of the whole
//! changelog; their findings on history are dropped.

mod engine;
pub mod harness;
pub mod rego;
mod statement;
mod to_value;
pub mod value;

use serde_json::{Map, Value, json};

use crate::catalog::Context;
use crate::dialect::{DbVersion, Dialect};
use crate::history::Classification;
use crate::impact::Impact;
use crate::source::Changelog;
use crate::span::SourceMap;
use crate::sql::{Phase, Statement};

/// The version of the documents `deny`/`warn` of current policies get.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything the documents are built from.
pub struct InputParts<'a> {
    pub changelog: &'a Changelog,
    pub statements: &'a [Statement],
    pub contexts: &'a [Context],
    /// Per statement (statements with the same impact may share one).
    pub impacts: &'a [std::sync::Arc<Impact>],
    /// Rollback kind per changeset, as the sql stage resolved it.
    pub rollback: &'a [crate::source::RollbackKind],
    /// Per changeset: what replaying its rollback showed (the catalog's).
    pub rollbacks: &'a [Option<crate::catalog::RollbackCheck>],
    /// Per changeset: failed validation and marked as run without running.
    pub marked_ran: &'a [bool],
    /// Which changesets are history and which are proposed.
    pub history: &'a Classification,
    pub sources: &'a SourceMap,
    pub dialect: Dialect,
    pub version: &'a DbVersion,
    /// Add each statement's raw sqlparser syntax tree as `ast` (large: about
    /// 12× the SQL, so only when a policy asks for it).
    pub include_ast: bool,
    /// The configuration's `harness:` (`dbInstance`/`dbSchema`).
    pub harness: &'a harness::Harness,
    /// The `--stats` snapshot read, if any (`target.stats`).
    pub stats: Option<&'a std::path::Path>,
    /// What the `--baseline` dumps say of the environment, if any were given.
    pub environment: Option<&'a crate::diff::Environment>,
}

/// Which documents the loaded policies read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// One per proposed changeset (`deny`/`warn` of `schema_version` 2).
    pub changesets: bool,
    /// The whole proposal (`proposal_deny`/`proposal_warn`).
    pub proposal: bool,
    /// The `schema_version` 1 document (packages written for it).
    pub v1: bool,
}

impl Needs {
    pub fn all() -> Needs {
        Needs {
            changesets: true,
            proposal: true,
            v1: true,
        }
    }
}

/// The documents of one changelog.
#[derive(Debug, Default)]
pub struct Inputs {
    /// `(changeset index, document)` for every proposed changeset, in order.
    pub changesets: Vec<(usize, Value)>,
    pub proposal: Option<Value>,
    pub v1: Option<Value>,
    /// Per changeset of the changelog: proposed (judged) rather than history.
    pub proposed: Vec<bool>,
    /// Per statement of the changelog: the index of its changeset.
    pub statement_changeset: Vec<usize>,
    /// Built by [`documents`]: the documents as the engine evaluates them
    /// (the JSON fields above are then empty).
    pub documents: Option<rego::Documents>,
}

impl Inputs {
    /// Is the changeset at `index` proposed? (Past the end: yes.)
    pub fn is_proposed(&self, changeset: usize) -> bool {
        self.proposed.get(changeset).copied().unwrap_or(true)
    }

    /// The documents of a whole-changelog document shaped as in
    /// `schema_version` 1 (every changeset proposed), for platforms and
    /// tests that build one by hand.
    pub fn from_whole(doc: &Value) -> Inputs {
        let empty = Vec::new();
        let changesets = doc["changesets"].as_array().unwrap_or(&empty);
        let statements = doc["statements"].as_array().unwrap_or(&empty);
        let mut header = Map::new();
        for key in ["tool", "target", "source"] {
            header.insert(key.into(), doc[key].clone());
        }
        header.insert("schema_version".into(), json!(SCHEMA_VERSION));
        let statement_changeset: Vec<usize> = statements
            .iter()
            .map(|s| s["changeset"].as_u64().unwrap_or(0) as usize)
            .collect();
        let per_changeset = changesets
            .iter()
            .enumerate()
            .map(|(i, cs)| {
                let mut d = header.clone();
                d.insert("changeset".into(), cs.clone());
                let own = statements
                    .iter()
                    .zip(&statement_changeset)
                    .filter(|(_, c)| **c == i)
                    .map(|(s, _)| s.clone())
                    .collect();
                d.insert("statements".into(), Value::Array(own));
                (i, Value::Object(d))
            })
            .collect();
        let mut proposal = header;
        proposal.insert("changesets".into(), Value::Array(changesets.clone()));
        proposal.insert("statements".into(), Value::Array(statements.clone()));
        proposal.insert(
            "history".into(),
            json!({"basis": "everything", "changesets": 0, "removed": []}),
        );
        let mut v1 = doc.clone();
        v1["schema_version"] = json!(1);
        Inputs {
            changesets: per_changeset,
            proposal: Some(Value::Object(proposal)),
            v1: Some(v1),
            proposed: vec![true; changesets.len()],
            statement_changeset,
            documents: None,
        }
    }

    /// The documents as the engine evaluates them: those built so, or the
    /// JSON ones converted.
    pub fn take_documents(&mut self) -> rego::Documents {
        if let Some(d) = self.documents.take() {
            return d;
        }
        let mut strings = rego::Strings::default();
        let mut one = |doc: Value| rego::Document::from_json(doc, &mut strings);
        rego::Documents {
            changesets: std::mem::take(&mut self.changesets)
                .into_iter()
                .map(|(i, doc)| (i, one(doc)))
                .collect(),
            proposal: self.proposal.take().map(&mut one),
            v1: self.v1.take().map(&mut one),
            // JSON values always serialize
            unbuilt: Vec::new(),
        }
    }
}

/// Builds the documents `needs` asks for.
pub fn build(parts: &InputParts<'_>, needs: Needs) -> Inputs {
    let mut inputs = Inputs {
        proposed: (0..parts.changelog.changesets.len())
            .map(|i| parts.history.is_proposed(i))
            .collect(),
        statement_changeset: parts.statements.iter().map(|s| s.changeset).collect(),
        ..Inputs::default()
    };
    let index = StatementIndex::new(parts);
    if needs.changesets || needs.proposal {
        let proposed: Vec<usize> = (0..parts.changelog.changesets.len())
            .filter(|&i| parts.history.is_proposed(i))
            .collect();
        // Statement and changeset objects are built once and shared by the
        // per-changeset documents and the proposal document.
        let mut per_changeset: Vec<(Value, Vec<Value>)> = proposed
            .iter()
            .map(|&i| (changeset(parts, &index, i), Vec::new()))
            .collect();
        let slot: std::collections::HashMap<usize, usize> =
            proposed.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        for stmt in parts.statements {
            if let Some(&k) = slot.get(&stmt.changeset) {
                per_changeset[k]
                    .1
                    .push(statement::build(parts, stmt, statement::Version::V2));
            }
        }
        if needs.proposal {
            let mut doc = header(parts, SCHEMA_VERSION);
            doc.insert(
                "changesets".into(),
                Value::Array(per_changeset.iter().map(|(c, _)| c.clone()).collect()),
            );
            doc.insert(
                "statements".into(),
                Value::Array(
                    per_changeset
                        .iter()
                        .flat_map(|(_, s)| s.iter().cloned())
                        .collect(),
                ),
            );
            doc.insert("history".into(), history(parts));
            if let Some(env) = environment(parts, &index, None) {
                doc.insert("environment".into(), env);
            }
            harness::add(parts, &mut doc);
            inputs.proposal = Some(Value::Object(doc));
        }
        if needs.changesets {
            inputs.changesets = proposed
                .iter()
                .zip(per_changeset)
                .map(|(&i, (cs, stmts))| {
                    let mut doc = header(parts, SCHEMA_VERSION);
                    doc.insert("changeset".into(), cs);
                    doc.insert("statements".into(), Value::Array(stmts));
                    if let Some(env) = environment(parts, &index, Some(i)) {
                        doc.insert("environment".into(), env);
                    }
                    (i, Value::Object(doc))
                })
                .collect();
        }
    }
    if needs.v1 {
        inputs.v1 = Some(v1(parts));
    }
    inputs
}

/// [`build`]'s documents in the form the rules read ([`rego`], made of
/// [`value`]s), never held as JSON: each statement is serialized straight
/// into its object, shared by its changeset's document and the proposal
/// document. regorus gets them converted, only when it evaluates a rule.
pub fn documents(parts: &InputParts<'_>, needs: Needs) -> Inputs {
    Inputs {
        proposed: (0..parts.changelog.changesets.len())
            .map(|i| parts.history.is_proposed(i))
            .collect(),
        statement_changeset: parts.statements.iter().map(|s| s.changeset).collect(),
        documents: Some(engine::documents(parts, needs)),
        ..Inputs::default()
    }
}

/// [`documents`], with the per-changeset documents also as JSON (in
/// `changesets`): for reports that read them too (the impact table).
pub fn documents_and_json(parts: &InputParts<'_>, needs: Needs) -> Inputs {
    let json = Needs {
        changesets: true,
        proposal: false,
        v1: false,
    };
    Inputs {
        changesets: build(parts, json).changesets,
        ..documents(parts, needs)
    }
}

/// [`documents`], checked against [`build`]'s JSON read as regorus reads
/// it: the two ways of building a document must give the same values.
#[cfg(test)]
pub(crate) fn documents_checked(parts: &InputParts<'_>, needs: Needs) -> Inputs {
    let built = documents(parts, needs);
    let json = build(parts, needs);
    let docs = built.documents.as_ref().expect("documents");
    let as_read = |v: &Value| regorus::Value::from(v.clone());
    assert_eq!(docs.changesets.len(), json.changesets.len());
    for ((i, doc), (j, expected)) in docs.changesets.iter().zip(&json.changesets) {
        assert_eq!(i, j);
        assert!(
            doc.value.to_rego() == as_read(expected),
            "changeset {i} of {}",
            parts.changelog.root.display()
        );
    }
    let same = |a: &Option<rego::Document>, b: &Option<Value>| match (a, b) {
        (Some(a), Some(b)) => a.value.to_rego() == as_read(b),
        (None, None) => true,
        _ => false,
    };
    assert!(
        same(&docs.proposal, &json.proposal),
        "proposal of {}",
        parts.changelog.root.display()
    );
    assert!(
        same(&docs.v1, &json.v1),
        "v1 of {}",
        parts.changelog.root.display()
    );
    built
}

/// The statements of each changeset, by phase: found once, not by a scan
/// of every statement per changeset (quadratic on a changelog of many).
pub(super) struct StatementIndex {
    forward: Vec<Vec<usize>>,
    rollback: Vec<Vec<usize>>,
}

impl StatementIndex {
    pub(super) fn new(parts: &InputParts<'_>) -> Self {
        let n = parts.changelog.changesets.len();
        let mut index = StatementIndex {
            forward: vec![Vec::new(); n],
            rollback: vec![Vec::new(); n],
        };
        for s in parts.statements {
            let list = match s.phase {
                Phase::Forward => index.forward.get_mut(s.changeset),
                Phase::Rollback => index.rollback.get_mut(s.changeset),
            };
            if let Some(list) = list {
                list.push(s.index);
            }
        }
        index
    }
}

/// The `schema_version` 1 document: every changeset and statement, history
/// included, with `table.new` meaning "created in the same changeset".
pub fn v1(parts: &InputParts<'_>) -> Value {
    let index = StatementIndex::new(parts);
    let mut doc = header(parts, 1);
    doc.insert(
        "changesets".into(),
        Value::Array(
            (0..parts.changelog.changesets.len())
                .map(|i| changeset(parts, &index, i))
                .collect(),
        ),
    );
    doc.insert(
        "statements".into(),
        Value::Array(
            parts
                .statements
                .iter()
                .map(|s| statement::build(parts, s, statement::Version::V1))
                .collect(),
        ),
    );
    harness::add(parts, &mut doc);
    Value::Object(doc)
}

/// Fields every document starts with.
pub(super) fn header(parts: &InputParts<'_>, version: u32) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert("schema_version".into(), json!(version));
    doc.insert(
        "tool".into(),
        json!({"name": "schemagate", "version": env!("CARGO_PKG_VERSION")}),
    );
    doc.insert(
        "target".into(),
        json!({
            "dialect": parts.dialect,
            "version": parts.version,
            "stats": parts.stats.map(crate::span::display_name),
        }),
    );
    doc.insert(
        "source".into(),
        json!({
            "format": parts.changelog.format,
            "path": crate::span::display_name(&parts.changelog.root),
        }),
    );
    doc
}

/// `environment`: what the `--baseline` dumps hold that the history does
/// not build, and the other way round. The proposal document gets every
/// difference; a changeset document those of the tables its statements
/// touch (`changeset: Some(i)`). `None` without a baseline.
pub(super) fn environment(
    parts: &InputParts<'_>,
    index: &StatementIndex,
    changeset: Option<usize>,
) -> Option<Value> {
    let env = parts.environment?;
    let Some(i) = changeset else {
        return Some(env.to_json(|_| true));
    };
    let tables: Vec<(Option<String>, String)> = index
        .forward
        .get(i)
        .into_iter()
        .chain(index.rollback.get(i))
        .flatten()
        .filter_map(|&s| parts.contexts.get(s)?.table.as_ref())
        .map(|t| {
            (
                t.schema.as_deref().map(str::to_lowercase),
                t.name.to_lowercase(),
            )
        })
        .collect();
    let touched = |d: &crate::catalog::compare::Difference| {
        let schema = d.schema.as_deref().map(str::to_lowercase);
        let name = d.name.to_lowercase();
        tables
            .iter()
            .any(|(s, n)| *n == name && (s.is_none() || schema.is_none() || *s == schema))
    };
    Some(env.to_json(touched))
}

/// What the proposal document says of history.
pub(super) fn history(parts: &InputParts<'_>) -> Value {
    let h = parts.history;
    json!({
        "basis": h.basis,
        "changesets": (0..parts.changelog.changesets.len()).filter(|&i| !h.is_proposed(i)).count(),
        "removed": h.removed,
    })
}

pub(super) fn changeset(parts: &InputParts<'_>, index: &StatementIndex, i: usize) -> Value {
    let mut obj = Map::new();
    match changeset_entries(parts, index, i, &mut obj) {
        true => Value::Object(obj),
        false => Value::Null,
    }
}

/// The statements of changeset `i` in one phase's lists.
fn of_phase(lists: &[Vec<usize>], i: usize) -> &[usize] {
    lists.get(i).map_or(&[], Vec::as_slice)
}

/// What the object of changeset `i` holds, written to `out` (the JSON
/// object, or the document one); false when there is no changeset `i`.
fn changeset_entries(
    parts: &InputParts<'_>,
    index: &StatementIndex,
    i: usize,
    out: &mut impl statement::Put,
) -> bool {
    let Some(cs) = parts.changelog.changesets.get(i) else {
        return false;
    };
    let loc = parts.sources.locate(cs.span);
    let state = parts.history.changesets.get(i).cloned().unwrap_or_default();
    out.put("index", &i);
    out.put("id", &cs.id);
    out.put("author", &cs.author);
    out.put("version", &cs.version);
    out.put("description", &cs.description);
    out.put("role", &cs.role);
    out.put("file", &loc.file);
    out.put("line", &loc.line);
    out.put("column", &loc.column);
    out.put("transaction", &cs.transaction);
    let rollback = parts.rollback.get(i).copied();
    out.put("rollback", &rollback.unwrap_or(cs.rollback.kind));
    out.put("statements", of_phase(&index.forward, i));
    out.put("rollback_statements", of_phase(&index.rollback, i));
    out.put("rollback_check", &parts.rollbacks.get(i).cloned().flatten());
    let marked_ran = parts.marked_ran.get(i).copied().unwrap_or(false);
    out.put("marked_ran", &marked_ran);
    out.put("checksum", &cs.checksum);
    out.put("proposed", &parts.history.is_proposed(i));
    out.put("edited", &state.edited);
    out.put("out_of_order", &state.out_of_order);
    out.put("attributes", &cs.attributes);
    true
}
