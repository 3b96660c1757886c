//! `schemagate diff`: what a changelog builds against what a database has.
//! The changelog is replayed over the schema model (every changeset, as
//! history); the other side is a schema dump (`pg_dump --schema-only`,
//! `mysqldump --no-data`, any SQL that creates the schema) read the same
//! way. The two models are compared by [`crate::catalog::compare`]: names
//! as the dialect folds them, types by meaning.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::catalog::compare::{Change, Difference, Sides, Unsure, compare_all};
use crate::check::{CheckOptions, dumped_schema, replayed_schemas};
use crate::config::{DriftKey, DriftLevel};
use crate::dialect::Dialect;
use crate::error::Problem;
use crate::span::{Location, SourceMap};
use crate::sql::Statement;

/// One difference, with the changeset of the changelog that created the
/// object when it did.
#[derive(Debug, Clone)]
pub struct Drift {
    pub difference: Difference,
    pub changelog: Option<Location>,
    /// `error` or `warning`, from the configuration's `drift:`.
    pub level: DriftLevel,
}

impl Drift {
    fn not_compared(&self) -> bool {
        matches!(self.difference.change, Change::NotCompared { .. })
    }
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
    /// The differences found, and the objects that were not compared.
    fn counts(&self) -> (usize, usize) {
        let unsure = self.drift.iter().filter(|d| d.not_compared()).count();
        (self.drift.len() - unsure, unsure)
    }

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
        let differences = compare_all(&schema, &other, sides);
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

/// What the `--baseline` dumps of a `check` say of the environment: how
/// the schema they hold differs from the one the changelog's history
/// builds (before the proposal), for policies (`environment` in the input
/// documents).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// The dumps, as given.
    pub baseline: Vec<String>,
    /// Left: the history's replay; right: the dumps. Migration tools'
    /// history tables are left out, as in `schemagate diff`.
    pub drift: Vec<Difference>,
}

impl Environment {
    /// The history changesets of `changelog` (those not `proposed`)
    /// replayed from nothing, compared with `dumped`.
    pub fn of(
        opts: &CheckOptions,
        (changelog, statements): (&crate::source::Changelog, &[Statement]),
        proposed: &[bool],
        dumped: &crate::catalog::Schema,
        replay_options: crate::catalog::ReplayOptions,
    ) -> Environment {
        let is_history = |cs: usize| !proposed.get(cs).copied().unwrap_or(true);
        let history: Vec<Statement> = statements
            .iter()
            .filter(|s| is_history(s.changeset))
            .cloned()
            .collect();
        let none = vec![false; changelog.changesets.len()];
        let start = crate::catalog::Start {
            schema: crate::catalog::Schema::default(),
            proposed: &none,
            rollback: &[],
        };
        let built =
            crate::catalog::replay_with(changelog, &history, opts.dialect, start, replay_options)
                .schema;
        let drift = compare_all(&built, dumped, dump_sides(opts.dialect))
            .into_iter()
            .filter(|d| !bookkeeping(d))
            .collect();
        Environment {
            baseline: opts
                .baselines
                .iter()
                .map(|p| crate::span::display_name(p))
                .collect(),
            drift,
        }
    }

    /// `{baseline: [..], drift: [{kind, schema, name, part, change}]}`,
    /// with the differences `keep` selects.
    pub fn to_json(&self, keep: impl Fn(&Difference) -> bool) -> Value {
        let drift: Vec<Value> = self
            .drift
            .iter()
            .filter(|d| keep(d))
            .map(|d| {
                json!({
                    "kind": d.kind,
                    "schema": d.schema,
                    "name": d.name,
                    "part": d.part,
                    "change": d.change,
                })
            })
            .collect();
        json!({"baseline": self.baseline, "drift": drift})
    }
}

/// How much `d` counts: the configuration's `drift:` for its kind and
/// change (`index.only_right`), else for its kind (`index`), else error.
/// What was not compared: `index.not_compared`, else `not_compared`, else
/// a warning (it is listed, never passed over in silence, but a changelog
/// with a `DO` block must not fail every diff).
fn level(opts: &CheckOptions, d: &Difference) -> DriftLevel {
    let levels = opts
        .settings
        .as_ref()
        .and_then(|c| c.settings.drift.as_ref());
    let get = |key: String| levels.and_then(|l| l.value.get(&DriftKey(key)).copied());
    let change = match d.change {
        Change::OnlyLeft => "only_left",
        Change::OnlyRight => "only_right",
        Change::Type { .. } => "type",
        Change::NotNull { .. } => "not_null",
        Change::Default { .. } => "default",
        Change::NotCompared { .. } => {
            return get(format!("{}.not_compared", d.kind))
                .or_else(|| get("not_compared".into()))
                .unwrap_or(DriftLevel::Warning);
        }
    };
    get(format!("{}.{change}", d.kind))
        .or_else(|| get(d.kind.clone()))
        .unwrap_or(DriftLevel::Error)
}

