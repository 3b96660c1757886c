//! `--format NAME[=PATH]` and each report format, on the bundled examples
//! and fixtures.

mod cli;
mod github;
mod gitlab;
mod human;
mod junit;
mod markdown;
mod sarif;
mod terminal;

use std::path::Path;

use crate::common::{self, Run};

/// The bundled Flyway example as a pipeline judges it: V1 applied, V2..V5
/// proposed (errors and warnings).
pub const FLYWAY: &[&str] = &[
    "check",
    "examples/flyway-postgres",
    "--dialect",
    "postgres",
    "--applied",
    "examples/prod/flyway_schema_history.csv",
];

/// Inline waivers (waived findings beside live ones).
pub const WAIVERS: &[&str] = &[
    "check",
    "tests/fixtures/waivers/sql",
    "--dialect",
    "postgres",
];

/// Runs `base` with `extra` arguments in the repository.
pub fn run(base: &[&str], extra: &[&str]) -> Run {
    let args: Vec<&str> = base.iter().chain(extra).copied().collect();
    common::run(&args)
}

/// A fresh folder for report files, inside the repository's target-free
/// temporary space.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// `path` as a `--format` argument.
pub fn to(format: &str, path: &Path) -> String {
    format!("{format}={}", path.display())
}
