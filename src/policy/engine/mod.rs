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

use super::input::rego::{Document, Documents};
use super::input::value::{ToRego, Value as DocValue};
use super::input::{Inputs, Needs};
use super::meta::{RuleConfig, RuleMeta};
use super::results::{Counts, collect};
use super::{At, Severity};
use crate::error::Problem;

pub use super::builtin::{PolicyFile, builtin_policies, read_policy_dir};

mod builtin_index;
mod discover;
mod evaluate;
mod guards;

use discover::discover;
pub(crate) use discover::package_path;
use evaluate::{eval_combined, eval_entries, exceptions};

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
    /// `exception` rule: the names it yields turn entry points off; with
    /// the file and line of its definition.
    pub(crate) exception: Option<(String, (String, usize))>,
    /// The file and line of its first definition: where an error of the
    /// rule without a place of its own (a time limit) is reported.
    pub(crate) declared: (String, usize),
    /// `meta.kinds`: the statement kinds the rule looks at; `None`: any.
    pub(crate) kinds: Option<Vec<String>>,
    /// `meta.facts`: the document facts its findings need; `None`: none
    /// declared.
    pub(crate) facts: Option<Vec<String>>,
    /// `meta.dialects`: the target dialects the rule applies to; `None`:
    /// every dialect.
    pub(crate) dialects: Option<Vec<String>>,
    /// Its native implementation ([`crate::policy::native`]), with what its
    /// findings take from `meta`: set for a built-in rule whose package and
    /// library are exactly the embedded ones.
    pub(crate) native: Option<(crate::policy::native::Eval, crate::policy::native::Meta)>,
}

impl EntryPoint {
    /// Can the rule fire on a document of these statement kinds for this
    /// target dialect, as its `meta.kinds` and `meta.dialects` say? (The
    /// index skips it where it cannot.) A rule declaring `meta.facts` may:
    /// facts are only known to the combined rule's guard, which computes
    /// them from the document ([`crate::policy::facts`]).
    fn applies_to(&self, kinds: &std::collections::BTreeSet<String>, dialect: &str) -> bool {
        (self.facts.is_some()
            || self
                .kinds
                .as_ref()
                .is_none_or(|wanted| wanted.iter().any(|k| kinds.contains(k))))
            && self
                .dialects
                .as_ref()
                .is_none_or(|ds| ds.iter().any(|d| d == dialect))
    }

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
    /// `None` until a worker needs one, when the rules were read from the
    /// index of the built-in rules.
    engine: Option<Engine>,
    /// The files `engine` holds and its data: a worker builds an engine of
    /// its own from them ([`PolicySet::worker`]).
    sources: std::sync::Arc<(Vec<PolicyFile>, Json)>,
    /// Time limit of one evaluation (`--policy-timeout`).
    timeout: Option<std::time::Duration>,
    /// Skip a rule on documents holding none of its `meta.kinds`.
    kind_index: bool,
    entries: Vec<EntryPoint>,
    rules: Vec<RuleMeta>,
    config: RuleConfig,
    /// `data.schemagate.config.params`, for the native rules.
    params: std::sync::Arc<DocValue>,
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
        let mut base = base_engine(data.clone()).map_err(|p| vec![p])?;
        // the validation run evaluates every rule once: a runaway rule must
        // not hang that either
        base.set_execution_timer_config(timer(limit));

        // The built-in rules alone, unchanged: what they declare is known
        // without parsing them, and nothing is left to validate.
        let files: Vec<PolicyFile> = files.into_iter().filter(|f| !f.is_test()).collect();
        if let Some(packages) = builtin_index::packages(&files) {
            let (entries, rules, meta_problems) = discover::declare(packages, &files, None)
                .map_err(|text| {
                    problems.push(problem_from_rego(&text, ""));
                    std::mem::take(&mut problems)
                })?;
            problems.extend(meta_problems);
            if !problems.is_empty() {
                return Err(problems);
            }
            return Self::assemble(None, files, (data, config), (entries, rules));
        }

