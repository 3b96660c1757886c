//! `schemagate diff`: what a changelog builds against what a database has.
//! The changelog is replayed over the schema model (every changeset, as
//! history); the other side is a schema dump (`pg_dump --schema-only`,
//! `mysqldump --no-data`, any SQL that creates the schema) read the same
//! way. The two models are compared by [`crate::catalog::compare`]: names
//! as the dialect folds them, types by meaning.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::catalog::compare::{Change, Difference, Sides, compare};
use crate::check::{CheckOptions, dumped_schema, replayed_schemas};
use crate::config::{DriftKey, DriftLevel};
use crate::dialect::Dialect;
use crate::error::Problem;
use crate::span::{Location, SourceMap};

/// One difference, with the changeset of the changelog that created the
/// object when it did.
#[derive(Debug, Clone)]
pub struct Drift {
    pub difference: Difference,
    pub changelog: Option<Location>,
    /// `error` or `warning`, from the configuration's `drift:`.
    pub level: DriftLevel,
}

/// What comparing gave.
#[derive(Debug, Default)]
pub struct DiffOutcome {
    pub sources: SourceMap,
    pub problems: Vec<Problem>,
    /// The changelogs and dumps compared, as given.
    pub changelogs: Vec<String>,
    pub against: Vec<String>,
    pub drift: Vec<Drift>,
}

impl DiffOutcome {
    /// 2 when something could not be read, else 1 when there is drift
    /// at `error`.
    pub fn exit_code(&self) -> i32 {
        let failing = self.drift.iter().any(|d| d.level == DriftLevel::Error);
        match (self.problems.is_empty(), failing) {
            (false, _) => 2,
            (true, true) => 1,
            (true, false) => 0,
        }
    }
}

/// What a changelog is compared with.
#[derive(Debug, Clone)]
pub enum Against {
    /// Schema dumps, read in order.
    Dumps(Vec<PathBuf>),
    /// The same changelog at a git revision.
    Rev(String),
}

/// Compares each changelog of `opts.paths` with what `against` names.
pub fn diff(opts: &CheckOptions, against: &Against) -> DiffOutcome {
    let mut out = DiffOutcome {
        changelogs: opts.paths.iter().map(|p| p.display().to_string()).collect(),
        against: match against {
            Against::Dumps(paths) => paths.iter().map(|p| p.display().to_string()).collect(),
            Against::Rev(rev) => vec![rev.clone()],
        },
        ..DiffOutcome::default()
    };
    let dumped = match against {
        Against::Dumps(paths) => Some(dumped_schema(
            opts,
            paths,
            &mut out.sources,
            &mut out.problems,
        )),
        Against::Rev(_) => None,
    };
    let built = replayed_schemas(opts, &mut out.sources, &mut out.problems);
    for ((changelog, schema), path) in built.into_iter().zip(&opts.paths) {
        let (other, sides) = match (&dumped, against) {
            (Some(dump), _) => (dump.clone(), dump_sides(opts.dialect)),
            (None, Against::Rev(rev)) => match at_rev(opts, path, rev, &mut out) {
                Some(schema) => (schema, Sides::Replays),
                None => continue,
            },
            (None, Against::Dumps(_)) => continue,
        };
        let differences = compare(&schema, &other, sides);
        for difference in differences.into_iter().filter(|d| !bookkeeping(d)) {
            let level = level(opts, &difference);
            if level == DriftLevel::Off {
                continue;
            }
            let changelog = difference
                .created_in
                .and_then(|i| changelog.changesets.get(i))
                .map(|cs| out.sources.locate(cs.span));
            out.drift.push(Drift {
                difference,
                changelog,
                level,
            });
        }
    }
    out
}

/// How much `d` counts: the configuration's `drift:` for its kind and
/// change (`index.only_right`), else for its kind (`index`), else error.
fn level(opts: &CheckOptions, d: &Difference) -> DriftLevel {
    let Some(levels) = opts
        .settings
        .as_ref()
        .and_then(|c| c.settings.drift.as_ref())
    else {
        return DriftLevel::Error;
    };
    let change = match d.change {
        Change::OnlyLeft => "only_left",
        Change::OnlyRight => "only_right",
        Change::Type { .. } => "type",
        Change::NotNull { .. } => "not_null",
        Change::Default { .. } => "default",
    };
    let specific = DriftKey(format!("{}.{change}", d.kind));
    let general = DriftKey(d.kind.clone());
    levels
        .value
        .get(&specific)
        .or_else(|| levels.value.get(&general))
        .copied()
        .unwrap_or(DriftLevel::Error)
}

/// The schema the changelog `path` built at git revision `rev`.
fn at_rev(
    opts: &CheckOptions,
    path: &std::path::Path,
    rev: &str,
    out: &mut DiffOutcome,
) -> Option<crate::catalog::Schema> {
    let (_guard, old) = match crate::history::git::snapshot_at(path, rev) {
        Ok(s) => s,
        Err(p) => {
            out.problems.push(p);
            return None;
        }
    };
    let old_opts = CheckOptions {
        paths: vec![old],
        ..opts.clone()
    };
    let mut built = replayed_schemas(&old_opts, &mut out.sources, &mut out.problems);
    built.pop().map(|(_, schema)| schema)
}

/// The tables migration tools keep their own history in: in the database,
/// never in the changelog, so not drift.
const BOOKKEEPING: &[&str] = &[
    "databasechangelog",
    "databasechangeloglock",
    "flyway_schema_history",
    "schema_migrations",
    "schema_version",
    "_sqlx_migrations",
    "__diesel_schema_migrations",
    "goose_db_version",
];

