//! `schemagate test` as a DBA runs it: outcomes, formats, data files,
//! coverage, time limits and exit codes, on the policy folders under
//! `tests/fixtures/policy-tests/`.

use std::process::Command;

use crate::common;
use crate::common::Run;

fn schemagate(args: &[&str]) -> Run {
    common::run(&[&["test"], args].concat())
}

/// The output with every time replaced by `T`, so it compares exactly.
fn untimed(text: &str) -> String {
    let re =
        regex::Regex::new(r#"\(\d+(\.\d+)?(µs|ms|s)\)|time="[0-9.]+"|"duration_ms": [0-9.e-]+"#)
            .unwrap();
    re.replace_all(text, |c: &regex::Captures| {
        if c[0].starts_with('(') {
            "(T)".to_string()
        } else if c[0].starts_with("time") {
            "time=\"T\"".to_string()
        } else {
            "\"duration_ms\": T".to_string()
        }
    })
    .into_owned()
}

const BASIC: &str = "tests/fixtures/policy-tests/basic";
const RULE: &str =
    "--------------------------------------------------------------------------------";

#[test]
fn failures_are_listed_with_their_place_and_exit_1() {
    let run = schemagate(&[BASIC]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        untimed(&run.stdout),
        format!(
            "{BASIC}/tables_test.rego:\n\
             data.team.tables_test.test_wrong_expectation: FAIL (T)\n  at {BASIC}/tables_test.rego:19\n\
             {RULE}\nPASS: 3/5\nFAIL: 1/5\nSKIPPED: 1/5\n"
        )
    );
}

#[test]
fn verbose_lists_every_test_and_what_a_failure_saw() {
    let run = schemagate(&[BASIC, "-v"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        untimed(&run.stdout),
        format!(
            "policies read:\n  {BASIC}/tables.rego (Rego v1)\n  {BASIC}/tables_test.rego (Rego v1)\n\
             \x20 policies/lib/fixtures_test.rego (Rego v1)\n  policies/lib/schemagate.rego (Rego v1)\n\n\
             {BASIC}/tables_test.rego:\n\
             data.team.tables_test.test_wide_table_is_denied: PASS (T)\n\
             data.team.tables_test.test_narrow_table_passes: PASS (T)\n\
             data.team.tables_test.test_limit_from_data: PASS (T)\n\
             data.team.tables_test.test_wrong_expectation: FAIL (T)\n  at {BASIC}/tables_test.rego:19\n\
             \x20 value: undefined\n  failed: count(result) == 2\n  left: 1\n  right: 2\n  print:\n\
             \x20   {BASIC}/tables_test.rego:21: deny gave {{\"table \\\"wide\\\" has more than 2 columns\"}}\n\
             data.team.tables_test.todo_test_drop_is_warned: SKIPPED\n\
             {RULE}\nPASS: 3/5\nFAIL: 1/5\nSKIPPED: 1/5\n"
        )
    );
}

#[test]
fn run_takes_a_regex_and_data_files_are_loaded() {
    // test_limit_from_data reads data.team_limits from basic/data.yaml
    let run = schemagate(&[BASIC, "--run", r"test_(limit|narrow)_"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "PASS: 2/2\n"),
        "{}",
        run.stderr
    );
    let bad = schemagate(&[BASIC, "--run", "("]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("invalid --run regex `(`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn errors_name_their_place_and_exit_2() {
    let run = schemagate(&["tests/fixtures/policy-tests/runtime-error"]);
    assert_eq!(run.code, 2);
    let dir = "tests/fixtures/policy-tests/runtime-error";
    assert_eq!(
        untimed(&run.stdout),
        format!(
            "{dir}/bad_test.rego:\n\
             data.bad_test.test_upper_of_null: ERROR (T)\n\
             \x20 {dir}/bad_test.rego:8:16: `upper` expects string argument. Got `null` instead\n\
             data.bad_test.test_type_error: ERROR (T)\n\
             \x20 {dir}/bad_test.rego:11:31: could not parse string as number\n\
             {RULE}\nPASS: 1/3\nERROR: 2/3\n"
        )
    );
}

#[test]
fn a_runaway_test_stops_at_the_policy_timeout() {
    let run = schemagate(&[
        "tests/fixtures/policy-tests/runaway",
        "--policy-timeout",
        "300ms",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("runaway/slow_test.rego:8: policy evaluation exceeded 0.3 s\n"),
        "{}",
        run.stdout
    );
    let bad = schemagate(&[
        "tests/fixtures/policy-tests/runaway",
        "--policy-timeout",
        "0",
    ]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("not a positive number of seconds"),
        "{}",
        bad.stderr
    );
}

#[test]
fn json_and_junit_formats() {
    let run = schemagate(&[BASIC, "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (doc["total"].as_u64(), doc["fail"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(doc["results"][3]["name"], "test_wrong_expectation");
    assert_eq!(doc["results"][3]["outcome"], "fail");
    assert_eq!(doc["results"][4]["outcome"], "skipped");
    assert_eq!(doc["results"][4]["kind"], "rego");

    let junit = schemagate(&[
        "tests/fixtures/policy-tests/runtime-error",
        "--format",
        "junit",
    ]);
    assert_eq!(junit.code, 2);
    let xml = untimed(&junit.stdout);
    let parsed = roxmltree::Document::parse(&junit.stdout).expect("well-formed XML");
    assert_eq!(parsed.root_element().tag_name().name(), "testsuites");
    assert!(
        xml.contains("<testsuite name=\"tests/fixtures/policy-tests/runtime-error/bad_test.rego\" tests=\"3\" failures=\"0\" errors=\"2\" skipped=\"0\" time=\"T\">"),
        "{xml}"
    );
    assert!(
        xml.contains("<testcase name=\"test_ok\" classname=\"data.bad_test\""),
        "{xml}"
    );
    assert!(xml.contains("<error message=\"tests/fixtures/policy-tests/runtime-error/bad_test.rego:11:31: could not parse string as number\""), "{xml}");
}

#[test]
fn coverage_is_per_file_and_threshold_fails_below_it() {
    let run = schemagate(&[BASIC, "--coverage"]);
    assert_eq!(run.code, 1);
    let coverage = run.stdout.split("COVERAGE:\n").nth(1).unwrap_or_default();
    assert!(
        coverage.starts_with(&format!("  {BASIC}/tables.rego: ")),
        "{}",
        run.stdout
    );
    // the `warn` rule is never tested
    assert!(coverage.contains("not covered: "), "{coverage}");
    let passing = schemagate(&[BASIC, "--coverage", "--run", "wide|narrow|limit"]);
    assert_eq!(passing.code, 0, "{}", passing.stdout);
    let strict = schemagate(&[
        BASIC,
        "--coverage",
        "--run",
        "wide|narrow|limit",
        "--threshold",
        "100",
    ]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stderr.contains("is below the threshold of 100%"),
        "{}",
        strict.stderr
    );
    let json = schemagate(&[BASIC, "--coverage", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        doc["coverage"]["files"][0]["file"],
        format!("{BASIC}/tables.rego")
    );
}

#[test]
fn help_documents_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .args(["test", "--help"])
        .output()
        .expect("the binary runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--run <REGEX>",
        "regular",
        "--verbose",
        "--format",
        "junit",
        "--coverage",
        "--threshold <PERCENT>",
        "--policy-timeout <SECONDS>",
        "data.json",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn fixture_cases_run_the_whole_pipeline_and_show_the_diff() {
    let dir = "tests/fixtures/policy-tests/with-fixtures";
    let run = schemagate(&[dir]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let case = format!("{dir}/fixtures/wrong-expectation");
    assert_eq!(
        untimed(&run.stdout),
        format!(
            "{case}/expected.yaml:\n\
             fixture {case}: FAIL (T)\n  at {case}/expected.yaml:1\n\
             \x20 - missing:    team-no-tmp-tables warning V1__tmp.sql:1\n\
             \x20 + unexpected: team-no-tmp-tables error V1__tmp.sql:1 (absent: team-no-tmp-tables line 1)\n\
             \x20   produced:   team-no-tmp-tables error V1__tmp.sql:1\n\
             {RULE}\nPASS: 2/3\nFAIL: 1/3\n"
        )
    );
    let json = schemagate(&[dir, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["results"][2]["kind"], "fixture");
    assert_eq!(
        doc["results"][2]["diff"][0],
        "- missing:    team-no-tmp-tables warning V1__tmp.sql:1"
    );
    // a Liquibase changelog and a db_version case pass; --run picks cases
    let run = schemagate(&[dir, "--run", "liquibase|old-postgres"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "PASS: 2/2\n"));
    let junit = schemagate(&[dir, "--format", "junit"]);
    assert!(
        junit.stdout.contains("<testcase name=\"tests/fixtures/policy-tests/with-fixtures/fixtures/liquibase-tmp-table\" classname=\"fixtures\""),
        "{}",
        junit.stdout
    );
}

#[test]
fn the_example_team_policy_has_fixture_cases() {
    let run = schemagate(&["examples/policies", "-v"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("fixture examples/policies/fixtures/drop-protected-table: PASS"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("PASS: 4/4\n"), "{}", run.stdout);
}

#[test]
fn a_test_stuck_in_one_builtin_call_is_abandoned() {
    let run = schemagate(&[
        "tests/fixtures/policy-tests/one-long-call",
        "--policy-timeout",
        "10ms",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(
            "big_test.rego:7: policy evaluation exceeded 0.01 s and did not stop; abandoned (the 1 tests after it were not run)\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_fixture_case_stuck_in_a_runaway_policy_is_abandoned() {
    let dir = "tests/fixtures/policy-tests/runaway-fixture";
    let run = schemagate(&[dir, "--policy-timeout", "10ms"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(&format!(
            "  {dir}/fixtures/any-change/expected.yaml: checking the case did not end within 0.03 s (--policy-timeout 0.01 s); abandoned\n"
        )),
        "{}",
        run.stdout
    );
}
