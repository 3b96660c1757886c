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
    insta::assert_snapshot!(md);
}
