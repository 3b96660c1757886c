//! Helpers shared by the integration tests: the corpus beside the
//! repository, and running the binary.
// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use schemagate::dialect::Dialect;

/// `../shared/corpus` beside the repository (or beside the folder of git
/// worktrees). The suites that read it are opt-in (`--features corpus`), so
/// a missing corpus fails them loudly.
pub fn corpus() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|rel| manifest.join(rel))
        .find(|root| root.join("manifest.json").exists())
        .unwrap_or_else(|| {
            panic!(
                "--features corpus: no corpus at {} (its manifest.json is missing)",
                manifest.join("../shared/corpus").display()
            )
        })
}

/// The corpus manifest.
pub fn manifest(root: &Path) -> serde_json::Value {
    let text =
        std::fs::read_to_string(root.join("manifest.json")).expect("manifest.json is readable");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

/// The corpus' database names to ours; databases sqlparser has no dialect
/// for are read with the generic one.
pub fn dialect(name: &str) -> Dialect {
    match name {
        "postgresql" => Dialect::Postgres,
        "cockroachdb" => Dialect::Cockroachdb,
        "mysql" => Dialect::Mysql,
        "mariadb" => Dialect::Mariadb,
        "mssql" => Dialect::Sqlserver,
        "sqlite" => Dialect::Sqlite,
        "oracle" => Dialect::Oracle,
        "h2" => Dialect::H2,
        "db2" => Dialect::Db2,
        _ => Dialect::Generic,
    }
}

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary in `dir` as a user would (no colour, no
/// `SCHEMAGATE_ENV` or GitHub Actions variables from the caller), with `env` as `SCHEMAGATE_ENV`.
pub fn run_with_env(dir: &Path, args: &[&str], env: Option<&str>) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_schemagate"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SCHEMAGATE_ENV")
        // on GitHub Actions the default report would be annotations
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(e) = env {
        cmd.env("SCHEMAGATE_ENV", e);
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, None)
}

/// Runs the binary in the repository's folder.
pub fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}
