//! What an export of the tool's history table says about a changelog:
//! which changesets already ran (history), which are proposed, which were
//! edited since they ran, which rows no longer have a changeset.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{AppliedRows, AppliedTable, FlywayRow, LiquibaseRow};
use crate::history::{Basis, ChangesetHistory, Classification, Edited, OutOfOrder, Removed};
use crate::source::sqlfolder::natural_order::version_cmp;
use crate::source::{Changelog, Changeset, ChangesetRole, SourceFormat};
use crate::span::SourceMap;

/// Splits `changelog` into history and proposal by the rows of `table`:
/// a changeset the table lists is history unless its checksum changed (or
/// it runs every time); the rest is proposed.
pub fn classify(
    changelog: &Changelog,
    _sources: &SourceMap,
    table: &AppliedTable,
) -> Classification {
    let file = table.file.display().to_string();
    let (changesets, removed) = match &table.rows {
        AppliedRows::Empty => (all_proposed(changelog), Vec::new()),
        AppliedRows::Liquibase(rows) => liquibase(changelog, rows, &file),
        AppliedRows::Flyway(rows) => flyway(changelog, rows, &file),
    };
    Classification {
        basis: Basis::Applied,
        changesets,
        removed,
    }
}

fn all_proposed(changelog: &Changelog) -> Vec<ChangesetHistory> {
    Classification::everything(changelog.changesets.len()).changesets
}

/// A changelog path as Liquibase may record it, compared without
/// `classpath:`, a leading `/` or `./`, or backslashes.
fn normalize(path: &str) -> String {
    let p = path.trim().replace('\\', "/");
    let p = p.strip_prefix("classpath:").unwrap_or(&p);
    let p = p.trim_start_matches('/');
    let mut p = p;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

/// Is one path the other with folders in front (`db/x.xml`,
/// `src/main/resources/db/x.xml`)?
fn suffix_match(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    long == short || (long.ends_with(short) && long[..long.len() - short.len()].ends_with('/'))
}

fn file_path(cs: &Changeset) -> String {
    normalize(
        cs.attributes
            .get("filePath")
            .and_then(Value::as_str)
            .unwrap_or(""),
    )
}

fn flag(cs: &Changeset, name: &str) -> bool {
    cs.attributes.get(name).and_then(Value::as_bool) == Some(true)
}

fn liquibase(
    changelog: &Changelog,
    rows: &[LiquibaseRow],
    file: &str,
) -> (Vec<ChangesetHistory>, Vec<Removed>) {
    if changelog.format != Some(SourceFormat::Liquibase) {
        return wrong_tool(
            changelog,
            rows.iter()
                .map(|r| removed_lb(r, file, WRONG_TOOL))
                .collect(),
        );
    }
    let rows_by_key = RowIndex::new(rows);
    let mut used = HashSet::new();
    let mut out = Vec::new();
    for cs in &changelog.changesets {
        out.push(match rows_by_key.find(cs, &used) {
            None => ChangesetHistory {
                proposed: true,
                ..Default::default()
            },
            Some(k) => {
                used.insert(k);
                liquibase_row(cs, &rows[k])
            }
        });
    }
    // rows of changesets our reading skips (preconditions that fail on the
    // target with onFail CONTINUE: an earlier update may have run them)
    // are neither removed nor judged
    let skipped: HashSet<(String, String, String)> = changelog
        .skipped
        .iter()
        .map(|cs| {
            (
                cs.id.clone(),
                cs.author.clone().unwrap_or_default(),
                file_path(cs),
            )
        })
        .collect();
    let is_skipped = |k: usize| {
        let r = &rows[k];
        skipped.iter().any(|(id, author, path)| {
            *id == r.id && *author == r.author && suffix_match(&rows_by_key.paths[k], path)
        })
    };
    let removed = rows
        .iter()
        .enumerate()
        .filter(|(k, _)| !used.contains(k) && !is_skipped(*k))
        .map(|(_, r)| removed_lb(r, file, "DATABASECHANGELOG lists it, but the changelog has no changeSet with this id, author and file"))
        .collect();
    (out, removed)
}

/// DATABASECHANGELOG rows by id and author, with their paths normalised.
struct RowIndex<'r> {
    by_key: HashMap<(&'r str, &'r str), Vec<usize>>,
    paths: Vec<String>,
}

