//! Stage 3: replay statements, in order, over a model of the schema.
//!
//! The replay tells each statement what it works on: whether its table was
//! created by the proposal (so locking it harms nobody), by history or a
//! baseline, or is unknown to this changelog; and whether the statement runs
//! inside a transaction. History and proposal are replayed alike: history
//! is what the proposal is judged against.

mod model;
mod transaction;

pub use model::{Schema, TableInfo};
pub use transaction::Transaction;

use crate::dialect::Dialect;
use crate::source::Changelog;
use crate::sql::{Phase, Statement};

/// The table a statement works on, as the replay saw it just before it ran.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
    pub transaction: Transaction,
}

/// The replay's result: one context per statement, and the schema after the
/// last forward statement.
#[derive(Debug, Default)]
pub struct Replay {
    pub contexts: Vec<Context>,
    pub schema: Schema,
}

/// Where a replay starts from.
#[derive(Debug, Default)]
pub struct Start<'a> {
    /// The schema before the first changeset: empty, or a baseline's.
    pub schema: Schema,
    /// Per changeset: proposed (judged) rather than history. Changesets
    /// past its end count as proposed.
    pub proposed: &'a [bool],
}

/// Replays forward statements in order. Rollback statements see the schema as
/// it stands after their changeset but do not change it.
pub fn replay(
    changelog: &Changelog,
    statements: &[Statement],
    dialect: Dialect,
    start: Start<'_>,
) -> Replay {
    let transactions = transaction::contexts(changelog, statements, dialect);
    let mut schema = start.schema;
    let proposed = |cs: usize| start.proposed.get(cs).copied().unwrap_or(true);
    let mut contexts = Vec::with_capacity(statements.len());
    for (stmt, transaction) in statements.iter().zip(transactions) {
        let table = stmt.facts.table.as_ref().map(|t| {
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
        });
        contexts.push(Context { table, transaction });
        if stmt.phase == Phase::Forward && stmt.parsed() {
            schema.apply(&stmt.facts, Some(stmt.changeset));
        }
    }
    Replay { contexts, schema }
}
