//! The binary as users run it: exit codes, formats and bad input.

use std::process::Command;

use serde_json::Value;

use crate::common;
use crate::common::Run;

fn schemagate(args: &[&str]) -> Run {
    common::run(args)
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// `rule severity file:line` per finding, in report order.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["file"].as_str().unwrap_or("-"),
                f["line"]
            )
        })
        .collect()
}

#[test]
fn examples_flyway_postgres_fail_with_exact_findings() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres",
        "--dialect",
        "postgres",
        "--applied",
        "examples/prod/flyway_schema_history.csv",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["stats"]["history_changesets"], 1);
    assert_eq!(report["passed"], false);
    assert_eq!(report["errors"], serde_json::json!([]));
    insta::assert_snapshot!(findings(&report).join("\n"));
}

#[test]
fn examples_golang_migrate_mysql_fail_with_exact_findings() {
    let run = schemagate(&[
        "check",
        "examples/golang-migrate-mysql",
        "--dialect",
        "mysql",
        "--baseline",
        "examples/mysql-prod-schema.sql",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(findings(&json(&run)).join("\n"));
}

#[test]
fn human_report_shows_the_source_line_and_a_summary() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres/V2__order_status.sql",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("V2__order_status.sql:1:1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("ALTER TABLE orders ADD COLUMN status text NOT NULL;")
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when NO_COLOR is set / not a terminal"
    );
    assert!(
        run.stdout
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("✖ failed: 2 errors"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_clean_change_passes_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("V1__init.sql"),
        "CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX t_name_idx ON t (name);\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let run = schemagate(&["check", path, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json(&run)["passed"], true);
}

#[test]
fn missing_path_is_exit_2_naming_it() {
    let run = schemagate(&["check", "no/such/dir", "--format", "json"]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    let msg = report["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("no/such/dir"), "{msg}");
}

#[test]
fn unknown_dialect_is_a_usage_error() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres",
        "--dialect",
        "postgress",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown dialect `postgress`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_syntax_error_is_exit_2_at_its_line_and_the_rest_is_still_reported() {
    let run = schemagate(&["check", "tests/fixtures/bad/typo.sql", "--format", "json"]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    let e = &report["errors"][0];
    assert_eq!(e["file"], "tests/fixtures/bad/typo.sql");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(e["message"].as_str().unwrap().contains("syntax error"));
    assert_eq!(report["stats"]["statements"], 2);
}

#[test]
fn a_file_that_is_not_utf8_is_exit_2_naming_it() {
    let run = schemagate(&["check", "tests/fixtures/bad/latin1.sql", "--format", "json"]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8"),
        "{report}"
    );
    assert!(
        report["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("latin1.sql")
    );
}

#[test]
fn a_broken_policy_is_exit_2_at_its_line() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres",
        "--applied",
        "examples/prod/flyway_schema_history.csv",
        "--policy",
        "tests/fixtures/bad/policy",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    let e = &report["errors"][0];
    assert!(
        e["file"].as_str().unwrap().ends_with("broken.rego"),
        "{report}"
    );
    // regorus notices the missing `)` where the next line starts
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(9), Some(1))
    );
    assert!(e["message"].as_str().unwrap().contains("expecting `)`"));
    // the built-in rules still report what they find
    assert!(!report["findings"].as_array().unwrap().is_empty());
}

#[test]
fn an_unsafe_variable_in_a_policy_is_caught_at_load() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres",
        "--policy",
        "tests/fixtures/bad/policy_unsafe.rego",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    assert!(
        report["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("policy_unsafe.rego"),
        "{report}"
    );
}

#[test]
fn a_team_policy_adds_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("V1__drop.sql"), "DROP TABLE orders;\n").unwrap();
    let run = schemagate(&[
        "check",
        dir.path().to_str().unwrap(),
        "--policy",
        "examples/policies",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let rules: Vec<String> = json(&run)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(
        rules.contains(&"team-protected-table".to_string()),
        "{rules:?}"
    );
}

#[test]
fn policy_tests_run_like_opa_test() {
    let run = schemagate(&["test", "examples/policies"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // the folder's own two tests and two fixture cases, not the library's
    assert!(run.stdout.contains("PASS: 4/4"), "{}", run.stdout);
    let builtin = schemagate(&["test"]);
    assert_eq!(builtin.code, 0, "{}", builtin.stdout);
}

#[test]
fn input_prints_the_versioned_documents() {
    let file = "examples/flyway-postgres/V2__order_status.sql";
    let run = schemagate(&["input", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // one document per proposed changeset
    let docs = json(&run);
    assert_eq!(docs.as_array().map(Vec::len), Some(1), "{docs}");
    let doc = &docs[0];
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["target"]["dialect"], "postgres");
    assert_eq!(doc["changeset"]["id"], "V2__order_status.sql");
    assert_eq!(doc["changeset"]["proposed"], true);
    assert_eq!(doc["statements"][1]["kind"], "create_index");
    assert!(doc["statements"][0].get("ast").is_none());
    // one of them, ready for `opa eval -i`
    let one = json(&schemagate(&[
        "input",
        file,
        "--changeset",
        "V2__order_status.sql",
    ]));
    assert_eq!(&one, doc);
    let missing = schemagate(&["input", file, "--changeset", "nope"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("no proposed changeset with id `nope`"),
        "{}",
        missing.stderr
    );
    // the whole proposal, with what history says
    let proposal = json(&schemagate(&["input", file, "--proposal"]));
    assert_eq!(proposal["changesets"][0]["id"], "V2__order_status.sql");
    assert_eq!(proposal["statements"].as_array().map(Vec::len), Some(2));
    assert_eq!(proposal["history"]["basis"], "everything");
    // the version 1 document, for policies not yet moved
    let v1 = json(&schemagate(&["input", file, "--schema-version", "1"]));
    assert_eq!(v1["schema_version"], 1);
    assert_eq!(v1["changesets"][0]["proposed"], true);
    let with_ast = json(&schemagate(&["input", file, "--ast"]));
    assert!(with_ast[0]["statements"][0]["ast"].is_object());
}

#[test]
fn rules_and_explain_document_the_library() {
    let run = schemagate(&["rules"]);
    assert_eq!(run.code, 0);
    let first_id = run.stdout.split_whitespace().next().unwrap().to_string();
    let explain = schemagate(&["explain", &first_id]);
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("Instead"), "{}", explain.stdout);
    assert_eq!(schemagate(&["explain", "no-such-rule"]).code, 2);
    // where the index evaluates the rule (meta.kinds, meta.facts)
    let evaluated = |id: &str| {
        let run = schemagate(&["explain", id]);
        run.stdout
            .lines()
            .find_map(|l| l.strip_prefix("evaluated: "))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(evaluated("require-lock-timeout"), "on every changeset");
    assert_eq!(
        evaluated("object-does-not-exist"),
        "only on changesets holding the fact refusals"
    );
    assert_eq!(
        evaluated("ban-char-field"),
        "only on changesets holding a statement of kind create_table or alter_table"
    );
}

#[test]
fn a_policy_that_reads_the_syntax_tree_gets_it_without_asking() {
    let run = schemagate(&[
        "check",
        "tests/fixtures/views.sql",
        "--policy",
        "tests/fixtures/ast_policy",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        findings(&json(&run)),
        [
            "team-no-select-star error tests/fixtures/views.sql:1",
            // the built-in rule sees the same from the input document's facts
            "ban-select-star-in-view warning tests/fixtures/views.sql:1",
        ]
    );
}

#[test]
fn human_report_snapshot() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres/V5__customer_fk.sql",
        "tests/fixtures/bad/typo.sql",
    ]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_config_file_tunes_severities_and_disables_rules() {
    let run = schemagate(&[
        "check",
        "--config",
        "examples/schemagate.yaml",
        "--env",
        "dev",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&json(&run)),
        [
            "adding-required-field error examples/flyway-postgres/V2__order_status.sql:1",
            "require-concurrent-index-creation warning examples/flyway-postgres/V2__order_status.sql:3",
            "ban-update-without-where error examples/flyway-postgres/V3__backfill_status.sql:1",
            "constraint-missing-not-valid error examples/flyway-postgres/V5__customer_fk.sql:1",
        ]
    );
}

#[test]
fn a_broken_config_file_is_exit_2_at_its_line() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres",
        "--config",
        "tests/fixtures/bad/config.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let e = &json(&run)["errors"][0];
    assert_eq!(e["file"], "tests/fixtures/bad/config.yaml");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(25))
    );
}

#[test]
fn liquibase_contexts_labels_and_properties_filter_as_liquibase_update_does() {
    let base = [
        "check",
        "tests/fixtures/liquibase-cli/changelog.xml",
        "--format",
        "json",
    ];
    let rules = |extra: &[&str]| -> Vec<String> {
        let run = schemagate(&[&base[..], extra].concat());
        let report = json(&run);
        assert_eq!(report["errors"], serde_json::json!([]), "{extra:?}");
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["changeset"].as_str().unwrap()
                )
            })
            // Not about contexts: the lock timeout and the rollbacks.
            .filter(|r| !r.starts_with("require-lock-timeout") && !r.starts_with("rollback-"))
            .collect()
    };
    assert_eq!(rules(&[]), ["ban-truncate seed", "ban-drop-table cleanup"]);
    assert_eq!(rules(&["--contexts", "prod"]), ["ban-drop-table cleanup"]);
    assert_eq!(
        rules(&["--contexts", "prod", "--labels", "!cleanup"]),
        Vec::<String>::new()
    );
    // a property given on the command line wins over the changelog's own
    let run = schemagate(&[&base[..], &["--property", "schema=billing"]].concat());
    let msgs: Vec<String> = json(&run)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        msgs.iter().any(|m| m.contains("billing.legacy_orders")),
        "{msgs:?}"
    );
}

