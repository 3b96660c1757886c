//! Stage 3: replay statements, in order, over a model of the schema.
//!
//! The replay tells each statement what it works on: whether its table was
//! created by the proposal (so locking it harms nobody), by history or a
//! baseline, or is unknown to this changelog; whether the statement runs
//! inside a transaction; and what the database would refuse in it, judged
//! against the model just before it. History and proposal are replayed
//! alike: history is what the proposal is judged against.
//!
//! `model` holds the schema and how sure it is of each object, `follow` what
//! it forgets when a statement cannot be followed, `alter` the `ALTER TABLE`
//! operations, `refusals` the checks, `names` how each dialect folds names.

mod alter;
pub mod compare;
mod follow;
mod model;
mod names;
mod not_null;
pub(crate) use names::Folding;
pub use not_null::ProvenNotNull;
pub(crate) mod retype;
pub use retype::Retyped;
mod refusals;
mod rename;
mod rollback;
mod transaction;

#[cfg(test)]
mod tests;

pub use model::{ColumnInfo, Named, Schema, TableInfo};
pub use refusals::{Refusal, RefusalKind};
pub use rollback::{Lossy, RollbackCheck};
pub use transaction::Transaction;

use crate::dialect::Dialect;
use crate::source::{Changelog, RollbackKind, SourceFormat};
use crate::sql::facts::{Columns, Facts, OpColumn, TableRef};
use crate::sql::{Phase, Statement};

/// The table a statement works on, as the replay saw it just before it ran.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TableState {
    pub schema: Option<String>,
    pub name: String,
    /// Created by the proposal (an earlier statement of a proposed
    /// changeset): nobody uses it yet, so locking it harms nobody.
    pub new: bool,
    /// Created by an earlier statement of this changelog or its baseline.
    pub known: bool,
    /// Id of the changeset that created it (`null` for the baseline).
    pub created_in: Option<String>,
    /// Created earlier in the same changeset: what `new` meant in input
    /// documents of `schema_version` 1, which still get it.
    #[serde(skip)]
    pub same_changeset: bool,
}

/// What the replay knows about one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub table: Option<TableState>,
    /// The other tables its new foreign keys reference (`REFERENCES parent`
    /// in CREATE TABLE, ADD COLUMN or ADD CONSTRAINT), each once: PostgreSQL
    /// locks them too.
    pub referenced: Vec<TableState>,
    pub transaction: Transaction,
    /// What the database would refuse in this statement (forward statements
    /// only; empty when the model cannot be sure).
    pub refusals: Vec<Refusal>,
    /// Its `SET NOT NULL` operations that a validated `CHECK (col IS NOT
    /// NULL)` of an earlier statement proves (forward statements only).
    pub not_null_proven: Vec<ProvenNotNull>,
    /// Its `ALTER COLUMN … TYPE` operations on columns the model holds,
    /// with each column's type before (forward statements only).
    pub retyped: Vec<Retyped>,
}

/// How to replay.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayOptions {
    /// Liquibase contexts/labels were selected (`--contexts`, `--labels`),
    /// so the changesets left are the ones that run. Without a selection,
    /// a changeset with a context or label is one of alternatives (Fineract
    /// has `context="postgresql"` and `context="mysql"` twins) and is
    /// treated like one guarded by preconditions.
    pub contexts_selected: bool,
}

/// The replay's result: one context per statement, the schema after the
/// last forward statement, and per changeset what replaying its rollback
/// showed.
#[derive(Debug, Default)]
pub struct Replay {
    pub contexts: Vec<Context>,
    pub schema: Schema,
    /// Per changeset (by index): the rollback check of a proposed changeset
    /// that has a rollback and statements; `None` otherwise.
    pub rollbacks: Vec<Option<RollbackCheck>>,
}

/// Where a replay starts from.
#[derive(Debug, Default)]
pub struct Start<'a> {
    /// The schema before the first changeset: empty, or a baseline's.
    pub schema: Schema,
    /// Per changeset: proposed (judged) rather than history. Changesets
    /// past its end count as proposed.
    pub proposed: &'a [bool],
    /// Per changeset: how it can be undone, as the sql stage resolved it.
    /// Changesets past its end have a rollback when they have rollback
    /// statements.
    pub rollback: &'a [RollbackKind],
}

/// Replays forward statements in order. Rollback statements see the schema as
/// it stands after their changeset but do not change it. The replay starts
/// from the schema `start` gives (a baseline's: see
/// [`Schema::into_complete_baseline`]).
pub fn replay(
    changelog: &Changelog,
    statements: &[Statement],
    dialect: Dialect,
    start: Start<'_>,
) -> Replay {
    replay_with(
        changelog,
        statements,
        dialect,
        start,
        ReplayOptions::default(),
    )
}

