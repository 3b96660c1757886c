//! Fixture tests: `DIR/fixtures/<case>/` holds a changelog in any format and
//! `expected.yaml`, the findings the whole pipeline must (and must not)
//! produce on it with the built-in rules and the policies under test:
//!
//! ```yaml
//! dialect: postgres          # optional (postgres)
//! db_version: 11             # optional
//! changelog: changelog.xml   # optional: the file (or `.`) to check
//! config: {protected_tables: [orders]}   # optional: data.schemagate.config
//! findings:                  # each must be produced
//!   - {rule: team-protected-table, severity: error, file: V2__drop.sql, line: 1}
//!   - {rule: team-protected-table, line: 1, message: "orders", help: "archive"}
//! absent:                    # none may be produced
//!   - {rule: ban-drop-table, file: V2__drop.sql}
//! exhaustive: true           # optional: the rules under `findings:`
//!                            # may produce nothing else
//! ```
//!
//! `file` is relative to the case folder. A finding matches an entry when
//! every field the entry gives is equal; other findings are allowed, but
//! with `exhaustive: true` not those of a rule named under `findings:`.
//!
//! `check` evaluates the policies without regorus's execution timer (that
//! is `policy::engine`'s to set), so a case is run on a worker thread and
//! abandoned at the watchdog's limit for `--policy-timeout`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::{Outcome, TestResult};
use crate::check::{CheckOptions, check};
use crate::dialect::{DbVersion, Dialect};
use crate::error::Problem;

/// The name of a case's expectations.
pub const EXPECTED: &str = "expected.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(default)]
    changelog: Option<String>,
    #[serde(default)]
    dialect: Option<String>,
    #[serde(default)]
    db_version: Option<serde_json::Value>,
    #[serde(default)]
    config: Option<serde_json::Value>,
    /// A `--stats` snapshot beside `expected.yaml` (then name the
    /// `changelog` too: the snapshot is YAML).
    #[serde(default)]
    stats: Option<String>,
    /// A `--baseline` schema dump beside `expected.yaml`: the tables the
    /// changelog alters exist before it, with their columns (name the
    /// `changelog` too).
    #[serde(default)]
    baseline: Option<String>,
    #[serde(default)]
    findings: Vec<Entry>,
    #[serde(default)]
    absent: Vec<Entry>,
    /// The rules named under `findings` produce no finding it does not list.
    #[serde(default)]
    exhaustive: bool,
}

/// One expected (or forbidden) finding; absent fields match anything.
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    /// Text the finding's message contains.
    #[serde(default)]
    message: Option<String>,
    /// Text the finding's help contains.
    #[serde(default)]
    help: Option<String>,
}

/// A finding as the case sees it.
#[derive(Debug, Clone, PartialEq)]
struct Actual {
    rule: String,
    severity: String,
    file: Option<String>,
    line: Option<usize>,
    message: String,
    help: Option<String>,
}

impl Entry {
    fn matches(&self, a: &Actual) -> bool {
        self.rule == a.rule
            && self.severity.as_ref().is_none_or(|s| *s == a.severity)
            && self
                .file
                .as_ref()
                .is_none_or(|f| Some(f) == a.file.as_ref())
            && self.line.is_none_or(|l| Some(l) == a.line)
            && self
                .message
                .as_ref()
                .is_none_or(|m| a.message.contains(m.as_str()))
            && self
                .help
                .as_ref()
                .is_none_or(|h| a.help.as_ref().is_some_and(|a| a.contains(h.as_str())))
    }
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.rule)?;
        if let Some(s) = &self.severity {
            write!(f, " {s}")?;
        }
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, " {file}:{line}"),
            (Some(file), None) => write!(f, " {file}"),
            (None, Some(line)) => write!(f, " line {line}"),
            (None, None) => Ok(()),
        }?;
        if let Some(m) = &self.message {
            write!(f, " message containing {m:?}")?;
        }
        if let Some(h) = &self.help {
            write!(f, " help containing {h:?}")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Actual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.rule, self.severity)?;
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, " {file}:{line}"),
            _ => write!(f, " (no place)"),
        }
    }
}

/// Every case folder (`<root>/fixtures/<case>/` with an `expected.yaml`),
/// in path order.
pub fn find_cases(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for root in roots {
        let Ok(entries) = std::fs::read_dir(root.join("fixtures")) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join(EXPECTED).is_file())
            .collect();
        found.sort();
        cases.append(&mut found);
    }
    cases
}

