//! For the locking rules' tests: one rule's findings, each with its help
//! text in the same line, from [`testing::same_report_with`] (which
//! checks the migration natively and in Rego).

use crate::dialect::Dialect;
use crate::policy::native::testing;

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
    let with = testing::With {
        config: Some(config),
        stats,
        ..Default::default()
    };
    let prefix = format!("{rule} ");
    testing::same_report_with(dialect, sql, &with)
        .into_iter()
        .filter(|(finding, _)| finding.starts_with(&prefix) || finding.starts_with("error "))
        .map(|(finding, help)| format!("{finding} | {}", help.as_deref().unwrap_or("-")))
        .collect()
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
