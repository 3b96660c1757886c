//! The Rego engine: loading policies, evaluating them, collecting results.
//!
//! Conventions follow conftest: in every package, the rules `deny` and
//! `violation` yield errors and `warn` yields warnings. Each element is a
//! message string or an object `{msg, rule?, severity?, at?, help?}`.
//!
//! A package that declares `schema_version := 2` has `deny`/`warn`
//! evaluated once per proposed changeset, and `proposal_deny`/
//! `proposal_warn` once over the whole proposal; any other package is
//! evaluated once over the `schema_version` 1 document of the whole
//! changelog (see `input`).

use std::collections::BTreeMap;

use regorus::{Engine, Value};
use serde_json::Value as Json;

use super::input::{Inputs, Needs};
use super::meta::{RuleConfig, RuleMeta};
use super::results::{Counts, collect};
use super::{At, Severity};
use crate::error::Problem;

pub use super::builtin::{PolicyFile, builtin_policies, read_policy_dir};

/// Rule names evaluated in every package, with the severity of their results.
pub const ENTRY_POINTS: [(&str, Severity); 3] = [
    ("deny", Severity::Error),
    ("violation", Severity::Error),
    ("warn", Severity::Warning),
];

/// One result of one policy rule, before it is tied to a source span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub at: At,
}

/// Which document an entry point is evaluated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Once per proposed changeset (`deny` of a `schema_version` 2 package).
    Changeset,
    /// Once over the whole proposal (`proposal_deny`).
    Proposal,
    /// Once over the `schema_version` 1 document (packages written for it).
    V1,
}

/// Entry points over the whole proposal, in `schema_version` 2 packages.
const PROPOSAL_PREFIX: &str = "proposal_";

/// What evaluating a changelog's documents gave.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub findings: Vec<RawFinding>,
    /// Rules that failed, each at its policy's file:line when known.
    pub problems: Vec<Problem>,
    /// Findings left out by conftest `exception` rules.
    pub excepted: usize,
}

/// A rule to evaluate: `data.<package>.<name>`.
#[derive(Debug, Clone)]
pub(crate) struct EntryPoint {
    pub(crate) scope: Scope,
    /// Dotted package name without `data.`.
    pub(crate) package: String,
    /// Query path (`data.a.b.deny`).
    pub(crate) path: String,
    pub(crate) severity: Severity,
    /// `meta.id` of the package, the default `rule` of its findings.
    pub(crate) rule_id: Option<String>,
    pub(crate) name: String,
    /// `data.<package>.exception`, when the package has conftest's
    /// `exception` rule: the names it yields turn entry points off.
    pub(crate) exception: Option<String>,
    /// The file and line of its first definition: where an error of the
    /// rule without a place of its own (a time limit) is reported.
    pub(crate) declared: (String, usize),
    /// `meta.kinds`: the statement kinds the rule looks at; `None`: any.
    pub(crate) kinds: Option<Vec<String>>,
}

impl EntryPoint {
    /// The name conftest's `exception` uses for it: what follows `deny_`,
    /// `violation_` or `warn_` (`deny_latest_tag` → `latest_tag`), empty
    /// for the bare rule.
    fn exception_name(&self) -> &str {
        let name = self
            .name
            .strip_prefix(PROPOSAL_PREFIX)
            .unwrap_or(&self.name);
        ENTRY_POINTS
            .iter()
            .find_map(|(prefix, _)| name.strip_prefix(prefix))
            .map_or("", |rest| rest.strip_prefix('_').unwrap_or(rest))
    }
}

