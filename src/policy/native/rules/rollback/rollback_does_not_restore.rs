//! `rollback-does-not-restore` (`policies/rollback/rollback_does_not_restore.rego`, `deny`).

use crate::policy::At;
use crate::policy::engine::RawFinding;
use crate::policy::native::value::{Value, count, get, int, is, items, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let cs = get!(doc.input, "changeset");
    let check = get!(cs, "rollback_check");
    if !matches!(get!(check, "proven"), Value::Bool(false)) {
        return Vec::new();
    }
    let differences = get!(check, "differences");
    if count(differences).is_none_or(|n| n == 0) {
        return Vec::new();
    }
    // `concat("; ", check.differences)`: strings only
    let Some(differences) = items(differences)
        .iter()
        .map(text)
        .collect::<Option<Vec<&str>>>()
        .filter(|d| !d.is_empty())
    else {
        return Vec::new();
    };
    let Some(at) = at(cs) else {
        return Vec::new();
    };
    let liquibase = is(get!(doc.input, "source", "format"), "liquibase");
    let Some(label) = label(cs, liquibase) else {
        return Vec::new();
    };
    vec![RawFinding {
        rule: meta.id.clone(),
        severity: meta.severity,
        message: format!(
            "The rollback of {label} does not restore the schema: {}",
            differences.join("; ")
        ),
        help: meta.help.clone(),
        at,
    }]
}

/// `at`: the first rollback statement, else the changeset.
fn at(cs: &Value) -> Option<At> {
    let rollback = get!(cs, "rollback_statements");
    if count(rollback).is_some_and(|n| n > 0) {
        let first = items(rollback)
            .iter()
            .map(int)
            .collect::<Option<Vec<i64>>>()?
            .into_iter()
            .min()?;
        return Some(At::Statement(usize::try_from(first).ok()?));
    }
    Some(At::Changeset(
        usize::try_from(int(get!(cs, "index"))?).ok()?,
    ))
}

/// `label(cs)`.
fn label(cs: &Value, liquibase: bool) -> Option<String> {
    let id = get!(cs, "id");
    let id = || (*id != Value::Undefined).then(|| show(id));
    if liquibase {
        id().map(|id| format!("changeset \"{id}\""))
    } else if let Some(version) = text(get!(cs, "version")) {
        Some(format!("migration {version}"))
    } else {
        id().map(|id| format!("migration \"{id}\""))
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn rollbacks_that_leave_objects_behind() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            super::super::CHANGELOG,
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("rollback-does-not-restore "))
        .collect();
        assert_eq!(
            found,
            [
                "rollback-does-not-restore error 16 The rollback of changeset \"4\" does not restore the schema: index \"orders_status_idx\" on \"orders\" exists after the rollback, but not before the changeset",
                "rollback-does-not-restore error 22 The rollback of changeset \"6\" does not restore the schema: table \"empty_rb\" exists after the rollback, but not before the changeset",
            ]
        );
    }
}
