//! `--format gitlab`: GitLab Code Quality JSON.

use std::collections::HashSet;

use serde_json::Value;

use super::{FLYWAY, WAIVERS, run};

fn gitlab(base: &[&str]) -> (i32, String, Vec<Value>) {
    let r = run(base, &["--format", "gitlab"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let issues: Vec<Value> = serde_json::from_str(&r.stdout).expect("a JSON array");
    (r.code, r.stdout, issues)
}

/// What GitLab requires of each issue, and unique fingerprints.
fn check_issues(issues: &[Value]) {
    let mut fingerprints = HashSet::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint"] {
            assert!(i[key].as_str().is_some_and(|s| !s.is_empty()), "{i}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap_or("")),
            "{i}"
        );
        assert!(i["location"]["path"].is_string(), "{i}");
        assert!(i["location"]["lines"]["begin"].as_u64() >= Some(1), "{i}");
        assert!(fingerprints.insert(i["fingerprint"].to_string()), "{i}");
    }
}

#[test]
fn the_flyway_example_is_one_issue_per_finding() {
    let (code, text, issues) = gitlab(FLYWAY);
    assert_eq!(code, 1);
    check_issues(&issues);
    assert_eq!(issues.len(), 6);
    assert_eq!(issues[0]["severity"], "critical");
    assert_eq!(
        issues[0]["location"]["path"],
        "examples/flyway-postgres/V2__order_status.sql"
    );
    // the same run gives the same file
    assert_eq!(text, gitlab(FLYWAY).1);
    insta::assert_snapshot!(text);
}

#[test]
fn waived_findings_are_left_out_and_fingerprints_match_sarif() {
    let (_, _, issues) = gitlab(WAIVERS);
    check_issues(&issues);
    assert_eq!(issues.len(), 5);
    let sarif: Value = serde_json::from_str(&run(WAIVERS, &["--format", "sarif"]).stdout).unwrap();
    let sarif_fps: HashSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["partialFingerprints"]["schemagate/v1"].as_str())
        .collect();
    for i in &issues {
        assert!(
            sarif_fps.contains(i["fingerprint"].as_str().unwrap()),
            "{i}"
        );
    }
}

#[test]
fn an_input_error_is_a_blocker() {
    let r = run(
        &["check", "tests/fixtures/bad/typo.sql"],
        &["--format", "gitlab"],
    );
    assert_eq!(r.code, 2);
    let issues: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    check_issues(&issues);
    assert!(
        issues.iter().any(|i| i["severity"] == "blocker"),
        "{}",
        r.stdout
    );
}
