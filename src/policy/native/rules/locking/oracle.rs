//! For the tests of the `locking` ports: [`same_findings`]
//! (`crate::policy::native::testing`) with a `--stats` snapshot or a
//! `--baseline` dump, which some of these rules need to fire (table sizes,
//! a table that exists before the migration).

use crate::check::{CheckOptions, check};
use crate::dialect::Dialect;

/// What the migration `sql` is checked with besides itself.
#[derive(Default)]
pub(super) struct With<'a> {
    /// `data.schemagate.config` (`{}` when `None`).
    pub(super) config: Option<serde_json::Value>,
    /// The `--stats` file's content.
    pub(super) stats: Option<&'a str>,
    /// The `--baseline` dump's content.
    pub(super) baseline: Option<&'a str>,
}

/// `rule severity line message` of the findings of `rule` on `sql`,
/// natively and in Rego; panics when they disagree (on any rule's
/// findings, help included).
pub(super) fn findings_of(rule: &str, dialect: Dialect, sql: &str, with: With<'_>) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("V1__migration.sql");
    std::fs::write(&path, sql).expect("the migration is written");
    let stats = with.stats.map(|stats| {
        let p = dir.path().join("stats.yaml");
        std::fs::write(&p, stats).expect("the stats are written");
        p
    });
    let baseline = with.baseline.map(|dump| {
        let p = dir.path().join("baseline.sql");
        std::fs::write(&p, dump).expect("the baseline is written");
        p
    });
    let report = |native: bool| {
        let mut opts = CheckOptions::new(vec![path.clone()], dialect);
        opts.config = with.config.clone().unwrap_or_else(|| serde_json::json!({}));
        opts.stats = stats.clone();
        opts.baselines = baseline.iter().cloned().collect();
        opts.native_rules = native;
        let outcome = check(&opts);
        let problems = outcome.problems.iter().map(|p| format!("error {p:?}"));
        outcome
            .findings
            .iter()
            .map(|f| {
                let line = f.span.map_or(0, |s| outcome.sources.locate(s).line);
                format!("{} {} {line} {}", f.rule, f.severity.name(), f.message)
            })
            .chain(
                outcome
                    .findings
                    .iter()
                    .map(|f| format!("help {:?}", f.help)),
            )
            .chain(problems)
            .collect::<Vec<String>>()
    };
    let native = report(true);
    assert_eq!(
        native,
        report(false),
        "native (left) and Rego (right) disagree on:\n{sql}"
    );
    let prefix = format!("{rule} ");
    native
        .into_iter()
        .filter(|f| f.starts_with(&prefix))
        .collect()
}

/// The help of every finding of `rule` on `sql` (which the native rules
/// and Rego must agree on, as [`findings_of`]).
pub(super) fn helps_of(rule: &str, dialect: Dialect, sql: &str) -> Vec<Option<String>> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("V1__migration.sql");
    std::fs::write(&path, sql).expect("the migration is written");
    let helps = |native: bool| {
        let mut opts = CheckOptions::new(vec![path.clone()], dialect);
        opts.native_rules = native;
        check(&opts)
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.help.clone())
            .collect::<Vec<_>>()
    };
    let native = helps(true);
    assert_eq!(
        native,
        helps(false),
        "native and Rego helps differ on:\n{sql}"
    );
    native
}