impl<'r> RowIndex<'r> {
    fn new(rows: &'r [LiquibaseRow]) -> Self {
        let mut by_key: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (k, r) in rows.iter().enumerate() {
            by_key.entry((&r.id, &r.author)).or_default().push(k);
        }
        let paths = rows.iter().map(|r| normalize(&r.filename)).collect();
        RowIndex { by_key, paths }
    }

    /// The row of a changeset: same id, author and path; else the one row
    /// with the same id and author whose path is the changeset's with
    /// folders in front (or behind), recorded from another root.
    fn find(&self, cs: &Changeset, used: &HashSet<usize>) -> Option<usize> {
        let author = cs.author.as_deref().unwrap_or("");
        let candidates = self.by_key.get(&(cs.id.as_str(), author))?;
        let path = file_path(cs);
        let free = || candidates.iter().copied().filter(|k| !used.contains(k));
        if let Some(k) = free().find(|&k| self.paths[k] == path) {
            return Some(k);
        }
        let mut near = free().filter(|&k| suffix_match(&self.paths[k], &path));
        let first = near.next();
        first.filter(|_| near.next().is_none())
    }
}

/// A changeset with its row: history, unless its checksum changed or it
/// runs on every update.
fn liquibase_row(cs: &Changeset, row: &LiquibaseRow) -> ChangesetHistory {
    let now = cs.checksum.as_deref();
    // NULL after `clear-checksums`, or an older checksum version (`8:…`)
    // Liquibase recomputes in that version: we cannot compare those
    let comparable = match (row.md5sum.as_deref(), now) {
        (Some(was), Some(now)) => was.split(':').next() == now.split(':').next(),
        _ => false,
    };
    let changed = comparable
        && !row
            .md5sum
            .as_deref()
            .unwrap_or("")
            .eq_ignore_ascii_case(now.unwrap_or(""));
    let edited = changed.then(|| Edited {
        checksum_was: row.md5sum.clone(),
        checksum_now: now.map(str::to_string),
        accepted: super::super::edit_accepted(cs, row.md5sum.as_deref(), now),
    });
    ChangesetHistory {
        proposed: changed || flag(cs, "runAlways"),
        edited,
        ..Default::default()
    }
}

fn removed_lb(r: &LiquibaseRow, file: &str, reason: &str) -> Removed {
    Removed {
        id: r.id.clone(),
        author: Some(r.author.clone()),
        file: if r.filename.is_empty() {
            file.to_string()
        } else {
            r.filename.clone()
        },
        line: None,
        reason: reason.to_string(),
    }
}

const WRONG_TOOL: &str = "the export is of another tool's history table than the changelog's";

fn wrong_tool(
    changelog: &Changelog,
    removed: Vec<Removed>,
) -> (Vec<ChangesetHistory>, Vec<Removed>) {
    (all_proposed(changelog), removed)
}

/// Flyway's rows after `repair`/`undo`: the latest row per migration that
/// still counts (DELETE rows cancel what they name, UNDO_SQL the version).
fn effective_flyway(rows: &[FlywayRow]) -> Vec<&FlywayRow> {
    let mut sorted: Vec<&FlywayRow> = rows.iter().collect();
    sorted.sort_by_key(|r| r.installed_rank.unwrap_or(i64::MAX));
    let mut kept: Vec<&FlywayRow> = Vec::new();
    for r in sorted {
        let same = |k: &&FlywayRow| match (&k.version, &r.version) {
            (Some(a), Some(b)) => version_cmp(a, b) == Ordering::Equal,
            (None, None) => k.script == r.script,
            _ => false,
        };
        match r.kind.to_ascii_uppercase().as_str() {
            "SCHEMA" => {}
            "DELETE" | "UNDO_SQL" | "UNDO_JDBC" | "UNDO_SCRIPT" => kept.retain(|k| !same(k)),
            _ => {
                // a repeatable's latest run is the one that counts
                kept.retain(|k| !same(k));
                kept.push(r);
            }
        }
    }
    kept
}

