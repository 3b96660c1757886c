//! Waivers: a finding accepted on purpose, by a comment where the change is
//! written ([`inline`]) or an entry of the config file ([`config`]). A
//! waived finding is kept, with its waiver, and does not fail the gate;
//! waivers without a reason, expired or unused are findings themselves.

pub mod config;
pub mod inline;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::dialect::Dialect;
use crate::error::Problem;
use crate::policy::meta::RuleConfig;
use crate::policy::{At, Finding, Severity, aliases};
use crate::source::Changeset;
use crate::span::{FileId, SourceFile, SourceMap, Span};
use crate::sql::Statement;

use config::{ConfigWaiver, Date};
use inline::{Directive, FileComments};

/// Rule ids of the findings about waivers themselves.
pub const WITHOUT_REASON: &str = "waiver-without-reason";
pub const EXPIRED: &str = "expired-waiver";
pub const UNUSED: &str = "unused-waiver";

/// Where a waiver was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WaivedBy {
    Inline,
    Config,
}

/// The waiver that suppressed a finding: who, why, until when, and where it
/// is written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Waived {
    pub by: WaivedBy,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    pub expires: Option<String>,
    pub file: String,
    pub line: usize,
}

/// What waivers need to know of the analyzed changelogs: which changesets
/// are proposed, and per statement with a finding its changeset and the
/// objects it names (only those: a waiver only ever applies to a finding,
/// and a million statements would otherwise hold 190 MB here).
#[derive(Debug, Default)]
pub struct Seen {
    changesets: Vec<(Span, bool)>,
    statements: HashMap<Span, (Span, Vec<String>)>,
}

impl Seen {
    pub fn add(
        &mut self,
        (changesets, proposed): (&[Changeset], &[bool]),
        statements: &[Statement],
        findings: &[Finding],
    ) {
        for (i, c) in changesets.iter().enumerate() {
            let judged = proposed.get(i).copied().unwrap_or(true);
            self.changesets.push((c.span, judged));
        }
        let found: HashSet<Span> = findings.iter().filter_map(|f| f.span).collect();
        for s in statements.iter().filter(|s| found.contains(&s.span)) {
            let Some(c) = changesets.get(s.changeset) else {
                continue;
            };
            let f = &s.facts;
            let names = (f.object.iter().map(|o| o.name.clone()))
                .chain(f.table.iter().map(|t| t.name.clone()))
                .chain(f.names.iter().flatten().map(|o| o.name.clone()))
                .collect();
            self.statements.insert(s.span, (c.span, names));
        }
    }

    /// Is the changeset a comment at `at` belongs to (the one holding it,
    /// or else the next one in its file) proposed?
    fn proposed_at(&self, at: Span) -> bool {
        let in_file = self.changesets.iter().filter(|(s, _)| s.file == at.file);
        let holding = in_file.clone().find(|(s, _)| s.range().contains(&at.start));
        let next = in_file
            .filter(|(s, _)| s.start >= at.start)
            .min_by_key(|(s, _)| s.start);
        holding.or(next).is_none_or(|(_, p)| *p)
    }
}

/// How a run treats waivers.
pub struct Settings<'a> {
    /// `false` with `--no-waivers`: every finding shown, no waiver reported.
    pub enabled: bool,
    pub config: &'a Value,
    pub config_path: Option<&'a Path>,
    /// The loaded rules' ids and aliases.
    pub rules: aliases::RuleNames,
    pub dialect: Dialect,
}

