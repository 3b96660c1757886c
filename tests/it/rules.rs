//! The built-in rules' fixture cases, `policies/<category>/fixtures/<case>/`:
//! a changelog (SQL file or migration folder, verbatim, its `-- expect:`
//! comments left as notes) and the `expected.yaml` that `schemagate test`
//! checks it against — the same form a team uses for its own policies
//! (docs/policies.md, "Fixture tests").
//!
//! A case where a rule fires lists its findings with `exhaustive: true` (the
//! rule may produce nothing else); a case where it must not fire lists it
//! under `absent:`. Every built-in rule has both, so coverage cannot shrink.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use schemagate::check::{CheckOptions, load_policies};
use schemagate::dialect::Dialect;
use schemagate::policy::testing::{Outcome, run_fixtures};

/// Every `expected.yaml` of the built-in rules, read from the repository.
fn expectations() -> Vec<(String, serde_json::Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if path.file_name().is_some_and(|n| n == "expected.yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: serde_json::Value =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path.display().to_string(), value));
        }
    }
    out
}

/// The rules named by the `key` entries (`findings` or `absent`) of every case.
fn rules_under(cases: &[(String, serde_json::Value)], key: &str) -> BTreeSet<String> {
    cases
        .iter()
        .filter_map(|(_, v)| v[key].as_array())
        .flatten()
        .filter_map(|e| e["rule"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_builtin_fixture_case_passes() {
    // no path: the cases embedded in the binary, as a bare `schemagate test`
    let results = run_fixtures(&[], None, Duration::from_secs(30)).unwrap();
    assert_eq!(
        results.len(),
        expectations().len(),
        "the binary embeds every case in policies/"
    );
    let failed: Vec<String> = results
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .map(|r| format!("{}: {:?}\n    {}", r.name, r.outcome, r.diff.join("\n    ")))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        results.len(),
        failed.join("\n")
    );
}

#[test]
fn every_builtin_rule_has_a_failing_and_a_passing_case() {
    let cases = expectations();
    let fires = rules_under(&cases, "findings");
    let quiet = rules_under(&cases, "absent");
    let set = load_policies(&CheckOptions::new(vec![], Dialect::Postgres)).unwrap();
    let mut missing = Vec::new();
    // Rules about history need a git history or an `--applied` export:
    // their cases are repositories built by `tests/it/changed_since.rs`.
    for rule in set.rules().into_iter().filter(|r| r.category != "history") {
        let (f, p) = (fires.contains(&rule.id), quiet.contains(&rule.id));
        if !f || !p {
            missing.push(format!("{} (failing: {f}, passing: {p})", rule.id));
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fixture cases: {missing:?}"
    );
}