/// Loaded, validated policies ready to evaluate.
#[derive(Clone)]
pub struct PolicySet {
    engine: Engine,
    /// Time limit of one evaluation (`--policy-timeout`).
    timeout: Option<std::time::Duration>,
    /// Skip a rule on documents holding none of its `meta.kinds`.
    kind_index: bool,
    entries: Vec<EntryPoint>,
    rules: Vec<RuleMeta>,
    config: RuleConfig,
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field("entries", &self.entries)
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

impl PolicySet {
    /// Loads every non-test file (Rego v1) with `data` under
    /// `data.schemagate.config`, and validates them: syntax per file, every
    /// function call resolved statically, then one evaluation of every entry
    /// point and `meta` on an empty changelog (regorus reports unsafe
    /// variables and rule conflicts only at first evaluation). Returns every
    /// problem found, each at its file:line:col.
    pub fn load(files: Vec<PolicyFile>, data: Json) -> Result<PolicySet, Vec<Problem>> {
        Self::load_limited(files, data, DEFAULT_TIME_LIMIT)
    }

    /// [`PolicySet::load`], every evaluation (the validation run's too)
    /// stopped after `limit`.
    pub fn load_limited(
        files: Vec<PolicyFile>,
        data: Json,
        limit: std::time::Duration,
    ) -> Result<PolicySet, Vec<Problem>> {
        Self::load_checked(files, data, limit)
            .map(|mut set| {
                set.timeout = Some(limit);
                set
            })
            .map_err(|problems| problems.into_iter().map(Problem::in_policy).collect())
    }

    fn load_checked(
        files: Vec<PolicyFile>,
        data: Json,
        limit: std::time::Duration,
    ) -> Result<PolicySet, Vec<Problem>> {
        let mut problems = Vec::new();
        let config = match RuleConfig::from_data(&data) {
            Ok(c) => c,
            Err(p) => {
                problems.push(p);
                RuleConfig::default()
            }
        };
        let mut base = base_engine(data).map_err(|p| vec![p])?;
        // the validation run evaluates every rule once: a runaway rule must
        // not hang that either
        base.set_execution_timer_config(timer(limit));

        // Syntax errors: each file on its own, so every broken file is named.
        let mut good = Vec::new();
        let mut probe = base.clone();
        let mut seen = BTreeMap::new();
        for file in files.into_iter().filter(|f| !f.is_test()) {
            match same_path(&mut seen, &file) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            }
            match super::syntax::add(&mut probe, &file) {
                Ok(_) => good.push(file),
                Err(p) => problems.push(p),
            }
        }

        // Calls to unknown functions, which regorus reports only when a
        // changelog reaches them.
        let unknown = super::calls::unknown_calls(probe.get_modules());
        for problem in &unknown {
            if let crate::error::ProblemAt::Path { path, .. } = &problem.at {
                good.retain(|f| std::path::Path::new(&f.path) != path);
            }
        }
        problems.extend(unknown);

        // Semantic errors surface one at a time: drop the file at fault and
        // try again until the rest evaluates cleanly.
        loop {
            let mut engine = base.clone();
            for f in &good {
                if let Err(p) = super::syntax::add(&mut engine, f) {
                    problems.push(p);
                    return Err(problems);
                }
            }
            match discover(&mut engine, &good) {
                Ok((entries, rules, meta_problems)) => {
                    problems.extend(meta_problems);
                    if !problems.is_empty() {
                        return Err(problems);
                    }
                    return Ok(PolicySet {
                        engine,
                        timeout: None,
                        kind_index: true,
                        entries,
                        rules,
                        config,
                    });
                }
                Err(text) => {
                    let problem = problem_from_rego(&text, "");
                    let culprit = match &problem.at {
                        crate::error::ProblemAt::Path { path, .. } => good
                            .iter()
                            .position(|f| std::path::Path::new(&f.path) == path),
                        _ => None,
                    };
                    problems.push(problem);
                    match culprit {
                        Some(i) => {
                            good.remove(i);
                        }
                        None => return Err(problems),
                    }
                }
            }
        }
    }

    /// Which documents the loaded entry points read.
    pub fn needs(&self) -> Needs {
        let has = |scope| self.entries.iter().any(|e| e.scope == scope);
        Needs {
            changesets: has(Scope::Changeset),
            proposal: has(Scope::Proposal),
            v1: has(Scope::V1),
        }
    }

