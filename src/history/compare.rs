//! Matching a changelog against an older version of itself: each changeset
//! to its old self by identity (never by line number), then "unchanged",
//! "new" or "edited" by content.
//!
//! Identity is what the migration tool records: Liquibase's id + author +
//! file, a versioned script's version, a repeatable or plain script's name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Basis, ChangesetHistory, Classification, Edited, OutOfOrder, Removed};
use crate::source::{Changelog, Changeset, ChangesetRole, SourceFormat};
use crate::span::{FileId, SourceMap};

/// One side of the comparison.
pub(crate) struct Side<'a> {
    pub changelog: &'a Changelog,
    pub sources: &'a SourceMap,
    /// The folder file identities are relative to.
    pub root_dir: &'a Path,
}

impl Side<'_> {
    fn identities(&self) -> Vec<String> {
        let root = canonical(self.root_dir);
        let mut files: HashMap<FileId, String> = HashMap::new();
        let mut folders: HashMap<PathBuf, PathBuf> = HashMap::new();
        self.changelog
            .changesets
            .iter()
            .map(|cs| {
                let file = files
                    .entry(cs.span.file)
                    .or_insert_with(|| {
                        relative_file(self.sources, cs.span.file, &root, &mut folders)
                    })
                    .clone();
                identity(self.changelog.format, cs, &file)
            })
            .collect()
    }

    /// The changeset as written, whitespace runs collapsed: a re-indented
    /// changeset is the same changeset.
    fn content(&self, cs: &Changeset) -> String {
        let text = &self.sources.get(cs.span.file).text;
        let written = text.get(cs.span.range()).unwrap_or_default();
        written.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// The file relative to `root`, canonicalising each folder once.
fn relative_file(
    sources: &SourceMap,
    file: FileId,
    root: &Path,
    folders: &mut HashMap<PathBuf, PathBuf>,
) -> String {
    let path = &sources.get(file).path;
    let parent = path.parent().unwrap_or(Path::new(""));
    let dir = folders.entry(parent.to_path_buf()).or_insert_with(|| {
        canonical(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
    });
    let full = dir.join(path.file_name().unwrap_or_default());
    let rel = full.strip_prefix(root).unwrap_or(&full);
    rel.to_string_lossy().replace('\\', "/")
}

/// What the migration tool recognises a changeset by.
fn identity(format: Option<SourceFormat>, cs: &Changeset, file: &str) -> String {
    match format {
        // Liquibase records the logical file path when one is set, so a
        // moved file that keeps it holds the same changesets.
        Some(SourceFormat::Liquibase) => format!(
            "{}::{}::{}",
            cs.attributes
                .get("logicalFilePath")
                .and_then(|v| v.as_str())
                .unwrap_or(file),
            cs.id,
            cs.author.as_deref().unwrap_or_default()
        ),
        // Flyway records versions, whatever the file is called now (and
        // its locations share one sequence of them).
        Some(SourceFormat::Flyway)
            if cs.role == ChangesetRole::Versioned && cs.version.is_some() =>
        {
            format!("version {}", cs.version.as_deref().unwrap_or_default())
        }
        Some(SourceFormat::Flyway) => format!("script {}", cs.id),
        // The other tools by file: one folder may hold several independent
        // sets that reuse version numbers (sqlx, golang-migrate).
        _ => format!("file {file}"),
    }
}

/// Classifies `new` against `old`. A changeset in a file `unchanged` says
/// is as it was is history without a look at the old side (which may leave
/// such files out).
pub(crate) fn against(
    old: &Side<'_>,
    new: &Side<'_>,
    unchanged: &dyn Fn(FileId) -> bool,
    basis: Basis,
) -> Classification {
    let old_ids = old.identities();
    let new_ids = new.identities();
    let old_by_id: HashMap<&str, usize> = old_ids
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();

    let mut changesets = Vec::with_capacity(new_ids.len());
    for (cs, key) in new.changelog.changesets.iter().zip(&new_ids) {
        if unchanged(cs.span.file) {
            changesets.push(ChangesetHistory::default());
            continue;
        }
        let entry = match old_by_id.get(key.as_str()) {
            None => ChangesetHistory {
                proposed: true,
                ..Default::default()
            },
            Some(&o) => {
                let was = &old.changelog.changesets[o];
                if same_changeset(old, was, new, cs) {
                    ChangesetHistory::default()
                } else {
                    let (before, now) = (was.checksum.as_deref(), cs.checksum.as_deref());
                    ChangesetHistory {
                        proposed: true,
                        edited: Some(Edited {
                            checksum_was: before.map(str::to_string),
                            checksum_now: now.map(str::to_string),
                            accepted: super::edit_accepted(cs, before, now),
                        }),
                        ..Default::default()
                    }
                }
            }
        };
        changesets.push(entry);
    }
    out_of_order(new.changelog, &mut changesets);

    let new_keys: std::collections::HashSet<&str> = new_ids.iter().map(String::as_str).collect();
    let root = canonical(old.root_dir);
    let mut folders = HashMap::new();
    let removed = old
        .changelog
        .changesets
        .iter()
        .zip(&old_ids)
        .filter(|(_, k)| !new_keys.contains(k.as_str()))
        .map(|(cs, _)| removed(old, new, cs, &root, &mut folders))
        .collect();
    Classification {
        basis,
        changesets,
        removed,
    }
}

/// Is the changeset what it was, as the migration tool sees it? Its
/// checksum decides when both sides have one of the same version (Flyway
/// fails on a changed blank line; Liquibase ignores a changed `context`);
/// else the text as written, whitespace aside.
fn same_changeset(old: &Side<'_>, was: &Changeset, new: &Side<'_>, now: &Changeset) -> bool {
    match (was.checksum.as_deref(), now.checksum.as_deref()) {
        (Some(a), Some(b)) if a.split(':').next() == b.split(':').next() => {
            a.eq_ignore_ascii_case(b)
        }
        _ => old.content(was) == new.content(now),
    }
}

/// A changeset of the old changelog that the new one lacks.
fn removed(
    old: &Side<'_>,
    new: &Side<'_>,
    cs: &Changeset,
    root: &Path,
    folders: &mut HashMap<PathBuf, PathBuf>,
) -> Removed {
    let loc = old.sources.locate(cs.span);
    // A versioned script whose text reappears under another version was
    // renumbered, which the tool sees as one removed and one new migration.
    let renumbered = cs.version.as_ref().and_then(|_| {
        let content = old.content(cs);
        new.changelog
            .changesets
            .iter()
            .find(|n| n.version.is_some() && n.version != cs.version && new.content(n) == content)
            .and_then(|n| n.version.clone())
    });
    let reason = match (&renumbered, old.changelog.format) {
        (Some(v), _) => format!("it was renumbered as version {v}"),
        (None, Some(SourceFormat::Liquibase)) => "it is no longer in the changelog".to_string(),
        (None, _) => "its migration file is gone".to_string(),
    };
    Removed {
        id: cs.id.clone(),
        author: cs.author.clone(),
        file: relative_file(old.sources, cs.span.file, root, folders),
        line: Some(loc.line),
        reason,
    }
}

/// Flyway refuses a versioned migration below the latest one already run
/// (unless `outOfOrder=true`): mark the proposed ones that are.
pub(crate) fn out_of_order(changelog: &Changelog, states: &mut [ChangesetHistory]) {
    if changelog.format != Some(SourceFormat::Flyway) {
        return;
    }
    use crate::source::sqlfolder::natural_order::version_cmp;
    let latest = changelog
        .changesets
        .iter()
        .zip(states.iter())
        .filter(|(cs, st)| !st.proposed && cs.role == ChangesetRole::Versioned)
        .filter_map(|(cs, _)| cs.version.as_deref())
        .max_by(|a, b| version_cmp(a, b));
    let Some(latest) = latest.map(str::to_string) else {
        return;
    };
    for (cs, st) in changelog.changesets.iter().zip(states.iter_mut()) {
        if st.proposed
            && st.edited.is_none()
            && cs.role == ChangesetRole::Versioned
            && cs
                .version
                .as_deref()
                .is_some_and(|v| version_cmp(v, &latest) == std::cmp::Ordering::Less)
        {
            st.out_of_order = Some(OutOfOrder {
                latest: latest.clone(),
            });
        }
    }
}
