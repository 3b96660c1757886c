//! The kind index (a rule runs only on documents holding one of its
//! `meta.kinds`) changes no finding: every built-in rule's fixture cases,
//! and with `--features corpus` every SQL folder of the corpus, give the same
//! findings, in the same order, with the index and without it. The same
//! holds for the number of threads evaluating the policies, and a rule is
//! evaluated only on the target dialects its `meta.dialects` names.

use std::path::{Path, PathBuf};

use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;

use crate::common;

/// `rule severity file:line message` of every finding.
fn findings(path: &Path, dialect: Dialect, kind_index: bool) -> Vec<String> {
    let mut opts = CheckOptions::new(vec![path.to_path_buf()], dialect);
    opts.kind_index = kind_index;
    report(&opts)
}

/// The findings of a check, then its problems (`error file:line message`).
fn report(opts: &CheckOptions) -> Vec<String> {
    let outcome = check(opts);
    let problems = outcome.problems.iter().map(|p| format!("error {p:?}"));
    outcome
        .findings
        .iter()
        .map(|f| {
            let at = f.span.map(|s| outcome.sources.locate(s));
            format!(
                "{} {} {}:{} {}",
                f.rule,
                f.severity.name(),
                at.as_ref().map_or("", |l| l.file.as_str()),
                at.as_ref().map_or(0, |l| l.line),
                f.message
            )
        })
        .chain(problems)
        .collect()
}

/// Every fixture case of the built-in rules, with its dialect.
fn cases() -> Vec<(PathBuf, Dialect)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut out = Vec::new();
    for category in std::fs::read_dir(&root).unwrap().filter_map(Result::ok) {
        let fixtures = category.path().join("fixtures");
        let Ok(entries) = std::fs::read_dir(&fixtures) else {
            continue;
        };
        for case in entries.filter_map(Result::ok).map(|e| e.path()) {
            let expected = std::fs::read_to_string(case.join("expected.yaml")).unwrap_or_default();
            let field = |key: &str| {
                expected
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .map(|v| v.trim().to_string())
            };
            let dialect = field("dialect:").map_or(Dialect::Postgres, |d| d.parse().unwrap());
            let path = field("changelog:").map_or(case.clone(), |c| case.join(c));
            out.push((path, dialect));
        }
    }
    out.sort();
    out
}

#[test]
fn the_kind_index_changes_no_finding_on_the_rules_fixtures() {
    let cases = cases();
    assert!(cases.len() > 50, "only {} fixture cases found", cases.len());
    let mut fired = 0;
    for (path, dialect) in cases {
        let with = findings(&path, dialect, true);
        let without = findings(&path, dialect, false);
        assert_eq!(with, without, "{}", path.display());
        fired += with.len();
    }
    assert!(fired > 50, "the cases gave only {fired} findings");
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn the_kind_index_changes_no_finding_on_the_corpus() {
    let root = common::corpus();
    let manifest = common::manifest(&root);
    let mut compared = 0;
    for entry in manifest.as_array().unwrap() {
        let format = entry["format"].as_str().unwrap_or_default();
        if format.starts_with("liquibase") || entry["dialect_by_path"].is_object() {
            continue;
        }
        let dialect = common::dialect(entry["dialect"].as_str().unwrap_or_default());
        let dir = root.join(entry["dir"].as_str().unwrap());
        let with = findings(&dir, dialect, true);
        assert_eq!(with, findings(&dir, dialect, false), "{}", dir.display());
        compared += with.len();
    }
    assert!(compared > 1000, "only {compared} findings compared");
}

/// Every fixture case of a dialect in one run, evaluated on one thread and
/// on three: the same findings and errors, in the same order.
#[test]
fn the_number_of_threads_changes_nothing_in_the_report() {
    let mut by_dialect: std::collections::BTreeMap<String, Vec<PathBuf>> = Default::default();
    for (path, dialect) in cases() {
        by_dialect
            .entry(dialect.name().to_string())
            .or_default()
            .push(path);
    }
    let mut fired = 0;
    for (dialect, paths) in by_dialect {
        let mut opts = CheckOptions::new(paths, dialect.parse().unwrap());
        opts.threads = 1;
        let one = report(&opts);
        opts.threads = 3;
        assert_eq!(one, report(&opts), "{dialect}");
        fired += one.len();
    }
    assert!(fired > 50, "the cases gave only {fired} findings");
}

/// A rule declaring `meta.dialects` is not evaluated on other targets: a
/// rule that would fire on every statement finds nothing on PostgreSQL
/// when it names only MySQL, and fires on MySQL. Without the index it is
/// evaluated everywhere (its own body does not check the dialect here).
#[test]
fn a_rule_is_evaluated_only_on_the_dialects_it_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mysql_only.rego"),
        "package team.mysql_only\nimport rego.v1\nschema_version := 2\n\
         meta := {\"id\": \"team-mysql-only\", \"severity\": \"error\", \"dialects\": [\"mysql\", \"mariadb\"]}\n\
         deny contains f if {\n\tsome stmt in input.statements\n\tf := {\"msg\": \"seen\", \"at\": stmt.index}\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("V1__t.sql"), "CREATE TABLE t (id int);\n").unwrap();
    let fired = |dialect: Dialect, kind_index: bool| {
        let mut opts = CheckOptions::new(vec![dir.path().join("V1__t.sql")], dialect);
        opts.policy_paths = vec![dir.path().join("mysql_only.rego")];
        opts.builtin_policies = false;
        opts.kind_index = kind_index;
        report(&opts)
            .iter()
            .filter(|f| f.starts_with("team-mysql-only error"))
            .count()
    };
    assert_eq!(fired(Dialect::Postgres, true), 0);
    assert_eq!(fired(Dialect::Mysql, true), 1);
    assert_eq!(fired(Dialect::Mariadb, true), 1);
    assert_eq!(fired(Dialect::Postgres, false), 1);
}
