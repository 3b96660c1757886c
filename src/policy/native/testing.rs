//! For the native rules' own tests: a migration checked with the rules
//! native and with every rule in Rego gives the same report, help texts
//! included.

use crate::check::{CheckOptions, check};
use crate::dialect::{DbVersion, Dialect};

/// What a migration is checked with besides itself.
#[derive(Default)]
pub(crate) struct With<'a> {
    /// `data.schemagate.config` (`{}` when `None`).
    pub(crate) config: Option<serde_json::Value>,
    /// The `--stats` file's content.
    pub(crate) stats: Option<&'a str>,
    /// The `--baseline` dump's content.
    pub(crate) baseline: Option<&'a str>,
    /// `--db-version` (none when empty).
    pub(crate) db_version: &'a [u32],
    /// The migration's file name (`V1__migration.sql`, a Flyway migration
    /// the tool runs in a transaction, when `None`).
    pub(crate) file: Option<&'a str>,
}

/// `rule severity line message` of every finding of checking `sql` (one
/// migration file) on `dialect` with `config` (the `data` of
/// `data.schemagate.config`, `{}` for none), then its problems; panics
/// when the native rules and their Rego disagree.
pub(crate) fn same_findings(dialect: Dialect, sql: &str, config: serde_json::Value) -> Vec<String> {
    let with = With {
        config: Some(config),
        ..With::default()
    };
    same_findings_with(dialect, sql, &with)
}

/// [`same_findings`] with more than a configuration.
pub(crate) fn same_findings_with(dialect: Dialect, sql: &str, with: &With<'_>) -> Vec<String> {
    same_report_with(dialect, sql, with)
        .into_iter()
        .map(|(finding, _)| finding)
        .collect()
}

/// [`same_findings_with`], each finding with its help text (`None` for a
/// problem).
pub(crate) fn same_report_with(
    dialect: Dialect,
    sql: &str,
    with: &With<'_>,
) -> Vec<(String, Option<String>)> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("a test file is written");
        path
    };
    let path = write(with.file.unwrap_or("V1__migration.sql"), sql);
    let stats = with.stats.map(|text| write("stats.yaml", text));
    let baseline = with.baseline.map(|text| write("baseline.sql", text));
    let report = |native: bool| {
        let mut opts = CheckOptions::new(vec![path.clone()], dialect);
        opts.config = with.config.clone().unwrap_or_else(|| serde_json::json!({}));
        opts.stats = stats.clone();
        opts.baselines = baseline.iter().cloned().collect();
        opts.db_version = DbVersion(with.db_version.to_vec());
        opts.native_rules = native;
        let outcome = check(&opts);
        let problems = outcome.problems.iter().map(|p| format!("error {p:?}"));
        outcome
            .findings
            .iter()
            .map(|f| {
                let line = f.span.map_or(0, |s| outcome.sources.locate(s).line);
                let finding = format!("{} {} {line} {}", f.rule, f.severity.name(), f.message);
                (finding, f.help.clone())
            })
            .chain(problems.map(|p| (p, None)))
            .collect::<Vec<(String, Option<String>)>>()
    };
    let native = report(true);
    assert_eq!(
        native,
        report(false),
        "native (left) and Rego (right) disagree on:\n{sql}"
    );
    native
}

/// The findings of rule `id` only, of [`same_findings_with`].
pub(crate) fn findings_of(id: &str, dialect: Dialect, sql: &str, with: &With<'_>) -> Vec<String> {
    let prefix = format!("{id} ");
    same_findings_with(dialect, sql, with)
        .into_iter()
        .filter(|f| f.starts_with(&prefix))
        .collect()
}
