//! Preconditions decided without a database: `dbms` (against the target),
//! `changeLogPropertyDefined` (against the changelog's properties) and the
//! `and`/`or`/`not` around them, evaluated as Liquibase's
//! `PreconditionContainer`, `AndPrecondition`, `OrPrecondition` and
//! `NotPrecondition` do (in order, stopping at the first decisive child).
//! Anything that needs a database (`tableExists`, `sqlCheck`, `runningAs`,
//! …) is unknown, and so is every container that depends on it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Loader;
use super::filters;
use super::tree::Node;

/// A precondition's result, as far as it is known without a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Pass,
    Fail,
    /// Needs a database (it may pass, fail or error).
    Unknown,
}

/// `onFail` (`PreconditionContainer.FailOption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnFail {
    /// The default: the update stops with an error.
    Halt,
    /// The changeset is skipped (and tried again next run).
    Continue,
    /// The changeset is skipped and recorded as run.
    MarkRan,
    /// A warning is logged and the changeset runs anyway.
    Warn,
}

impl OnFail {
    fn parse(v: &str) -> Option<Self> {
        Some(match v.trim().to_ascii_uppercase().as_str() {
            "HALT" => OnFail::Halt,
            "CONTINUE" => OnFail::Continue,
            "MARK_RAN" => OnFail::MarkRan,
            "WARN" => OnFail::Warn,
            _ => return None,
        })
    }
}

/// Container settings, not conditions (YAML/JSON write them as list items).
const SETTINGS: &[&str] = &[
    "onFail",
    "onError",
    "onFailMessage",
    "onErrorMessage",
    "onSqlOutput",
    "onUpdateSQL",
    "onUpdateSql",
];

impl Loader<'_> {
    /// A `preConditions` container's setting: an attribute, or a YAML
    /// `- onFail: MARK_RAN` item.
    fn setting(&self, node: &Node, name: &str, path: &Path) -> Option<String> {
        self.value(node, name, path).or_else(|| {
            node.children
                .iter()
                .find(|c| c.name == name && c.attrs.is_empty() && c.children.is_empty())
                .and_then(|c| c.text.as_ref())
                .map(|t| self.props.expand(t, self.scope(path), &self.run).text)
        })
    }

    /// The container's `onFail` (unknown values: `HALT`, the default).
    pub(super) fn on_fail(&self, container: &Node, path: &Path) -> OnFail {
        self.setting(container, "onFail", path)
            .and_then(|v| OnFail::parse(&v))
            .unwrap_or(OnFail::Halt)
    }

    /// `onFailMessage`, if written.
    pub(super) fn on_fail_message(&self, container: &Node, path: &Path) -> Option<String> {
        self.setting(container, "onFailMessage", path)
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
    }

    /// A whole `preConditions` container: all its conditions must pass.
    pub(super) fn precondition_outcome(&self, container: &Node, path: &Path) -> Outcome {
        self.all_pass(conditions(container), path)
    }

    fn all_pass<'n>(&self, children: impl Iterator<Item = &'n Node>, path: &Path) -> Outcome {
        for c in children {
            match self.condition(c, path) {
                Outcome::Pass => {}
                // Liquibase stops at the first failure; an unknown child
                // before it may error instead, which is handled differently
                other => return other,
            }
        }
        Outcome::Pass
    }

    fn condition(&self, node: &Node, path: &Path) -> Outcome {
        match node.name.as_str() {
            "and" => self.all_pass(conditions(node), path),
            "or" => {
                for c in conditions(node) {
                    match self.condition(c, path) {
                        Outcome::Fail => {}
                        other => return other,
                    }
                }
                Outcome::Fail
            }
            // passes when every nested condition fails
            "not" => {
                for c in conditions(node) {
                    match self.condition(c, path) {
                        Outcome::Fail => {}
                        Outcome::Pass => return Outcome::Fail,
                        Outcome::Unknown => return Outcome::Unknown,
                    }
                }
                Outcome::Pass
            }
            "dbms" => {
                let Some(target) = self.run.dbms else {
                    return Outcome::Unknown;
                };
                let definition = self.value(node, "type", path).unwrap_or_default();
                // `DatabaseList.definitionMatches(type, db, false)`: an
                // empty list does not match
                let matches = !definition.trim().is_empty()
                    && filters::dbms_matches(&definition, Some(target));
                if matches {
                    Outcome::Pass
                } else {
                    Outcome::Fail
                }
            }
            "changeLogPropertyDefined" => {
                let Some(name) = self.value(node, "property", path) else {
                    return Outcome::Unknown;
                };
                let expected = self.value(node, "value", path);
                let name = name.trim();
                match self.props.get(name, self.scope(path), &self.run) {
                    // Liquibase defines a `database.*` property for every
                    // property of the connected database; only some are
                    // known without one
                    None if name.starts_with("database.") => Outcome::Unknown,
                    None => Outcome::Fail,
                    Some(v) if expected.as_deref().is_some_and(|e| e != v) => Outcome::Fail,
                    Some(_) => Outcome::Pass,
                }
            }
            _ => Outcome::Unknown,
        }
    }
}

