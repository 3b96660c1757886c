//! One configuration file for every environment: found by itself, strict,
//! and shown with where each value comes from.

use std::path::Path;

use crate::common;
use crate::common::Run;

fn schemagate_in(dir: &Path, args: &[&str], env: Option<&str>) -> Run {
    common::run_with_env(dir, args, env)
}

fn repo() -> Path2 {
    Path2(env!("CARGO_MANIFEST_DIR"))
}

struct Path2(&'static str);

impl Path2 {
    fn run(&self, args: &[&str]) -> Run {
        schemagate_in(Path::new(self.0), args, None)
    }
}

fn rules_and_severities(run: &Run) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            )
        })
        .collect()
}

/// The example's production environment: stricter severities, more
/// protected tables, and warnings fail the gate.
#[test]
fn environments_make_production_stricter() {
    let dev = repo().run(&[
        "check",
        "--config",
        "examples/schemagate.yaml",
        "--env",
        "dev",
        "--format",
        "json",
    ]);
    let prod = repo().run(&[
        "check",
        "--config",
        "examples/schemagate.yaml",
        "--env",
        "prod",
        "--format",
        "json",
    ]);
    assert_eq!(dev.code, 1, "{}", dev.stderr);
    assert_eq!(prod.code, 1, "{}", prod.stderr);
    assert!(
        !rules_and_severities(&dev)
            .iter()
            .any(|r| r.starts_with("require-lock-timeout"))
    );
    assert_eq!(
        rules_and_severities(&prod)
            .iter()
            .filter(|r| *r == "require-lock-timeout error")
            .count(),
        // once per migration: V2 (two statements) and V5
        2
    );
}

/// `fail_on: warning` turns a run with warnings only into a failure.
#[test]
fn fail_on_warning_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("V1__x.sql"), "DROP INDEX idx_a;\n").unwrap();
    std::fs::write(dir.path().join("schemagate.yaml"), "changelog: .\n").unwrap();
    assert_eq!(schemagate_in(dir.path(), &["check"], None).code, 0);
    std::fs::write(
        dir.path().join("schemagate.yaml"),
        "changelog: .\nenvironments:\n  prod: {fail_on: warning}\n",
    )
    .unwrap();
    assert_eq!(schemagate_in(dir.path(), &["check"], None).code, 0);
    // chosen by the environment variable, as a pipeline sets it
    let prod = schemagate_in(dir.path(), &["check"], Some("prod"));
    assert_eq!(prod.code, 1, "{}", prod.stdout);
}

/// `schemagate check` alone, from a subfolder: the file at the repository
/// root is found and its `changelog` read from its own folder.
#[test]
fn the_file_is_found_from_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("db/migrations")).unwrap();
    std::fs::write(
        dir.path().join("db/migrations/V1__x.sql"),
        "UPDATE t SET a = 'x';\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".schemagate.yaml"),
        "changelog: db/migrations\nrules:\n  ban-update-without-where: warning\n",
    )
    .unwrap();
    let run = schemagate_in(&dir.path().join("db"), &["check", "--format", "json"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        rules_and_severities(&run),
        ["ban-update-without-where warning"]
    );
    let none = schemagate_in(&dir.path().join("db"), &["check", "--no-config"], None);
    assert_eq!(none.code, 2);
    assert!(
        none.stdout.contains("no changelog to check"),
        "{}",
        none.stdout
    );
}

#[test]
fn config_shows_each_value_with_its_origin() {
    let run = repo().run(&[
        "config",
        "--config",
        "examples/schemagate.yaml",
        "--env",
        "prod",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "# examples/schemagate.yaml, environment `prod`");
    assert!(
        lines.contains(&"dialect: postgres  # examples/schemagate.yaml:7"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&"rules.require-lock-timeout: \"error\"  # examples/schemagate.yaml:34 (environments.prod)"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&"fail_on: \"warning\"  # examples/schemagate.yaml:32 (environments.prod)"),
        "{}",
        run.stdout
    );
}

#[test]
fn mistakes_are_exit_2_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("V1__x.sql"), "SELECT 1;\n").unwrap();
    let cases: [(&str, &[&str], &str); 4] = [
        (
            "changelog: .\nprotected_tables: [a]\n",
            &[],
            "schemagate.yaml:2:1: invalid config file: unknown field `protected_tables`",
        ),
        (
            "changelog: .\nrules:\n  ban-drop-tabel: off\n",
            &[],
            "schemagate.yaml:3:3: configuration: no rule `ban-drop-tabel`; did you mean `ban-drop-table`?",
        ),
        (
            "changelog: .\ndialect: postgress\n",
            &[],
            "schemagate.yaml:2:10: configuration `dialect`: unknown dialect `postgress`",
        ),
        (
            "changelog: .\n",
            &["--env", "prod"],
            "no environment `prod` in the config file (it has no `environments:`)",
        ),
    ];
    for (text, extra, expected) in cases {
        std::fs::write(dir.path().join("schemagate.yaml"), text).unwrap();
        let run = schemagate_in(dir.path(), &[&["check"], extra].concat(), None);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stdout.contains(expected), "{text}\n{}", run.stdout);
    }
}
