//! `--format markdown`: a pull-request comment body, readable for one
//! finding and for 500.

use super::{FLYWAY, WAIVERS, run};
use crate::common;

fn markdown(base: &[&str]) -> (i32, String) {
    let r = run(base, &["--format", "markdown"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    (r.code, r.stdout)
}

#[test]
fn the_flyway_example_has_a_table_per_changeset() {
    let (code, md) = markdown(FLYWAY);
    assert_eq!(code, 1);
    assert!(md.starts_with("## ❌ schemagate failed\n"));
    assert!(!md.contains("<details>"));
    insta::assert_snapshot!(md);
}

#[test]
fn waivers_used_are_listed_with_their_reason() {
    let (_, md) = markdown(WAIVERS);
    assert!(md.contains("### Waivers used (4)"));
    insta::assert_snapshot!(md);
}

#[test]
fn a_passing_run_says_so() {
    let (code, md) = markdown(&[
        "check",
        "examples/flyway-postgres/V1__create_orders.sql",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(code, 0, "{md}");
    assert!(md.starts_with("## ✅ schemagate passed\n"), "{md}");
}

#[test]
fn a_thousand_findings_fold_and_stay_under_a_comment_s_size() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    // 500 errors and one warning (require-lock-timeout, once per migration)
    let sql: String = (0..500).map(|i| format!("DROP TABLE t{i:03};\n")).collect();
    std::fs::write(dir.path().join("V1__drop_all.sql"), sql).unwrap();
    let r = common::run_in(
        dir.path(),
        &[
            "check",
            ".",
            "--dialect",
            "postgres",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let md = r.stdout;
    // GitHub refuses comments over 65,536 characters
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("<details><summary>"));
    assert!(md.contains("| `ban-drop-table` | 🔴 error | 500 |"), "{md}");
    assert!(
        md.contains("… and 401 more findings not shown here"),
        "{md}"
    );
    // the impact table folds too, and is cut at 50 statements
    assert!(md.contains("<details><summary>500 statements in 1 changeset</summary>"));
    assert!(md.contains("… and 450 more statements: `schemagate impact` lists them all."));
    insta::assert_snapshot!(md);
}

#[test]
fn the_impact_table_is_the_one_schemagate_impact_prints() {
    let (_, md) = markdown(FLYWAY);
    let section = md
        .split("### Impact of the proposed changes\n")
        .nth(1)
        .expect("an impact section");
    // `| id | rollback | `file:line` | kind | lock | …`
    let rows: Vec<(String, String, String)> = section
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".sql:"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let at = cells[2].trim_matches('`').to_string();
            (at, cells[3].to_string(), cells[4].to_string())
        })
        .collect();
    let mut args = FLYWAY.to_vec();
    args[0] = "impact";
    args.extend(["--format", "json"]);
    let impact = common::run(&args);
    assert_eq!(impact.code, 0, "{}", impact.stderr);
    let impact: serde_json::Value = serde_json::from_str(&impact.stdout).unwrap();
    let expected: Vec<(String, String, String)> = impact
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["statements"].as_array().unwrap().iter())
        .map(|s| {
            (
                format!("{}:{}", s["file"].as_str().unwrap(), s["line"]),
                s["kind"].as_str().unwrap().to_string(),
                s["impact"]["lock"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 6, "{section}");
    assert_eq!(rows, expected);
}
