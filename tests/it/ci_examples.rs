//! The CI pipelines in `examples/ci/` (and `.pre-commit-hooks.yaml`) run as
//! written: every `schemagate …` command they hold is run with the built
//! binary in a fixture repository, and must pass or fail the gate (exit 0
//! or 1, never a usage or input error) and write the report files it names.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every string of a YAML document, depth first.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        Value::Object(o) => o.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The `schemagate …` commands of a shell script (or a YAML-folded line):
/// `\`-continued lines joined, each from `schemagate` to the end of its
/// line.
fn commands_in_script(script: &str) -> Vec<String> {
    script
        .replace("\\\n", " ")
        .lines()
        .filter_map(|l| {
            l.find("schemagate check")
                .map(|i| l[i..].trim().to_string())
        })
        .collect()
}

/// The `schemagate …` commands of a CI file.
fn commands(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    commands_of(&name, &text)
}

/// The `schemagate …` commands of the CI file `name` holding `text`.
fn commands_of(name: &str, text: &str) -> Vec<String> {
    if name == "Jenkinsfile" {
        // sh '…' and sh "…" steps
        return text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("sh "))
            .filter_map(|l| {
                let quote = l.chars().next()?;
                l.get(1..)?.rsplit_once(quote).map(|(s, _)| s.to_string())
            })
            .flat_map(|s| commands_in_script(&s))
            .collect();
    }
    let doc: Value = serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut all = Vec::new();
    strings(&doc, &mut all);
    all.iter().flat_map(|s| commands_in_script(s)).collect()
}

/// A repository as the examples expect: Flyway migrations in
/// `db/migrations` (V1–V4 on `main`, V5 added on the branch), a Liquibase
/// changelog in `db/changelog`, team policies in `policies/`, the target's
/// history export as `applied.csv` (Liquibase's for `liquibase`).
fn fixture_repository(liquibase: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    let copy_dir = |from: &Path, to: &Path| {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let dest = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(e.path(), &dest).unwrap();
            }
        }
    };
    copy_dir(
        &root().join("examples/flyway-postgres"),
        &at.join("db/migrations"),
    );
    copy_dir(&root().join("examples/policies"), &at.join("policies"));
    let lb = root().join("tests/fixtures/history/applied/liquibase");
    copy_dir(&lb.join("now/changes"), &at.join("db/changelog/changes"));
    std::fs::copy(
        lb.join("now/changelog.xml"),
        at.join("db/changelog/db.changelog-master.xml"),
    )
    .unwrap();
    let applied = if liquibase {
        lb.join("databasechangelog.csv")
    } else {
        root().join("examples/prod/flyway_schema_history.csv")
    };
    std::fs::copy(applied, at.join("applied.csv")).unwrap();
    // what `schemagate init` writes: the changelog a bare `schemagate
    // check` (the `schemagate-changed` hook) checks
    std::fs::write(
        at.join("schemagate.yaml"),
        "changelog: db/migrations\ndialect: postgres\nenvironments:\n  prod:\n    dialect: postgres\n",
    )
    .unwrap();
    let v5 = at.join("db/migrations/V5__customer_fk.sql");
    let v5_text = std::fs::read_to_string(&v5).unwrap();
    std::fs::remove_file(&v5).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(at)
            .args(["-c", "user.name=ci", "-c", "user.email=ci@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    // the base branch as a clone sees it, and a branch that tracks it
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    git(&["checkout", "-q", "-b", "feature"]);
    git(&["branch", "-q", "--set-upstream-to=main"]);
    std::fs::write(&v5, v5_text).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "add V5"]);
    dir
}

/// The CI system's own placeholders, as a pull request would fill them.
fn fill(command: &str) -> String {
    command
        .replace("${{ github.base_ref }}", "main")
        .replace("<+pipeline.variables.context>", "prod")
}

