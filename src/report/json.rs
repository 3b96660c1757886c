//! `--format json`: one stable, documented object (`docs/output.md`).

use serde::Serialize;

use super::{Outcome, Stats, exit_code};

/// Version of this object's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    passed: bool,
    findings: Vec<FindingOut<'a>>,
    errors: Vec<ErrorOut>,
    stats: &'a Stats,
    /// The target dialect and how it was chosen (`flag`, `config`,
    /// `guessed` with its evidence, `default`).
    #[serde(skip_serializing_if = "Option::is_none")]
    dialect: Option<&'a crate::source::guess::DialectChoice>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    changeset: Option<&'a str>,
    /// The waiver that suppressed the finding, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<&'a crate::policy::waivers::Waived>,
}

#[derive(Serialize)]
struct ErrorOut {
    /// `input` (what is checked) or `policy` (what checks it).
    kind: crate::error::ProblemKind,
    /// The kind of error, for those that come in numbers
    /// (`missing-placeholder`, `syntax-error`, …); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    message: String,
    file: String,
    line: usize,
    column: usize,
}

pub fn render(outcome: &Outcome) -> String {
    let findings = outcome
        .findings
        .iter()
        .map(|f| {
            let loc = f.span.map(|s| outcome.sources.locate(s));
            FindingOut {
                rule: &f.rule,
                severity: f.severity.name(),
                message: &f.message,
                help: f.help.as_deref(),
                file: loc.as_ref().map(|l| l.file.clone()),
                line: loc.as_ref().map(|l| l.line),
                column: loc.as_ref().map(|l| l.column),
                end_line: loc.as_ref().map(|l| l.end_line),
                end_column: loc.as_ref().map(|l| l.end_column),
                changeset: f.changeset.as_deref(),
                waived: f.waived.as_ref(),
            }
        })
        .collect();
    let errors = outcome
        .problems
        .iter()
        .map(|p| {
            let (file, line, column) = p.position(&outcome.sources);
            ErrorOut {
                kind: p.kind,
                code: p.code,
                message: p.message.clone(),
                file,
                line,
                column,
            }
        })
        .collect();
    let report = Report {
        schema_version: SCHEMA_VERSION,
        passed: exit_code(outcome) == 0,
        findings,
        errors,
        stats: &outcome.stats,
        dialect: outcome.dialect.as_ref(),
    };
    // sized at once: grown by doubling, the buffer of a report of
    // thousands of findings was copied a dozen times into fresh pages
    let mut bytes = Vec::with_capacity(estimated_len(outcome));
    let written = serde_json::to_writer_pretty(&mut bytes, &report)
        .map_err(|e| e.to_string())
        // serde_json writes UTF-8 only
        .and_then(|()| String::from_utf8(bytes).map_err(|e| e.to_string()));
    let mut out = written.unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// About the length of the report: its strings, and the names and
/// indentation around them.
fn estimated_len(outcome: &Outcome) -> usize {
    let findings: usize = outcome
        .findings
        .iter()
        .map(|f| f.message.len() + f.help.as_ref().map_or(0, String::len) + 320)
        .sum();
    let errors: usize = outcome.problems.iter().map(|p| p.message.len() + 160).sum();
    findings + errors + 4096
}