/// A Liquibase changeset that may not run, or may fail without stopping
/// the update: preconditions (`onFail: MARK_RAN`, `CONTINUE`), `failOnError:
/// false`, a context or label nobody selected, a `dbms` list not matched
/// against a real target. Its statements are not judged and the model
/// forgets what they name.
fn guarded(changeset: &crate::source::Changeset, dialect: Dialect, options: ReplayOptions) -> bool {
    let a = &changeset.attributes;
    let present = |k: &str| {
        a.get(k).is_some_and(|v| match v {
            serde_json::Value::String(s) => !s.trim().is_empty(),
            serde_json::Value::Array(items) => !items.is_empty(),
            serde_json::Value::Null => false,
            _ => true,
        })
    };
    let selectable = ["context", "contextFilter", "labels", "inheritedContexts"];
    present("preconditions")
        || present("changelogPreconditions")
        || a.get("failOnError").is_some_and(|v| {
            v.as_bool() == Some(false)
                || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
        })
        || (!options.contexts_selected && selectable.iter().any(|k| present(k)))
        || (matches!(dialect, Dialect::Generic | Dialect::Ansi) && present("dbms"))
}

/// The migration set a changeset belongs to, for tools that read one
/// directory (`None`: the whole changelog is one set).
fn migration_set(changelog: &Changelog, changeset: usize) -> Option<String> {
    let levels = match changelog.format {
        Some(SourceFormat::Sqlx | SourceFormat::GolangMigrate | SourceFormat::Dbmate) => 1,
        // `<set>/<version>_<name>/up.sql`
        Some(SourceFormat::Diesel) => 2,
        _ => return None,
    };
    let path = changelog
        .changesets
        .get(changeset)?
        .attributes
        .get("path")?
        .as_str()?;
    let mut dir = std::path::Path::new(path);
    for _ in 0..levels {
        dir = dir.parent()?;
    }
    Some(dir.to_string_lossy().into_owned())
}

