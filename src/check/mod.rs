//! The pipeline as one call: source → sql → catalog → impact → policy →
//! report outcome. `main.rs` only turns the command line into
//! [`CheckOptions`]; platforms can call [`check`] directly.

use std::path::PathBuf;

use serde_json::Value;

use crate::catalog::Schema;
use crate::dialect::{DbVersion, Dialect};
use crate::error::Problem;
use crate::history::{self, Classification};
use crate::policy::builtin::{PolicyFile, builtin_policies, read_policy_dir};
use crate::policy::engine::PolicySet;
use crate::policy::input::{InputParts, Inputs, Needs, build};
use crate::policy::{At, Finding, waivers};
use crate::report::{JudgedChangeset, Outcome, Stats};
use crate::source::{Changelog, LoadOptions};
use crate::span::{FileId, SourceMap};
use crate::sql::Statement;
use crate::{catalog, impact, source, sql};

mod loading;
mod schemas;
mod setup;

use loading::{Evaluator, Loading};
pub use schemas::{dumped_schema, replayed_schemas};

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files or folders; each is its own changelog.
    pub paths: Vec<PathBuf>,
    pub dialect: Dialect,
    pub db_version: DbVersion,
    pub load: LoadOptions,
    /// The user's own policy files or folders (`--policy`).
    pub policy_paths: Vec<PathBuf>,
    /// Load the built-in rule library.
    pub builtin_policies: bool,
    /// Reaches policies as `data.schemagate.config`.
    pub config: Value,
    /// Add the raw syntax tree to the input document ([`check`] also does
    /// whenever a policy reads `stmt.ast`: see [`policies_read_ast`]).
    pub include_ast: bool,
    /// `--changed-since REV`: only changesets new or changed since the
    /// merge base with `REV` are proposed; the rest is history.
    pub changed_since: Option<String>,
    /// `--applied FILE`: an export of the migration tool's history table
    /// (Liquibase DATABASECHANGELOG, Flyway flyway_schema_history); what it
    /// lists is history, the rest is proposed.
    pub applied: Option<PathBuf>,
    /// `--baseline FILE`: schema dumps replayed before the changelog, as
    /// history.
    pub baselines: Vec<PathBuf>,
    /// `--stats FILE`: table sizes (and the server version, when
    /// `db_version` is not set) from a snapshot of the target database.
    pub stats: Option<PathBuf>,
    /// How fast the target works through a table (`impact.throughput`).
    pub throughput: impact::numbers::Throughput,
    /// `fail_on: warning`: warnings fail the gate too.
    pub fail_on_warnings: bool,
    /// How `dialect` was chosen, for the report.
    pub dialect_choice: Option<crate::source::guess::DialectChoice>,
    /// The configuration file read, to check the rule ids it names against
    /// the policies loaded.
    pub settings: Option<crate::config::Config>,
    /// The `--config` file `config` was read from: waivers point into it.
    pub config_path: Option<PathBuf>,
    /// `--no-waivers`: every finding counts, no waiver is read or reported.
    pub no_waivers: bool,
    /// `--policy-timeout`: time limit of one policy evaluation (a runaway
    /// rule is then an error of that rule, exit 2).
    pub policy_timeout: std::time::Duration,
    /// Skip rules on documents holding none of their `meta.kinds` and
    /// `meta.facts` (off: every rule on every document, the reference the
    /// index is tested against).
    pub kind_index: bool,
    /// Evaluate the built-in rules that have a native implementation in
    /// Rust (off, `--rego-builtins`: every rule by regorus, the reference
    /// the native ones are tested against).
    pub native_rules: bool,
    /// The configuration's `harness:`: `dbInstance`/`dbSchema` in the
    /// input documents.
    pub harness: crate::policy::input::harness::Harness,
    /// `--allow-no-rules`: a run that evaluates no rule (`--no-builtin`
    /// without policies, a policy folder with no policy in it, every rule
    /// turned off) passes; otherwise it is an error (exit 2), since a gate
    /// that evaluates nothing would pass anything.
    pub allow_no_rules: bool,
    /// Threads evaluating policies (`--threads`); 0: one per core. The
    /// report is the same whatever the number.
    pub threads: usize,
    /// Fill [`Outcome::impact`] (the impact table of the proposal, for the
    /// Markdown report): the per-changeset documents are then built as JSON
    /// too.
    pub impact_table: bool,
}

