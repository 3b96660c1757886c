//! The documents built in the form the rules read ([`super::rego`]), never
//! held as JSON: each changeset and statement object is built as a
//! document value ([`super::value`]) at once, and shared by every
//! document that holds it — its changeset's, the proposal's, and the
//! `schema_version` 1 document's when it is the same there (a statement
//! without a table: `table.new` is all that differs).

use std::collections::{BTreeSet, HashMap};

use serde_json::Map;

use super::rego::{Document, Documents, Strings};
use super::statement::{self, Version};
use super::value::Value;
use super::{
    InputParts, Needs, SCHEMA_VERSION, StatementIndex, changeset_entries, environment, harness,
    header, history,
};

/// The objects built so far, shared by the documents.
struct Built {
    strings: Strings,
    index: StatementIndex,
    /// Per changeset: its object, once built.
    changesets: Vec<Option<Value>>,
    /// Per statement: its `schema_version` 2 object, once built.
    statements: Vec<Option<Value>>,
}

impl Built {
    fn changeset(&mut self, parts: &InputParts<'_>, i: usize) -> Value {
        if let Some(Some(v)) = self.changesets.get(i) {
            return v.clone();
        }
        let mut out = statement::DocEntries::new(&mut self.strings);
        let v = match changeset_entries(parts, &self.index, i, &mut out) {
            true => out.object(),
            false => Value::Null,
        };
        if let Some(slot) = self.changesets.get_mut(i) {
            *slot = Some(v.clone());
        }
        v
    }
}

/// The documents `needs` asks for.
pub(super) fn documents(parts: &InputParts<'_>, needs: Needs) -> Documents {
    let mut built = Built {
        strings: Strings::default(),
        index: StatementIndex::new(parts),
        changesets: vec![None; parts.changelog.changesets.len()],
        // kept for the v1 document to share
        statements: match needs.v1 {
            true => vec![None; parts.statements.len()],
            false => Vec::new(),
        },
    };
    let mut out = Documents::default();
    if needs.changesets || needs.proposal {
        let groups = proposed_groups(parts, &mut built);
        let head = built.strings.entries(header(parts, SCHEMA_VERSION));
        if needs.proposal {
            out.proposal = Some(proposal(parts, &head, &groups, &mut built));
        }
        if needs.changesets {
            out.changesets = groups
                .into_iter()
                .map(|g| {
                    let mut entries = head.clone();
                    entries.push(("changeset".into(), g.changeset));
                    entries.push(("statements".into(), Value::array(g.statements)));
                    if let Some(env) = environment(parts, &built.index, Some(g.index)) {
                        entries.push(("environment".into(), built.strings.value(env)));
                    }
                    let value = built.strings.object_of(entries);
                    (
                        g.index,
                        Document {
                            value,
                            kinds: g.kinds,
                        },
                    )
                })
                .collect();
        }
    }
    if needs.v1 {
        out.v1 = Some(v1(parts, &mut built));
    }
    out.unbuilt = std::mem::take(&mut built.strings.unbuilt);
    out
}

/// A proposed changeset's objects.
struct Group {
    index: usize,
    changeset: Value,
    statements: Vec<Value>,
    kinds: BTreeSet<String>,
}

/// The proposed changesets with their statements, in order.
fn proposed_groups(parts: &InputParts<'_>, built: &mut Built) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut slot = HashMap::new();
    for i in (0..parts.changelog.changesets.len()).filter(|&i| parts.history.is_proposed(i)) {
        slot.insert(i, groups.len());
        groups.push(Group {
            index: i,
            changeset: built.changeset(parts, i),
            statements: Vec::new(),
            kinds: BTreeSet::new(),
        });
    }
    for stmt in parts.statements {
        let Some(g) = slot.get(&stmt.changeset).and_then(|&k| groups.get_mut(k)) else {
            continue;
        };
        let v = statement::build_value(parts, stmt, Version::V2, &mut built.strings);
        if let Some(s) = built.statements.get_mut(stmt.index) {
            *s = Some(v.clone());
        }

        g.statements.push(v);
        g.kinds.insert(stmt.facts.kind.clone());
    }
    groups
}

/// The document over the whole proposal.
fn proposal(
    parts: &InputParts<'_>,
    head: &[(String, Value)],
    groups: &[Group],
    built: &mut Built,
) -> Document {
    let strings = &mut built.strings;
    let mut rest = Map::new();
    rest.insert("history".into(), history(parts));
    if let Some(env) = environment(parts, &built.index, None) {
        rest.insert("environment".into(), env);
    }
    harness::add_database(parts, &mut rest);
    let mut entries = head.to_vec();
    entries.extend(strings.entries(rest));
    entries.push(("sqlStatements".into(), sql_statements(parts, strings)));
    let changesets: Vec<Value> = groups.iter().map(|g| g.changeset.clone()).collect();
    let statements: Vec<Value> = groups
        .iter()
        .flat_map(|g| g.statements.iter().cloned())
        .collect();
    entries.push(("changesets".into(), Value::array(changesets)));
    entries.push(("statements".into(), Value::array(statements)));
    Document {
        value: strings.object_of(entries),
        kinds: groups
            .iter()
            .flat_map(|g| g.kinds.iter().cloned())
            .collect(),
    }
}

/// Harness's `sqlStatements`, each string the one the statement's `sql`
/// holds.
fn sql_statements(parts: &InputParts<'_>, strings: &mut Strings) -> Value {
    let sql: Vec<Value> = harness::sql_statements(parts)
        .map(|s| strings.text(s))
        .collect();
    Value::array(sql)
}

/// The `schema_version` 1 document: every changeset and statement.
fn v1(parts: &InputParts<'_>, built: &mut Built) -> Document {
    let changesets: Vec<Value> = (0..parts.changelog.changesets.len())
        .map(|i| built.changeset(parts, i))
        .collect();
    let statements: Vec<Value> = parts
        .statements
        .iter()
        .map(|s| {
            let has_table = parts
                .contexts
                .get(s.index)
                .is_some_and(|c| c.table.is_some());
            match built.statements.get(s.index) {
                Some(Some(v2)) if !has_table => v2.clone(),
                _ => statement::build_value(parts, s, Version::V1, &mut built.strings),
            }
        })
        .collect();
    let mut rest = header(parts, 1);
    harness::add_database(parts, &mut rest);
    let mut entries = built.strings.entries(rest);
    entries.push((
        "sqlStatements".into(),
        sql_statements(parts, &mut built.strings),
    ));
    entries.push(("changesets".into(), Value::array(changesets)));
    entries.push(("statements".into(), Value::array(statements)));
    Document {
        value: built.strings.object_of(entries),
        kinds: parts
            .statements
            .iter()
            .map(|s| s.facts.kind.clone())
            .collect(),
    }
}
