//! For the native rules' own tests: a migration checked with the rules
//! native and with every rule in Rego gives the same report.

use crate::check::{CheckOptions, check};
use crate::dialect::Dialect;

/// `rule severity line message` of every finding of checking `sql` (one
/// migration file) on `dialect` with `config` (the `data` of
/// `data.schemagate.config`, `{}` for none), then its problems; panics
/// when the native rules and their Rego disagree.
pub(crate) fn same_findings(dialect: Dialect, sql: &str, config: serde_json::Value) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("V1__migration.sql");
    std::fs::write(&path, sql).expect("the migration is written");
    // help texts are compared too, but not returned
    let report = |native: bool| {
        let mut opts = CheckOptions::new(vec![path.clone()], dialect);
        opts.config = config.clone();
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
    native.into_iter().map(|(finding, _)| finding).collect()
}
