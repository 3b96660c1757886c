//! Stage 3: replay statements, in order, over a model of the schema.
//!
//! The replay tells each statement what it works on: whether its table was
//! created earlier in the same changeset (so locking it harms nobody), by an
//! earlier changeset, or is unknown to this changelog; and whether the
//! statement runs inside a transaction; and what the database would refuse
//! (`refusals.rs`), judged against the model just before the statement.

mod model;
mod names;
mod refusals;
mod transaction;

pub use model::{ColumnInfo, Named, Schema, TableInfo};
pub use refusals::{Refusal, RefusalKind};
pub use transaction::Transaction;

use crate::dialect::Dialect;
use crate::source::Changelog;
use crate::sql::{Phase, Statement};

/// The table a statement works on, as the replay saw it just before it ran.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableState {
    pub schema: Option<String>,
    pub name: String,
    /// Created earlier in the same changeset.
    pub new: bool,
    /// Created by any earlier statement of this changelog.
    pub known: bool,
    /// Id of the changeset that created it.
    pub created_in: Option<String>,
}

/// What the replay knows about one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub table: Option<TableState>,
    pub transaction: Transaction,
    /// What the database would refuse in this statement (forward statements
    /// only; empty when the model cannot be sure).
    pub refusals: Vec<Refusal>,
}

/// How to replay.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayOptions {
    /// The model holds the whole schema (seeded from a `--baseline` dump):
    /// an object it does not have does not exist. Without it, an object the
    /// replay never saw is unknown, and nothing is said about it.
    pub complete: bool,
}

/// The replay's result: one context per statement, and the schema after the
/// last forward statement.
#[derive(Debug, Default)]
pub struct Replay {
    pub contexts: Vec<Context>,
    pub schema: Schema,
}

/// Replays forward statements in order. Rollback statements see the schema as
/// it stands after their changeset but do not change it.
pub fn replay(changelog: &Changelog, statements: &[Statement], dialect: Dialect) -> Replay {
    replay_with(changelog, statements, dialect, ReplayOptions::default())
}

/// A Liquibase changeset that may not run, or may fail without stopping
/// the update: preconditions (`onFail: MARK_RAN`, `CONTINUE`), `failOnError:
/// false`. Its statements are not judged and the model forgets what they name.
fn guarded(changeset: &crate::source::Changeset) -> bool {
    let a = &changeset.attributes;
    a.contains_key("preconditions")
        || a.contains_key("changelogPreconditions")
        || a.get("failOnError").is_some_and(|v| {
            v.as_bool() == Some(false)
                || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
        })
}

/// [`replay`], with options.
pub fn replay_with(
    changelog: &Changelog,
    statements: &[Statement],
    dialect: Dialect,
    options: ReplayOptions,
) -> Replay {
    let transactions = transaction::contexts(changelog, statements, dialect);
    let mut schema = Schema::new(dialect, options.complete);
    let label = |i: usize| match changelog.changesets.get(i) {
        Some(cs) => format!("changeset \"{}\"", cs.id),
        None => "this statement".to_string(),
    };
    let mut contexts = Vec::with_capacity(statements.len());
    for (stmt, transaction) in statements.iter().zip(transactions) {
        let table = stmt.facts.table.as_ref().map(|t| {
            let found = schema.table(t.schema.as_deref(), &t.name);
            let created_in = found.map(|info| info.created_in);
            TableState {
                schema: t.schema.clone(),
                name: t.name.clone(),
                new: created_in == Some(stmt.changeset),
                known: found.is_some(),
                created_in: created_in
                    .and_then(|i| changelog.changesets.get(i))
                    .map(|cs| cs.id.clone()),
            }
        });
        let forward = stmt.phase == Phase::Forward;
        let guarded = changelog
            .changesets
            .get(stmt.changeset)
            .is_some_and(guarded);
        let refusals = if forward && stmt.analyzed() && !guarded {
            schema.refusals(&stmt.facts, &label)
        } else {
            Vec::new()
        };
        contexts.push(Context {
            table,
            transaction,
            refusals,
        });
        if forward {
            schema.follow(
                &stmt.facts,
                stmt.parsed(),
                stmt.analyzed(),
                stmt.changeset,
                guarded,
            );
        }
    }
    Replay { contexts, schema }
}