fn flyway(
    changelog: &Changelog,
    rows: &[FlywayRow],
    file: &str,
) -> (Vec<ChangesetHistory>, Vec<Removed>) {
    let rows = effective_flyway(rows);
    if changelog.format != Some(SourceFormat::Flyway) {
        return wrong_tool(
            changelog,
            rows.iter()
                .map(|r| removed_fw(r, file, WRONG_TOOL))
                .collect(),
        );
    }
    let baseline = rows
        .iter()
        .filter(|r| is_baseline(r) && r.success)
        .filter_map(|r| r.version.clone())
        .max_by(|a, b| version_cmp(a, b));
    let latest = rows
        .iter()
        .filter(|r| r.success)
        .filter_map(|r| r.version.clone())
        .max_by(|a, b| version_cmp(a, b));
    let mut used = HashSet::new();
    let mut out = Vec::new();
    for cs in &changelog.changesets {
        let found = rows.iter().enumerate().find(|(_, r)| flyway_matches(cs, r));
        let below_baseline = cs.role == ChangesetRole::Versioned
            && cs
                .version
                .as_ref()
                .zip(baseline.as_ref())
                .is_some_and(|(v, b)| version_cmp(v, b) != Ordering::Greater);
        let mut h = match found {
            Some((k, r)) => {
                used.insert(k);
                flyway_row(cs, r)
            }
            // Flyway ignores versions at or below the baseline
            None if below_baseline => ChangesetHistory::default(),
            None => ChangesetHistory {
                proposed: true,
                ..Default::default()
            },
        };
        if h.proposed
            && found.is_none()
            && cs.role == ChangesetRole::Versioned
            && let (Some(v), Some(l)) = (&cs.version, &latest)
            && version_cmp(v, l) == Ordering::Less
        {
            h.out_of_order = Some(OutOfOrder { latest: l.clone() });
        }
        out.push(h);
    }
    let removed = rows
        .iter()
        .enumerate()
        .filter(|(k, r)| !used.contains(k) && !is_baseline(r))
        .map(|(_, r)| {
            removed_fw(r, file, "flyway_schema_history lists it, but no migration in the folder has this version (repeatable: this script); Flyway's validate reports it as applied but not resolved locally")
        })
        .collect();
    (out, removed)
}

/// `BASELINE` (`flyway baseline`), `SQL_BASELINE`/`JDBC_BASELINE` (a
/// baseline migration): every version up to it counts as run.
fn is_baseline(r: &FlywayRow) -> bool {
    r.kind.to_ascii_uppercase().ends_with("BASELINE")
}

fn flyway_matches(cs: &Changeset, r: &FlywayRow) -> bool {
    match (&cs.version, &r.version, cs.role) {
        (Some(v), Some(rv), ChangesetRole::Versioned) => {
            version_cmp(v, rv) == Ordering::Equal && !is_baseline(r)
        }
        (_, None, ChangesetRole::Repeatable) => {
            let script = r.script.rsplit('/').next().unwrap_or(&r.script);
            script == cs.id
                || (r.script.is_empty()
                    && cs.description.as_deref() == Some(r.description.as_str()))
        }
        _ => false,
    }
}

/// A migration with its (latest) row.
fn flyway_row(cs: &Changeset, r: &FlywayRow) -> ChangesetHistory {
    if !r.success {
        // Flyway refuses to migrate past a failed row until `repair`
        // deletes it; then it runs the migration again: it is proposed,
        // and it is not an edit
        return ChangesetHistory {
            proposed: true,
            failed: Some(format!(
                "flyway_schema_history records this migration as failed (success = false, rank {}): Flyway refuses to migrate until `flyway repair` removes the row, then runs it again",
                r.installed_rank.map_or("?".into(), |n| n.to_string())
            )),
            ..Default::default()
        };
    }
    let now = cs.checksum.as_deref();
    let was = r.checksum.map(|c| c.to_string());
    let changed = was.is_some() && now.is_some() && was.as_deref() != now;
    let repeatable = cs.role == ChangesetRole::Repeatable;
    ChangesetHistory {
        proposed: changed,
        edited: changed.then(|| Edited {
            checksum_was: was,
            checksum_now: now.map(str::to_string),
            // a changed repeatable is simply run again
            accepted: repeatable,
        }),
        ..Default::default()
    }
}

fn removed_fw(r: &FlywayRow, file: &str, reason: &str) -> Removed {
    Removed {
        id: r.version.clone().unwrap_or_else(|| r.script.clone()),
        author: None,
        file: if r.script.is_empty() {
            file.to_string()
        } else {
            r.script.clone()
        },
        line: None,
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_compare_as_liquibase_records_them() {
        assert_eq!(normalize("classpath:/db/changelog.xml"), "db/changelog.xml");
        assert_eq!(normalize("./db\\changelog.xml"), "db/changelog.xml");
        assert!(suffix_match("src/main/resources/db/x.xml", "db/x.xml"));
        assert!(!suffix_match("src/main/resources/adb/x.xml", "db/x.xml"));
    }
}