impl CheckOptions {
    pub fn new(paths: Vec<PathBuf>, dialect: Dialect) -> Self {
        CheckOptions {
            paths,
            dialect,
            db_version: DbVersion::default(),
            load: LoadOptions::default(),
            policy_paths: Vec::new(),
            builtin_policies: true,
            config: Value::Object(Default::default()),
            include_ast: false,
            changed_since: None,
            applied: None,
            baselines: Vec::new(),
            stats: None,
            throughput: Default::default(),
            fail_on_warnings: false,
            dialect_choice: None,
            settings: None,
            harness: Default::default(),
            config_path: None,
            no_waivers: false,
            policy_timeout: std::time::Duration::from_secs(5),
            kind_index: true,
            native_rules: true,
            allow_no_rules: false,
            threads: 0,
            impact_table: false,
        }
    }
}

/// One changelog read and analyzed up to the policy stage.
pub struct Analyzed {
    pub changelog: Changelog,
    pub statements: Vec<Statement>,
    /// Which changesets are proposed and which are history.
    pub history: Classification,
    /// The input documents the policies asked for.
    pub inputs: Inputs,
}

impl Analyzed {
    /// Per changeset: proposed (judged) rather than history.
    pub fn proposed(&self) -> Vec<bool> {
        (0..self.changelog.changesets.len())
            .map(|i| self.history.is_proposed(i))
            .collect()
    }
}

/// Reads and analyzes every path, building the input documents `needs`
/// names; files are registered in `sources`, input errors go to `problems`.
pub fn analyze(
    opts: &CheckOptions,
    needs: Needs,
    sources: &mut SourceMap,
    problems: &mut Vec<Problem>,
) -> Vec<Analyzed> {
    let mut out = Vec::new();
    analyze_each(opts, needs, sources, problems, |a| out.push(a));
    out
}

/// [`analyze`], handing each changelog to `each` as soon as it is analyzed,
/// so a run over many changelogs never holds all their documents at once.
pub fn analyze_each(
    opts: &CheckOptions,
    needs: Needs,
    sources: &mut SourceMap,
    problems: &mut Vec<Problem>,
    each: impl FnMut(Analyzed),
) {
    analyze_with((&|| needs, build), opts, sources, problems, each);
}

