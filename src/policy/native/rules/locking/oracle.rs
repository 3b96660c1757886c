//! For the tests of the `locking` ports: [`same_findings`]
//! (`crate::policy::native::testing`) with a `--stats` snapshot or a
//! `--baseline` dump, which some of these rules need to fire (table sizes,
//! a table that exists before the migration).

use crate::dialect::Dialect;

pub(super) use crate::policy::native::testing::With;

/// `rule severity line message` of the findings of `rule` on `sql`,
/// natively and in Rego; panics when they disagree (on any rule's
/// findings, help included).
pub(super) fn findings_of(rule: &str, dialect: Dialect, sql: &str, with: With<'_>) -> Vec<String> {
    crate::policy::native::testing::findings_of(rule, dialect, sql, &with)
}

/// The help of every finding of `rule` on `sql` (which the native rules
/// and Rego must agree on, as [`findings_of`]).
pub(super) fn helps_of(rule: &str, dialect: Dialect, sql: &str) -> Vec<Option<String>> {
    let prefix = format!("{rule} ");
    crate::policy::native::testing::same_report_with(dialect, sql, &With::default())
        .into_iter()
        .filter(|(finding, _)| finding.starts_with(&prefix))
        .map(|(_, help)| help)
        .collect()
}