/// [`replay`], with options.
pub fn replay_with(
    changelog: &Changelog,
    statements: &[Statement],
    dialect: Dialect,
    start: Start<'_>,
    options: ReplayOptions,
) -> Replay {
    let transactions = transaction::contexts(changelog, statements, dialect);
    // seeded by a whole-schema dump (`--baseline`)
    let over_dump = start.schema.complete;
    let mut schema = start.schema.for_dialect(dialect);
    let proposed = |cs: usize| start.proposed.get(cs).copied().unwrap_or(true);
    let label = |i: Option<usize>| match i.map(|i| changelog.changesets.get(i)) {
        None => "the baseline".to_string(),
        Some(Some(cs)) if changelog.format == Some(SourceFormat::SqlFile) => {
            format!("an earlier statement of \"{}\"", cs.id)
        }
        Some(Some(cs)) => format!("changeset \"{}\"", cs.id),
        Some(None) => "this statement".to_string(),
    };
    let mut contexts = Vec::with_capacity(statements.len());
    // What one migration set did says nothing sure about another: a plain
    // folder's files have no order a tool defines (they are often
    // alternatives: create, drop, upgrade scripts), and a folder holding
    // several sqlx / golang-migrate / dbmate / diesel sets (one per
    // directory) interleaves them.
    let mut previous: Option<(usize, Option<String>)> = None;
    let mut rollbacks = vec![None; changelog.changesets.len()];
    let mut proof: Option<rollback::Proof> = None;
    let with_rollback_statements: std::collections::HashSet<usize> = statements
        .iter()
        .filter(|s| s.phase == Phase::Rollback)
        .map(|s| s.changeset)
        .collect();
    let has_rollback = |cs: usize| match start.rollback.get(cs) {
        Some(kind) => *kind != RollbackKind::None,
        None => with_rollback_statements.contains(&cs),
    };
    let guarded_cs = |cs: usize| {
        changelog
            .changesets
            .get(cs)
            .is_some_and(|c| guarded(c, dialect, options))
    };
    for (stmt, transaction) in statements.iter().zip(transactions) {
        let set = migration_set(changelog, stmt.changeset);
        let changed = previous
            .as_ref()
            .is_none_or(|(index, _)| *index != stmt.changeset);
        if changed && let Some(p) = proof.take() {
            finish_proof(p, statements, &schema, &label, &mut rollbacks);
        }
        if let Some((index, previous_set)) = &previous
            && *index != stmt.changeset
            && (changelog.format == Some(SourceFormat::PlainFolder) || *previous_set != set)
        {
            schema.forget_all();
        }
        if changed && proposed(stmt.changeset) && has_rollback(stmt.changeset) {
            proof = Some(rollback::Proof::start(
                &schema,
                stmt.changeset,
                guarded_cs(stmt.changeset),
            ));
        }
        previous = Some((stmt.changeset, set));
        let state = |t: &TableRef| {
            let found = schema.table(t.schema.as_deref(), &t.name);
            let created_in = found.and_then(|info| info.created_in);
            TableState {
                schema: t.schema.clone(),
                name: t.name.clone(),
                new: created_in.is_some_and(proposed),
                known: found.is_some(),
                created_in: created_in
                    .and_then(|i| changelog.changesets.get(i))
                    .map(|cs| cs.id.clone()),
                same_changeset: created_in == Some(stmt.changeset),
            }
        };
        let table = stmt.facts.table.as_ref().map(state);
        let referenced = referenced_tables(&stmt.facts, &schema)
            .into_iter()
            .map(state)
            .collect();
        let forward = stmt.phase == Phase::Forward;
        let guarded = guarded_cs(stmt.changeset);
        if forward && let Some(p) = proof.as_mut() {
            let s = rollback::ProofStatement {
                facts: &stmt.facts,
                analyzed: stmt.analyzed(),
                index: stmt.index,
            };
            p.forward(&schema, &s);
        }
        let (not_null_proven, retyped) = if forward {
            (
                schema.proven_not_null(&stmt.facts),
                schema.retyped(&stmt.facts),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let refused = if forward {
            let step = match over_dump && !proposed(stmt.changeset) {
                true => Schema::step_over_dump,
                false => Schema::step,
            };
            step(
                &mut schema,
                &stmt.facts,
                stmt.analyzed(),
                Some(stmt.changeset),
                guarded || stmt.facts.conditional,
                &label,
            )
        } else {
            Vec::new()
        };
        if let Some(p) = proof.as_mut() {
            if !forward {
                p.rollback_statement(stmt.index);
            } else if !refused.is_empty() {
                p.refused(stmt.index);
            }
        }
        contexts.push(Context {
            table,
            referenced,
            not_null_proven,
            retyped,
            transaction,
            refusals: refused,
        });
    }
    if let Some(p) = proof.take() {
        finish_proof(p, statements, &schema, &label, &mut rollbacks);
    }
    Replay {
        contexts,
        schema,
        rollbacks,
    }
}

/// The tables other than its own that a statement's new foreign keys
/// reference, each once, in the order written.
fn referenced_tables<'f>(facts: &'f Facts, schema: &Schema) -> Vec<&'f TableRef> {
    let columns = facts.columns.iter().flat_map(|c| match c {
        Columns::Definitions(defs) => defs.as_slice(),
        Columns::Names(_) => &[],
    });
    let ops = facts.ops.iter().flatten();
    let op_columns = ops.clone().filter_map(|op| match &op.column {
        Some(OpColumn::Definition(c)) => Some(&**c),
        _ => None,
    });
    let constraints = facts
        .constraints
        .iter()
        .flatten()
        .chain(ops.filter_map(|op| op.constraint.as_ref()))
        .filter(|c| c.kind == "foreign_key")
        .filter_map(|c| c.references.as_ref());
    let all = columns
        .chain(op_columns)
        .filter_map(|c| c.references.as_ref())
        .chain(constraints);
    let created = facts
        .object
        .as_ref()
        .filter(|o| o.kind == "table")
        .map(|o| TableRef {
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
        });
    let own = facts.table.as_ref().or(created.as_ref());
    let same = |a: &TableRef, b: &TableRef| {
        names::same_schema(a.schema.as_deref(), b.schema.as_deref())
            && schema.same_relation(&a.name, a.quoted, &b.name, b.quoted)
    };
    let mut out: Vec<&TableRef> = Vec::new();
    for r in all {
        if own.is_some_and(|o| same(o, r)) || out.iter().any(|o| same(o, r)) {
            continue;
        }
        out.push(r);
    }
    out
}

/// Replays the rollback statements of the proof's changeset over the model
/// after its forward statements, and records the result.
fn finish_proof(
    proof: rollback::Proof,
    statements: &[Statement],
    schema: &Schema,
    label: refusals::Label<'_>,
    out: &mut [Option<RollbackCheck>],
) {
    let changeset = proof.changeset();
    let rollback: Vec<rollback::ProofStatement<'_>> = proof
        .rollback_statements()
        .iter()
        .filter_map(|&i| statements.get(i))
        .map(|s| rollback::ProofStatement {
            facts: &s.facts,
            analyzed: s.analyzed(),
            index: s.index,
        })
        .collect();
    let check = proof.finish(schema, &rollback, label);
    if let Some(slot) = out.get_mut(changeset) {
        *slot = Some(check);
    }
}
