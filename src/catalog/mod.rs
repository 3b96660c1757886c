//! Stage 3: replay statements, in order, over a model of the schema.
//!
//! The replay tells each statement what it works on: whether its table was
//! created earlier in the same changeset (so locking it harms nobody), by an
//! earlier changeset, or is unknown to this changelog; and whether the
//! statement runs inside a transaction.

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
    let transactions = transaction::contexts(changelog, statements, dialect);
    let mut schema = Schema::default();
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
        contexts.push(Context { table, transaction });
        if stmt.phase == Phase::Forward && stmt.parsed() {
            schema.apply(&stmt.facts, stmt.changeset);
        }
    }
    Replay { contexts, schema }
}
