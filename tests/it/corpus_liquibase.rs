//! Every Liquibase changelog of the shared corpus is loaded and analyzed
//! through the whole pipeline: no panic, and no input error except in the
//! files the manifest marks `expected_invalid` (which must produce one).
//! Prints per-entry counts: changesets, statements, parsed share.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{corpus, dialect, manifest};
use schemagate::check::{CheckOptions, check};
use schemagate::source::liquibase::is_changelog;

/// The changelogs of an entry: its `entries`, its `entry`, or every
/// changelog file in the folder.
fn changelogs(dir: &Path, entry: &serde_json::Value) -> Vec<String> {
    if let Some(list) = entry["entries"].as_array() {
        return list
            .iter()
            .filter_map(|e| e.as_str().map(str::to_string))
            .collect();
    }
    if let Some(one) = entry["entry"].as_str() {
        return vec![one.to_string()];
    }
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let text = std::fs::read(e.path())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            is_changelog(e.path(), &text)
        })
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    out.sort();
    out
}

/// Problems that are right, in files the manifest does not mark invalid:
/// `(file the problem is in, part of its message, why it is right)`.
const KNOWN: &[(&str, &str, &str)] = &[
    // Liquibase fails the update when a `<property file>` is missing
    // (`errorIfMissing` defaults to true); the corpus copied no
    // `.properties` file (see the entries' `extensions`)
    (
        "changelogs/common/common.tests.changelog.xml",
        "properties file `changelogs/common/dynamic.parameters.properties` not found",
        "resource not in the corpus copy",
    ),
    (
        "changelogs/yaml/common.tests.changelog.yaml",
        "properties file `changelogs/common/dynamic.parameters.properties` not found",
        "resource not in the corpus copy",
    ),
    (
        "changelogs/json/common.tests.changelog.json",
        "properties file `changelogs/common/dynamic.parameters.properties` not found",
        "resource not in the corpus copy",
    ),
    (
        "liquibase/parser/core/xml/parametersChangeLog.xml",
        "properties file `liquibase/parser/core/xml/parameters.properties` not found",
        "resource not in the corpus copy",
    ),
    (
        "liquibase/parser/core/yaml/parametersChangeLog.yaml",
        "properties file `liquibase/parser/core/yaml/parameters.properties` not found",
        "resource not in the corpus copy",
    ),
    // manifest note: "includeAll path com/example/packaged lives in a test
    // jar (not included)"
    (
        "changelogs/common/common.tests.changelog.xml",
        "includeAll folder `com/example/packaged` not found",
        "resource not in the corpus copy",
    ),
    // manifest note: "createProcedure path
    // objects/storedprocedure/PROC_HELLO_WORLD.sql is referenced but not in
    // the source tree": there is no procedure body
    (
        "liquibase/registered-changelog.json",
        "the procedure file `objects/storedprocedure/PROC_HELLO_WORLD.sql` was not read",
        "resource not in the corpus copy",
    ),
    (
        "liquibase/registered-changelog.yml",
        "the procedure file `objects/storedprocedure/PROC_HELLO_WORLD.sql` was not read",
        "resource not in the corpus copy",
    ),
    (
        "liquibase/simple.json",
        "the procedure file `objects/storedprocedure/PROC_HELLO_WORLD.sql` was not read",
        "resource not in the corpus copy",
    ),
    (
        "liquibase/test-changelog.json",
        "the procedure file `objects/storedprocedure/PROC_HELLO_WORLD.sql` was not read",
        "resource not in the corpus copy",
    ),
    (
        "liquibase/test-changelog.yml",
        "the procedure file `objects/storedprocedure/PROC_HELLO_WORLD.sql` was not read",
        "resource not in the corpus copy",
    ),
    // parser unit-test changelogs with a `loadData` that names no `file`:
    // Liquibase's validation rejects it too (`file` is required)
    (
        "liquibase/parser/core/xml/testCasesChangeLog.xml",
        "loadData",
        "loadData without file",
    ),
    (
        "liquibase/parser/core/yaml/testCasesChangeLog.yaml",
        "loadData",
        "loadData without file",
    ),
    // foreign-namespace elements directly under databaseChangeLog: the real
    // Liquibase 4.28 refuses the file ("Unexpected node found under
    // databaseChangeLog: unusedElement", schema validation on or off)
    (
        "liquibase/parser/core/xml/unusedTagsChangeLog.xml",
        "in databaseChangeLog: it is in another namespace",
        "Liquibase refuses foreign elements at the changelog level",
    ),
    // changeSet `continue-preconditions-dont-fire`: deliberately invalid SQL
    // that Liquibase never runs because its `sqlCheck` precondition errors
    // (onError=CONTINUE) — undecidable without a database
    (
        "changelogs/common/common.tests.changelog.xml",
        "found: More",
        "guarded by a precondition that errors at run time",
    ),
    (
        "changelogs/yaml/common.tests.changelog.yaml",
        "found: More",
        "guarded by a precondition that errors at run time",
    ),
    (
        "changelogs/json/common.tests.changelog.json",
        "found: More",
        "guarded by a precondition that errors at run time",
    ),
    // these changelogs guard themselves with `<dbms type="cockroachdb"/>` /
    // `<dbms type="db2z"/>`, but the manifest's `dialect_by_path` runs them as
    // postgresql / db2, where Liquibase itself halts on that precondition
    (
        "changelogs/cockroachdb/complete/",
        "preconditions of the changelog fail on postgresql",
        "target is the manifest's nearest dialect",
    ),
    (
        "changelogs/db2z/complete/",
        "preconditions of the changelog fail on db2",
        "target is the manifest's nearest dialect",
    ),
    // Liquibase 4.28 refuses them without contexts or labels: "1 changesets
    // had duplicate identifiers included.changelog4.xml::1::testuser"
    (
        "ignoreDuplicatedChangeLogs/included.changelog4.xml",
        "Liquibase refuses it: changesets had duplicate identifiers",
        "changesets differing only by context/labels",
    ),
    // Liquibase 4.28 refuses it on PostgreSQL (the changeset's dbms is
    // `!oracle, !mssql, !firebird, !db2`): "addAfterColumn is not allowed
    // on postgresql, …::addColumn::kiran"
    (
        "changelogs/common/common.tests.changelog.xml",
        "addAfterColumn is not allowed on postgresql",
        "Liquibase refuses afterColumn on PostgreSQL too",
    ),
];

