//! Every Liquibase changelog in the shared real-world corpus loads without a
//! panic and without problems, except the files the manifest lists as
//! invalid, which must each produce one. Prints per-entry counts.

use std::collections::BTreeMap;
use std::path::Path;

use schemagate::dialect::Dialect;
use schemagate::source::liquibase;
use schemagate::source::{ChangeBody, LoadOptions};
use schemagate::span::SourceMap;

/// The dialect an entry targets: the `dialect_by_path` prefix that
/// matches, else the entry's own, else (for "multi") the first of its
/// `dialect_by_dbms_attr` / `dialect_by_property` values.
fn dialect_for(entry: &serde_json::Value, rel: &str) -> Option<Dialect> {
    let by_path = entry.get("dialect_by_path").and_then(|v| v.as_object());
    if let Some(m) = by_path
        && let Some((_, d)) = m
            .iter()
            .find(|(prefix, _)| rel.starts_with(prefix.as_str()))
    {
        return d.as_str().and_then(|d| d.parse().ok());
    }
    let own = entry.get("dialect").and_then(|d| d.as_str())?;
    if own != "multi" {
        return own.parse().ok();
    }
    ["dialect_by_dbms_attr", "dialect_by_property"]
        .iter()
        .filter_map(|k| entry.get(*k).and_then(|v| v.as_object()))
        .flat_map(|m| m.values())
        .find_map(|d| d.as_str().and_then(|d| d.parse().ok()))
}

/// `--property` values an entry needs (camunda's `${db.name}`): the first
/// value the manifest lists for the chosen dialect.
fn placeholders_for(
    entry: &serde_json::Value,
    dialect: Option<Dialect>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let (Some(props), Some(by_prop)) = (
        entry.get("properties").and_then(|v| v.as_object()),
        entry.get("dialect_by_property").and_then(|v| v.as_object()),
    ) else {
        return out;
    };
    for (name, values) in props {
        let chosen = values
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .find(|v| {
                by_prop
                    .get(*v)
                    .and_then(|d| d.as_str())
                    .and_then(|d| d.parse::<Dialect>().ok())
                    == dialect
            });
        if let Some(v) = chosen {
            out.insert(name.clone(), v.to_string());
        }
    }
    out
}

/// Resources absent from the corpus on purpose, so a problem naming them is
/// expected: `com/example/packaged` lives in a test jar (manifest note), and
/// no `.properties` file was copied (see each entry's `extensions`).
const KNOWN_ABSENT: &[&str] = &["com/example/packaged", ".properties` not found"];

/// Changelogs the manifest lists as valid that the real Liquibase (4.28,
/// `liquibase update-sql`, schema validation on or off) refuses, with why:
/// each must give a problem here too.
const REFUSED_BY_LIQUIBASE: &[(&str, &str)] = &[
    (
        "liquibase/parser/core/xml/unusedTagsChangeLog.xml",
        // "Unexpected node found under databaseChangeLog: unusedElement"
        "foreign-namespace elements directly under databaseChangeLog",
    ),
    // Liquibase 4.28 update-sql without contexts or labels: "1 changesets
    // had duplicate identifiers included.changelog4.xml::1::testuser" (a
    // parser test: the parser alone does not validate)
    (
        "liquibase/parser/core/xml/ignoreDuplicatedChangeLogs/included.changelog1.xml",
        "included.changelog4.xml repeats 1::testuser with only context/labels differing",
    ),
    (
        "liquibase/parser/core/xml/ignoreDuplicatedChangeLogs/included.changelog2.xml",
        "included.changelog4.xml repeats 1::testuser with only context/labels differing",
    ),
    (
        "liquibase/parser/core/xml/ignoreDuplicatedChangeLogs/included.changelog4.xml",
        "repeats 1::testuser with only context/labels differing",
    ),
    (
        "liquibase/parser/core/xml/ignoreDuplicatedChangeLogs/master.changelog.xml",
        "included.changelog3.xml and 4 repeat 1::testuser (2 changesets had duplicate identifiers)",
    ),
];

/// Changelogs guarded by `<dbms type="cockroachdb"/>` / `<dbms type="db2z"/>`
/// that the manifest's `dialect_by_path` runs as postgresql / db2: there
/// Liquibase itself halts on the changelog's precondition.
const NEAREST_DIALECT: &[&str] = &["changelogs/cockroachdb/", "changelogs/db2z/"];

fn halts_on_nearest_dialect(rel: &str, message: &str) -> bool {
    NEAREST_DIALECT.iter().any(|d| rel.starts_with(d))
        && message.starts_with("preconditions of the changelog fail on")
}