/// Why `d` was not compared, in words.
fn why_not_compared(why: &Unsure, against: &str) -> String {
    let cannot = "statements schemagate cannot follow";
    match why {
        Unsure::LeftNotFollowed => {
            format!("not compared: {cannot} in the changelog may change it")
        }
        Unsure::RightNotFollowed => format!("not compared: {cannot} in {against} may change it"),
        Unsure::ColumnsNotKnown {
            left_only,
            right_only,
        } => {
            let list = |names: &[String], side: &str| {
                (!names.is_empty()).then(|| {
                    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                    format!("{} only in {side}", quoted.join(", "))
                })
            };
            let sides: Vec<String> = [list(left_only, "the changelog"), list(right_only, against)]
                .into_iter()
                .flatten()
                .collect();
            format!(
                "columns not compared ({}): neither side knows its every column",
                sides.join("; ")
            )
        }
    }
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

/// A migration tool's history table that only the database has (or that
/// the changelog's own bookkeeping statements touch).
fn bookkeeping(d: &Difference) -> bool {
    let name = d.object.trim_matches('"');
    let name = name.rsplit('.').next().unwrap_or(name);
    d.kind == "table"
        && (d.change == Change::OnlyRight
            || matches!(d.change, Change::NotCompared { .. }) && d.created_in.is_none())
        && BOOKKEEPING.iter().any(|b| b.eq_ignore_ascii_case(name))
}

/// A dump's unqualified names are in the dialect's default schema.
fn dump_sides(dialect: Dialect) -> Sides<'static> {
    Sides::ReplayAndDump {
        default_schema: dialect.default_schema(),
    }
}

/// One line per difference: what it is, and what each side has.
pub fn render_human(outcome: &DiffOutcome) -> String {
    let against = outcome.against.join(", ");
    let (found, unsure) = outcome.counts();
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
            Change::NotCompared { why } => {
                format!("{what}{at}: {}", why_not_compared(why, &against))
            }
        };
        let warning = if d.level == DriftLevel::Warning {
            " (warning)"
        } else {
            ""
        };
        text.push_str(&format!("  {line}{warning}\n"));
    }
    text.push('\n');
    text.push_str(&summary(outcome, found, unsure));
    text
}

/// The last line of the human report.
fn summary(outcome: &DiffOutcome, found: usize, unsure: usize) -> String {
    let against = outcome.against.join(", ");
    let changelogs = outcome.changelogs.join(", ");
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let errors = outcome
        .drift
        .iter()
        .filter(|d| d.level == DriftLevel::Error)
        .count();
    let mark = if errors > 0 { "✖" } else { "⚠" };
    let not_compared = match unsure {
        0 => String::new(),
        u => format!("; {u} object{} not compared", plural(u)),
    };
    if found == 0 {
        return format!(
            "{mark} no drift found between {changelogs} and {against}, but {unsure} object{} could not be compared\n",
            plural(unsure)
        );
    }
    let warnings = outcome
        .drift
        .iter()
        .filter(|d| d.level == DriftLevel::Warning && !d.not_compared())
        .count();
    let of_which = match warnings {
        0 => String::new(),
        w if w == found => " (warnings only)".to_string(),
        w => format!(" ({w} of them warnings)"),
    };
    format!(
        "{mark} drift: {found} difference{}{of_which} between {changelogs} and {against}{not_compared}\n",
        plural(found)
    )
}

/// A Markdown table, for a pull-request comment or a CI job summary.
pub fn render_markdown(outcome: &DiffOutcome) -> String {
    let against = outcome.against.join(", ");
    let changelogs = outcome.changelogs.join(", ");
    if outcome.drift.is_empty() {
        return format!("### ✔ No drift\n\n`{changelogs}` builds the schema `{against}` has.\n");
    }
    let (found, unsure) = outcome.counts();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let title = match (found, unsure) {
        (0, u) => format!("⚠ No drift found, {u} object{} not compared", plural(u)),
        (n, 0) => format!("Drift: {n} difference{}", plural(n)),
        (n, u) => format!(
            "Drift: {n} difference{}, {u} object{} not compared",
            plural(n),
            plural(u)
        ),
    };
    let mut text = format!(
        "### {title}\n\nBetween `{changelogs}` (the changelog) and `{against}`.\n\n\
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
            Change::NotCompared { why } => {
                let words = why_not_compared(why, &against);
                match why {
                    Unsure::RightNotFollowed => (at.trim().to_string(), words),
                    _ => (format!("{words}{at}"), String::new()),
                }
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

/// The same as data: `{drift: bool, not_compared: n, changelogs, against,
/// differences: [{severity, kind, object, part, change: {what, left?,
/// right?, why?}, changelog: {file, line}?}]}`. `drift`: a difference was
/// found; what was not compared is listed with `what: not_compared`.
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
    let (found, unsure) = outcome.counts();
    json!({
        "drift": found > 0,
        "not_compared": unsure,
        "changelogs": outcome.changelogs,
        "against": outcome.against,
        "differences": differences,
    })
}