/// A migration tool's history table that only the database has.
fn bookkeeping(d: &Difference) -> bool {
    let name = d.object.trim_matches('"');
    let name = name.rsplit('.').next().unwrap_or(name);
    d.kind == "table"
        && d.change == Change::OnlyRight
        && BOOKKEEPING.iter().any(|b| b.eq_ignore_ascii_case(name))
}

/// The schema an unqualified name is in, where the database has one it
/// always starts from (PostgreSQL's `public`, SQL Server's `dbo`); MySQL's
/// is the database itself, which dumps leave unnamed.
fn dump_sides(dialect: Dialect) -> Sides<'static> {
    let default_schema = match dialect {
        Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift => Some("public"),
        Dialect::Sqlserver => Some("dbo"),
        _ => None,
    };
    Sides::ReplayAndDump { default_schema }
}

/// One line per difference: what it is, and what each side has.
pub fn render_human(outcome: &DiffOutcome) -> String {
    let against = outcome.against.join(", ");
    if outcome.drift.is_empty() {
        return format!(
            "✔ no drift: {} builds the schema {against} has\n",
            outcome.changelogs.join(", ")
        );
    }
    let mut text = String::new();
    for d in &outcome.drift {
        let at = d
            .changelog
            .as_ref()
            .map_or(String::new(), |l| format!(" ({}:{})", l.file, l.line));
        let what = d.difference.what();
        let line = match &d.difference.change {
            Change::OnlyLeft => format!("{what}: in the changelog{at}, not in {against}"),
            Change::OnlyRight => format!("{what}: in {against}, not in the changelog"),
            Change::Type { left, right } => {
                format!("{what}: {left} in the changelog{at}, {right} in {against}")
            }
            Change::NotNull { left, right } => {
                let word = |nn: bool| if nn { "NOT NULL" } else { "nullable" };
                format!(
                    "{what}: {} in the changelog{at}, {} in {against}",
                    word(*left),
                    word(*right)
                )
            }
            Change::Default { left, right } => {
                let word = |d: bool| if d { "a default" } else { "no default" };
                format!(
                    "{what}: {} in the changelog{at}, {} in {against}",
                    word(*left),
                    word(*right)
                )
            }
        };
        let warning = if d.level == DriftLevel::Warning {
            " (warning)"
        } else {
            ""
        };
        text.push_str(&format!("  {line}{warning}\n"));
    }
    let n = outcome.drift.len();
    let s = if n == 1 { "" } else { "s" };
    let warnings = outcome
        .drift
        .iter()
        .filter(|d| d.level == DriftLevel::Warning)
        .count();
    let (mark, of_which) = match warnings {
        0 => ("✖", String::new()),
        w if w == n => ("⚠", " (warnings only)".to_string()),
        w => ("✖", format!(" ({w} of them warnings)")),
    };
    text.push_str(&format!(
        "\n{mark} drift: {n} difference{s}{of_which} between {} and {against}\n",
        outcome.changelogs.join(", ")
    ));
    text
}

/// A Markdown table, for a pull-request comment or a CI job summary.
pub fn render_markdown(outcome: &DiffOutcome) -> String {
    let against = outcome.against.join(", ");
    let changelogs = outcome.changelogs.join(", ");
    if outcome.drift.is_empty() {
        return format!("### ✔ No drift\n\n`{changelogs}` builds the schema `{against}` has.\n");
    }
    let n = outcome.drift.len();
    let s = if n == 1 { "" } else { "s" };
    let mut text = format!(
        "### Drift: {n} difference{s}\n\nBetween `{changelogs}` (the changelog) and `{against}`.\n\n\
         | severity | object | changelog | {} |\n|---|---|---|---|\n",
        cell(&against)
    );
    for d in &outcome.drift {
        let at = d
            .changelog
            .as_ref()
            .map_or(String::new(), |l| format!(" ({}:{})", l.file, l.line));
        let (left, right) = match &d.difference.change {
            Change::OnlyLeft => (format!("present{at}"), "missing".to_string()),
            Change::OnlyRight => ("missing".to_string(), "present".to_string()),
            Change::Type { left, right } => (format!("{left}{at}"), right.clone()),
            Change::NotNull { left, right } => {
                let word = |nn: bool| if nn { "NOT NULL" } else { "nullable" };
                (format!("{}{at}", word(*left)), word(*right).to_string())
            }
            Change::Default { left, right } => {
                let word = |d: bool| if d { "a default" } else { "no default" };
                (format!("{}{at}", word(*left)), word(*right).to_string())
            }
        };
        let severity = match d.level {
            DriftLevel::Warning => "warning",
            _ => "error",
        };
        text.push_str(&format!(
            "| {severity} | {} | {} | {} |\n",
            cell(&d.difference.what()),
            cell(&left),
            cell(&right)
        ));
    }
    text
}

/// Text in a Markdown table cell: pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The same as data: `{drift: bool, changelogs, against, differences:
/// [{kind, object, part, change: {what, left?, right?}, changelog: {file,
/// line}?}]}`.
pub fn to_json(outcome: &DiffOutcome) -> Value {
    let differences: Vec<Value> = outcome
        .drift
        .iter()
        .map(|d| {
            let at = d
                .changelog
                .as_ref()
                .map(|l| json!({"file": l.file, "line": l.line}));
            json!({
                "severity": d.level,
                "kind": d.difference.kind,
                "object": d.difference.object,
                "part": d.difference.part,
                "change": d.difference.change,
                "changelog": at,
            })
        })
        .collect();
    json!({
        "drift": !outcome.drift.is_empty(),
        "changelogs": outcome.changelogs,
        "against": outcome.against,
        "differences": differences,
    })
}
