//! `edited-history` (`policies/history/edited_history.rego`, `deny` and
//! `proposal_deny`).

use crate::policy::At;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding_at_changeset;
use crate::policy::native::value::{
    Value, defined, get, holds, int, is, is_object, number, show, text,
};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let cs = get!(doc.input, "changeset");
    let format = get!(doc.input, "source", "format");
    let mut out = Vec::new();
    let edit = get!(cs, "edited");
    if is_object(edit)
        && !holds(get!(edit, "accepted"))
        && let Some(label) = label(cs, is(format, "liquibase"))
    {
        let msg = format!(
            "{label} was already applied and has been changed since: {}{}",
            consequence(format),
            checksums(edit)
        );
        out.extend(finding_at_changeset(meta, get!(cs, "index"), msg));
    }
    let out_of_order = get!(cs, "out_of_order");
    let latest = get!(out_of_order, "latest");
    let version = get!(cs, "version");
    if is_object(out_of_order) && defined(latest).is_some() && defined(version).is_some() {
        let latest = show(latest);
        let msg = format!(
            "Version {} is below version {latest}, which history already holds: Flyway refuses to migrate out of order (`Detected resolved migration not applied to database`) unless `outOfOrder=true`, and the databases that have {latest} run it after the later versions",
            show(version)
        );
        out.extend(finding_at_changeset(meta, get!(cs, "index"), msg));
    }
    out
}

pub(super) fn proposal_deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let removed = get!(doc.input, "history", "removed");
    let all: Vec<&Value> = match removed {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o.values().collect(),
        _ => Vec::new(),
    };
    all.into_iter()
        .filter_map(|r| {
            let label = removed_label(r)?;
            let at = removed_at(r)?;
            let reason = get!(r, "reason");
            defined(reason)?;
            Some(RawFinding {
                rule: meta.id.clone(),
                severity: meta.severity,
                message: format!(
                    "{label} ({at}) was applied and {}: {REMOVED_CONSEQUENCE}",
                    show(reason)
                ),
                help: meta.help.clone(),
                at: At::Nothing,
            })
        })
        .collect()
}

/// `label(cs)`.
fn label(cs: &Value, liquibase: bool) -> Option<String> {
    let id = get!(cs, "id");
    if defined(id).is_none() {
        // every branch but a version's shows the id
        return text(get!(cs, "version"))
            .filter(|_| !liquibase)
            .map(|v| format!("Migration {v}"));
    }
    let id = show(id);
    Some(if liquibase {
        match text(get!(cs, "author")) {
            Some(author) => format!("Changeset \"{id}\" by {author}"),
            None => format!("Changeset \"{id}\""),
        }
    } else if let Some(version) = text(get!(cs, "version")) {
        format!("Migration {version}")
    } else {
        format!("Migration \"{id}\"")
    })
}

/// `consequence`.
fn consequence(format: &Value) -> &'static str {
    if is(format, "liquibase") {
        "Liquibase stops the update with a checksum validation error, and databases that ran the old version never get the new one"
    } else if is(format, "flyway") {
        "Flyway's validate fails with a checksum mismatch, and databases that ran the old version never get the new one"
    } else {
        "the migration tool never runs it again, so databases that ran the old version never get the new one"
    }
}

/// `checksums(edit)`.
fn checksums(edit: &Value) -> String {
    match (
        text(get!(edit, "checksum_was")),
        text(get!(edit, "checksum_now")),
    ) {
        (Some(was), Some(now)) => format!(" (checksum {was}, now {now})"),
        (_, Some(now)) => format!(" (its checksum is now {now})"),
        _ => String::new(),
    }
}

/// `removed_label(r)`.
fn removed_label(r: &Value) -> Option<String> {
    let id = get!(r, "id");
    defined(id)?;
    Some(match text(get!(r, "author")) {
        Some(author) => format!("Changeset \"{}\" by {author}", show(id)),
        None => format!("Migration \"{}\"", show(id)),
    })
}

/// `removed_at(r)`: `file:line`, or the file.
fn removed_at(r: &Value) -> Option<String> {
    let file = get!(r, "file");
    defined(file)?;
    let line = get!(r, "line");
    if number(line).is_some() {
        // `%d`: an integer line
        return Some(format!("{}:{}", show(file), int(line)?));
    }
    Some(show(file))
}

/// `removed_consequence`.
const REMOVED_CONSEQUENCE: &str = "Liquibase and Flyway keep its row in their history table, and the databases that ran it keep what it did while new databases never get it";

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::check::{CheckOptions, check};
    use crate::dialect::Dialect;

    /// `edited-history`'s findings on the applied-history fixture of
    /// `tool`, natively and in Rego.
    fn applied(tool: &str, changelog: &str, history: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/history/applied")
            .join(tool);
        let report = |native: bool| {
            let mut opts = CheckOptions::new(vec![root.join(changelog)], Dialect::Postgres);
            opts.applied = Some(root.join(history));
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
                .chain(problems)
                .collect::<Vec<String>>()
        };
        let native = report(true);
        assert_eq!(native, report(false), "native (left) and Rego (right)");
        native
            .into_iter()
            .filter(|f| f.starts_with("edited-history "))
            .collect()
    }

    #[test]
    fn flyway_edited_out_of_order_and_removed() {
        assert_eq!(
            applied("flyway", "now", "flyway_schema_history.csv"),
            [
                "edited-history error 0 Migration \"3\" (V3__index.sql) was applied and flyway_schema_history lists it, but no migration in the folder has this version (repeatable: this script); Flyway's validate reports it as applied but not resolved locally: Liquibase and Flyway keep its row in their history table, and the databases that ran it keep what it did while new databases never get it",
                "edited-history error 1 Version 1.5 is below version 3, which history already holds: Flyway refuses to migrate out of order (`Detected resolved migration not applied to database`) unless `outOfOrder=true`, and the databases that have 3 run it after the later versions",
                "edited-history error 1 Migration 2 was already applied and has been changed since: Flyway's validate fails with a checksum mismatch, and databases that ran the old version never get the new one (checksum 1039075224, now 215428366)",
            ]
        );
    }

    #[test]
    fn liquibase_edited_with_author_and_removed() {
        assert_eq!(
            applied("liquibase", "now/changelog.xml", "databasechangelog.csv"),
            [
                "edited-history error 0 Changeset \"6-dropped-later\" by carol (changes/v1.xml) was applied and DATABASECHANGELOG lists it, but the changelog has no changeSet with this id, author and file: Liquibase and Flyway keep its row in their history table, and the databases that ran it keep what it did while new databases never get it",
                "edited-history error 12 Changeset \"2\" by alice was already applied and has been changed since: Liquibase stops the update with a checksum validation error, and databases that ran the old version never get the new one (checksum 9:b4d3b9674cad39877b289d2461739a98, now 9:475d644929a0166ca8636170dd52a605)",
            ]
        );
    }
}
