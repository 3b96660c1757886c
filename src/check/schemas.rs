//! The schema a changelog builds, or a dump: the pipeline up to the
//! catalog, for `schemagate diff`.

use std::path::PathBuf;

use super::CheckOptions;
use super::analysis::{baseline_schema, lower_options, replay_options};
use crate::error::Problem;
use crate::span::SourceMap;
use crate::{catalog, source, sql};

/// The schema model each changelog of `opts.paths` builds (after the
/// `--baseline` dumps), every changeset replayed as history: what the
/// changelog says the database looks like once it has all run.
pub fn replayed_schemas(
    opts: &CheckOptions,
    sources: &mut SourceMap,
    problems: &mut Vec<Problem>,
) -> Vec<(source::Changelog, catalog::Schema)> {
    let mut load = opts.load.clone();
    load.dialect.get_or_insert(opts.dialect);
    let baseline = baseline_schema(opts, (&load, &opts.db_version), sources, problems);
    let mut out = Vec::new();
    for path in &opts.paths {
        let mut changelog = source::load(path, &load, sources);
        problems.append(&mut changelog.problems);
        let mut lowered = sql::lower(
            &changelog,
            opts.dialect,
            lower_options(opts, &opts.db_version),
        );
        problems.append(&mut lowered.problems);
        let history = vec![false; changelog.changesets.len()];
        let start = catalog::Start {
            schema: baseline.clone(),
            proposed: &history,
            rollback: &[],
        };
        let replay = catalog::replay_with(
            &changelog,
            &lowered.statements,
            opts.dialect,
            start,
            replay_options(&load),
        );
        out.push((changelog, replay.schema));
    }
    out
}

/// The schema the dumps `paths` build (complete: what they lack does not
/// exist), read for `opts`' dialect.
pub fn dumped_schema(
    opts: &CheckOptions,
    paths: &[PathBuf],
    sources: &mut SourceMap,
    problems: &mut Vec<Problem>,
) -> catalog::Schema {
    let mut load = opts.load.clone();
    load.dialect.get_or_insert(opts.dialect);
    let dumps = CheckOptions {
        baselines: paths.to_vec(),
        ..opts.clone()
    };
    baseline_schema(&dumps, (&load, &opts.db_version), sources, problems)
}
