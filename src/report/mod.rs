//! Stage 6: reports for people and machines, and the exit code.
//!
//! One file per output format; all of them read the same [`Outcome`].

pub mod flood;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod impact_table;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod output;
pub mod place;
pub mod sarif;

use crate::error::Problem;
use crate::policy::meta::RuleMeta;
use crate::policy::{Finding, Severity};
use crate::span::{SourceMap, Span};

pub use output::{Format, Output, check_outputs};
pub use place::Paths;

/// Counts shown in summaries and the JSON `stats` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub files: usize,
    /// Changesets judged: the proposal.
    pub changesets: usize,
    /// Changesets of history: replayed into the schema model, not judged.
    pub history_changesets: usize,
    /// Statements of the proposal (forward and rollback).
    pub statements: usize,
    pub statements_parsed: usize,
    pub rules: usize,
    /// Findings conftest-style `exception` rules left out.
    pub exceptions: usize,
    /// Findings a waiver suppressed (kept in the report, never failing).
    pub waived: usize,
}

/// A changeset of the proposal (judged), as reports list them: JUnit
/// makes a test case of each, even of those without a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedChangeset {
    /// The changeset's id (Flyway version, file name, Liquibase id).
    pub id: String,
    pub author: Option<String>,
    /// Where it is declared (the whole file for a SQL migration).
    pub span: Span,
    /// The migration folder it was read from, when the changelog given
    /// was a folder (its migrations are then one test suite).
    pub folder: Option<std::path::PathBuf>,
}

impl JudgedChangeset {
    /// The proposed changesets of `changelog` (`proposed`: per changeset).
    pub fn proposed(changelog: &crate::source::Changelog, proposed: &[bool]) -> Vec<Self> {
        let folder = changelog.root.is_dir().then(|| changelog.root.clone());
        changelog
            .changesets
            .iter()
            .zip(proposed)
            .filter(|(_, p)| **p)
            .map(|(cs, _)| JudgedChangeset {
                id: cs.id.clone(),
                author: cs.author.clone(),
                span: cs.span,
                folder: folder.clone(),
            })
            .collect()
    }
}

/// What a run found: the input of every report.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub problems: Vec<Problem>,
    pub stats: Stats,
    /// `fail_on: warning`: a warning fails the gate too.
    pub fail_on_warnings: bool,
    /// How the dialect was chosen (flag, configuration, guess, default).
    pub dialect: Option<crate::source::guess::DialectChoice>,
    /// Every rule loaded (built-in and the user's), in the engine's order.
    pub rules: Vec<RuleMeta>,
    /// The changesets judged, in the order they were read.
    pub changesets: Vec<JudgedChangeset>,
    /// What each proposed changeset does to the running database (the
    /// `schemagate impact` table), when [`crate::check::CheckOptions`]'s
    /// `impact_table` asked for it (the Markdown report shows it).
    pub impact: Vec<impact_table::ChangesetImpact>,
}

/// `0` passed (warnings allowed, unless `fail_on: warning`), `1` a policy
/// failed, `2` something could not be read or analyzed.
pub fn exit_code(outcome: &Outcome) -> i32 {
    if !outcome.problems.is_empty() {
        2
    } else if outcome.findings.iter().any(|f| failing(outcome, f)) {
        1
    } else {
        0
    }
}

/// Whether `f` fails the gate: an error (or a warning with `fail_on:
/// warning`) that no waiver suppressed.
pub fn failing(outcome: &Outcome, f: &Finding) -> bool {
    f.waived.is_none()
        && (f.severity == Severity::Error
            || (outcome.fail_on_warnings && f.severity == Severity::Warning))
}

/// What every report needs beside the outcome.
#[derive(Debug, Clone)]
pub struct Context {
    /// How the human report draws.
    pub style: human::Style,
    /// The folder the machine-read reports' paths are relative to.
    pub paths: Paths,
    /// The base URL of the built-in rules' documentation (SARIF `helpUri`):
    /// [`sarif::default_rule_docs`] unless `--rule-docs-url` says.
    pub rule_docs: Option<String>,
}

impl Context {
    /// Plain text, paths relative to the working directory: for tests and
    /// embedding.
    pub fn plain() -> Self {
        Context {
            style: human::Style::plain(),
            paths: Paths::relative_to_cwd(),
            rule_docs: sarif::default_rule_docs(),
        }
    }
}

/// Renders `outcome` in `format`.
pub fn render(outcome: &Outcome, format: Format, context: &Context) -> String {
    match format {
        Format::Human => human::render(outcome, &context.style),
        Format::Json => json::render(outcome),
        Format::Sarif => sarif::render(outcome, &context.paths, context.rule_docs.as_deref()),
        Format::Junit => junit::render(outcome, &context.paths),
        Format::Markdown => markdown::render(outcome, &context.paths),
        Format::Github => github::render(outcome, &context.paths),
        Format::Gitlab => gitlab::render(outcome, &context.paths),
    }
}