fn conditions(node: &Node) -> impl Iterator<Item = &Node> {
    node.children
        .iter()
        .filter(|c| !SETTINGS.contains(&c.name.as_str()))
}

/// A `preConditions` container decided once the whole changelog is read:
/// Liquibase checks preconditions after parsing, so a property defined
/// further down (or in a later file) counts.
pub(crate) struct Pending {
    /// Index in `Loader::changesets` of the changeset it guards; `None`: a
    /// changelog's own preconditions.
    changeset: Option<usize>,
    container: Node,
    path: PathBuf,
    what: String,
}

impl Loader<'_> {
    pub(super) fn defer_preconditions(
        &mut self,
        changeset: Option<usize>,
        container: &Node,
        path: &Path,
        what: String,
    ) {
        self.pending.push(Pending {
            changeset,
            container: container.clone(),
            path: path.to_path_buf(),
            what,
        });
    }

    /// Decides the deferred preconditions: changesets they skip are set
    /// aside, those they mark ran are kept as such.
    pub(super) fn settle_preconditions(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut skipped = HashSet::new();
        let mut marked = HashSet::new();
        for p in &pending {
            let verdict = self.precondition_verdict(&p.container, &p.path, &p.what);
            match (verdict, p.changeset) {
                (Verdict::Run, _) | (_, None) => {}
                (Verdict::Skip, Some(i)) => {
                    skipped.insert(i);
                }
                (Verdict::MarkRan, Some(i)) => {
                    marked.insert(i);
                }
            }
        }
        let all = std::mem::take(&mut self.changesets);
        for (index, mut cs) in all.into_iter().enumerate() {
            if skipped.contains(&index) {
                self.skipped.push(cs);
            } else {
                cs.marked_ran = marked.contains(&index);
                self.changesets.push(cs);
            }
        }
    }

    /// What a `preConditions` container does to what it guards. A container
    /// that fails without a database: `onFail` `CONTINUE` skips it,
    /// `MARK_RAN` records it as run, `WARN` runs it anyway, `HALT` stops the
    /// update — a problem at the container. `what` names the guarded item
    /// for that problem.
    fn precondition_verdict(&mut self, container: &Node, path: &Path, what: &str) -> Verdict {
        if self.precondition_outcome(container, path) != Outcome::Fail {
            return Verdict::Run;
        }
        match self.on_fail(container, path) {
            OnFail::Warn => Verdict::Run,
            OnFail::Continue => Verdict::Skip,
            OnFail::MarkRan => Verdict::MarkRan,
            OnFail::Halt => {
                let target = self.run.dbms.unwrap_or("the target database");
                let why = self
                    .on_fail_message(container, path)
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default();
                self.problems.push(crate::error::Problem::at_span(
                    container.name_span,
                    format!(
                        "preconditions of {what} fail on {target}{why}: with onFail=HALT Liquibase stops the update here"
                    ),
                ));
                Verdict::Skip
            }
        }
    }
}

/// What failing preconditions do to the changeset they guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Run,
    /// Not run, not recorded (`CONTINUE`, or the update stops: `HALT`).
    Skip,
    /// Not run, recorded as run (`MARK_RAN`).
    MarkRan,
}
