//! What several native `hygiene` rules' tests share.

use crate::policy::native::value::Value;

/// The findings of a native rule on a document written by hand (for the
/// branches of a rule no migration reaches), as `at message` strings.
#[cfg(test)]
pub(super) fn native_only(
    eval: crate::policy::native::Eval,
    id: &str,
    input: serde_json::Value,
    params: serde_json::Value,
) -> Vec<String> {
    use crate::policy::native::{Doc, Meta};
    let input = Value::from_json(&input);
    let params = Value::from_json(&params);
    let doc = Doc::new(&input, &params);
    let meta = Meta {
        id: id.into(),
        severity: crate::policy::Severity::Warning,
        help: None,
    };
    eval(&doc, &meta)
        .into_iter()
        .map(|f| format!("{:?} {}", f.at, f.message))
        .collect()
}

/// `a < b` as regorus compares (values of different types by type:
/// null, boolean, number, string, …); undefined, so false, when either
/// is undefined.
pub(super) fn before(a: &Value, b: &Value) -> bool {
    *a != Value::Undefined && *b != Value::Undefined && a < b
}

/// [`crate::policy::native::testing::same_findings`] with the migration
/// written to a file named `file` (`V1__m.sql`: a Flyway migration, in
/// the tool's transaction; `fail.sql`: a plain script, in autocommit).
#[cfg(test)]
pub(super) fn same_findings_in(
    file: &str,
    dialect: crate::dialect::Dialect,
    sql: &str,
    config: serde_json::Value,
) -> Vec<String> {
    same_findings_and_help_in(file, dialect, sql, config)
        .into_iter()
        .map(|(finding, _)| finding)
        .collect()
}

/// [`same_findings_in`], each finding with its help (compared too).
#[cfg(test)]
pub(super) fn same_findings_and_help_in(
    file: &str,
    dialect: crate::dialect::Dialect,
    sql: &str,
    config: serde_json::Value,
) -> Vec<(String, Option<String>)> {
    let with = crate::policy::native::testing::With {
        config: Some(config),
        file: Some(file),
        ..Default::default()
    };
    crate::policy::native::testing::same_report_with(dialect, sql, &with)
}
