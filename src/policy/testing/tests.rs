//! Unit tests of the policy test runner.

use super::*;

fn file(path: &str, text: &str) -> PolicyFile {
    PolicyFile {
        path: path.into(),
        text: text.into(),
    }
}

const RULE: &str = "package demo\nimport rego.v1\ndeny contains \"no\" if input.bad\n";

#[test]
fn runs_pass_fail_and_error() {
    let test = "package demo_test\nimport rego.v1\nimport data.demo\n\
        test_flags_bad if count(demo.deny) == 1 with input as {\"bad\": true}\n\
        test_wrong if count(demo.deny) == 1 with input as {\"bad\": false}\n\
        test_boom if to_number(\"x\") == 1\n\
        test_flags_bad if true\n";
    let report = run_tests(
        vec![file("p/demo.rego", RULE), file("p/demo_test.rego", test)],
        serde_json::json!({}),
        None,
    )
    .unwrap();
    let got: Vec<(&str, usize, &Outcome)> = report
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.line, &r.outcome))
        .collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], ("test_flags_bad", 4, &Outcome::Pass));
    assert_eq!(got[1], ("test_wrong", 5, &Outcome::Fail));
    assert!(matches!(got[2].2, Outcome::Error(m) if m.contains("p/demo_test.rego:6:")));
    assert!(!report.passed());
    let text = report.render();
    assert!(text.contains("data.demo_test.test_wrong: FAIL ("), "{text}");
    assert!(text.contains("\n  at p/demo_test.rego:5\n"), "{text}");
    assert!(
        text.ends_with("PASS: 1/3\nFAIL: 1/3\nERROR: 1/3\n"),
        "{text}"
    );

    let only = run_tests(
        vec![file("p/demo.rego", RULE), file("p/demo_test.rego", test)],
        serde_json::json!({}),
        Some("flags"),
    )
    .unwrap();
    assert_eq!(only.results.len(), 1);
    assert!(only.passed());
    assert_eq!(only.render(), "PASS: 1/1\n");
}

#[test]
fn documented_example_and_config_mocking_work() {
    let policy = "package team.tables\n\nimport rego.v1\n\n\
        deny contains msg if {\n\tsome stmt in input.statements\n\tstmt.phase == \"forward\"\n\
        \tstmt.kind == \"create_table\"\n\tnot stmt.primary_key\n\
        \tmsg := sprintf(\"table %q has no primary key\", [stmt.object.name])\n}\n\
        limit := object.get(data.schemagate.config, \"limit\", 1)\n";
    let test = "package team.tables_test\n\nimport data.team.tables\nimport rego.v1\n\n\
        test_table_without_primary_key_is_denied if {\n\
        \tfindings := tables.deny with input as {\"statements\": [{\n\
        \t\t\"index\": 0, \"phase\": \"forward\", \"kind\": \"create_table\",\n\
        \t\t\"object\": {\"type\": \"table\", \"schema\": null, \"name\": \"events\"},\n\
        \t\t\"primary_key\": false,\n\t}]}\n\tfindings == {`table \"events\" has no primary key`}\n}\n\
        test_config_is_mocked if tables.limit == 5 with data.schemagate.config as {\"limit\": 5}\n\
        test_config_is_read if tables.limit == 2\n";
    let report = run_tests(
        vec![
            file("team/tables.rego", policy),
            file("team/tables_test.rego", test),
        ],
        serde_json::json!({"limit": 2}),
        None,
    )
    .unwrap();
    assert_eq!(report.render(), "PASS: 3/3\n");
}

#[test]
fn unknown_functions_stop_the_run() {
    let problems = run_tests(
        vec![file(
            "a_test.rego",
            "package a\nimport rego.v1\ntest_x if frob(1)\n",
        )],
        serde_json::json!({}),
        None,
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].message,
        "unknown function `frob`: no policy defines it and it is not a builtin"
    );
}

#[test]
fn syntax_errors_in_every_file_are_reported() {
    let problems = run_tests(
        vec![
            file("a.rego", "package a\nx := \n"),
            file("b_test.rego", "package b\ntest_x if {\n"),
        ],
        serde_json::json!({}),
        None,
    )
    .unwrap_err();
    assert_eq!(problems.len(), 2);
}