/// Marks the findings waivers suppress, adds the findings about waivers
/// (registering the config file in `sources` to point into it) and returns
/// how many findings were waived.
pub fn apply(
    settings: &Settings,
    seen: &Seen,
    sources: &mut SourceMap,
    findings: &mut Vec<Finding>,
    problems: &mut Vec<Problem>,
) -> usize {
    if !settings.enabled {
        return 0;
    }
    let known = &settings.rules;
    let configured =
        config::read(settings.config, settings.config_path, known).unwrap_or_else(|mut e| {
            problems.append(&mut e);
            Vec::new()
        });
    let today = Date::today();
    let comments = scan_proposed(settings.dialect, seen, sources);
    let mut inline_used = HashSet::new();
    let mut config_used = vec![false; configured.len()];
    let mut waived = 0;
    for f in findings.iter_mut() {
        let by_comment = waive_inline(f, seen, sources, &comments, known, &mut inline_used);
        f.waived = by_comment.or_else(|| {
            waive_config(f, seen, sources, &configured, today, &mut config_used)
                .map(|i| waived_by_config(&configured[i], settings.config_path))
        });
        waived += usize::from(f.waived.is_some());
    }
    let mut about = Vec::new();
    for (file, c) in &comments {
        inline_findings(sources.get(*file), c, seen, known, &inline_used, &mut about);
    }
    if !configured.is_empty() {
        // Registered so the findings can point into it (without a file,
        // as a library caller may give the configuration, they point nowhere).
        let file = settings.config_path.map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            sources.add(SourceFile::new(path.to_path_buf(), text))
        });
        let place = file.map(|id| (sources.get(id), id));
        config_findings((place, today), &configured, &config_used, &mut about);
    }
    // `rules:` tunes these as any rule (a bad `rules:` is reported by the
    // engine already).
    let tuning = RuleConfig::from_data(settings.config).unwrap_or_default();
    findings.extend(
        about
            .into_iter()
            .filter(|f| !tuning.is_disabled(&f.rule))
            .map(|mut f| {
                f.severity = tuning.severity(&f.rule).unwrap_or(f.severity);
                f
            }),
    );
    waived
}

/// The waiver comments of every file that holds a proposed changeset.
fn scan_proposed(
    dialect: Dialect,
    seen: &Seen,
    sources: &SourceMap,
) -> HashMap<FileId, FileComments> {
    let files: HashSet<FileId> = seen
        .changesets
        .iter()
        .filter(|(_, proposed)| *proposed)
        .map(|(s, _)| s.file)
        .collect();
    files
        .into_iter()
        .filter(|id| inline::may_hold_waivers(&sources.get(*id).text))
        .map(|id| (id, inline::scan(id, sources.get(id), dialect)))
        .filter(|(_, c)| !c.directives.is_empty())
        .collect()
}

/// The first inline waiver of `f`'s rule written above its statement or
/// change, above its changeset, or for its whole file.
fn waive_inline(
    f: &Finding,
    seen: &Seen,
    sources: &SourceMap,
    comments: &HashMap<FileId, FileComments>,
    known: &aliases::RuleNames,
    used: &mut HashSet<(FileId, usize, usize)>,
) -> Option<Waived> {
    let span = f.span?;
    let changeset = seen.statements.get(&span).map_or(span, |(c, _)| *c);
    for anchor in [span, changeset] {
        let Some(c) = comments.get(&anchor.file) else {
            continue;
        };
        let file = sources.get(anchor.file);
        let line = file.line_col(anchor.start).0;
        let whole_file = c
            .directives
            .iter()
            .enumerate()
            .filter(|(_, d)| d.file_level);
        for (i, d) in c.above(line).chain(whole_file) {
            let Some(r) = rule_index(d, &f.rule, known) else {
                continue;
            };
            used.insert((anchor.file, i, r));
            return Some(Waived {
                by: WaivedBy::Inline,
                reason: d.reason.clone(),
                owner: None,
                ticket: None,
                expires: None,
                file: file.name.clone(),
                line: d.line,
            });
        }
    }
    None
}

/// Which of the directive's rules names `rule` (`usize::MAX`: a directive
/// for every rule).
fn rule_index(d: &Directive, rule: &str, known: &aliases::RuleNames) -> Option<usize> {
    if d.rules.is_empty() {
        return Some(usize::MAX);
    }
    d.rules.iter().position(|r| known.names(r, rule))
}

/// The first config waiver in force that matches `f`.
fn waive_config(
    f: &Finding,
    seen: &Seen,
    sources: &SourceMap,
    waivers: &[ConfigWaiver],
    today: Date,
    used: &mut [bool],
) -> Option<usize> {
    let objects = f.span.and_then(|s| seen.statements.get(&s)).map(|(_, o)| o);
    let i = waivers.iter().position(|w| {
        w.rule == f.rule
            && w.expires.is_none_or(|d| d >= today)
            && w.changeset
                .as_ref()
                .is_none_or(|c| f.changeset.as_ref() == Some(c))
            && w.file.as_ref().is_none_or(|p| {
                f.span
                    .is_some_and(|s| config::path_matches(p, &sources.get(s.file).name))
            })
            && w.object.as_ref().is_none_or(|o| {
                objects.is_some_and(|names| names.iter().any(|n| n.eq_ignore_ascii_case(o)))
            })
    })?;
    used[i] = true;
    Some(i)
}

