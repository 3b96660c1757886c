//! Transaction context: is a statement inside a `BEGIN … COMMIT` written in
//! the script, inside the transaction the migration tool opens, or neither?

use crate::dialect::Dialect;
use crate::source::{Changelog, SourceFormat, TransactionMode};
use crate::sql::{Phase, Statement};

/// The transaction a statement runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transaction {
    /// Inside `BEGIN`/`START TRANSACTION` … `COMMIT` written in the script.
    Explicit,
    /// Inside the transaction the migration tool wraps the changeset in.
    Implicit,
    /// Autocommit.
    None,
}

/// Postgres statements that cannot run inside a transaction block. Flyway
/// detects them and runs a migration made only of such statements outside a
/// transaction (and refuses a migration that mixes both kinds).
pub fn non_transactional(stmt: &Statement, dialect: Dialect) -> bool {
    if !matches!(dialect, Dialect::Postgres | Dialect::Cockroachdb) {
        return false;
    }
    let f = &stmt.facts;
    match f.kind.as_str() {
        "create_index" | "drop_index" | "reindex" => f.concurrently,
        "vacuum" | "create_database" | "drop_database" => true,
        "alter_table" => f
            .ops
            .iter()
            .flatten()
            .any(|op| op.op == "detach_partition" && op.concurrently == Some(true)),
        _ => false,
    }
}

/// One transaction per statement, in statement order.
pub fn contexts(
    changelog: &Changelog,
    statements: &[Statement],
    dialect: Dialect,
) -> Vec<Transaction> {
    let mut out = vec![Transaction::None; statements.len()];
    // Statements are grouped by changeset and phase, in order.
    let mut start = 0;
    while start < statements.len() {
        let key = (statements[start].changeset, statements[start].phase);
        let end = statements[start..]
            .iter()
            .position(|s| (s.changeset, s.phase) != key)
            .map_or(statements.len(), |n| start + n);
        let group = &statements[start..end];
        let tool_wraps = tool_transaction(changelog, key.0, key.1, group, dialect);
        let mut explicit = false;
        for (i, stmt) in group.iter().enumerate() {
            let kind = stmt.facts.kind.as_str();
            if kind == "begin" {
                explicit = true;
            }
            out[start + i] = if explicit {
                Transaction::Explicit
            } else if tool_wraps {
                Transaction::Implicit
            } else {
                Transaction::None
            };
            if matches!(kind, "commit" | "rollback") {
                explicit = false;
            }
        }
        start = end;
    }
    out
}

/// Does the migration tool wrap this group of statements in a transaction?
fn tool_transaction(
    changelog: &Changelog,
    changeset: usize,
    phase: Phase,
    group: &[Statement],
    dialect: Dialect,
) -> bool {
    let Some(cs) = changelog.changesets.get(changeset) else {
        return false;
    };
    if cs.transaction == TransactionMode::None {
        return false;
    }
    if changelog.format == Some(SourceFormat::Flyway) && phase == Phase::Forward {
        // Flyway runs a migration whose statements all need to be outside a
        // transaction without one; a mix keeps the transaction (and Flyway
        // refuses it unless `mixed` is set, which a rule reports).
        let all_non_tx = group
            .iter()
            .filter(|s| s.parsed() || s.facts.kind != "unknown")
            .all(|s| non_transactional(s, dialect));
        if all_non_tx && !group.is_empty() {
            return false;
        }
    }
    true
}
