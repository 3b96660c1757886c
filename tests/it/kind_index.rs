//! The kind index (a rule runs only on documents holding one of its
//! `meta.kinds`) changes no finding: every built-in rule's fixture cases,
//! and with `--features corpus` every SQL folder of the corpus, give the same
//! findings, in the same order, with the index and without it. The same
//! holds for the number of threads evaluating the policies, and a rule is
//! evaluated only on the target dialects its `meta.dialects` names.

use std::path::{Path, PathBuf};

use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;
use schemagate::policy::testing::fixtures;

use crate::common;

/// `rule severity file:line message` of every finding.
fn findings(path: &Path, dialect: Dialect, kind_index: bool) -> Vec<String> {
    let mut opts = CheckOptions::new(vec![path.to_path_buf()], dialect);
    opts.kind_index = kind_index;
    report(&opts)
}

/// The findings of a check, then its problems (`error file:line message`).
pub(crate) fn report(opts: &CheckOptions) -> Vec<String> {
    report_with(opts, false)
}

/// [`report`], each finding followed by its help text when `help`.
pub(crate) fn report_with(opts: &CheckOptions, help: bool) -> Vec<String> {
    let outcome = check(opts);
    let problems = outcome.problems.iter().map(|p| format!("error {p:?}"));
    outcome
        .findings
        .iter()
        .map(|f| {
            let at = f.span.map(|s| outcome.sources.locate(s));
            let mut line = format!(
                "{} {} {}:{} {}",
                f.rule,
                f.severity.name(),
                at.as_ref().map_or("", |l| l.file.as_str()),
                at.as_ref().map_or(0, |l| l.line),
                f.message
            );
            if help {
                line.push_str(&format!(" (help: {:?})", f.help));
            }
            line
        })
        .chain(problems)
        .collect()
}

/// Every fixture case of the built-in rules, with the options it runs with
/// (its `expected.yaml`: dialect, configuration, stats, baseline).
pub(crate) fn cases() -> Vec<(PathBuf, CheckOptions)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let categories: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    let mut out: Vec<(PathBuf, CheckOptions)> = fixtures::find_cases(&categories)
        .into_iter()
        .map(|case| {
            let opts =
                fixtures::case_options(&case).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
            (case, opts)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The export captured from a real `liquibase update`, with the changelog
/// as it is now: an edited and a removed changeset, which no fixture case
/// can give (`edited-history` needs an applied history).
pub(crate) fn applied_history_case() -> (PathBuf, CheckOptions) {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history/applied/liquibase");
    let mut opts = CheckOptions::new(vec![root.join("now/changelog.xml")], Dialect::Postgres);
    opts.applied = Some(root.join("databasechangelog.csv"));
    (root, opts)
}

#[test]
fn the_kind_index_changes_no_finding_on_the_rules_fixtures() {
    let mut cases = cases();
    cases.push(applied_history_case());
    assert!(cases.len() > 50, "only {} fixture cases found", cases.len());
    let mut fired = std::collections::BTreeSet::new();
    for (path, mut opts) in cases {
        let with = report(&opts);
        opts.kind_index = false;
        let without = report(&opts);
        assert_eq!(with, without, "{}", path.display());
        fired.extend(
            with.iter()
                .filter_map(|f| f.split(' ').next().map(str::to_string)),
        );
    }
    // the comparison means something for a rule only where it fires: every
    // built-in rule the index can skip fires in some case
    let metas = schemagate::policy::engine::PolicySet::load(
        schemagate::policy::builtin::builtin_policies(),
        serde_json::json!({}),
    )
    .unwrap()
    .rules();
    let indexed: Vec<&str> = metas
        .iter()
        .filter(|m| m.enabled && (!m.kinds.is_empty() || !m.facts.is_empty()))
        .map(|m| m.id.as_str())
        .filter(|id| !fired.contains(*id))
        .collect();
    assert_eq!(
        indexed,
        Vec::<&str>::new(),
        "indexed rules no fixture case fires"
    );
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
    for (_, opts) in cases() {
        by_dialect
            .entry(opts.dialect.name().to_string())
            .or_default()
            .extend(opts.paths);
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

/// A policy naming a fact or kind that does not exist is refused at load,
/// at the line of its `meta`: it would never be evaluated, a silent pass.
#[test]
fn a_rule_naming_an_unknown_fact_is_an_error_at_its_meta() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("typo.rego"),
        "package team.typo\nimport rego.v1\nschema_version := 2\n\n\
         meta := {\"id\": \"team-typo\", \"facts\": [\"refusal\"]}\n\
         deny contains f if {\n\tsome stmt in input.statements\n\tf := {\"msg\": \"seen\", \"at\": stmt.index}\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("V1__t.sql"), "CREATE TABLE t (id int);\n").unwrap();
    let mut opts = CheckOptions::new(vec![dir.path().join("V1__t.sql")], Dialect::Postgres);
    opts.policy_paths = vec![dir.path().join("typo.rego")];
    let outcome = check(&opts);
    let problems: Vec<String> = outcome.problems.iter().map(|p| format!("{p:?}")).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("typo.rego") && problems[0].contains("line: 5"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].contains("`refusal` is not a fact"),
        "{}",
        problems[0]
    );
}