/// Runs one case through [`check`] with the built-in rules and the
/// policies of `policy_paths`, on a worker thread: a case still running at
/// the watchdog's limit for `timeout` is an error, and is not waited for.
pub fn run_case(case: &Path, policy_paths: &[PathBuf], timeout: Duration) -> TestResult {
    let start = Instant::now();
    let expected_file = case.join(EXPECTED);
    let mut result = TestResult {
        package: String::new(),
        name: crate::span::display_name(case),
        file: crate::span::display_name(&expected_file),
        line: 1,
        outcome: Outcome::Pass,
        duration: Default::default(),
        value: None,
        prints: Vec::new(),
        saw: Vec::new(),
        diff: Vec::new(),
    };
    match evaluate_watched(case, policy_paths, timeout) {
        Ok(diff) if diff.is_empty() => {}
        Ok(diff) => {
            result.outcome = Outcome::Fail;
            result.diff = diff;
        }
        Err(message) => result.outcome = Outcome::Error(message),
    }
    result.duration = start.elapsed();
    result
}

/// [`evaluate`] on a worker thread, abandoned past the hard limit.
fn evaluate_watched(
    case: &Path,
    policy_paths: &[PathBuf],
    timeout: Duration,
) -> Result<Vec<String>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (owned_case, owned_paths) = (case.to_path_buf(), policy_paths.to_vec());
    std::thread::spawn(move || {
        let _ = tx.send(evaluate(&owned_case, &owned_paths));
    });
    let limit = super::watchdog::hard_limit(timeout);
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "{}: checking the case did not end within {} (--policy-timeout {}); abandoned",
            crate::span::display_name(&case.join(EXPECTED)),
            super::run::seconds(limit),
            super::run::seconds(timeout)
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("checking the case stopped unexpectedly (a panic)".to_string())
        }
    }
}

/// The differences between what the case expects and what the pipeline
/// produced: `- missing …` and `+ unexpected …` lines.
fn evaluate(case: &Path, policy_paths: &[PathBuf]) -> Result<Vec<String>, String> {
    let expected = read_expected(&case.join(EXPECTED)).map_err(|p| shown(&p))?;
    let opts = options(case, &expected, policy_paths)?;
    let outcome = check(&opts);
    if let Some(p) = outcome.problems.first() {
        let (file, line, column) = p.position(&outcome.sources);
        return Err(if file.is_empty() {
            p.message.clone()
        } else {
            format!("{file}:{line}:{column}: {}", p.message)
        });
    }
    let actual: Vec<Actual> = outcome
        .findings
        .iter()
        .map(|f| {
            let place = f.span.map(|s| {
                let loc = outcome.sources.locate(s);
                let path = &outcome.sources.get(s.file).path;
                let file = path
                    .strip_prefix(case)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or(loc.file);
                (file, loc.line)
            });
            Actual {
                rule: f.rule.clone(),
                severity: f.severity.name().to_string(),
                file: place.as_ref().map(|p| p.0.clone()),
                line: place.map(|p| p.1),
                message: f.message.clone(),
                help: f.help.clone(),
            }
        })
        .collect();
    Ok(diff(&expected, &actual))
}

fn diff(expected: &Expected, actual: &[Actual]) -> Vec<String> {
    let mut out = Vec::new();
    for e in &expected.findings {
        if !actual.iter().any(|a| e.matches(a)) {
            out.push(format!("- missing:    {e}"));
        }
    }
    for e in &expected.absent {
        for a in actual.iter().filter(|a| e.matches(a)) {
            out.push(format!("+ unexpected: {a} (absent: {e})"));
        }
    }
    if expected.exhaustive {
        let listed = |a: &Actual| expected.findings.iter().any(|e| e.rule == a.rule);
        let matched = |a: &Actual| expected.findings.iter().any(|e| e.matches(a));
        for a in actual.iter().filter(|a| listed(a) && !matched(a)) {
            out.push(format!("+ unexpected: {a} (exhaustive)"));
        }
    }
    if !out.is_empty() {
        for a in actual {
            out.push(format!("  produced:   {a}"));
        }
    }
    out
}

/// The options a fixture case runs with, from its `expected.yaml`: for
/// the tests that run the same cases another way (the kind index on and
/// off).
pub fn case_options(case: &Path) -> Result<CheckOptions, String> {
    let expected = read_expected(&case.join(EXPECTED)).map_err(|p| p.message)?;
    options(case, &expected, &[])
}