    /// Evaluates every entry point on its documents and returns the
    /// findings, with the configuration applied, sorted by location, rule
    /// and message. Findings of `schema_version` 1 packages on history are
    /// dropped: history is never judged. A rule that fails (a runtime
    /// error, a malformed result) is a problem of its own; every other
    /// rule's findings are kept.
    pub fn evaluate(&self, inputs: Inputs) -> Evaluation {
        let counts = Counts {
            statements: inputs.statement_changeset.len(),
            changesets: inputs.proposed.len(),
        };
        let mut engine = self.engine.clone();
        // A runaway rule stops at the limit, as an error of that rule
        // (regorus checks the clock between evaluation steps).
        if let Some(limit) = self.timeout {
            engine.set_execution_timer_config(timer(limit));
        }
        let mut out = Evaluation::default();
        // An entry point that failed once is not evaluated again.
        let mut failed: std::collections::HashSet<String> = Default::default();
        let mut run = |scope: Scope, input: Json, out: &mut Evaluation| {
            let kinds = self.kind_index.then(|| kinds_in(&input));
            let entries: Vec<&EntryPoint> = self
                .entries
                .iter()
                .filter(|e| e.scope == scope && !failed.contains(&e.path))
                .filter(|e| match (&kinds, &e.kinds) {
                    (Some(present), Some(wanted)) => wanted.iter().any(|k| present.contains(k)),
                    _ => true,
                })
                .collect();
            if entries.is_empty() {
                return;
            }
            engine.set_input(Value::from(input));
            let excepted = match exceptions(&mut engine, &entries) {
                Ok(e) => e,
                Err(p) => {
                    out.problems.push(p.in_policy());
                    Default::default()
                }
            };
            for (entry, value) in entries.iter().zip(eval_entries(&mut engine, &entries)) {
                let mut found = Vec::new();
                let collected = value.and_then(|v| collect(entry, &v, counts, &mut found));
                if let Err(p) = collected {
                    failed.insert(entry.path.clone());
                    out.problems.push(p.in_policy());
                } else if excepted
                    .contains(&(entry.package.as_str(), entry.exception_name().to_string()))
                {
                    out.excepted += found.len();
                } else {
                    out.findings.append(&mut found);
                }
            }
        };
        let Inputs {
            changesets,
            proposal,
            v1,
            proposed,
            statement_changeset,
        } = inputs;
        let is_proposed = |cs: usize| proposed.get(cs).copied().unwrap_or(true);
        for (_, doc) in changesets {
            run(Scope::Changeset, doc, &mut out);
        }
        if let Some(doc) = proposal {
            run(Scope::Proposal, doc, &mut out);
        }
        if let Some(doc) = v1 {
            let mut v1 = Evaluation::default();
            run(Scope::V1, doc, &mut v1);
            out.problems.append(&mut v1.problems);
            out.excepted += v1.excepted;
            out.findings
                .extend(v1.findings.into_iter().filter(|f| match f.at {
                    At::Statement(i) => {
                        statement_changeset.get(i).is_none_or(|&cs| is_proposed(cs))
                    }
                    At::Changeset(i) => is_proposed(i),
                    At::Nothing => true,
                }));
        }
        let mut findings = self.config.apply(std::mem::take(&mut out.findings));
        findings.sort_by(|a, b| {
            (a.at, &a.rule, &a.message, a.severity, &a.help)
                .cmp(&(b.at, &b.rule, &b.message, b.severity, &b.help))
        });
        findings.dedup();
        out.findings = findings;
        out
    }

    /// The same policies evaluating every rule on every document, whatever
    /// its `meta.kinds` (the reference the index is tested against).
    pub fn without_kind_index(mut self) -> PolicySet {
        self.kind_index = false;
        self
    }

    /// Metadata of every rule package (those declaring `meta`), by id.
    pub fn rules(&self) -> Vec<RuleMeta> {
        self.rules.clone()
    }