        // Syntax errors: each file on its own, so every broken file is named.
        let mut good = Vec::new();
        let mut probe = base.clone();
        let mut seen = BTreeMap::new();
        for file in files {
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

        let parsed_files = good.len();
        // Calls to unknown functions, which regorus reports only when a
        // changelog reaches them.
        let mut unknown = super::calls::unknown_calls(probe.get_modules());
        // Calls in heads where regorus would drop a rule's other values.
        unknown.extend(super::head_calls::calls_in_heads(probe.get_modules()));
        for problem in &unknown {
            if let crate::error::ProblemAt::Path { path, .. } = &problem.at {
                good.retain(|f| std::path::Path::new(&f.path) != path);
            }
        }
        problems.extend(unknown);
        // The probe holds every good file already, parsed: unless a file
        // was dropped above, the first attempt below starts from it instead
        // of parsing them all again (a third of loading the built-in rules).
        let mut parsed = (good.len() == parsed_files).then_some(probe);

        // Semantic errors surface one at a time: drop the file at fault and
        // try again until the rest evaluates cleanly.
        loop {
            let mut engine = match parsed.take() {
                Some(engine) => engine,
                None => {
                    let mut engine = base.clone();
                    for f in &good {
                        if let Err(p) = super::syntax::add(&mut engine, f) {
                            problems.push(p);
                            return Err(problems);
                        }
                    }
                    engine
                }
            };
            match discover(&mut engine, &good) {
                Ok((entries, rules, meta_problems)) => {
                    problems.extend(meta_problems);
                    if !problems.is_empty() {
                        return Err(problems);
                    }
                    return Self::assemble(Some(engine), good, (data, config), (entries, rules));
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

    /// The set of the entry points and rules found in `files`, with the
    /// engine holding them when one was loaded (none for the built-in
    /// rules read from their index: a worker that needs one loads it).
    fn assemble(
        mut engine: Option<Engine>,
        files: Vec<PolicyFile>,
        (data, config): (Json, RuleConfig),
        (entries, rules): (Vec<EntryPoint>, Vec<RuleMeta>),
    ) -> Result<PolicySet, Vec<Problem>> {
        // configuration written under another tool's name (`atlas:DS103`)
        // reaches the rule under its id
        let names = super::aliases::RuleNames::new(&rules, []);
        let canonical = names.canonical_data(&data);
        let (data, config) = if canonical == data {
            (data, config)
        } else {
            if let Some(engine) = &mut engine {
                engine.clear_data();
                engine
                    .add_data(Value::from(wrapped(canonical.clone())))
                    .map_err(|e| vec![Problem::general(format!("invalid policy data: {e:#}"))])?;
            }
            let config = RuleConfig::from_data(&canonical).unwrap_or(config);
            (canonical, config)
        };
        let config = config.with_defaults(&rules);
        if let Some(engine) = &mut engine {
            add_combined(engine, &entries, &config);
        }
        let params = std::sync::Arc::new(crate::policy::native::params_of(&data));
        Ok(PolicySet {
            params,
            sources: std::sync::Arc::new((files, data)),
            engine,
            timeout: None,
            kind_index: true,
            entries,
            rules,
            config,
        })
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
        // one evaluation on this thread: a clone shares what is loaded
        self.first_worker().evaluate(inputs)
    }

    /// An evaluator of its own, for one thread: the policies with an engine
    /// that is not shared, reused for every changelog it is given. The
    /// engine is loaded on the thread that first uses the worker
    /// ([`Worker::warm`]), not here.
    pub fn worker(&self) -> Worker {
        Worker {
            set: self.clone(),
            engine: None,
        }
    }

    /// The evaluator of the first thread: this set's own engine (a clone:
    /// nothing is loaded again).
    pub fn first_worker(&self) -> Worker {
        Worker {
            set: self.clone(),
            engine: self.engine.clone().map(|e| self.timed(e)),
        }
    }

    /// An engine to evaluate with on a thread of its own. One loaded anew
    /// shares nothing with the others: a clone shares regorus's
    /// reference-counted modules, whose counts every thread would then
    /// update (two threads used a quarter more CPU than one for the same
    /// work).
    fn own_engine(&self) -> Engine {
        let engine = self.fresh_engine().or_else(|| self.engine.clone());
        self.timed(engine.unwrap_or_default())
    }

    fn timed(&self, mut engine: Engine) -> Engine {
        // A runaway rule stops at the limit, as an error of that rule
        // (regorus checks the clock between evaluation steps).
        if let Some(limit) = self.timeout {
            engine.set_execution_timer_config(timer(limit));
        }
        engine
    }

    /// The engine loaded again from the same files and data; `None` should
    /// that fail (it loaded once, so it should not).
    fn fresh_engine(&self) -> Option<Engine> {
        let (files, data) = &*self.sources;
        let mut engine = base_engine(data.clone()).ok()?;
        for file in files {
            super::syntax::add(&mut engine, file).ok()?;
        }
        add_combined(&mut engine, &self.entries, &self.config);
        Some(engine)
    }

    /// Does any entry point need regorus: one that is not native and that
    /// the configuration leaves on? Without one, no worker loads an engine.
    fn needs_engine(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.native.is_none() && !self.is_off(e))
    }

    /// Evaluates on `engine`, loading it ([`PolicySet::own_engine`]) when
    /// a document first needs it.
    fn evaluate_on(&self, engine: &mut Option<Engine>, mut inputs: Inputs) -> Evaluation {
        let counts = Counts {
            statements: inputs.statement_changeset.len(),
            changesets: inputs.proposed.len(),
        };
        let documents = inputs.take_documents();
        let mut out = Evaluation::default();
        // An entry point that failed once is not evaluated again.
        let mut failed: std::collections::HashSet<String> = Default::default();
        // regorus gets the documents converted, only when it evaluates one
        // (the nodes they share converted once)
        let mut to_rego = ToRego::default();
        let mut run = |scope: Scope, input: Document, out: &mut Evaluation| {
            // as `lib.dialect` reads it
            let dialect: &str = match input.value.get("target").get("dialect") {
                DocValue::String(d) => d,
                _ => "generic",
            };
            // with their positions among the entry points of the scope
            let positioned: Vec<(usize, &EntryPoint)> = self
                .entries
                .iter()
                .filter(|e| e.scope == scope)
                .enumerate()
                .filter(|(_, e)| !failed.contains(&e.path))
                .filter(|(_, e)| !self.kind_index || e.applies_to(&input.kinds, dialect))
                .collect();
            let (native, positioned): (Vec<_>, Vec<_>) = positioned
                .into_iter()
                .partition(|(_, e)| e.native.is_some());
            if !native.is_empty() {
                let doc = crate::policy::native::Doc::new(&input.value, &self.params);
                for (_, entry) in native {
                    if let Some((eval, meta)) = &entry.native
                        && !self.is_off(entry)
                    {
                        out.findings.append(&mut eval(&doc, meta));
                    }
                }
            }
            if positioned.is_empty() {
                return;
            }
            let entries: Vec<&EntryPoint> = positioned.iter().map(|(_, e)| *e).collect();
            let engine = engine.get_or_insert_with(|| self.own_engine());
            engine.set_input(to_rego.convert(&input.value));
            let excepted = match exceptions(engine, &entries) {
                Ok(e) => e,
                Err(p) => {
                    out.problems.push(p.in_policy());
                    Default::default()
                }
            };
            // the combined rule holds every entry point of the scope, and
            // the kind index as this applies it: usable unless one failed
            let combined = (self.kind_index && failed.is_empty())
                .then(|| eval_combined(engine, scope, &positioned))
                .flatten();
            let values = combined.unwrap_or_else(|| eval_entries(engine, &entries));
            for (entry, value) in entries.iter().zip(values) {
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
        let Documents {
            changesets,
            proposal,
            v1,
            ..
        } = documents;
        let Inputs {
            proposed,
            statement_changeset,
            ..
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

    /// The same policies with every rule evaluated by regorus, the built-in
    /// ones too (the reference their native implementations are tested
    /// against; `check --rego-builtins`).
    pub fn without_native_rules(mut self) -> PolicySet {
        if self.entries.iter().all(|e| e.native.is_none()) {
            return self;
        }
        for entry in &mut self.entries {
            entry.native = None;
        }
        // the combined rule must now hold them
        if let Some(engine) = self.fresh_engine() {
            self.engine = Some(engine);
        }
        self
    }

    /// The ids of the rules evaluated natively, in order.
    pub fn native_rule_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.native.is_some())
            .filter_map(|e| e.rule_id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// `(package, name)` of every entry point evaluated by regorus.
    #[cfg(test)]
    pub(crate) fn entries_without_native(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .filter(|e| e.native.is_none())
            .map(|e| (e.package.clone(), e.name.clone()))
            .collect()
    }

    /// `(package, name)` of every entry point.
    #[cfg(test)]
    pub(crate) fn entry_point_names(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .map(|e| (e.package.clone(), e.name.clone()))
            .collect()
    }

    /// Does the configuration turn the entry point's rule off?
    fn is_off(&self, entry: &EntryPoint) -> bool {
        entry
            .rule_id
            .as_deref()
            .is_some_and(|id| self.config.is_disabled(id))
    }

    /// The same policies evaluating every rule on every document, whatever
    /// its `meta.kinds` (the reference the index is tested against).
    pub fn without_kind_index(mut self) -> PolicySet {
        self.kind_index = false;
        self
    }

    /// How many entry points (`deny`, `warn`, `violation`, their suffixed
    /// and `proposal_` forms) are loaded.
    pub fn entry_points(&self) -> usize {
        self.entries.len()
    }

    /// How many entry points the configuration leaves on (a package's
    /// `meta.id` turned off turns its entry points off).
    pub fn active_entry_points(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| {
                e.rule_id
                    .as_deref()
                    .is_none_or(|id| !self.config.is_disabled(id))
            })
            .count()
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

/// Adds the rules evaluating every entry point of a scope at once
/// ([`evaluate::COMBINED_PACKAGE`]) and prepares the engine for them, so
/// that the workers' copies start prepared. Should they not load (they are
/// generated, so they should), evaluation goes on without them, one query
/// per document.
fn add_combined(engine: &mut Engine, entries: &[EntryPoint], config: &RuleConfig) {
    // a rule evaluated natively is not evaluated here either
    let off = |e: &EntryPoint| {
        e.native.is_some()
            || e.rule_id
                .as_deref()
                .is_some_and(|id| config.is_disabled(id))
    };
    let (path, text) = evaluate::combined_module(entries, off);
    let mut with = engine.clone();
    if with.add_policy(path, text).is_err() {
        return;
    }
    with.set_input(Value::from(discover::empty_input(Scope::Changeset)));
    let prepared = with.eval_rule(format!("{}.changeset", evaluate::COMBINED_PACKAGE));
    if prepared.is_ok() {
        *engine = with;
    }
}

/// The policies and an engine of their own: what one thread evaluates
/// with ([`PolicySet::worker`]).
pub struct Worker {
    set: PolicySet,
    /// `None` until [`Worker::warm`] loads it.
    engine: Option<Engine>,
}

impl Worker {
    /// Loads this worker's engine, if it has none yet and some rule needs
    /// regorus: called by the thread that will evaluate with it, as it
    /// starts.
    pub fn warm(&mut self) {
        if self.engine.is_none() && self.set.needs_engine() {
            self.engine = Some(self.set.own_engine());
        }
    }

    /// [`PolicySet::evaluate`] on this worker's engine.
    pub fn evaluate(&mut self, inputs: Inputs) -> Evaluation {
        let Worker { set, engine } = self;
        set.evaluate_on(engine, inputs)
    }
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
    guards::install(&mut engine)
        .map_err(|e| Problem::general(format!("cannot guard the policy builtins: {e:#}")))?;
    engine
        .add_data(Value::from(wrapped(data)))
        .map_err(|e| Problem::general(format!("invalid policy data: {e:#}")))?;
    Ok(engine)
}

/// `data` as the engine holds it: `data.schemagate.config`.
fn wrapped(data: Json) -> Json {
    let data = match data {
        Json::Null => Json::Object(Default::default()),
        other => other,
    };
    serde_json::json!({"schemagate": {"config": data}})
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