/// Replaces the times (`(412µs)`, `time="0.000412"`) so output can be
/// compared exactly.
fn untimed(text: &str) -> String {
    let re = regex::Regex::new(r#"\(\d+(\.\d+)?(µs|ms|s)\)|time="[0-9.]+""#).unwrap();
    re.replace_all(text, |c: &regex::Captures| {
        if c[0].starts_with('(') {
            "(T)".to_string()
        } else {
            "time=\"T\"".to_string()
        }
    })
    .into_owned()
}

const SUITE: &str = "package demo_test\nimport rego.v1\nimport data.demo\n\
    test_flags_bad if count(demo.deny) == 1 with input as {\"bad\": true}\n\
    test_wrong if {\n\tprint(\"deny was\", demo.deny)\n\tcount(demo.deny) == 1\n}\n\
    todo_test_later if false\n";

fn suite(options: &TestOptions) -> TestReport {
    run_tests_with(
        vec![file("p/demo.rego", RULE), file("p/demo_test.rego", SUITE)],
        options,
    )
    .unwrap()
}

#[test]
fn verbose_output_lists_every_test_with_what_a_failure_saw() {
    let report = suite(&TestOptions::default());
    assert_eq!(report.exit_code(), 1);
    assert_eq!(
        untimed(&report.render_with(true)),
        "policies read:\n  p/demo.rego (Rego v1)\n  p/demo_test.rego (Rego v1)\n\n\
        p/demo_test.rego:\n\
        data.demo_test.test_flags_bad: PASS (T)\n\
        data.demo_test.test_wrong: FAIL (T)\n  at p/demo_test.rego:5\n  value: undefined\n\
        \x20 failed: count(demo.deny) == 1\n  left: 0\n  right: 1\n\
        \x20 print:\n    p/demo_test.rego:6: deny was {}\n\
        data.demo_test.todo_test_later: SKIPPED\n\
        --------------------------------------------------------------------------------\n\
        PASS: 1/3\nFAIL: 1/3\nSKIPPED: 1/3\n"
    );
    assert_eq!(
        untimed(&report.render()),
        "p/demo_test.rego:\ndata.demo_test.test_wrong: FAIL (T)\n  at p/demo_test.rego:5\n\
        --------------------------------------------------------------------------------\n\
        PASS: 1/3\nFAIL: 1/3\nSKIPPED: 1/3\n"
    );
}

#[test]
fn skipped_tests_alone_do_not_fail_a_run() {
    let options = TestOptions {
        filter: Some("flags|todo".into()),
        ..TestOptions::default()
    };
    let report = suite(&options);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.render(), "PASS: 1/2\nSKIPPED: 1/2\n");
}

#[test]
fn an_error_is_exit_2_and_a_bad_regex_a_problem() {
    let test = "package t_test\nimport rego.v1\ntest_boom if to_number(\"x\") == 1\n";
    let report = run_tests(vec![file("t_test.rego", test)], serde_json::json!({}), None).unwrap();
    assert_eq!(report.exit_code(), 2);
    let bad = run_tests(
        vec![file("t_test.rego", test)],
        serde_json::json!({}),
        Some("("),
    );
    let problems = bad.unwrap_err();
    assert!(
        problems[0].message.starts_with("invalid --run regex `(`"),
        "{problems:?}"
    );
}

#[test]
fn json_and_junit_carry_every_outcome() {
    let report = suite(&TestOptions::default());
    let json = report.to_json();
    assert_eq!(json["fail"], 1);
    assert_eq!(json["skipped"], 1);
    assert_eq!(json["results"][1]["value"], "undefined");
    assert_eq!(
        json["results"][1]["saw"][0],
        "failed: count(demo.deny) == 1"
    );
    assert_eq!(
        json["results"][1]["prints"][0],
        "p/demo_test.rego:6: deny was {}"
    );
    assert_eq!(json["results"][2]["outcome"], "skipped");
    assert_eq!(
        untimed(&report.to_junit()),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <testsuites name=\"schemagate test\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"T\">\n\
        \x20 <testsuite name=\"p/demo_test.rego\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"T\">\n\
        \x20   <testcase name=\"test_flags_bad\" classname=\"data.demo_test\" file=\"p/demo_test.rego\" line=\"4\" time=\"T\"/>\n\
        \x20   <testcase name=\"test_wrong\" classname=\"data.demo_test\" file=\"p/demo_test.rego\" line=\"5\" time=\"T\">\n\
        \x20     <failure message=\"evaluated to undefined\" type=\"fail\">p/demo_test.rego:5: evaluated to undefined\nfailed: count(demo.deny) == 1\nleft: 0\nright: 1\np/demo_test.rego:6: deny was {}</failure>\n\
        \x20   </testcase>\n\
        \x20   <testcase name=\"todo_test_later\" classname=\"data.demo_test\" file=\"p/demo_test.rego\" line=\"9\" time=\"T\">\n\
        \x20     <skipped message=\"todo test\"/>\n\
        \x20   </testcase>\n\
        \x20 </testsuite>\n\
        </testsuites>\n"
    );
}

