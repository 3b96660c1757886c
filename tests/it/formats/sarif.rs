//! `--format sarif`: valid SARIF 2.1.0 (the OASIS schema, committed in
//! tests/fixtures), every rule, places relative to the repository root,
//! stable fingerprints, suppressions for waived findings.

use std::path::Path;

use serde_json::Value;

use super::{FLYWAY, WAIVERS, run};
use crate::common;

fn sarif(base: &[&str]) -> (i32, String) {
    let r = run(base, &["--format", "sarif"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    (r.code, r.stdout)
}

/// Every error the official schema finds in `text`.
fn schema_errors(text: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/sarif-schema-2.1.0.json"))
            .expect("the schema is committed"),
    )
    .expect("the schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let instance: Value = serde_json::from_str(text).expect("SARIF is JSON");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_flyway_example_is_valid_sarif_with_every_rule() {
    let (code, text) = sarif(FLYWAY);
    assert_eq!(code, 1);
    assert_eq!(schema_errors(&text), Vec::<String>::new());
    let log: Value = serde_json::from_str(&text).unwrap();
    let json: Value = serde_json::from_str(&run(FLYWAY, &["--format", "json"]).stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(Some(rules.len() as u64), json["stats"]["rules"].as_u64());
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                r[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{r}"
            );
        }
        assert!(r["defaultConfiguration"]["level"].is_string(), "{r}");
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    // the validator does judge: a level SARIF does not know is refused
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&broken.to_string()).is_empty());
    insta::assert_snapshot!(text);
}

#[test]
fn waived_findings_carry_a_suppression_and_the_log_stays_valid() {
    let (code, text) = sarif(WAIVERS);
    assert_eq!(code, 1);
    assert_eq!(schema_errors(&text), Vec::<String>::new());
    let log: Value = serde_json::from_str(&text).unwrap();
    let suppressed: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 4);
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "orders is tiny, built at night"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn an_input_error_is_a_notification_and_the_log_stays_valid() {
    let r = run(
        &["check", "tests/fixtures/bad/typo.sql"],
        &["--format", "sarif"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(schema_errors(&r.stdout), Vec::<String>::new());
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["exitCode"], 2);
    assert!(
        !invocation["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// `(uri, fingerprint)` of every result.
fn places(text: &str) -> Vec<(String, String)> {
    let log: Value = serde_json::from_str(text).unwrap();
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                r["partialFingerprints"]["schemagate/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn paths_are_relative_to_the_repository_root_also_from_a_subfolder() {
    let (_, from_root) = sarif(FLYWAY);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sub = common::run_in(
        &root.join("examples"),
        &[
            "check",
            "flyway-postgres",
            "--dialect",
            "postgres",
            "--applied",
            "prod/flyway_schema_history.csv",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(places(&sub.stdout), places(&from_root));
    assert!(
        places(&from_root)[0]
            .0
            .starts_with("examples/flyway-postgres/V")
    );
}

#[test]
fn fingerprints_survive_lines_added_above_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/waivers/sql");
    let copy = |prefix: &str| {
        for name in ["V1__orders.sql", "V2__file_level.sql"] {
            let text = std::fs::read_to_string(src.join(name)).unwrap();
            std::fs::write(dir.path().join(name), format!("{prefix}{text}")).unwrap();
        }
        let r = common::run_in(
            dir.path(),
            &["check", ".", "--dialect", "postgres", "--format", "sarif"],
        );
        places(&r.stdout)
    };
    let before = copy("");
    let after = copy("-- a comment\n\n-- another\n");
    assert!(!before.is_empty());
    assert_eq!(before, after);
}

/// Code scanning refuses a log with a result without a location: a finding
/// that names no place (a team rule's bare message) points at the start of
/// the first proposed file.
#[test]
fn a_finding_with_no_place_still_has_a_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("whole.rego"),
        r#"package team.whole

import rego.v1

meta := {"id": "team-whole", "title": "Too big", "severity": "error"}

deny contains msg if {
	msg := "a message with no place"
}
"#,
    )
    .unwrap();
    let policy = dir.path().join("whole.rego");
    let r = run(
        FLYWAY,
        &["--policy", policy.to_str().unwrap(), "--format", "sarif"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(schema_errors(&r.stdout), Vec::<String>::new());
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let whole: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "team-whole")
        .collect();
    assert!(!whole.is_empty(), "{results:?}");
    for r in results {
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64(),
            "{r}"
        );
    }
    assert_eq!(
        whole[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/flyway-postgres/V2__order_status.sql"
    );
}

/// Each rule's `helpUri`, by rule id.
fn help_uris(text: &str) -> Vec<(String, Option<String>)> {
    let log: Value = serde_json::from_str(text).unwrap();
    log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["helpUri"].as_str().map(String::from),
            )
        })
        .collect()
}

#[test]
fn every_built_in_rule_links_to_its_file_at_this_version_s_tag() {
    let (_, text) = sarif(FLYWAY);
    let log: Value = serde_json::from_str(&text).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(
        driver["informationUri"],
        "https://github.com/schemagate/schemagate"
    );
    let base = format!(
        "https://github.com/schemagate/schemagate/blob/v{}/",
        env!("CARGO_PKG_VERSION")
    );
    let uris = help_uris(&text);
    // every built-in rule (`schemagate rules` lists them) has one
    let listed = common::run(&["rules"]).stdout.lines().count();
    assert_eq!(uris.len(), listed, "{uris:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (id, uri) in uris {
        let uri = uri.unwrap_or_else(|| panic!("{id} has no helpUri"));
        let file = uri.strip_prefix(&base).unwrap_or_else(|| panic!("{uri}"));
        // the rule's own file, where its `meta` documents it
        assert!(
            root.join(file).is_file(),
            "{id}: {file} is not in the repository"
        );
        assert!(file.starts_with("policies/"), "{file}");
        assert!(
            file.ends_with(&format!("/{}.rego", id.replace('-', "_"))),
            "{file}"
        );
    }
}

#[test]
fn rule_docs_url_moves_the_links_and_the_log_stays_valid() {
    let r = run(
        FLYWAY,
        &[
            "--format",
            "sarif",
            "--rule-docs-url",
            "https://git.example.com/mirror/schemagate/blob/v0.1.0/",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(schema_errors(&r.stdout), Vec::<String>::new());
    let uris = help_uris(&r.stdout);
    let (id, uri) = uris
        .iter()
        .find(|(id, _)| id == "ban-drop-table")
        .expect("ban-drop-table");
    assert_eq!(
        uri.as_deref(),
        Some(
            "https://git.example.com/mirror/schemagate/blob/v0.1.0/policies/destructive/ban_drop_table.rego"
        ),
        "{id}"
    );
}

#[test]
fn a_rule_docs_url_that_is_not_an_absolute_url_is_a_usage_error() {
    for bad in ["docs/rules", "ftp://example.com/x", "https://"] {
        let r = run(FLYWAY, &["--format", "sarif", "--rule-docs-url", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stdout);
        assert_eq!(r.stdout, "");
        assert!(
            r.stderr.contains(&format!(
                "invalid value '{bad}' for '--rule-docs-url <BASE>': `{bad}` is not an absolute http(s) URL"
            )),
            "{}",
            r.stderr
        );
    }
}
