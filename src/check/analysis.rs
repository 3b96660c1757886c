//! Analysis: each changelog read, split into history and proposal, lowered,
//! replayed, its impact estimated and its input documents built — every
//! stage before the policies. `check` runs the reading on its own thread
//! and the rest on the workers ([`read_changelog`], [`analyze_read`]).

use crate::catalog::Schema;
use crate::dialect::DbVersion;
use crate::error::Problem;
use crate::history::{self, Classification};
use crate::policy::input::{InputParts, Inputs, Needs, build};
use crate::source::{Changelog, LoadOptions};
use crate::span::{FileId, SourceMap};
use crate::sql::Statement;
use crate::{catalog, impact, source, sql};

use super::CheckOptions;

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
pub(super) type BuildDocuments = fn(&InputParts<'_>, Needs) -> Inputs;

/// [`analyze_each`], the documents built by `build`, of the kinds `needs`
/// says (asked when the first are built: the policies may still be
/// loading).
pub(super) fn analyze_with(
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
pub(super) struct RunContext {
    load: LoadOptions,
    stats: Option<impact::stats::Stats>,
    version: DbVersion,
    /// What the `--baseline` dumps build.
    baseline: Schema,
}

impl RunContext {
    pub(super) fn new(
        opts: &CheckOptions,
        sources: &mut SourceMap,
        problems: &mut Vec<Problem>,
    ) -> Self {
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
pub(super) struct ReadChangelog {
    pub(super) changelog: Changelog,
    history: Classification,
    problems: Vec<Problem>,
}

/// Reads the changelog at `path`, its files registered in `sources`.
pub(super) fn read_changelog(
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
pub(super) fn analyze_read(
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
    // A value left null would let a rule miss what it looks for: the run
    // must not pass on such documents.
    let unbuilt = inputs.documents.iter().flat_map(|d| &d.unbuilt);
    problems.extend(unbuilt.map(|why| {
        Problem::general(format!(
            "{}: part of an input document could not be built ({why}); please report it",
            crate::span::display_name(&changelog.root)
        ))
    }));
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
pub(super) fn replay_options(load: &LoadOptions) -> catalog::ReplayOptions {
    catalog::ReplayOptions {
        contexts_selected: load.contexts.is_some() || load.labels.is_some(),
    }
}

/// How statements are lowered: their syntax trees are kept only for the
/// input documents when they carry them, and for the impact numbers of
/// `UPDATE`/`DELETE` when there are table statistics to weigh them with.
/// `version` is the target's (`--db-version`, else the `--stats`
/// snapshot's): Liquibase writes some types by it.
pub(super) fn lower_options(opts: &CheckOptions, version: &DbVersion) -> sql::LowerOptions {
    sql::LowerOptions {
        keep_ast: opts.include_ast,
        keep_dml_ast: opts.stats.is_some(),
        limits: opts.load.limits,
        db_version: sql::liquibase::version::of(version),
    }
}

/// The schema the `--baseline` dumps build, replayed in the order given.
pub(super) fn baseline_schema(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Analyzes `opts`'s paths, every document built both ways and compared
    /// ([`crate::policy::input::documents_checked`]).
    fn checked(opts: &CheckOptions) -> usize {
        let mut sources = SourceMap::default();
        let mut problems = Vec::new();
        let mut statements = 0;
        analyze_with(
            (&Needs::all, crate::policy::input::documents_checked),
            opts,
            &mut sources,
            &mut problems,
            |a| statements += a.statements.len(),
        );
        statements
    }

    #[test]
    fn documents_built_directly_are_those_of_the_json() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let categories: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("policies"))
            .expect("policies/")
            .flatten()
            .map(|e| e.path())
            .collect();
        let cases = crate::policy::testing::fixtures::find_cases(&categories);
        assert!(cases.len() > 200, "{} fixture cases", cases.len());
        let mut statements = 0;
        for case in &cases {
            let opts = crate::policy::testing::fixtures::case_options(case)
                .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
            statements += checked(&opts);
            // the raw syntax tree too
            statements += checked(&CheckOptions {
                include_ast: true,
                ..opts
            });
        }
        for (dir, dialect) in [
            (
                "examples/flyway-postgres",
                crate::dialect::Dialect::Postgres,
            ),
            (
                "examples/golang-migrate-mysql",
                crate::dialect::Dialect::Mysql,
            ),
            ("examples/harness", crate::dialect::Dialect::Postgres),
        ] {
            statements += checked(&CheckOptions::new(vec![root.join(dir)], dialect));
        }
        assert!(statements > 1000, "{statements} statements");
    }
}
