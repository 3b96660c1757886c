//! `--format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning and other
//! viewers read it. Built from the same [`Outcome`] as `json`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::place::{Located, Paths, Place, fingerprints, located, problem_place};
use super::{Outcome, exit_code};
use crate::policy::Severity;
use crate::policy::meta::RuleMeta;
use crate::policy::waivers::{Waived, WaivedBy};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `partialFingerprints` key of our own fingerprint.
pub const FINGERPRINT_KEY: &str = "schemagate/v1";
/// `repository` of Cargo.toml: where the built-in rules' `helpUri` point
/// (left out while it is not set).
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
/// `homepage` of Cargo.toml (else `repository`): the driver's
/// `informationUri`.
const HOMEPAGE: &str = env!("CARGO_PKG_HOMEPAGE");

/// Where the built-in rules' documentation is by default: this version's
/// tag of the repository (`<repository>/blob/v<version>`); each rule's
/// `helpUri` is this base and the rule's file (`policies/<category>/
/// <rule>.rego`, whose `meta` documents it).
pub fn default_rule_docs() -> Option<String> {
    (!REPOSITORY.is_empty()).then(|| {
        format!(
            "{}/blob/v{}",
            REPOSITORY.trim_end_matches('/'),
            env!("CARGO_PKG_VERSION")
        )
    })
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: Vec<Invocation>,
    results: Vec<ResultOut<'a>>,
    /// Our columns count characters (code points), not UTF-16 units.
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<String>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
    help: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    category: &'a str,
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    exit_code: i32,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    changeset: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
    location: Location,
    properties: SuppressionProperties,
}

#[derive(Serialize)]
struct SuppressionProperties {
    owner: Option<String>,
    ticket: Option<String>,
    expires: Option<String>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI reference of a relative path: each segment percent-encoded where
/// RFC 3986 requires it (spaces, `%`, `#`, `?`, non-ASCII).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn location(p: &Place) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&p.file),
                uri_base_id: "%SRCROOT%",
            },
            region: Region {
                start_line: p.line.max(1),
                start_column: p.column.max(1),
                end_line: p.end_line.max(p.line).max(1),
                end_column: p.end_column.max(1),
            },
        },
    }
}

fn rule<'a>(r: &'a RuleMeta, builtin: &[String], docs: Option<&str>) -> Rule<'a> {
    let or = |s: &str, other: &str| {
        if s.trim().is_empty() {
            other.to_string()
        } else {
            s.to_string()
        }
    };
    let title = or(&r.title, &r.id);
    let help_uri = docs
        .filter(|_| builtin.contains(&r.file))
        .map(|base| format!("{}/{}", base.trim_end_matches('/'), r.file));
    Rule {
        id: &r.id,
        short_description: Text {
            text: title.clone(),
        },
        full_description: Text {
            text: or(&r.description, &title),
        },
        help: Text {
            text: format!(
                "{}\n\n`schemagate explain {}` shows the rule's documentation.",
                or(&r.help, &title),
                r.id
            ),
        },
        help_uri,
        default_configuration: Configuration {
            level: level(r.severity),
        },
        properties: RuleProperties {
            category: &r.category,
            tags: [r.category.as_str()]
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect(),
        },
    }
}

fn suppression(w: &Waived, paths: &Paths) -> Suppression {
    let file = paths.relative(std::path::Path::new(&w.file), &w.file);
    Suppression {
        kind: match w.by {
            WaivedBy::Inline => "inSource",
            WaivedBy::Config => "external",
        },
        status: "accepted",
        justification: w.reason.clone(),
        location: location(&Place {
            file,
            line: w.line,
            column: 1,
            end_line: w.line,
            end_column: 1,
        }),
        properties: SuppressionProperties {
            owner: w.owner.clone(),
            ticket: w.ticket.clone(),
            expires: w.expires.clone(),
        },
    }
}

fn result<'a>(l: &Located<'a>, fp: String, rules: &[RuleMeta], paths: &Paths) -> ResultOut<'a> {
    let f = l.finding;
    ResultOut {
        rule_id: &f.rule,
        rule_index: rules.iter().position(|r| r.id == f.rule),
        level: level(f.severity),
        message: Text {
            text: f.message.clone(),
        },
        locations: l.place.iter().map(location).collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fp)]),
        suppressions: f.waived.iter().map(|w| suppression(w, paths)).collect(),
        properties: (f.changeset.is_some() || f.help.is_some()).then_some(ResultProperties {
            changeset: f.changeset.as_deref(),
            help: f.help.as_deref(),
        }),
    }
}

/// The SARIF log of `outcome`; `rule_docs`: the base of the built-in rules'
/// `helpUri` ([`default_rule_docs`], or `--rule-docs-url`).
pub fn render(outcome: &Outcome, paths: &Paths, rule_docs: Option<&str>) -> String {
    let mut rules: Vec<RuleMeta> = outcome.rules.clone();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules.dedup_by(|a, b| a.id == b.id);
    let builtin: Vec<String> = crate::policy::builtin::builtin_policies()
        .into_iter()
        .map(|f| f.path)
        .collect();
    let located = located(outcome, paths);
    let fps = fingerprints(&located, &outcome.sources);
    let results = located
        .iter()
        .zip(fps)
        .map(|(l, fp)| result(l, fp, &rules, paths))
        .collect();
    let names = paths.names(&outcome.sources);
    let notifications = outcome
        .problems
        .iter()
        .map(|p| Notification {
            level: "error",
            message: Text {
                text: p.message.clone(),
            },
            locations: problem_place(p, &outcome.sources, &names, paths)
                .iter()
                .map(location)
                .collect(),
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "schemagate",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: [HOMEPAGE, REPOSITORY]
                        .into_iter()
                        .find(|u| !u.is_empty())
                        .map(String::from),
                    rules: rules.iter().map(|r| rule(r, &builtin, rule_docs)).collect(),
                },
            },
            invocations: vec![Invocation {
                execution_successful: outcome.problems.is_empty(),
                exit_code: exit_code(outcome),
                tool_execution_notifications: notifications,
            }],
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    let mut out = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|e| serde_json::json!({"error": e.to_string()}).to_string());
    out.push('\n');
    out
}
