//! The pipeline as one call: source → sql → catalog → impact → policy →
//! report outcome. `main.rs` only turns the command line into
//! [`CheckOptions`]; platforms can call [`check`] directly.

use std::path::PathBuf;

use serde_json::Value;

use crate::dialect::{DbVersion, Dialect};
use crate::error::Problem;
use crate::impact;
use crate::policy::builtin::{PolicyFile, builtin_policies, read_policy_dir};
use crate::policy::engine::PolicySet;
use crate::policy::{At, Finding, waivers};
use crate::report::{JudgedChangeset, Outcome, Stats};
use crate::source::LoadOptions;
use crate::span::SourceMap;
use crate::sql::Statement;

mod analysis;
mod loading;
mod schemas;
mod setup;

pub use analysis::{Analyzed, analyze, analyze_each};
use analysis::{BuildDocuments, ReadChangelog, RunContext, analyze_read, read_changelog};
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
