//! Stage 6: reports for people and machines, and the exit code.
//!
//! One file per output format; all of them read the same [`Outcome`].

pub mod human;
pub mod impact_table;
pub mod json;

use crate::error::Problem;
use crate::policy::{Finding, Severity};
use crate::span::SourceMap;

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
}

/// `0` passed (warnings allowed, unless `fail_on: warning`), `1` a policy
/// failed, `2` something could not be read or analyzed.
pub fn exit_code(outcome: &Outcome) -> i32 {
    // a waived finding never fails the gate
    let failing = |f: &&Finding| {
        f.waived.is_none()
            && (f.severity == Severity::Error
                || (outcome.fail_on_warnings && f.severity == Severity::Warning))
    };
    if !outcome.problems.is_empty() {
        2
    } else if outcome.findings.iter().any(|f| failing(&f)) {
        1
    } else {
        0
    }
}

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated source with labels and help (default).
    Human,
    /// One JSON object: findings, errors and stats.
    Json,
}

/// Renders `outcome` in `format`.
pub fn render(outcome: &Outcome, format: Format, style: &human::Style) -> String {
    match format {
        Format::Human => human::render(outcome, style),
        Format::Json => json::render(outcome),
    }
}
