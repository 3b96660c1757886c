//! What a person at a terminal sees: `--quiet`, `--color`, and the
//! progress indicator on standard error.

use std::path::Path;

use super::{FLYWAY, run, scratch, to};
use crate::common::Run;

/// The summary line of the Flyway example.
const SUMMARY: &str = "✖ failed: 4 errors, 2 warnings in 8 statements (5 changesets proposed, 1 of history not judged, 9 files)\n";

/// Runs the binary in the repository with `env` set on top of what
/// [`crate::common::run`] sets (`NO_COLOR=1`).
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_schemagate"));
    cmd.args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SCHEMAGATE_ENV")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    FLYWAY.iter().chain(extra).copied().collect()
}

/// `s` without its ANSI escape sequences (`ESC [ … letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn quiet_prints_the_summary_line_only() {
    for flag in ["--quiet", "-q"] {
        let r = run(FLYWAY, &[flag]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(r.stdout, SUMMARY);
        assert_eq!(r.stderr, "");
    }
    // the full report ends with the same line
    assert!(run(FLYWAY, &[]).stdout.ends_with(SUMMARY));
}

#[test]
fn quiet_leaves_report_files_and_other_formats_whole() {
    let full_json = run(FLYWAY, &["--format", "json"]).stdout;
    let full_human = run(FLYWAY, &[]).stdout;
    let dir = scratch();
    let (json, human) = (dir.path().join("r.json"), dir.path().join("r.txt"));
    let r = run(
        FLYWAY,
        &[
            "-q",
            "--format",
            "human",
            "--format",
            &to("json", &json),
            "--format",
            &to("human", &human),
        ],
    );
    assert_eq!((r.code, r.stdout.as_str()), (1, SUMMARY), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&json).unwrap(), full_json);
    assert_eq!(std::fs::read_to_string(&human).unwrap(), full_human);
    // a machine format on standard output is not cut either
    assert_eq!(run(FLYWAY, &["-q", "--format", "json"]).stdout, full_json);
}

#[test]
fn color_always_draws_in_colour_even_with_no_color_set() {
    let plain = run_env(FLYWAY, &[]);
    assert!(!plain.stdout.contains('\u{1b}'), "NO_COLOR, not a terminal");
    let colour = run_env(&with(&["--color", "always"]), &[]);
    assert_eq!(colour.code, 1, "{}", colour.stderr);
    assert!(colour.stdout.contains("\u{1b}["), "{}", colour.stdout);
    // the same text, only coloured
    assert_eq!(strip_ansi(&colour.stdout), plain.stdout);
    // `--color` is global: it may come before the subcommand
    let mut before = vec!["--color", "always"];
    before.extend(FLYWAY);
    assert_eq!(run_env(&before, &[]).stdout, colour.stdout);
}

#[test]
fn color_auto_follows_the_environment_and_never_wins_over_it() {
    let forced = [("FORCE_COLOR", "1")];
    let no_color_unset: &[(&str, &str)] = &[("NO_COLOR", "")];
    // not a terminal: plain, unless FORCE_COLOR asks
    assert!(
        !run_env(&with(&[]), no_color_unset)
            .stdout
            .contains('\u{1b}')
    );
    let auto = run_env(&with(&["--color", "auto"]), &[forced[0], ("NO_COLOR", "")]);
    assert!(auto.stdout.contains("\u{1b}["), "{}", auto.stdout);
    // NO_COLOR beats FORCE_COLOR under auto; --color never beats both
    assert!(!run_env(&with(&[]), &forced).stdout.contains('\u{1b}'));
    let never = run_env(&with(&["--color", "never"]), &[forced[0], ("NO_COLOR", "")]);
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
fn color_applies_to_the_errors_of_other_subcommands() {
    let args = ["impact", "no/such/changelog.sql", "--color", "always"];
    let r = run_env(&args, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("\u{1b}["), "{}", r.stderr);
    let plain = run_env(&args[..2], &[]);
    assert_eq!(strip_ansi(&r.stderr), plain.stderr);
    assert!(
        plain.stderr.contains("no/such/changelog.sql"),
        "{}",
        plain.stderr
    );
}

#[test]
fn a_bad_color_is_a_usage_error_naming_the_choices() {
    let r = run_env(&with(&["--color", "sometimes"]), &[]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("invalid value 'sometimes' for '--color <WHEN>'"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("[possible values: auto, always, never]"),
        "{}",
        r.stderr
    );
}

/// Shows progress at once instead of after a second, so no test depends
/// on how fast the machine runs.
const PROGRESS_AT_ONCE: (&str, &str) = ("SCHEMAGATE_PROGRESS_DELAY", "0");

/// A folder of 150 migrations (3,000 statements), long enough to check
/// that each stage lasts past a spinner tick, and the result of one check
/// of it with standard error on a pipe and progress due at once.
fn big_run(extra: &[&str]) -> (tempfile::TempDir, Run) {
    let dir = scratch();
    for f in 1..=150 {
        let sql: String = (0..10)
            .map(|i| {
                format!("ALTER TABLE t{f} ADD COLUMN c{i} text;\nCREATE INDEX i{f}_{i} ON t{f} (c{i});\n")
            })
            .collect();
        std::fs::write(dir.path().join(format!("V{f}__m.sql")), sql).unwrap();
    }
    let folder = dir.path().display().to_string();
    let mut args = vec!["check", folder.as_str(), "--dialect", "postgres"];
    args.extend(extra);
    let r = run_env(&args, &[PROGRESS_AT_ONCE]);
    (dir, r)
}

#[test]
fn no_progress_reaches_standard_error_when_it_is_not_a_terminal() {
    // on a terminal the spinner would show at once
    let (_dir, r) = big_run(&["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.starts_with('{'));
}

/// Runs `args` with standard output and error on a pseudo-terminal
/// (util-linux `script`), returning what the terminal received.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &[&str]) -> String {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_schemagate"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let out = std::process::Command::new("script")
        .args(["-qfec", &quoted.join(" "), "/dev/null"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env(PROGRESS_AT_ONCE.0, PROGRESS_AT_ONCE.1)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("util-linux `script` runs (it gives the test a terminal)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn a_terminal_sees_progress_and_the_reports_are_the_same_bytes() {
    let (dir, piped) = big_run(&["--format", "sarif"]);
    let folder = dir.path().display().to_string();
    let report = dir.path().with_extension("sarif");
    let target = format!("sarif={}", report.display());
    let base = ["check", folder.as_str(), "--dialect", "postgres"];
    let shown = on_a_terminal(&[&base[..], &["--format", &target]].concat());
    assert!(
        shown.contains("evaluating policies: 150 proposed changesets of"),
        "{shown}"
    );
    // the line is cleared at the end: the terminal is left as it was
    assert!(shown.ends_with("\r\u{1b}[2K"), "{shown:?}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), piped.stdout);
    std::fs::remove_file(&report).unwrap();
    // --quiet: the summary line, no progress
    let quiet =
        on_a_terminal(&[&base[..], &["-q", "--format", "human", "--format", &target]].concat());
    assert!(quiet.starts_with("✖ failed: "), "{quiet:?}");
    assert_eq!(quiet.lines().count(), 1, "{quiet:?}");
    assert!(!quiet.contains('\u{1b}'), "{quiet:?}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), piped.stdout);
    std::fs::remove_file(&report).unwrap();
}