/// How a changelog's input documents are built: as JSON, or as the engine
/// evaluates them.
type BuildDocuments = fn(&InputParts<'_>, Needs) -> Inputs;

/// [`analyze_each`], the documents built by `build`, of the kinds `needs`
/// says (asked when the first are built: the policies may still be
/// loading).
fn analyze_with(
    (needs, build): (&dyn Fn() -> Needs, BuildDocuments),
    opts: &CheckOptions,
    sources: &mut SourceMap,
    problems: &mut Vec<Problem>,
    mut each: impl FnMut(Analyzed),
) {
    let run = RunContext::new(opts, sources, problems);
    for path in &opts.paths {
        let read = read_changelog(opts, &run, path, sources);
        let (analyzed, mut found) = analyze_read(opts, &run, read, sources, (needs, build));
        problems.append(&mut found);
        each(analyzed);
    }
}

/// What every changelog of a run is analyzed with, read once before them.
struct RunContext {
    load: LoadOptions,
    stats: Option<impact::stats::Stats>,
    version: DbVersion,
    /// What the `--baseline` dumps build.
    baseline: Schema,
}

impl RunContext {
    fn new(opts: &CheckOptions, sources: &mut SourceMap, problems: &mut Vec<Problem>) -> Self {
        let mut load = opts.load.clone();
        load.dialect.get_or_insert(opts.dialect);
        let (stats, version) = stats_and_version(opts, problems);
        let baseline = baseline_schema(opts, (&load, &version), sources, problems);
        RunContext {
            load,
            stats,
            version,
            baseline,
        }
    }
}

/// A changelog read and split into history and proposal, with the
/// problems met doing so: what the rest of its analysis starts from.
struct ReadChangelog {
    changelog: Changelog,
    history: Classification,
    problems: Vec<Problem>,
}

/// Reads the changelog at `path`, its files registered in `sources`.
fn read_changelog(
    opts: &CheckOptions,
    run: &RunContext,
    path: &std::path::Path,
    sources: &mut SourceMap,
) -> ReadChangelog {
    let before = sources.files().count();
    let mut changelog = source::load(path, &run.load, sources);
    let mut problems = std::mem::take(&mut changelog.problems);
    let own_files: Vec<FileId> = sources.files().skip(before).map(|(id, _)| id).collect();
    let history = classify(
        opts,
        &run.load,
        &changelog,
        (sources, &own_files),
        &mut problems,
    );
    ReadChangelog {
        changelog,
        history,
        problems,
    }
}

/// The analysis of a changelog read: its statements lowered and replayed,
/// their impact, and the input documents; with every problem met since it
/// was read, in order.
fn analyze_read(
    opts: &CheckOptions,
    run: &RunContext,
    read: ReadChangelog,
    sources: &SourceMap,
    (needs, build): (&dyn Fn() -> Needs, BuildDocuments),
) -> (Analyzed, Vec<Problem>) {
    let ReadChangelog {
        changelog,
        history,
        mut problems,
    } = read;
    let mut lowered = sql::lower(&changelog, opts.dialect, lower_options(opts, &run.version));
    problems.append(&mut lowered.problems);
    let proposed: Vec<bool> = (0..changelog.changesets.len())
        .map(|i| history.is_proposed(i))
        .collect();
    let start = catalog::Start {
        schema: run.baseline.clone(),
        proposed: &proposed,
        rollback: &lowered.rollback,
    };
    let replay_options = replay_options(&run.load);
    let replay = catalog::replay_with(
        &changelog,
        &lowered.statements,
        opts.dialect,
        start,
        replay_options,
    );
    let environment = (!opts.baselines.is_empty()).then(|| {
        crate::diff::Environment::of(
            opts,
            (&changelog, &lowered.statements),
            &proposed,
            &run.baseline,
            replay_options,
        )
    });
    let impacts = impact::of_statements(
        (&lowered.statements, &replay.contexts),
        run.stats.as_ref(),
        (opts.dialect, &run.version),
        &opts.throughput,
    );
    let inputs = build(
        &InputParts {
            changelog: &changelog,
            statements: &lowered.statements,
            contexts: &replay.contexts,
            impacts: &impacts,
            rollback: &lowered.rollback,
            rollbacks: &replay.rollbacks,
            marked_ran: &lowered.marked_ran,
            history: &history,
            sources,
            dialect: opts.dialect,
            version: &run.version,
            include_ast: opts.include_ast,
            harness: &opts.harness,
            stats: run.stats.as_ref().map(|s| s.file.as_path()),
            environment: environment.as_ref(),
        },
        needs(),
    );
    // what the documents were built from is not needed any more
    drop((replay, impacts));
    let analyzed = Analyzed {
        changelog,
        statements: lowered.statements,
        history,
        inputs,
    };
    (analyzed, problems)
}

/// The `--stats` snapshot, and the server version: the one given, else the
/// one the snapshot was taken from.
fn stats_and_version(
    opts: &CheckOptions,
    problems: &mut Vec<Problem>,
) -> (Option<impact::stats::Stats>, DbVersion) {
    let stats = match opts.stats.as_deref().map(impact::stats::Stats::load) {
        Some(Ok(stats)) => Some(stats),
        Some(Err(problem)) => {
            problems.push(problem);
            None
        }
        None => None,
    };
    let version = match stats.as_ref().and_then(|s| s.server_version.clone()) {
        Some(v) if !opts.db_version.is_set() => v,
        _ => opts.db_version.clone(),
    };
    (stats, version)
}

/// How changelogs are replayed: with contexts or labels chosen, the
/// changesets left are the ones that run; without, those that name some
/// are alternatives.
fn replay_options(load: &LoadOptions) -> catalog::ReplayOptions {
    catalog::ReplayOptions {
        contexts_selected: load.contexts.is_some() || load.labels.is_some(),
    }
}

/// How statements are lowered: their syntax trees are kept only for the
/// input documents when they carry them, and for the impact numbers of
/// `UPDATE`/`DELETE` when there are table statistics to weigh them with.
/// `version` is the target's (`--db-version`, else the `--stats`
/// snapshot's): Liquibase writes some types by it.
fn lower_options(opts: &CheckOptions, version: &DbVersion) -> sql::LowerOptions {
    sql::LowerOptions {
        keep_ast: opts.include_ast,
        keep_dml_ast: opts.stats.is_some(),
        limits: opts.load.limits,
        db_version: sql::liquibase::version::of(version),
    }
}

/// The schema the `--baseline` dumps build, replayed in the order given.
fn baseline_schema(
    opts: &CheckOptions,
    (load, version): (&LoadOptions, &DbVersion),
    sources: &mut SourceMap,
    problems: &mut Vec<Problem>,
) -> Schema {
    let mut schema = Schema::default();
    for path in &opts.baselines {
        let mut dump = source::load(path, load, sources);
        problems.append(&mut dump.problems);
        let mut lowered = sql::lower(&dump, opts.dialect, lower_options(opts, version));
        problems.append(&mut lowered.problems);
        // A dump is history: no rollback to prove.
        let history = vec![false; dump.changesets.len()];
        let start = catalog::Start {
            schema,
            proposed: &history,
            rollback: &[],
        };
        schema = catalog::replay(&dump, &lowered.statements, opts.dialect, start).schema;
    }
    // A dump qualifies every name (`public.orders`); migrations seldom do.
    if let Some(default) = opts.dialect.default_schema() {
        schema.unqualify(default);
    }
    // A dump is the whole schema: what it lacks does not exist (unless
    // something in it could not be followed).
    if opts.baselines.is_empty() {
        schema
    } else {
        schema.into_complete_baseline()
    }
}

/// Splits the changelog into history and proposal as the options say.
fn classify(
    opts: &CheckOptions,
    load: &LoadOptions,
    changelog: &Changelog,
    (sources, files): (&SourceMap, &[FileId]),
    problems: &mut Vec<Problem>,
) -> Classification {
    let everything = || Classification::everything(changelog.changesets.len());
    let classified = match (&opts.changed_since, &opts.applied) {
        (Some(rev), _) => history::git::classify(changelog, sources, files, load, rev),
        (None, Some(export)) => history::applied::read_within(export, load.limits.max_file_bytes)
            .map(|table| history::applied::classify(changelog, sources, &table)),
        (None, None) => Ok(everything()),
    };
    classified.unwrap_or_else(|p| {
        // The report goes on with everything judged: more findings, never fewer.
        problems.push(p);
        everything()
    })
}

/// Loads the built-in and user policies.
pub fn load_policies(opts: &CheckOptions) -> Result<PolicySet, Vec<Problem>> {
    load_policy_files(opts, policy_files(opts)?)
}

/// `files` loaded as `opts` says: time limit, kind index, native rules.
fn load_policy_files(
    opts: &CheckOptions,
    files: Vec<PolicyFile>,
) -> Result<PolicySet, Vec<Problem>> {
    let mut set = PolicySet::load_limited(files, opts.config.clone(), opts.policy_timeout)?;
    if !opts.kind_index {
        set = set.without_kind_index();
    }
    if !opts.native_rules {
        set = set.without_native_rules();
    }
    Ok(set)
}

fn policy_files(opts: &CheckOptions) -> Result<Vec<PolicyFile>, Vec<Problem>> {
    // `--no-builtin` drops the rules, not the library they and team
    // policies import (it holds no rules).
    let mut files: Vec<PolicyFile> = if opts.builtin_policies {
        builtin_policies()
    } else {
        crate::policy::builtin::builtin_library()
    };
    let mut problems = Vec::new();
    for p in &opts.policy_paths {
        match read_policy_dir(p) {
            Ok(f) if f.iter().all(PolicyFile::is_test) && !opts.allow_no_rules => {
                problems.push(Problem::at_path(
                    p,
                    0,
                    0,
                    format!(
                        "policy path `{}` holds no policy: no `*.rego` file other than `*_test.rego` tests; pass --allow-no-rules if that is meant",
                        crate::span::display_name(p)
                    ),
                ));
            }
            Ok(mut f) => files.append(&mut f),
            Err(e) => problems.push(e.in_policy()),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Does a policy read a statement's raw syntax tree (`stmt.ast`,
/// `stmt["ast"]`)? Building it costs about 12x the SQL's size, so the input
/// document carries it only for policies that use it.
pub fn policies_read_ast(opts: &CheckOptions) -> bool {
    policy_files(opts).is_ok_and(|files| files_read_ast(&files))
}

fn files_read_ast(files: &[PolicyFile]) -> bool {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    files.iter().filter(|f| !f.is_test()).any(|f| {
        f.text.match_indices("ast").any(|(i, _)| {
            let before = f.text[..i].chars().next_back();
            let after = f.text[i + 3..].chars().next();
            (before == Some('.') && !ident(after)) || (before == Some('"') && after == Some('"'))
        })
    })
}

/// Ties a policy result to the source span it names.
fn locate(a: &Analyzed, r: crate::policy::engine::RawFinding) -> Finding {
    let (span, changeset) = match r.at {
        At::Statement(i) => a
            .statements
            .get(i)
            .map(|s| {
                (
                    Some(s.span),
                    a.changelog
                        .changesets
                        .get(s.changeset)
                        .map(|c| c.id.clone()),
                )
            })
            .unwrap_or((None, None)),
        At::Changeset(i) => a
            .changelog
            .changesets
            .get(i)
            .map(|c| (Some(c.span), Some(c.id.clone())))
            .unwrap_or((None, None)),
        At::Nothing => (None, None),
    };
    Finding {
        rule: r.rule,
        severity: r.severity,
        message: r.message,
        help: r.help,
        at: r.at,
        span,
        changeset,
        waived: None,
    }
}

/// Runs the whole gate.
pub fn check(opts: &CheckOptions) -> Outcome {
    check_with(opts, &())
}

/// [`check`], telling `progress` the stage it is at.
pub fn check_with(opts: &CheckOptions, progress: &dyn crate::progress::Progress) -> Outcome {
    progress.stage("loading policies");
    // The policy files are read once: to load them, and to see whether one
    // of them needs the raw syntax tree in its input.
    let files = policy_files(opts);
    let reads_ast = files.as_ref().is_ok_and(|f| files_read_ast(f));
    let with_ast = &CheckOptions {
        include_ast: opts.include_ast || reads_ast,
        ..opts.clone()
    };
    // the policies load while the first changelog is read
    std::thread::scope(|scope| {
        let loading = Loading::start(scope, || loading::load_for_check(opts, files));
        let outcome = check_loading(with_ast, &loading, progress);
        crate::pool::drop_in_background(loading);
        outcome
    })
}

/// [`check_with`] once the policies are loading.
fn check_loading(
    opts: &CheckOptions,
    loading: &Loading,
    progress: &dyn crate::progress::Progress,
) -> Outcome {
    let mut sources = SourceMap::default();
    let mut problems = Vec::new();
    let mut findings = Vec::new();
    let mut stats = Stats::default();
    let mut rule_problems = Vec::new();
    let mut seen = waivers::Seen::default();
    let mut judged_changesets = Vec::new();
    // the documents only as the engine reads them: never as JSON too
    let documents: BuildDocuments = match opts.impact_table {
        true => crate::policy::input::documents_and_json,
        false => crate::policy::input::documents,
    };
    let mut impact = Vec::new();
    // Changelogs are analyzed and evaluated on worker threads while the
    // next ones are read; results come back in the order of the changelogs.
    // one changelog per path: more workers than paths would never work
    let threads = crate::pool::threads(opts.threads).min(opts.paths.len().max(1));
    let workers = Evaluator::many(loading, threads);
    let mut count = |a: &mut Analyzed| {
        let docs: Vec<Value> = std::mem::take(&mut a.inputs.changesets)
            .into_iter()
            .map(|(_, doc)| doc)
            .collect();
        impact.extend(crate::report::impact_table::of(&docs));
        let proposed = a.proposed();
        progress.stage(&format!(
            "evaluating policies: {} proposed changesets of {}",
            proposed.iter().filter(|p| **p).count(),
            crate::span::display_name(&a.changelog.root)
        ));
        let judged = |s: &&Statement| proposed.get(s.changeset).copied().unwrap_or(true);
        stats.changesets += proposed.iter().filter(|p| **p).count();
        stats.history_changesets += proposed.iter().filter(|p| !**p).count();
        judged_changesets.extend(JudgedChangeset::proposed(&a.changelog, &proposed));
        // statements inside a `DO` are judged, not counted
        let own = |s: &&Statement| judged(s) && s.within.is_none();
        stats.statements += a.statements.iter().filter(own).count();
        stats.statements_parsed += a
            .statements
            .iter()
            .filter(own)
            .filter(|s| s.parsed())
            .count();
    };
    let run = RunContext::new(opts, &mut sources, &mut problems);
    // A worker analyzes the changelog this thread read (lowering,
    // replay, impact, documents) and evaluates the policies on it: the
    // changelogs of a run are analyzed side by side.
    let work = |worker: &mut Evaluator, (read, sources): (ReadChangelog, SourceMap)| {
        let needs = || worker.needs();
        let (mut a, found) = analyze_read(opts, &run, read, &sources, (&needs, documents));
        let mut inputs = std::mem::take(&mut a.inputs);
        // the JSON documents stay for the impact table ([`count`]); the
        // engine evaluates the others
        a.inputs.changesets = std::mem::take(&mut inputs.changesets);
        let evaluation = worker.evaluate(inputs);
        (a, found, evaluation)
    };
    let mut evaluated = |(mut a, mut found, mut evaluation): (
        Analyzed,
        Vec<Problem>,
        crate::policy::engine::Evaluation,
    )| {
        problems.append(&mut found);
        count(&mut a);
        let proposed = a.proposed();
        let found: Vec<Finding> = evaluation
            .findings
            .drain(..)
            .map(|r| locate(&a, r))
            .collect();
        seen.add((&a.changelog.changesets, &proposed), &a.statements, &found);
        findings.extend(found);
        rule_problems.append(&mut evaluation.problems);
        stats.exceptions += evaluation.excepted;
    };
    progress.stage("reading changelogs");
    crate::pool::ordered(
        workers,
        // a worker starts on a changelog at once: only its documents wait
        // for the policies to load (to know which to build)
        (&|_: &mut Evaluator| {}, &work),
        crate::pool::Ahead {
            weight: &|(read, _): &(ReadChangelog, SourceMap)| {
                read.changelog.changesets.len().max(1)
            },
            budget: crate::limits::READ_AHEAD_CHANGESETS,
        },
        |to_work| {
            for path in &opts.paths {
                let read = read_changelog(opts, &run, path, &mut sources);
                to_work((read, sources.clone()));
            }
        },
        &mut evaluated,
    );
    progress.stage("applying waivers");
    // loading's problems come first, as they came first
    let loaded = loading.wait();
    let policies = loaded.policies.as_ref();
    problems.splice(0..0, loaded.problems.iter().cloned());
    problems.append(&mut rule_problems);
    stats.rules = policies.map_or(0, |p| p.rules().len());
    stats.files = sources.files().count();
    if let Some(policies) = policies {
        let settings = waivers::Settings {
            enabled: !opts.no_waivers,
            config: &opts.config,
            config_path: opts.config_path.as_deref(),
            rules: crate::policy::aliases::RuleNames::new(&policies.rules(), []),
            dialect: opts.dialect,
        };
        stats.waived = waivers::apply(&settings, &seen, &mut sources, &mut findings, &mut problems);
    }
    findings.sort_by_key(|f| {
        let loc = f.span.map(|s| (s.file, s.start));
        (loc, std::cmp::Reverse(f.severity), f.rule.clone())
    });
    let rules = policies.map(PolicySet::rules).unwrap_or_default();
    Outcome {
        rules,
        changesets: judged_changesets,
        impact,
        fail_on_warnings: opts.fail_on_warnings,
        dialect: opts.dialect_choice.clone(),
        sources,
        findings,
        problems,
        stats,
    }
}
