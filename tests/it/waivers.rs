//! Waivers as users write them: inline comments in every changelog format,
//! squawk's and Atlas's forms, config entries; what they suppress, what they
//! report about themselves, and the exit code.

use std::process::Command;

use serde_json::Value;

const DIR: &str = "tests/fixtures/waivers";

fn run(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), report)
}

/// `rule severity file:line` per finding, `waived by:line` when waived.
fn findings(report: &Value) -> Vec<String> {
    let list = report["findings"].as_array().expect("findings");
    list.iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default();
            let file = file.strip_prefix(&format!("{DIR}/")).unwrap_or(file);
            let mut s = format!("{} {} {file}:{}", f["rule"], f["severity"], f["line"]);
            if let Some(w) = f.get("waived") {
                s.push_str(&format!(" waived {}:{}", w["by"], w["line"]));
            }
            s.replace('"', "")
        })
        .collect()
}

#[test]
fn sql_folder_inline_and_file_level() {
    let (code, report) = run(&[&format!("{DIR}/sql")]);
    assert_eq!(
        findings(&report),
        [
            "require-concurrent-index-creation error sql/V1__orders.sql:4 waived inline:3",
            "unused-waiver warning sql/V1__orders.sql:7",
            "waiver-without-reason warning sql/V1__orders.sql:7",
            "ban-drop-column error sql/V1__orders.sql:8 waived inline:7",
            // A comment after the statement waives nothing.
            "ban-drop-column error sql/V1__orders.sql:10",
            "unused-waiver warning sql/V1__orders.sql:10",
            "ban-drop-column error sql/V1__orders.sql:12",
            "ban-drop-column error sql/V2__file_level.sql:4 waived inline:2",
            "ban-drop-column error sql/V2__file_level.sql:5 waived inline:2",
        ]
    );
    assert_eq!(code, 1);
    assert_eq!(report["stats"]["waived"], 4);
    let unused = &report["findings"][1]["message"];
    assert_eq!(unused, "waiver of `ban-drop-table` suppressed nothing");
    let waiver = &report["findings"][0]["waived"];
    assert_eq!(waiver["reason"], "orders is tiny, built at night");
    assert_eq!(waiver["file"], format!("{DIR}/sql/V1__orders.sql"));
}

#[test]
fn squawk_and_atlas_forms_through_aliases() {
    let (code, report) = run(&[&format!("{DIR}/squawk")]);
    assert_eq!(
        findings(&report),
        [
            "waiver-without-reason warning squawk/V1__squawk.sql:1",
            "waiver-without-reason warning squawk/V1__squawk.sql:2",
            "require-concurrent-index-creation error squawk/V1__squawk.sql:3 waived inline:2",
            "require-lock-timeout warning squawk/V1__squawk.sql:3 waived inline:1",
            "waiver-without-reason warning squawk/V1__squawk.sql:4",
            "ban-drop-column error squawk/V1__squawk.sql:5 waived inline:4",
            "unused-waiver warning squawk/V1__squawk.sql:6",
            "waiver-without-reason warning squawk/V1__squawk.sql:6",
            "ban-drop-column error squawk/V1__squawk.sql:7",
        ]
    );
    assert_eq!(code, 1);
    let unknown = report["findings"][6]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        unknown.contains("`require-statement-timeout` (not a rule schemagate has)"),
        "{unknown}"
    );
}

#[test]
fn liquibase_xml_changeset_and_change() {
    let (code, report) = run(&[&format!("{DIR}/liquibase/changelog.xml")]);
    assert_eq!(
        findings(&report),
        [
            // No changeset here has a rollback (Liquibase derives none for
            // dropColumn, dropTable or raw SQL).
            "rollback-missing warning liquibase/changelog.xml:4",
            "ban-drop-column error liquibase/changelog.xml:5 waived inline:3",
            "require-lock-timeout warning liquibase/changelog.xml:5 waived inline:3",
            "ban-drop-column error liquibase/changelog.xml:6 waived inline:3",
            "rollback-missing warning liquibase/changelog.xml:8",
            "waiver-without-reason warning liquibase/changelog.xml:9",
            "ban-drop-table error liquibase/changelog.xml:10 waived inline:9",
            "require-lock-timeout warning liquibase/changelog.xml:10",
            "ban-drop-column error liquibase/changelog.xml:11",
            "rollback-missing warning liquibase/changelog.xml:13",
            // An SQL comment inside <sql> waives the statement below it.
            "ban-truncate error liquibase/changelog.xml:17 waived inline:16",
            "ban-truncate error liquibase/changelog.xml:18",
        ]
    );
    assert_eq!(code, 1);
    // XML comments may not hold `--`: ` - ` starts the reason there.
    assert_eq!(
        report["findings"][1]["waived"]["reason"],
        "agreed in DBA review"
    );
}

