//! `--format` is repeatable, each report to standard output or a file.

use super::{FLYWAY, WAIVERS, run, scratch, to};

#[test]
fn human_and_json_are_unchanged_by_writing_them_to_files_too() {
    let human = run(FLYWAY, &[]);
    let json = run(FLYWAY, &["--format", "json"]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert_eq!(json.code, 1, "{}", json.stderr);
    let dir = scratch();
    let json_file = dir.path().join("reports/schemagate.json");
    let human_file = dir.path().join("human.txt");
    let both = run(
        FLYWAY,
        &[
            "--format",
            "human",
            "--format",
            &to("json", &json_file),
            "--format",
            &to("human", &human_file),
        ],
    );
    assert_eq!(both.code, 1, "{}", both.stderr);
    assert_eq!(both.stdout, human.stdout, "human on standard output");
    assert_eq!(both.stderr, "");
    // the missing folder `reports/` is created
    assert_eq!(std::fs::read_to_string(&json_file).unwrap(), json.stdout);
    // a file never gets colour (NO_COLOR is set here anyway)
    assert_eq!(std::fs::read_to_string(&human_file).unwrap(), human.stdout);
}

#[test]
fn only_files_leave_standard_output_empty() {
    let dir = scratch();
    let file = dir.path().join("r.json");
    let r = run(WAIVERS, &["--format", &to("json", &file)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("\"waived\"")
    );
}

#[test]
fn an_unknown_format_is_a_usage_error_naming_the_choices() {
    let r = run(WAIVERS, &["--format", "xml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown format `xml`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("expected one of human, json"),
        "{}",
        r.stderr
    );
    let r = run(WAIVERS, &["--format", "json="]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no file after `=`"), "{}", r.stderr);
}

#[test]
fn two_reports_on_standard_output_are_refused_before_the_run() {
    let r = run(WAIVERS, &["--format", "human", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("human, json would all write to standard output"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_folder_or_an_unwritable_path_is_an_error_exit_2() {
    let dir = scratch();
    let r = run(WAIVERS, &["--format", &to("json", dir.path())]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is a folder"), "{}", r.stderr);
    // a folder cannot be made under a file: reported after the run, the
    // other reports still written
    let file = dir.path().join("plain");
    std::fs::write(&file, "").unwrap();
    let r = run(
        WAIVERS,
        &[
            "--format",
            "json",
            "--format",
            &to("human", &file.join("x.txt")),
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("\"schema_version\""));
    assert!(
        r.stderr.contains("error: cannot write the human report to"),
        "{}",
        r.stderr
    );
}

#[test]
fn root_sets_what_paths_are_relative_to() {
    let r = run(FLYWAY, &["--format", "github", "--root", "examples"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("::error file=flyway-postgres/V2__order_status.sql,line=1,"),
        "{}",
        r.stdout
    );
    let r = run(FLYWAY, &["--format", "github", "--root", "no/such/dir"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--root `no/such/dir` is not a folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in [
        "human", "json", "sarif", "junit", "github", "gitlab", "markdown",
    ] {
        let first = run(FLYWAY, &["--format", format]);
        let second = run(FLYWAY, &["--format", format]);
        assert_eq!(first.code, 1, "{format}: {}", first.stderr);
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}
