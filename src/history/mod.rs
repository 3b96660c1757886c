//! Stage 1½: which changesets the target database has already run
//! (**history**: replayed into the schema model, never judged) and which are
//! **proposed** (judged). Decided from git (`--changed-since`), from an
//! export of the migration tool's own table (`--applied`), or — with
//! neither — everything given is proposed.
//!
//! Editing history is itself a fact the policies see: a changeset that was
//! history and whose checksum changed, a removed one, a Flyway version below
//! the latest one already run.

use serde::Serialize;

use crate::error::Problem;

pub mod applied;
pub mod checksum;
mod compare;
mod export;
pub mod git;

/// Where the history/proposal split came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Nothing said: every changeset is proposed.
    Everything,
    /// `--changed-since <rev>`: changed or new since the merge base.
    Git,
    /// `--applied FILE`: not listed in the tool's history table.
    Applied,
}

/// What history says about one changeset of the changelog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangesetHistory {
    /// Judged by the rules (new or changed); `false`: history, only replayed.
    pub proposed: bool,
    /// It was already history and its content changed since.
    pub edited: Option<Edited>,
    /// A Flyway versioned migration proposed with a version below the latest
    /// one history holds (Flyway refuses it unless `outOfOrder=true`).
    pub out_of_order: Option<OutOfOrder>,
    /// The tool's table records its last run as failed (Flyway
    /// `success = false`): why it is proposed, one sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// A changeset of history whose content changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edited {
    /// The checksum history recorded (Liquibase `9:…`, Flyway CRC32 as a
    /// decimal), when known.
    pub checksum_was: Option<String>,
    /// The checksum of the changeset as it is now, when known.
    pub checksum_now: Option<String>,
    /// The tool accepts the change anyway: Liquibase `validCheckSum` lists
    /// the new checksum (or `ANY`), `runOnChange`, a Flyway repeatable.
    pub accepted: bool,
}

/// A proposed Flyway migration below the latest version of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutOfOrder {
    pub latest: String,
}

/// A changeset history has that the changelog no longer does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub id: String,
    pub author: Option<String>,
    /// The file it was in (relative to the working directory, or as the
    /// history table recorded it).
    pub file: String,
    /// 1-based line in the old file, when known.
    pub line: Option<usize>,
    /// Why it counts as removed, one sentence.
    pub reason: String,
}

/// The split of one changelog.
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    pub basis: Basis,
    /// One entry per changeset of the changelog, in order.
    pub changesets: Vec<ChangesetHistory>,
    pub removed: Vec<Removed>,
}

impl Classification {
    /// Everything proposed (no `--changed-since`, no `--applied`).
    pub fn everything(changesets: usize) -> Self {
        Classification {
            basis: Basis::Everything,
            changesets: vec![
                ChangesetHistory {
                    proposed: true,
                    ..Default::default()
                };
                changesets
            ],
            removed: Vec::new(),
        }
    }

    pub fn is_proposed(&self, changeset: usize) -> bool {
        self.changesets.get(changeset).is_none_or(|c| c.proposed)
    }
}

/// Does the migration tool take an edited changeset (run it again, or
/// accept its new checksum) instead of refusing it? Repeatable scripts and
/// Liquibase `runOnChange` run again; a Liquibase `validCheckSum` that lists
/// the stored or current checksum, or `ANY`, accepts it.
pub(crate) fn edit_accepted(
    cs: &crate::source::Changeset,
    was: Option<&str>,
    now: Option<&str>,
) -> bool {
    use serde_json::Value;
    let flag = |name: &str| cs.attributes.get(name).and_then(Value::as_bool) == Some(true);
    let listed: Vec<&str> = match cs.attributes.get("validCheckSum") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    };
    let valid = listed.iter().map(|v| v.trim()).any(|v| {
        let bare = v.strip_prefix("1:").unwrap_or(v);
        ["any", "all", "*"]
            .iter()
            .any(|a| bare.eq_ignore_ascii_case(a))
            || was.is_some_and(|w| w.eq_ignore_ascii_case(v))
            || now.is_some_and(|n| n.eq_ignore_ascii_case(v))
    });
    cs.role == crate::source::ChangesetRole::Repeatable || flag("runOnChange") || valid
}

/// What problems a classification run may report (bad revision, unreadable
/// export): input errors, exit 2.
pub type Problems = Vec<Problem>;