/// A team rule that fails at run time is reported at its line, exit 2, and
/// the built-in rules' findings are all still there.
#[test]
fn a_rule_that_fails_at_run_time_keeps_the_other_findings() {
    let run = schemagate(&[
        "check",
        "policies/destructive/fixtures/ban-drop-table--fail/fail.sql",
        "--policy",
        "tests/fixtures/bad/runtime-policy",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = json(&run);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(
        errors[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("upper_null.rego"),
        "{report}"
    );
    assert_eq!(errors[0]["line"], 11);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"ban-drop-table"), "{rules:?}");
}

/// `--no-builtin` drops the built-in rules, not the library team policies
/// import.
#[test]
fn team_policies_import_the_library_without_the_builtin_rules() {
    let run = schemagate(&[
        "check",
        "policies/destructive/fixtures/ban-drop-table--fail/fail.sql",
        "--no-builtin",
        "--policy",
        "tests/fixtures/lib-policy",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let rules: Vec<String> = findings(&json(&run));
    assert_eq!(
        rules,
        [
            "team-no-drops error policies/destructive/fixtures/ban-drop-table--fail/fail.sql:2",
            "team-no-drops error policies/destructive/fixtures/ban-drop-table--fail/fail.sql:4",
        ]
    );
}

/// The pipeline gate, with an export captured from a real `liquibase update`
/// on PostgreSQL: applied changesets are history, the edited one and the
/// removed one are errors, the rest is judged.
#[test]
fn applied_export_of_a_real_databasechangelog() {
    let run = schemagate(&[
        "check",
        "tests/fixtures/history/applied/liquibase/now/changelog.xml",
        "--applied",
        "tests/fixtures/history/applied/liquibase/databasechangelog.csv",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = json(&run);
    // 11-mssql-only, marked ran by its dbms precondition, is one of them
    assert_eq!(report["stats"]["history_changesets"], 4);
    assert_eq!(report["stats"]["changesets"], 6);
    let history: Vec<String> = findings(&report)
        .into_iter()
        .filter(|f| f.starts_with("edited-history"))
        .collect();
    assert_eq!(
        history,
        [
            "edited-history error -:null",
            "edited-history error tests/fixtures/history/applied/liquibase/now/changes/v1.xml:12",
        ]
    );
    let missing = schemagate(&[
        "check",
        "examples/flyway-postgres",
        "--applied",
        "no/such/export.csv",
    ]);
    assert_eq!(missing.code, 2);
}

/// A policy that does not load is a policy error, and a run that read no
/// changelog gives no statement summary.
#[test]
fn a_broken_policy_in_a_test_run_is_a_policy_error() {
    let run = schemagate(&["test", "tests/fixtures/bad/policy"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .trim_end()
            .ends_with("✖ could not analyze everything: 1 policy error"),
        "{}",
        run.stderr
    );
    let check = schemagate(&[
        "check",
        "examples/flyway-postgres/V2__order_status.sql",
        "--policy",
        "tests/fixtures/bad/policy",
        "--format",
        "json",
    ]);
    assert_eq!(json(&check)["errors"][0]["kind"], "policy");
}

/// `check -` reads SQL from standard input, as one plain file `<stdin>`.
#[test]
fn sql_on_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .args(["check", "-", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"SELECT 1;\nDROP TABLE users;\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        findings(&report),
        [
            "ban-drop-table error <stdin>:2",
            "require-lock-timeout warning <stdin>:2",
        ]
    );
}

/// No `--dialect` and no configuration: the dialect is guessed from the
/// files' tokens, and the report says so and on what it rests.
#[test]
fn the_dialect_is_guessed_and_said() {
    let run = schemagate(&["check", "examples/golang-migrate-mysql", "--format", "json"]);
    let report = json(&run);
    assert_eq!(report["dialect"]["dialect"], "mysql");
    assert_eq!(report["dialect"]["chosen_by"], "guessed");
    assert!(
        report["dialect"]["evidence"]
            .as_str()
            .unwrap()
            .starts_with("2× MODIFY/CHANGE COLUMN"),
        "{report}"
    );
    let human = schemagate(&["check", "examples/golang-migrate-mysql"]);
    assert!(
        human
            .stdout
            .contains("dialect: mysql, guessed from 2× MODIFY/CHANGE COLUMN"),
        "{}",
        human.stdout
    );
    let given = json(&schemagate(&[
        "check",
        "examples/golang-migrate-mysql",
        "--dialect",
        "mysql",
        "--format",
        "json",
    ]));
    assert_eq!(given["dialect"]["chosen_by"], "flag");
}

/// A folder holding a Flyway folder and a golang-migrate one is refused
/// with the layouts named: the golang-migrate files are never dropped in
/// silence.
#[test]
fn a_folder_of_two_layouts_is_refused_with_both_named() {
    let run = schemagate(&[
        "check",
        "tests/fixtures/folders/mixed-layouts",
        "--dialect",
        "postgres",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let message = json(&run)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.ends_with("holds migrations of two layouts: it reads as Flyway (2 files), but 1 files are named as golang-migrate (e.g. migrate/000001_drop.up.sql), which that layout would skip; check each layout's folder on its own"),
        "{message}"
    );
    // each folder on its own is fine
    let one = schemagate(&[
        "check",
        "tests/fixtures/folders/mixed-layouts/migrate",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(one.code, 1, "{}", one.stdout);
}

/// A runaway team rule stops at `--policy-timeout`, as an error at its
/// definition (exit 2), and the other rules' findings are kept.
#[test]
fn a_runaway_rule_stops_at_the_time_limit() {
    let run = schemagate(&[
        "check",
        "policies/destructive/fixtures/ban-drop-table--fail/fail.sql",
        "--policy",
        "tests/fixtures/bad/runaway-policy",
        "--policy-timeout",
        "0.3",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = json(&run);
    let e = &report["errors"][0];
    assert!(
        e["file"]
            .as_str()
            .unwrap()
            .ends_with("runaway-policy/slow.rego"),
        "{report}"
    );
    assert_eq!(e["line"], 9);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("evaluating data.team.slow.deny: execution exceeded time limit"),
        "{report}"
    );
    assert!(
        findings(&report)
            .iter()
            .any(|f| f.starts_with("ban-drop-table"))
    );
}

/// The OPA built-ins team policies use beyond strings and regexes are
/// compiled in and answer as OPA does.
#[test]
fn opa_builtins_policies_use_are_there() {
    let run = schemagate(&["test", "tests/fixtures/policy-tests/opa-builtins"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("PASS: 11/11"), "{}", run.stdout);
}

/// A broken policy is shown where it breaks, with the lines around it.
#[test]
fn a_broken_policy_is_drawn_at_its_line() {
    let run = schemagate(&[
        "check",
        "examples/flyway-postgres/V2__order_status.sql",
        "--policy",
        "tests/fixtures/bad/policy",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(
            "   ╭─[tests/fixtures/bad/policy/broken.rego:9:1]\n 8 │     msg := sprintf(\"no %s\", [stmt.kind]\n 9 │ }\n"
        ),
        "{}",
        run.stdout
    );
}