fn waived_by_config(w: &ConfigWaiver, path: Option<&Path>) -> Waived {
    Waived {
        by: WaivedBy::Config,
        reason: w.reason.clone(),
        owner: w.owner.clone(),
        ticket: w.ticket.clone(),
        expires: w.expires.map(|d| d.to_string()),
        file: path.map_or_else(String::new, crate::span::display_name),
        line: w.line,
    }
}

fn about_waiver(rule: &str, message: String, help: &str, span: Option<Span>) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity: Severity::Warning,
        message,
        help: Some(help.to_string()),
        at: At::Nothing,
        span,
        changeset: None,
        waived: None,
    }
}

const REASON_HELP: &str =
    "say why after ` -- `: `-- schemagate:ignore rule -- why it is safe here`";
const UNUSED_HELP: &str = "remove the waiver, or fix the rule id it names";

/// Findings about one file's comments: without a reason, and unused.
fn inline_findings(
    file: &SourceFile,
    c: &FileComments,
    seen: &Seen,
    known: &aliases::RuleNames,
    used: &HashSet<(FileId, usize, usize)>,
    out: &mut Vec<Finding>,
) {
    for (i, d) in c.directives.iter().enumerate() {
        if !seen.proposed_at(d.span) {
            continue;
        }
        let written = file.text.get(d.span.range()).unwrap_or_default().trim();
        if d.reason.is_none() {
            let msg = format!("waiver without a reason: `{written}`");
            out.push(about_waiver(WITHOUT_REASON, msg, REASON_HELP, Some(d.span)));
        }
        let rules: Vec<(usize, &str)> = if d.rules.is_empty() {
            vec![(usize::MAX, "every rule")]
        } else {
            d.rules.iter().map(String::as_str).enumerate().collect()
        };
        for (r, name) in rules {
            if used.contains(&(d.span.file, i, r)) {
                continue;
            }
            let note = match known.resolve(name) {
                Some(_) => String::new(),
                None => known.did_you_mean(name).map_or_else(
                    || " (not a rule schemagate has)".to_string(),
                    |s| format!(" (not a rule schemagate has; did you mean `{s}`?)"),
                ),
            };
            let msg = format!("waiver of `{name}`{note} suppressed nothing");
            out.push(about_waiver(UNUSED, msg, UNUSED_HELP, Some(d.span)));
        }
    }
}

/// Findings about the config file's waivers: without a reason, expired,
/// unused.
fn config_findings(
    (place, today): (Option<(&SourceFile, FileId)>, Date),
    waivers: &[ConfigWaiver],
    used: &[bool],
    out: &mut Vec<Finding>,
) {
    for (w, used) in waivers.iter().zip(used) {
        let span = place.map(|(file, id)| {
            let start = if w.line > 0 {
                file.offset_of(w.line, 1)
            } else {
                0
            };
            let end = file.text[start..]
                .find('\n')
                .map_or(file.text.len(), |i| start + i);
            Span::new(id, start..end)
        });
        if w.reason.is_none() {
            let msg = format!("waiver of `{}` without a reason", w.rule);
            out.push(about_waiver(WITHOUT_REASON, msg, "add `reason:`", span));
        }
        match w.expires.filter(|d| *d < today) {
            Some(d) => {
                let msg = format!(
                    "waiver of `{}` expired on {d}: it no longer applies",
                    w.rule
                );
                let help = "fix what it waived, or renew it with a new `expires:`";
                out.push(about_waiver(EXPIRED, msg, help, span));
            }
            None if !used => {
                let msg = format!("waiver of `{}` suppressed nothing", w.rule);
                out.push(about_waiver(UNUSED, msg, UNUSED_HELP, span));
            }
            None => {}
        }
    }
}