#[test]
fn data_files_reach_data() {
    let policy = "package lim\nimport rego.v1\ntoo_many if input.n > data.limits.max\n";
    let test = "package lim_test\nimport rego.v1\nimport data.lim\n\
        test_over if lim.too_many with input as {\"n\": 4}\n";
    let options = TestOptions {
        data: vec![data::DataFile {
            path: "p/data.json".into(),
            document: serde_json::json!({"limits": {"max": 3}}),
        }],
        ..TestOptions::default()
    };
    let report = run_tests_with(
        vec![file("p/lim.rego", policy), file("p/lim_test.rego", test)],
        &options,
    )
    .unwrap();
    assert_eq!(report.render(), "PASS: 1/1\n");
}

#[test]
fn coverage_counts_the_lines_tests_reach() {
    let options = TestOptions {
        coverage: Some(Vec::new()),
        ..TestOptions::default()
    };
    let policy = "package demo\nimport rego.v1\ndeny contains \"no\" if input.bad\n\
        warn contains \"hm\" if {\n\tinput.odd\n}\n";
    let test = "package demo_test\nimport rego.v1\nimport data.demo\n\
        test_flags_bad if count(demo.deny) == 1 with input as {\"bad\": true}\n";
    let report = run_tests_with(
        vec![file("p/demo.rego", policy), file("p/demo_test.rego", test)],
        &options,
    )
    .unwrap();
    let coverage = report.coverage.clone().unwrap();
    assert_eq!(coverage.files.len(), 1);
    let f = &coverage.files[0];
    assert_eq!(f.path, "p/demo.rego");
    assert!(f.covered.contains(&3), "{f:?}");
    // the body ran (input.odd is undefined) but the head never held
    assert!(f.not_covered.contains(&4), "{f:?}");
    assert!(coverage.percent() < 100.0);
    assert!(
        report.render().contains("COVERAGE:\n  p/demo.rego: "),
        "{}",
        report.render()
    );
}

#[test]
fn a_runaway_test_stops_at_the_time_limit() {
    let test = "package slow_test\nimport rego.v1\n\
        test_forever if count([1 | some x in numbers.range(1, 5000); some y in numbers.range(1, 5000); x != y]) > 0\n";
    let options = TestOptions {
        timeout: std::time::Duration::from_millis(200),
        ..TestOptions::default()
    };
    let start = std::time::Instant::now();
    let report = run_tests_with(vec![file("slow_test.rego", test)], &options).unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(
        report.results[0].outcome,
        Outcome::Error("slow_test.rego:3: policy evaluation exceeded 0.2 s".into())
    );
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn a_failing_test_shows_the_statement_that_failed_and_its_values() {
    let test = "package w_test\nimport rego.v1\n\
        test_with_mod if count(input.items) > 5 with input as {\"items\": [1]}\n\
        test_not if {\n\tx := 1\n\tnot x == 1\n}\n\
        test_two_bodies if false\ntest_two_bodies if 1 == 2\n";
    let report = run_tests(vec![file("w_test.rego", test)], serde_json::json!({}), None).unwrap();
    let saw: Vec<&[String]> = report.results.iter().map(|r| r.saw.as_slice()).collect();
    assert_eq!(
        saw,
        [
            &[
                "failed: count(input.items) > 5 with input as {\"items\": [1]}".to_string(),
                "left: 1".to_string(),
                "right: 5".to_string()
            ][..],
            &["failed: not x == 1".to_string()][..],
            &[][..],
        ]
    );
}