fn known(file: &str, message: &str) -> bool {
    let file = file.replace('\\', "/");
    KNOWN
        .iter()
        .any(|(f, m, _)| file.contains(f) && message.contains(m))
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn every_liquibase_changelog_is_analyzed() {
    let root = corpus();
    let manifest = manifest(&root);
    let mut unexpected = Vec::new();
    let mut missing_errors = Vec::new();
    let mut analyzed = 0;
    println!(
        "{:<70} {:>10} {:>10} {:>7} {:>6}",
        "changelog", "changesets", "statements", "parsed", "errors"
    );
    for entry in manifest.as_array().unwrap() {
        let format = entry["format"].as_str().unwrap_or_default();
        if !matches!(
            format,
            "liquibase-xml" | "liquibase-yaml" | "liquibase-mixed"
        ) {
            continue;
        }
        let dir = root.join(entry["dir"].as_str().unwrap());
        let invalid: BTreeSet<String> = entry["expected_invalid"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let by_path = entry["dialect_by_path"].as_object();
        for file in changelogs(&dir, entry) {
            let d = by_path
                .and_then(|m| {
                    m.iter()
                        .find(|(prefix, _)| file.starts_with(prefix.as_str()))
                })
                .map_or_else(
                    || dialect(entry["dialect"].as_str().unwrap_or_default()),
                    |(_, d)| dialect(d.as_str().unwrap_or_default()),
                );
            let mut opts = CheckOptions::new(vec![dir.join(&file)], d);
            opts.load.search_paths = vec![dir.clone()];
            // Fineract pairs changesets that differ only by
            // context="postgresql"/"mysql": without contexts Liquibase
            // refuses them as duplicate identifiers; its tenant databases
            // run with `tenant_db`
            if entry["dir"].as_str() == Some("fineract-liquibase-xml") {
                opts.load.contexts = Some("tenant_db".into());
            }
            let outcome = check(&opts);
            analyzed += 1;
            let s = &outcome.stats;
            let share = 100.0 * s.statements_parsed as f64 / s.statements.max(1) as f64;
            let name = format!("{}/{}", entry["dir"].as_str().unwrap(), file);
            println!(
                "{name:<70} {:>10} {:>10} {share:>6.1}% {:>6}",
                s.changesets,
                s.statements,
                outcome.problems.len()
            );
            let expected_invalid = invalid.contains(&file);
            if expected_invalid && outcome.problems.is_empty() {
                missing_errors.push(name.clone());
            }
            if !expected_invalid {
                for p in &outcome.problems {
                    let (f, line, col) = p.position(&outcome.sources);
                    if known(&f, &p.message) {
                        continue;
                    }
                    unexpected.push(format!("{name}: {f}:{line}:{col}: {}", p.message));
                }
            }
        }
    }
    println!("{analyzed} changelogs analyzed");
    assert!(
        analyzed >= 100,
        "expected the corpus' changelogs, found {analyzed}"
    );
    assert!(
        missing_errors.is_empty(),
        "expected_invalid files without an error: {missing_errors:?}"
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected errors:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
