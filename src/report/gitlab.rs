//! `--format gitlab`: GitLab Code Quality JSON (`artifacts: reports:
//! codequality`), shown in the merge request's widget and diff.
//!
//! Severities: an error finding is `critical`, a warning `minor` (`major`
//! when `fail_on: warning` makes it fail the gate), info `info`, an input
//! or policy error `blocker`. Waived findings are left out (they were
//! accepted); fingerprints are those of SARIF's `partialFingerprints`.

use serde::Serialize;

use super::place::{Paths, fingerprints, located, problem_place};
use super::{Outcome, failing};
use crate::policy::Severity;

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    categories: Vec<&'static str>,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

fn md5_hex(parts: &[&str]) -> String {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub fn render(outcome: &Outcome, paths: &Paths) -> String {
    let names = paths.names(&outcome.sources);
    let mut issues: Vec<Issue> = outcome
        .problems
        .iter()
        .map(|p| {
            let place = problem_place(p, &outcome.sources, &names, paths);
            let (path, line) = place.map_or((".".to_string(), 1), |p| (p.file, p.line));
            let check = match p.kind {
                crate::error::ProblemKind::Input => "schemagate-input-error",
                crate::error::ProblemKind::Policy => "schemagate-policy-error",
            };
            Issue {
                kind: "issue",
                fingerprint: md5_hex(&[check, &path, &p.message]),
                description: p.message.clone(),
                check_name: check.to_string(),
                severity: "blocker",
                categories: vec!["Bug Risk"],
                location: Location {
                    path,
                    lines: Lines {
                        begin: line,
                        end: line,
                    },
                },
            }
        })
        .collect();
    let located = located(outcome, paths);
    let fps = fingerprints(&located, &outcome.sources);
    for (l, fp) in located.iter().zip(fps) {
        let f = l.finding;
        if f.waived.is_some() {
            continue;
        }
        let severity = match f.severity {
            Severity::Error => "critical",
            Severity::Warning if failing(outcome, f) => "major",
            Severity::Warning => "minor",
            Severity::Info => "info",
        };
        let (path, begin, end) = l.place.as_ref().map_or((".".to_string(), 1, 1), |p| {
            (p.file.clone(), p.line, p.end_line.max(p.line))
        });
        issues.push(Issue {
            kind: "issue",
            description: format!("{}: {}", f.rule, f.message),
            check_name: f.rule.clone(),
            fingerprint: fp,
            severity,
            categories: vec!["Bug Risk"],
            location: Location {
                path,
                lines: Lines { begin, end },
            },
        });
    }
    let mut out = serde_json::to_string_pretty(&issues)
        .unwrap_or_else(|e| serde_json::json!({"error": e.to_string()}).to_string());
    out.push('\n');
    out
}