fn options(
    case: &Path,
    expected: &Expected,
    policy_paths: &[PathBuf],
) -> Result<CheckOptions, String> {
    let dialect = match &expected.dialect {
        Some(d) => d
            .parse::<Dialect>()
            .map_err(|e| format!("{EXPECTED}: {e}"))?,
        None => Dialect::Postgres,
    };
    let changelog = match &expected.changelog {
        Some(c) => case.join(c),
        None => default_changelog(case)?,
    };
    let mut opts = CheckOptions::new(vec![changelog], dialect);
    opts.policy_paths = policy_paths.to_vec();
    if let Some(v) = &expected.db_version {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        opts.db_version = text
            .parse::<DbVersion>()
            .map_err(|e| format!("{EXPECTED}: db_version `{text}`: {e}"))?;
    }
    if let Some(c) = &expected.config {
        opts.config = c.clone();
    }
    opts.stats = expected.stats.as_ref().map(|s| case.join(s));
    opts.baselines = expected.baseline.iter().map(|b| case.join(b)).collect();
    Ok(opts)
}

/// The one Liquibase changelog (`.xml`, `.yaml`, `.yml`, `.json`) beside
/// `expected.yaml`, else the folder itself (SQL files, Flyway migrations).
fn default_changelog(case: &Path) -> Result<PathBuf, String> {
    let entries =
        std::fs::read_dir(case).map_err(|e| format!("cannot read `{}`: {e}", case.display()))?;
    let mut changelogs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != EXPECTED))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["xml", "yaml", "yml", "json"].contains(&e))
        })
        .collect();
    changelogs.sort();
    match changelogs.len() {
        0 => Ok(case.to_path_buf()),
        1 => Ok(changelogs.remove(0)),
        _ => Err(format!(
            "{}: several changelogs here; name the one to check with `changelog:`",
            crate::span::display_name(&case.join(EXPECTED))
        )),
    }
}

fn read_expected(path: &Path) -> Result<Expected, Problem> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Problem::at_path(path, 1, 1, format!("cannot read `{}`: {e}", path.display()))
    })?;
    serde_saphyr::from_str(&text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let msg = e.without_snippet().to_string();
        let first = msg.lines().next().unwrap_or_default().to_string();
        Problem::at_path(path, line, column, format!("invalid {EXPECTED}: {first}"))
    })
}

fn shown(p: &Problem) -> String {
    match &p.at {
        crate::error::ProblemAt::Path { path, line, column } => {
            format!("{}:{line}:{column}: {}", path.display(), p.message)
        }
        _ => p.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_case_passes_when_every_expectation_holds() {
        let dir = case(&[
            ("V1__drop.sql", "DROP TABLE orders;\n"),
            (
                EXPECTED,
                "findings:\n  - {rule: ban-drop-table, severity: error, file: V1__drop.sql, line: 1}\n\
                 absent:\n  - {rule: ban-truncate}\n",
            ),
        ]);
        let r = run_case(dir.path(), &[], Duration::from_secs(5));
        assert_eq!(r.outcome, Outcome::Pass, "{:?}", r.diff);
    }

    #[test]
    fn a_case_fails_with_the_diff() {
        let dir = case(&[
            ("V1__drop.sql", "DROP TABLE orders;\n"),
            (
                EXPECTED,
                "findings:\n  - {rule: ban-truncate, file: V1__drop.sql, line: 1}\n\
                 absent:\n  - {rule: ban-drop-table}\n",
            ),
        ]);
        let r = run_case(dir.path(), &[], Duration::from_secs(5));
        assert_eq!(r.outcome, Outcome::Fail);
        assert_eq!(
            r.diff,
            [
                "- missing:    ban-truncate V1__drop.sql:1",
                "+ unexpected: ban-drop-table error V1__drop.sql:1 (absent: ban-drop-table)",
                "  produced:   ban-drop-table error V1__drop.sql:1",
                "  produced:   require-lock-timeout warning V1__drop.sql:1",
            ]
        );
    }

    #[test]
    fn an_exhaustive_case_fails_on_a_finding_it_does_not_list() {
        let dir = case(&[
            ("V1__drop.sql", "DROP TABLE orders;\nDROP TABLE items;\n"),
            (
                EXPECTED,
                "exhaustive: true\nfindings:\n  - {rule: ban-drop-table, file: V1__drop.sql, line: 1}\n",
            ),
        ]);
        let r = run_case(dir.path(), &[], Duration::from_secs(5));
        assert_eq!(r.outcome, Outcome::Fail);
        assert_eq!(
            r.diff.first().map(String::as_str),
            Some("+ unexpected: ban-drop-table error V1__drop.sql:2 (exhaustive)")
        );
    }

    #[test]
    fn a_bad_expected_file_is_an_error_at_its_place() {
        let dir = case(&[("V1__a.sql", "SELECT 1;\n"), (EXPECTED, "findngs: []\n")]);
        let r = run_case(dir.path(), &[], Duration::from_secs(5));
        match &r.outcome {
            Outcome::Error(m) => assert!(m.contains("invalid expected.yaml"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
