//! For the locking rules' tests: one rule's findings with their help texts,
//! natively and in Rego (`testing::same_findings` compares messages only
//! and takes no `--stats`).

use crate::check::{CheckOptions, check};
use crate::dialect::Dialect;

/// `rule severity line message | help` of every finding of `rule` when
/// checking `sql` on `dialect` with `config` and, when given, the table
/// sizes `stats` (the YAML of a `--stats` file); panics when native and
/// Rego disagree.
pub(super) fn same_report(
    dialect: Dialect,
    sql: &str,
    config: serde_json::Value,
    stats: Option<&str>,
    rule: &str,
) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("V1__migration.sql");
    std::fs::write(&path, sql).expect("the migration is written");
    let stats_path = stats.map(|yaml| {
        let p = dir.path().join("stats.yaml");
        std::fs::write(&p, yaml).expect("the stats are written");
        p
    });
    let report = |native: bool| {
        let mut opts = CheckOptions::new(vec![path.clone()], dialect);
        opts.config = config.clone();
        opts.stats = stats_path.clone();
        opts.native_rules = native;
        let outcome = check(&opts);
        let problems = outcome.problems.iter().map(|p| format!("error {p:?}"));
        outcome
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                let line = f.span.map_or(0, |s| outcome.sources.locate(s).line);
                format!(
                    "{} {} {line} {} | {}",
                    f.rule,
                    f.severity.name(),
                    f.message,
                    f.help.as_deref().unwrap_or("-")
                )
            })
            .chain(problems)
            .collect::<Vec<String>>()
    };
    let native = report(true);
    assert_eq!(
        native,
        report(false),
        "native (left) and Rego (right) disagree on:\n{sql}"
    );
    native
}

/// The help texts alone (`rule line help`) of [`same_report`].
pub(super) fn same_helps(
    dialect: Dialect,
    sql: &str,
    config: serde_json::Value,
    rule: &str,
) -> Vec<String> {
    same_report(dialect, sql, config, None, rule)
        .into_iter()
        .map(|f| {
            let (head, help) = f.split_once(" | ").unwrap_or((&f, ""));
            let mut words = head.splitn(4, ' ');
            let (id, _, line) = (words.next(), words.next(), words.next());
            format!("{} {} {help}", id.unwrap_or(""), line.unwrap_or(""))
        })
        .collect()
}
