//! `--format github`: workflow commands GitHub turns into annotations,
//! chosen by itself on GitHub Actions, and the job summary.

use std::path::Path;
use std::process::Command;

use super::{FLYWAY, WAIVERS, run};

fn github(base: &[&str]) -> (i32, String) {
    let r = run(base, &["--format", "github"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    (r.code, r.stdout)
}

#[test]
fn the_flyway_example_is_one_annotation_per_finding() {
    let (code, out) = github(FLYWAY);
    assert_eq!(code, 1);
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert!(
        commands[0].starts_with(
            "::error file=examples/flyway-postgres/V2__order_status.sql,line=1,col=1,endLine=1,endColumn=51,title=adding-required-field::"
        ),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn waived_findings_are_not_annotated() {
    let (_, out) = github(WAIVERS);
    assert_eq!(out.lines().filter(|l| l.starts_with("::error")).count(), 2);
    insta::assert_snapshot!(out);
}

/// Runs the binary as GitHub Actions does: `GITHUB_ACTIONS=true`, and a
/// step summary file.
fn on_github_actions(args: &[&str], summary: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("SCHEMAGATE_ENV")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn on_github_actions_annotations_are_the_default_and_the_summary_is_appended() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let (code, out) = on_github_actions(FLYWAY, &summary);
    assert_eq!(code, 1);
    assert_eq!(out, github(FLYWAY).1);
    let written = std::fs::read_to_string(&summary).unwrap();
    let markdown = run(FLYWAY, &["--format", "markdown"]).stdout;
    assert_eq!(written, format!("earlier step\n{markdown}"));
    // a --format given wins, and writes no summary
    let (_, out) = on_github_actions(
        &[FLYWAY, &["--format", "json"]].concat(),
        &dir.path().join("none.md"),
    );
    assert!(out.starts_with('{'));
    assert!(!dir.path().join("none.md").exists());
}
