//! The built-in rules evaluated natively (`src/policy/native`) find what
//! their Rego finds: every fixture case of the built-in rules, and with
//! `--features corpus` every changelog of the corpus, give the same report
//! either way (`check --rego-builtins` is the Rego way).

use std::path::PathBuf;

use schemagate::check::CheckOptions;
use schemagate::dialect::Dialect;

use crate::common;
use crate::kind_index::{applied_history_case, cases, report, report_with};

/// The report of a check, help texts included, natively and with every
/// rule in Rego.
fn both_ways(mut opts: CheckOptions) -> (Vec<String>, Vec<String>) {
    opts.native_rules = true;
    let native = report_with(&opts, true);
    opts.native_rules = false;
    (native, report_with(&opts, true))
}

#[test]
fn native_rules_find_what_their_rego_finds_on_the_rules_fixtures() {
    let mut cases = cases();
    cases.push(applied_history_case());
    // `NATIVE_CASES=locking` while porting: the cases of one category
    let only = std::env::var("NATIVE_CASES").ok();
    if let Some(only) = &only {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        cases.retain(|(path, _)| {
            let within = path.strip_prefix(root).unwrap_or(path);
            within.to_string_lossy().contains(only.as_str())
        });
    }
    let mut fired = std::collections::BTreeSet::new();
    for (path, opts) in cases {
        let (native, rego) = both_ways(opts);
        assert_eq!(native, rego, "{}", path.display());
        fired.extend(
            native
                .iter()
                .filter_map(|f| f.split(' ').next().map(str::to_string)),
        );
    }
    // the comparison means something for a rule only where it fires, and
    // only if the rule is native there
    let set = schemagate::policy::engine::PolicySet::load(
        schemagate::policy::builtin::builtin_policies(),
        serde_json::json!({}),
    )
    .unwrap();
    let native: Vec<String> = set.native_rule_ids();
    assert!(!native.is_empty(), "no built-in rule is native");
    if only.is_some() {
        return;
    }
    let silent: Vec<&String> = native.iter().filter(|id| !fired.contains(*id)).collect();
    assert_eq!(
        silent,
        Vec::<&String>::new(),
        "native rules no fixture case fires"
    );
}

/// A team file adding to a built-in rule's package sends that rule back to
/// regorus: what it adds is evaluated with the rest.
#[test]
fn a_builtin_package_extended_by_a_team_file_is_evaluated_by_regorus() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("more.rego"),
        "package schemagate.rules.ban_drop_table\nimport rego.v1\n\n\
         deny contains f if {\n\tsome stmt in input.statements\n\tstmt.kind == \"create_table\"\n\
         \tf := {\"msg\": \"team addition\", \"at\": stmt.index}\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("V1__t.sql"),
        "CREATE TABLE t (id int);\nDROP TABLE u;\n",
    )
    .unwrap();
    let mut opts = CheckOptions::new(vec![dir.path().join("V1__t.sql")], Dialect::Postgres);
    opts.policy_paths = vec![dir.path().join("more.rego")];
    let found = report(&opts);
    let rule = |r: &str| found.iter().filter(|f| f.starts_with(r)).count();
    assert_eq!(rule("ban-drop-table error"), 2, "{found:#?}");
    assert!(
        found.iter().any(|f| f.ends_with("team addition")),
        "{found:#?}"
    );
}

/// Every changelog of the corpus (each entry of a multi-dialect folder in
/// its dialect).
fn corpus_runs() -> Vec<(PathBuf, Dialect)> {
    let root = common::corpus();
    let manifest = common::manifest(&root);
    let mut out = Vec::new();
    for entry in manifest.as_array().unwrap() {
        let dir = root.join(entry["dir"].as_str().unwrap());
        let dialect = common::dialect(entry["dialect"].as_str().unwrap_or_default());
        let entries: Vec<&str> = entry["entries"]
            .as_array()
            .map(|e| e.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        if entries.is_empty() {
            out.push((dir, dialect));
            continue;
        }
        for path in entries {
            let by_path = entry["dialect_by_path"].as_object().and_then(|m| {
                m.iter()
                    .find(|(prefix, _)| path.starts_with(prefix.as_str()))
                    .map(|(_, d)| common::dialect(d.as_str().unwrap_or_default()))
            });
            out.push((dir.join(path), by_path.unwrap_or(dialect)));
        }
    }
    out
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn native_rules_find_what_their_rego_finds_on_the_corpus() {
    let mut compared = 0;
    for (path, dialect) in corpus_runs() {
        let opts = CheckOptions::new(vec![path.clone()], dialect);
        let (native, rego) = both_ways(opts);
        assert_eq!(native, rego, "{}", path.display());
        compared += native.len();
    }
    assert!(compared > 1000, "only {compared} findings compared");
}

/// `check --rego-builtins` gives the same report as a plain check, on the
/// bundled examples a user runs first.
#[test]
fn rego_builtins_gives_the_same_report_on_the_examples() {
    let args = [
        "check",
        "examples/flyway-postgres",
        "--dialect",
        "postgres",
        "--applied",
        "examples/prod/flyway_schema_history.csv",
        "--format",
        "json",
    ];
    let native = common::run(&args);
    let rego = common::run(&[&args[..], &["--rego-builtins"]].concat());
    assert_eq!(native.code, 1, "{}", native.stderr);
    assert_eq!((native.code, &native.stdout), (rego.code, &rego.stdout));
    assert!(native.stdout.contains("\"rule\""), "{}", native.stdout);
}
