//! `rollback-missing` (`policies/rollback/rollback_missing.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding_at_changeset;
use crate::policy::native::value::{Value, count, defined, get, holds, is, show, text};
use crate::policy::native::{Doc, Meta};

/// `default_formats`.
const DEFAULT_FORMATS: [&str; 4] = ["liquibase", "golang-migrate", "dbmate", "diesel"];

/// `input.source.format in formats`.
fn in_formats(doc: &Doc<'_>, meta: &Meta, format: &Value) -> bool {
    match doc.param(meta, "formats") {
        None => text(format).is_some_and(|f| DEFAULT_FORMATS.contains(&f)),
        Some(Value::Array(a)) => a.iter().any(|v| v == format),
        Some(Value::Object(o)) => o.values().any(|v| v == format),
        Some(_) => false,
    }
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let format = get!(doc.input, "source", "format");
    if *format == Value::Undefined || !in_formats(doc, meta, format) {
        return Vec::new();
    }
    let cs = get!(doc.input, "changeset");
    if !is(get!(cs, "rollback"), "none")
        || count(get!(cs, "statements")).is_none_or(|n| n == 0)
        || holds(get!(cs, "marked_ran"))
    {
        return Vec::new();
    }
    let Some(label) = label(cs, is(format, "liquibase")) else {
        return Vec::new();
    };
    let msg = format!("{label} has no rollback, and none can be derived from its changes");
    finding_at_changeset(meta, get!(cs, "index"), msg)
        .into_iter()
        .collect()
}

/// `label(cs)`.
fn label(cs: &Value, liquibase: bool) -> Option<String> {
    let id = get!(cs, "id");
    if liquibase {
        defined(id).map(|id| format!("Changeset \"{}\"", show(id)))
    } else if let Some(version) = text(get!(cs, "version")) {
        Some(format!("Migration {version}"))
    } else {
        defined(id).map(|id| format!("Migration \"{}\"", show(id)))
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn liquibase_changesets_without_rollback() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            super::super::CHANGELOG,
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("rollback-missing "))
        .collect();
        assert_eq!(
            found,
            [
                "rollback-missing warning 11 Changeset \"3\" has no rollback, and none can be derived from its changes",
            ]
        );
    }

    #[test]
    fn flyway_not_by_default() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("rollback-missing "))
        .collect();
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn flyway_when_configured() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
            serde_json::json!({"params": {"rollback-missing": {"formats": ["flyway"]}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("rollback-missing "))
        .collect();
        assert_eq!(
            found,
            [
                "rollback-missing warning 1 Migration 1 has no rollback, and none can be derived from its changes",
            ]
        );
    }

    #[test]
    fn liquibase_not_configured() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            super::super::CHANGELOG,
            serde_json::json!({"params": {"rollback-missing": {"formats": ["flyway"]}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("rollback-missing "))
        .collect();
        assert_eq!(found, Vec::<String>::new());
    }
}