#[test]
fn liquibase_yaml_and_formatted_sql() {
    let (code, report) = run(&[&format!("{DIR}/liquibase/changelog.yaml")]);
    assert_eq!(
        findings(&report),
        [
            "rollback-missing warning liquibase/changelog.yaml:3",
            "ban-drop-column error liquibase/changelog.yaml:8 waived inline:2",
            "require-lock-timeout warning liquibase/changelog.yaml:8 waived inline:7",
        ]
    );
    assert_eq!(code, 0, "waived errors do not fail the gate");
    let (code, report) = run(&[&format!("{DIR}/liquibase/changelog.sql")]);
    assert_eq!(
        findings(&report),
        [
            "rollback-missing warning liquibase/changelog.sql:4",
            "ban-drop-column error liquibase/changelog.sql:6 waived inline:3",
            "rollback-missing warning liquibase/changelog.sql:8",
            "ban-drop-table error liquibase/changelog.sql:11 waived inline:10",
            "ban-drop-column error liquibase/changelog.sql:12",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn config_waivers_expired_and_unused() {
    let config = format!("{DIR}/config/waivers.yaml");
    let (code, report) = run(&["--config", &config, &format!("{DIR}/config")]);
    assert_eq!(
        findings(&report),
        [
            "ban-drop-column error config/V1__config.sql:2 waived config:2",
            "ban-drop-table error config/V1__config.sql:3 waived config:7",
            "require-concurrent-index-creation error config/V1__config.sql:4",
            "ban-truncate error config/V1__config.sql:5",
            "waiver-without-reason warning config/waivers.yaml:7",
            "expired-waiver warning config/waivers.yaml:10",
            "unused-waiver warning config/waivers.yaml:14",
        ]
    );
    assert_eq!(code, 1);
    let w = &report["findings"][0]["waived"];
    assert_eq!(w["owner"], "dba-team");
    assert_eq!(w["expires"], "2099-12-31");
    assert_eq!(report["findings"][1]["waived"]["ticket"], "DBA-42");
    let expired = report["findings"][5]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(expired.contains("expired on 2020-01-31"), "{expired}");
    assert_eq!(report["stats"]["waived"], 2);
}

#[test]
fn no_waivers_shows_everything() {
    let config = format!("{DIR}/config/waivers.yaml");
    let (code, report) = run(&[
        "--no-waivers",
        "--config",
        &config,
        &format!("{DIR}/config"),
    ]);
    assert_eq!(
        findings(&report),
        [
            "ban-drop-column error config/V1__config.sql:2",
            "ban-drop-table error config/V1__config.sql:3",
            "require-concurrent-index-creation error config/V1__config.sql:4",
            "ban-truncate error config/V1__config.sql:5",
        ]
    );
    assert_eq!(code, 1);
    assert_eq!(report["stats"]["waived"], 0);
}

#[test]
fn bad_config_waivers_are_config_errors() {
    let config = format!("{DIR}/config/bad.yaml");
    let (code, report) = run(&["--config", &config, &format!("{DIR}/config")]);
    assert_eq!(code, 2);
    let errors: Vec<String> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| format!("{}:{}: {}", e["file"], e["line"], e["message"]).replace('"', ""))
        .collect();
    assert_eq!(
        errors,
        [
            format!(
                "{config}:2: waivers[0]: unknown rule `ban-drop-colum`; did you mean `ban-drop-column`?"
            ),
            format!("{config}:4: waivers[1]: `expires: 31/12/2099` is not a date (YYYY-MM-DD)"),
            format!(
                "{config}:7: waivers[2]: unknown key `approved_by` (expected one of rule, changeset, file, object, reason, owner, ticket, expires)"
            ),
        ]
    );
}

#[test]
fn human_report_lists_waived_findings_in_one_line_each() {
    let out = Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .args(["check", &format!("{DIR}/liquibase/changelog.yaml")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let tail: Vec<&str> = text.lines().rev().take(3).collect();
    assert_eq!(
        tail,
        [
            "✔ passed: 0 errors, 1 warning, 2 waived in 1 statement (1 changeset, 1 file)",
            "waived: warning require-lock-timeout at tests/fixtures/waivers/liquibase/changelog.yaml:8 (inline waiver at tests/fixtures/waivers/liquibase/changelog.yaml:7: \"orders is tiny\")",
            "waived: error ban-drop-column at tests/fixtures/waivers/liquibase/changelog.yaml:8 (inline waiver at tests/fixtures/waivers/liquibase/changelog.yaml:2: \"agreed in DBA review\")",
        ]
    );
}

#[test]
fn waivers_in_history_are_not_judged() {
    let export = format!("{DIR}/history/flyway_schema_history.csv");
    let (code, report) = run(&["--applied", &export, &format!("{DIR}/history/db")]);
    // V1 ran already: its waiver (no reason, nothing to waive) is not reported.
    assert_eq!(
        findings(&report),
        ["ban-drop-table error history/db/V2__new.sql:3 waived inline:2"]
    );
    assert_eq!(code, 0);
}

#[test]
fn findings_about_waivers_are_tuned_like_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("c.yaml");
    let text =
        "rules:\n  unused-waiver: {enabled: false}\n  waiver-without-reason: {severity: error}\n";
    std::fs::write(&config, text).expect("config written");
    let config = config.to_string_lossy().into_owned();
    let (code, report) = run(&["--config", &config, &format!("{DIR}/squawk")]);
    let rules: Vec<String> = findings(&report)
        .into_iter()
        .filter(|f| f.contains("waiver"))
        .collect();
    assert_eq!(
        rules,
        [
            "waiver-without-reason error squawk/V1__squawk.sql:1",
            "waiver-without-reason error squawk/V1__squawk.sql:2",
            "waiver-without-reason error squawk/V1__squawk.sql:4",
            "waiver-without-reason error squawk/V1__squawk.sql:6",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_library_caller_gives_config_waivers_without_a_file() {
    use schemagate::check::{CheckOptions, check};
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(DIR)
        .join("config");
    let mut opts = CheckOptions::new(vec![path], schemagate::dialect::Dialect::Postgres);
    opts.config = serde_json::json!({"waivers": [
        {"rule": "ban-truncate", "object": "sessions", "reason": "r", "expires": "2020-01-01"},
        {"rule": "ban-drop-table", "object": "audit_old", "reason": "archived"},
    ]});
    let outcome = check(&opts);
    let about: Vec<(&str, bool)> = outcome
        .findings
        .iter()
        .filter(|f| f.rule.contains("waiver") || f.waived.is_some())
        .map(|f| (f.rule.as_str(), f.span.is_some()))
        .collect();
    // Findings tied to no place come first.
    assert_eq!(about, [("expired-waiver", false), ("ban-drop-table", true)]);
    assert_eq!(outcome.stats.waived, 1);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
}

/// Other tools' names, prefixed (`liquibase:…`, `atlas:…`, `squawk:…`,
/// `bytebase:…`), wherever a rule id is accepted: inline waivers,
/// configuration waivers, and `rules:` in the configuration (turned off,
/// severity raised).
#[test]
fn prefixed_aliases_in_inline_waivers_config_waivers_and_rules() {
    let config = format!("{DIR}/prefixed/schemagate.yaml");
    let (code, report) = run(&["--config", &config, &format!("{DIR}/prefixed")]);
    assert_eq!(
        findings(&report),
        [
            "ban-drop-column error prefixed/V1__prefixed.sql:2 waived inline:1",
            "ban-drop-column error prefixed/V1__prefixed.sql:4 waived inline:3",
            "require-concurrent-index-creation error prefixed/V1__prefixed.sql:5 waived config:5",
            // bytebase:table.require-pk raised to error; require-lock-timeout
            // off as squawk:require-timeout-settings
            "require-primary-key error prefixed/V1__prefixed.sql:6",
        ]
    );
    assert_eq!(code, 1);
}
