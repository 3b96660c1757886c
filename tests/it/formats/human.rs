//! `--format human`: a flood stays readable — the first few of each kind
//! in full, then one line with the count — while JSON keeps every one.

use super::run;

/// Two migrations against a production schema: 12 `missing-placeholder`
/// errors and 12 `ban-drop-table` errors (tests/fixtures/flood).
const FLOOD: &[&str] = &[
    "check",
    "tests/fixtures/flood/migrations",
    "--baseline",
    "tests/fixtures/flood/prod-schema.sql",
    "--dialect",
    "postgres",
];

#[test]
fn a_flood_shows_the_first_five_of_each_kind_and_counts_the_rest() {
    let r = run(FLOOD, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let heads = |code: &str| r.stdout.lines().filter(|l| *l == code).count();
    assert_eq!(heads("missing-placeholder"), 5);
    assert_eq!(heads("ban-drop-table"), 5);
    assert_eq!(heads("require-lock-timeout"), 1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn json_keeps_every_one_of_a_flood() {
    let r = run(FLOOD, &["--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 12);
    assert!(
        errors.iter().all(|e| e["code"] == "missing-placeholder"),
        "{errors:?}"
    );
    assert!(
        errors.iter().all(|e| e["message"]
            .as_str()
            .unwrap()
            .starts_with("no value for placeholder `")),
        "{errors:?}"
    );
    let drops = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ban-drop-table")
        .count();
    assert_eq!(drops, 12);
}

#[test]
fn only_kinds_past_the_limit_are_counted() {
    let r = run(
        &[
            "check",
            "tests/fixtures/flood/migrations/V3__drop_legacy.sql",
        ],
        &[
            "--dialect",
            "postgres",
            "--baseline",
            "tests/fixtures/flood/prod-schema.sql",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("… 7 more ban-drop-table errors not shown")
    );
    let few = run(
        &["check", "examples/flyway-postgres"],
        &[
            "--dialect",
            "postgres",
            "--applied",
            "examples/prod/flyway_schema_history.csv",
        ],
    );
    // two require-lock-timeout warnings, both drawn; nothing counted
    assert_eq!(
        few.stdout
            .lines()
            .filter(|l| *l == "require-lock-timeout")
            .count(),
        2
    );
    assert!(!few.stdout.contains(" more "), "{}", few.stdout);
}