    /// The configuration applied to findings.
    pub fn config(&self) -> &RuleConfig {
        &self.config
    }
}

/// The statement kinds a document holds.
fn kinds_in(input: &Json) -> std::collections::HashSet<String> {
    input["statements"]
        .as_array()
        .map(|statements| {
            statements
                .iter()
                .filter_map(|s| s["kind"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `(package, rule name)` pairs the packages' conftest `exception` rules
/// yield on the current input: `exception contains ["latest_tag"] if …`
/// turns `deny_latest_tag` of the same package off (`""` names the bare
/// `deny`/`warn`).
fn exceptions<'a>(
    engine: &mut Engine,
    entries: &[&'a EntryPoint],
) -> Result<std::collections::HashSet<(&'a str, String)>, Problem> {
    let mut out = std::collections::HashSet::new();
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        let Some(path) = &entry.exception else {
            continue;
        };
        if !seen.insert(path) {
            continue;
        }
        let value = engine.eval_rule(path.clone()).map_err(|e| {
            let mut p = problem_from_rego(&format!("{e:#}"), "");
            p.message = format!("evaluating {path}: {}", p.message);
            p
        })?;
        let json = to_json(&value).map_err(|e| Problem::general(format!("{path}: {e}")))?;
        let items = match json {
            Json::Array(items) => items,
            Json::Null => Vec::new(),
            other => vec![other],
        };
        for item in items {
            // conftest yields arrays of names; a bare name is read the same
            let names = match item {
                Json::Array(names) => names,
                other => vec![other],
            };
            for name in names {
                let Json::String(name) = name else {
                    return Err(Problem::general(format!(
                        "{path}: exceptions must be rule names (strings), found {name}"
                    )));
                };
                out.insert((entry.package.as_str(), name));
            }
        }
    }
    Ok(out)
}

/// The value of every entry point, in order. One query evaluates them
/// all, so helper rules (`lib.forward_statements`) are computed once per
/// document instead of once per rule (measured: 1.3 s instead of 2.5–3.2 s
/// for 10,000 statements, 0.85 ms instead of 1.4 ms for one). When it
/// fails, the entry points are evaluated one by one, so the one at fault is
/// named and the others still answer.
fn eval_entries(engine: &mut Engine, entries: &[&EntryPoint]) -> Vec<Result<Value, Problem>> {
    if entries.is_empty() {
        return Vec::new();
    }

    // `[v | v := rule]` is `[]` when the rule is undefined, where a bare
    // undefined element would make the whole array undefined.
    let query = entries
        .iter()
        .map(|e| format!("[__v | __v := {}]", e.path))
        .collect::<Vec<_>>()
        // one per line: regorus limits the length of a line
        .join(",\n");
    let combined = engine
        .eval_query(format!("[{query}]"), false)
        .ok()
        .and_then(|r| r.result.into_iter().next())
        .and_then(|r| r.expressions.into_iter().next())
        .and_then(|e| {
            let items = e.value.as_array().ok()?;
            items
                .iter()
                .map(|wrapped| {
                    let inner = wrapped.as_array().ok()?;
                    Some(inner.first().cloned().unwrap_or(Value::Undefined))
                })
                .collect::<Option<Vec<Value>>>()
        });
    if let Some(values) = combined.filter(|v| v.len() == entries.len()) {
        return values.into_iter().map(Ok).collect();
    }
    entries
        .iter()
        .map(|entry| {
            engine.eval_rule(entry.path.clone()).map_err(|e| {
                let mut p = problem_from_rego(&format!("{e:#}"), "");
                if p.at == crate::error::ProblemAt::Nowhere {
                    let (file, line) = &entry.declared;
                    p.at = crate::error::ProblemAt::Path {
                        path: file.into(),
                        line: *line,
                        column: 1,
                    };
                }
                p.message = format!("evaluating {}: {}", entry.path, p.message);
                p
            })
        })
        .collect()
}

/// Records a file by path: `Ok(false)` when the same file was already given
/// (a directory passed twice), an error when a different file has the same
/// path (regorus needs unique source paths, and silently keeping one would
/// hide the other).
pub(crate) fn same_path(
    seen: &mut BTreeMap<String, String>,
    file: &PolicyFile,
) -> Result<bool, Problem> {
    match seen.get(&file.path) {
        None => {
            seen.insert(file.path.clone(), file.text.clone());
            Ok(true)
        }
        Some(text) if *text == file.text => Ok(false),
        Some(_) => Err(Problem::at_path(
            &file.path,
            1,
            1,
            format!(
                "two different policy files are both named `{}`; rename one",
                file.path
            ),
        )),
    }
}

/// An engine holding `data.schemagate.config`.
pub(crate) fn base_engine(data: Json) -> Result<Engine, Problem> {
    let mut engine = Engine::new();
    let data = match data {
        Json::Null => Json::Object(Default::default()),
        other => other,
    };
    let wrapped = serde_json::json!({"schemagate": {"config": data}});
    engine
        .add_data(Value::from(wrapped))
        .map_err(|e| Problem::general(format!("invalid policy data: {e:#}")))?;
    Ok(engine)
}

/// The time limit of one evaluation unless `--policy-timeout` says.
pub const DEFAULT_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// regorus's time limit: the clock is read every 64 evaluation steps.
fn timer(limit: std::time::Duration) -> regorus::utils::limits::ExecutionTimerConfig {
    regorus::utils::limits::ExecutionTimerConfig {
        limit,
        check_interval: std::num::NonZeroU32::new(64).unwrap_or(std::num::NonZeroU32::MIN),
    }
}

/// An input document with no changes, shaped like a real one of `scope`,
/// for the validation run.
pub(crate) fn empty_input(scope: Scope) -> Json {
    let mut doc = serde_json::json!({
        "schema_version": super::input::SCHEMA_VERSION,
        "tool": {"name": "schemagate", "version": env!("CARGO_PKG_VERSION")},
        "target": {"dialect": "postgres", "version": null},
        "source": {"format": "sql-file", "path": ""},
        "statements": []
    });
    match scope {
        Scope::Changeset => {
            doc["changeset"] = serde_json::json!({
                "index": 0, "id": "", "author": null, "version": null, "description": null,
                "role": "versioned", "file": "", "line": 1, "column": 1,
                "transaction": "implicit", "rollback": "none", "statements": [],
                "rollback_statements": [], "marked_ran": false, "checksum": null, "proposed": true,
                "edited": null, "out_of_order": null, "attributes": {}
            });
        }
        Scope::Proposal => {
            doc["changesets"] = serde_json::json!([]);
            doc["history"] =
                serde_json::json!({"basis": "everything", "changesets": 0, "removed": []});
        }
        Scope::V1 => {
            doc["schema_version"] = serde_json::json!(1);
            doc["changesets"] = serde_json::json!([]);
        }
    }
    doc
}

/// Query path of a package: `data.a.b`, with bracket notation for
/// components that are not identifiers.
pub(crate) fn package_path(components: &[String]) -> String {
    let mut path = String::from("data");
    for c in components {
        let ident = c
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if ident {
            path.push('.');
            path.push_str(c);
        } else {
            path.push('[');
            path.push_str(&Json::String(c.clone()).to_string());
            path.push(']');
        }
    }
    path
}

type Discovered = (Vec<EntryPoint>, Vec<RuleMeta>, Vec<Problem>);

/// What one package declares.
#[derive(Default)]
struct PackageInfo {
    components: Vec<String>,
    /// Its entry points' names, with the file and line of their first
    /// definition.
    entries: Vec<(String, String, usize)>,
    /// The file that declares `meta`.
    meta_file: Option<String>,
    declares_version: bool,
    /// conftest's `exception` rule.
    declares_exception: bool,
}

/// The severity of an entry point's results: `deny`, `violation` and `warn`,
/// and conftest's suffixed forms (`deny_public_grant`); `None` for any other
/// rule.
fn entry_severity(name: &str) -> Option<Severity> {
    ENTRY_POINTS.iter().find_map(|(prefix, severity)| {
        let rest = name.strip_prefix(prefix)?;
        (rest.is_empty() || (rest.len() > 1 && rest.starts_with('_'))).then_some(*severity)
    })
}

/// Finds entry points and `meta` in every package and evaluates each once on
/// an empty input. `Err` is the text of the first regorus error.
fn discover(engine: &mut Engine, files: &[PolicyFile]) -> Result<Discovered, String> {
    engine.set_input(Value::from(empty_input(Scope::V1)));
    let modules = engine
        .get_policy_package_components()
        .map_err(|e| format!("{e:#}"))?;
    let declared: Vec<Vec<(String, usize)>> = engine
        .get_modules()
        .iter()
        .map(|m| super::calls::declared_rules(m))
        .collect();
    let mut packages: BTreeMap<String, PackageInfo> = BTreeMap::new();
    // modules and their package components come in the same (load) order
    for (m, names) in modules.iter().zip(&declared) {
        let slot = packages
            .entry(m.components.join("."))
            .or_insert_with(|| PackageInfo {
                components: m.components.clone(),
                ..PackageInfo::default()
            });
        // Only rules a module declares are evaluated: regorus answers a
        // missing rule with an error ("not a valid rule path"), not with
        // Undefined; a declared rule whose bodies all fail is Undefined or,
        // for `contains` rules, an empty set.
        for (name, line) in names {
            if (entry_severity(name).is_some()
                || name
                    .strip_prefix(PROPOSAL_PREFIX)
                    .is_some_and(|n| entry_severity(n).is_some()))
                && !slot.entries.iter().any(|(n, _, _)| n == name)
            {
                slot.entries
                    .push((name.clone(), m.source_file.clone(), *line));
            }
        }
        let declares = |wanted: &str| names.iter().any(|(n, _)| n == wanted);
        slot.declares_version |= declares("schema_version");
        slot.declares_exception |= declares("exception");
        if slot.meta_file.is_none() && declares("meta") {
            slot.meta_file = Some(m.source_file.clone());
        }
    }

    let mut entries = Vec::new();
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (package, info) in packages {
        let PackageInfo {
            components,
            entries: names,
            meta_file,
            declares_version,
            declares_exception,
        } = info;
        let base = package_path(&components);
        let exception = declares_exception.then(|| format!("{base}.exception"));
        let version = if declares_version {
            let value = engine
                .eval_rule(format!("{base}.schema_version"))
                .map_err(|e| format!("{e:#}"))?;
            match to_json(&value).ok().and_then(|v| v.as_u64()) {
                Some(v @ (1 | 2)) => v,
                _ => {
                    let file = meta_file.clone().unwrap_or_default();
                    problems.push(Problem::at_path(
                        &file,
                        declaration_line(files, &file, "schema_version"),
                        1,
                        format!(
                            "package `{package}`: `schema_version` must be 1 or 2 (the input document version its rules are written for)"
                        ),
                    ));
                    1
                }
            }
        } else {
            1
        };
        let mut rule_id = None;
        let mut kinds = None;
        if let Some(file) = meta_file {
            let value = engine
                .eval_rule(format!("{base}.meta"))
                .map_err(|e| format!("{e:#}"))?;
            let json = to_json(&value).map_err(|e| format!("meta of {package}: {e}"))?;
            match RuleMeta::from_json(&json, &package, &file) {
                Ok(meta) => {
                    rule_id = Some(meta.id.clone());
                    kinds = (!meta.kinds.is_empty()).then(|| meta.kinds.clone());
                    rules.push(meta);
                }
                Err(msg) => {
                    let line = declaration_line(files, &file, "meta");
                    problems.push(Problem::at_path(&file, line, 1, msg));
                }
            }
        }
        for (name, file, line) in names {
            let (scope, severity) = match (version, name.strip_prefix(PROPOSAL_PREFIX)) {
                (2, Some(rest)) => match entry_severity(rest) {
                    Some(sev) => (Scope::Proposal, sev),
                    None => continue,
                },
                (2, None) => match entry_severity(&name) {
                    Some(sev) => (Scope::Changeset, sev),
                    None => continue,
                },
                (_, _) => match entry_severity(&name) {
                    Some(sev) => (Scope::V1, sev),
                    None => continue,
                },
            };
            let path = format!("{base}.{name}");
            engine.set_input(Value::from(empty_input(scope)));
            engine.eval_rule(path.clone()).map_err(|e| {
                let text = format!("{e:#}");
                // an error with no place of its own (a time limit) is the
                // rule's, at its definition
                if text.contains("--> ") {
                    text
                } else {
                    format!("\n--> {file}:{line}:1\nerror: evaluating {path}: {text}")
                }
            })?;
            entries.push(EntryPoint {
                scope,
                package: package.clone(),
                path,
                severity,
                rule_id: rule_id.clone(),
                name,
                exception: exception.clone(),
                declared: (file, line),
                kinds: kinds.clone(),
            });
        }
    }
    let mut ids = BTreeMap::new();
    for r in &rules {
        if let Some(first) = ids.insert(r.id.clone(), r.package.clone()) {
            let line = declaration_line(files, &r.file, "meta");
            problems.push(Problem::at_path(
                &r.file,
                line,
                1,
                format!(
                    "rule id `{}` of package `{}` is already used by package `{first}`",
                    r.id, r.package
                ),
            ));
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((entries, rules, problems))
}

/// 1-based line of the first line of `file` that starts with `name`.
fn declaration_line(files: &[PolicyFile], file: &str, name: &str) -> usize {
    files
        .iter()
        .find(|f| f.path == file)
        .and_then(|f| {
            f.text.lines().position(|l| {
                l.strip_prefix(name).is_some_and(|rest| {
                    !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .map_or(1, |i| i + 1)
}

/// A regorus value as JSON (sets become arrays).
pub(crate) fn to_json(value: &Value) -> Result<Json, String> {
    if *value == Value::Undefined {
        return Ok(Json::Null);
    }
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// A problem from regorus's error text, located by its `--> file:line:col`
/// line when there is one, else at `fallback` (or nowhere when empty).
pub(crate) fn problem_from_rego(text: &str, fallback: &str) -> Problem {
    let location = text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("--> ")?;
        // the path may itself hold colons: split from the right
        let mut parts = rest.trim_end().rsplitn(3, ':');
        let col = parts.next()?.parse::<usize>().ok()?;
        let line = parts.next()?.parse::<usize>().ok()?;
        let path = parts.next()?;
        Some((path.to_string(), line, col))
    });
    let message = match text.find("error: ") {
        Some(i) => text[i + "error: ".len()..].trim().to_string(),
        None => text.trim().to_string(),
    };
    match location {
        Some((path, line, col)) => Problem::at_path(path, line, col, message),
        None if fallback.is_empty() => Problem::general(message),
        None => Problem::at_path(fallback, 1, 1, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemAt;

    #[test]
    fn parses_regorus_error_locations() {
        let text = "\n--> C:\\p\\bad.rego:4:5\n  |\n4 |   m := \n  |     ^\nerror: expecting `}` while parsing set";
        let p = problem_from_rego(text, "x");
        assert_eq!(p.message, "expecting `}` while parsing set");
        assert_eq!(
            p.at,
            ProblemAt::Path {
                path: "C:\\p\\bad.rego".into(),
                line: 4,
                column: 5
            }
        );
        let p = problem_from_rego("not a valid rule path", "");
        assert_eq!(p.at, ProblemAt::Nowhere);
    }

    #[test]
    fn package_paths_quote_non_identifiers() {
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(package_path(&c(&["a", "b_1"])), "data.a.b_1");
        assert_eq!(package_path(&c(&["a", "1.0"])), "data.a[\"1.0\"]");
    }
}