/// The `--contexts` a project runs Liquibase with: Fineract's changesets
/// come in pairs that differ only by `context="postgresql"` /
/// `context="mysql"`, which Liquibase refuses as duplicate identifiers
/// when run without contexts; its tenant databases run with `tenant_db`.
fn contexts_for(entry: &serde_json::Value) -> Option<String> {
    (entry["dir"].as_str() == Some("fineract-liquibase-xml")).then(|| "tenant_db".to_string())
}

fn changelog_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read(e.path()).ok()?;
            let text = String::from_utf8_lossy(&text);
            liquibase::is_changelog(e.path(), &text)
                .then(|| {
                    e.path()
                        .strip_prefix(dir)
                        .ok()
                        .map(|p| p.to_string_lossy().into_owned())
                })
                .flatten()
        })
        .collect();
    out.sort();
    out
}

/// In the opt-in suite: without `../shared/corpus` it fails, never passes.
#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn corpus_changelogs_load() {
    let corpus = crate::common::corpus();
    let manifest: Vec<serde_json::Value> = crate::common::manifest(&corpus)
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut failures = Vec::new();
    let mut loaded = 0;
    for entry in &manifest {
        let format = entry["format"].as_str().unwrap_or("");
        if !matches!(
            format,
            "liquibase-xml" | "liquibase-yaml" | "liquibase-mixed"
        ) {
            continue;
        }
        let dir = corpus.join(entry["dir"].as_str().unwrap_or(""));
        let invalid: BTreeMap<String, String> = entry
            .get("expected_invalid")
            .and_then(|v| v.as_object())
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let mut entries: Vec<String> = entry
            .get("entries")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.as_str().map(String::from))
                    .collect()
            })
            .or_else(|| entry["entry"].as_str().map(|e| vec![e.to_string()]))
            .unwrap_or_else(|| changelog_files(&dir));
        let mut invalid = invalid;
        for (file, why) in REFUSED_BY_LIQUIBASE {
            if dir.join(file).is_file() {
                invalid.insert(file.to_string(), why.to_string());
            }
        }
        for f in invalid.keys() {
            if !entries.contains(f) {
                entries.push(f.clone());
            }
        }
        // the folder is the merged classpath when the manifest names no root
        let classpath = Some(
            dir.join(
                entry
                    .get("classpath_root")
                    .and_then(|v| v.as_str())
                    .unwrap_or("."),
            ),
        );
        for rel in &entries {
            let mut sources = SourceMap::default();
            let dialect = dialect_for(entry, rel);
            let opts = LoadOptions {
                dialect,
                contexts: contexts_for(entry),
                placeholders: placeholders_for(entry, dialect),
                search_paths: classpath.iter().cloned().collect(),
                ..LoadOptions::default()
            };
            let path = dir.join(rel);
            let cl = liquibase::load(&path, &opts, &mut sources);
            loaded += 1;
            let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
            let mut sql_changes = 0;
            for c in cl.changesets.iter().flat_map(|c| &c.changes) {
                *kinds.entry(c.kind.as_str()).or_default() += 1;
                if matches!(c.body, ChangeBody::Sql { .. }) {
                    sql_changes += 1;
                }
            }
            println!(
                "{}/{rel} [{}]: {} changesets, {} changes ({sql_changes} SQL), {} problems; {:?}",
                entry["dir"].as_str().unwrap_or(""),
                opts.dialect.map_or("any", |d| d.name()),
                cl.changesets.len(),
                kinds.values().sum::<usize>(),
                cl.problems.len(),
                kinds
            );
            let problems: Vec<String> = cl
                .problems
                .iter()
                .filter(|p| !KNOWN_ABSENT.iter().any(|a| p.message.contains(a)))
                .filter(|p| !halts_on_nearest_dialect(rel, &p.message))
                .map(|p| {
                    let (f, l, c) = p.position(&sources);
                    format!("{f}:{l}:{c}: {}", p.message)
                })
                .collect();
            for p in &problems {
                println!("    {p}");
            }
            // invalid SQL is the SQL stage's to find
            let invalid_here = invalid
                .get(rel)
                .filter(|why| !why.contains("not valid SQL"));
            match (invalid_here, problems.is_empty()) {
                (Some(why), true) => failures.push(format!("{rel}: expected a problem ({why})")),
                (None, false) => failures.push(format!("{rel}: {}", problems.join("; "))),
                _ => {}
            }
        }
    }
    println!("{loaded} changelogs loaded");
    assert!(loaded > 50, "too few corpus changelogs found: {loaded}");
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}