/// The report files a command names (`--format NAME=PATH`).
fn report_files(command: &str) -> Vec<PathBuf> {
    command
        .split_whitespace()
        .filter_map(|w| w.split_once('='))
        .filter(|(name, _)| {
            [
                "human", "json", "sarif", "junit", "github", "gitlab", "markdown",
            ]
            .contains(name)
        })
        .map(|(_, path)| PathBuf::from(path))
        .collect()
}

/// Runs `command` with `sh` in a fresh fixture repository, `schemagate` on
/// the PATH, as the CI would (its variables set); returns the exit code.
fn run_as_ci(file: &str, command: &str) -> i32 {
    let liquibase = command.contains("db/changelog");
    let repo = fixture_repository(liquibase);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_schemagate"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let summary = repo.path().join("step-summary.md");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(fill(command))
        .current_dir(repo.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("SCHEMAGATE_ENV")
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env("BITBUCKET_PR_DESTINATION_BRANCH", "main");
    if file.contains("github") {
        cmd.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary);
    } else {
        cmd.env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY");
    }
    let out = cmd.output().expect("sh runs");
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        code == 0 || code == 1,
        "{file}: `{command}` exited {code}:\n{stderr}\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for report in report_files(command) {
        let p = repo.path().join(&report);
        assert!(
            p.is_file() && std::fs::metadata(&p).unwrap().len() > 0,
            "{file}: `{command}` did not write {}",
            report.display()
        );
    }
    if command.contains("--format github") {
        let text = std::fs::read_to_string(&summary).unwrap_or_default();
        assert!(text.starts_with("## "), "{file}: no job summary");
    }
    code
}

#[test]
fn every_ci_example_runs_its_schemagate_commands() {
    let dir = root().join("examples/ci");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let mut ran = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let found = commands(&path);
        assert!(!found.is_empty(), "{name}: no `schemagate check` command");
        for command in found {
            let code = run_as_ci(&name, &command);
            // the branch adds V5, a foreign key without NOT VALID: the
            // gate fails on every Flyway pipeline
            if command.contains("db/migrations") {
                assert_eq!(code, 1, "{name}: `{command}`");
            }
            ran += 1;
        }
    }
    assert!(ran >= 5, "{ran} commands");
}

#[test]
fn the_pre_commit_hooks_run_as_pre_commit_runs_them() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<Value> = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(hooks.len(), 2);
    for hook in hooks {
        let entry = hook["entry"].as_str().unwrap();
        // pre-commit appends the hook's args, then the staged files
        let mut command = format!("{entry} --dialect postgres");
        if hook["pass_filenames"] != Value::Bool(false) {
            command.push_str(" db/migrations/V5__customer_fk.sql");
        }
        assert_eq!(
            run_as_ci(".pre-commit-hooks.yaml", &command),
            1,
            "{command}"
        );
    }
}

#[test]
fn commands_are_found_in_each_shape() {
    assert_eq!(
        commands_in_script("psql x > a\nschemagate check a \\\n  --b c\n"),
        vec!["schemagate check a    --b c"]
    );
    assert_eq!(
        report_files("schemagate check x --format human --format sarif=r/a.sarif"),
        vec![PathBuf::from("r/a.sarif")]
    );
}

/// The CI steps `schemagate init` writes run too (with the repository's
/// schemagate.yaml, which init writes beside them).
#[test]
fn the_ci_steps_init_writes_run_their_schemagate_commands() {
    use schemagate::init::ci::{Ci, snippet};
    for ci in [Ci::GithubActions, Ci::Gitlab, Ci::Jenkins, Ci::Harness] {
        let s = snippet(ci, "db/migrations");
        let name = match ci {
            Ci::Jenkins => "Jenkinsfile".to_string(),
            Ci::GithubActions => "init-github.yml".to_string(),
            other => format!("init-{}.yml", other.name()),
        };
        let found = commands_of(&name, &s.text);
        assert!(!found.is_empty(), "{name}: no `schemagate check` command");
        for command in found {
            assert_eq!(run_as_ci(&name, &command), 1, "{name}: `{command}`");
        }
    }
}
