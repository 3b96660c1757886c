//! For the tests of the `locking` ports: [`same_findings`]
//! (`crate::policy::native::testing`) with a `--stats` snapshot or a
//! `--baseline` dump, which some of these rules need to fire (table sizes,
//! a table that exists before the migration).

use crate::check::{CheckOptions, check};
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
