//! Finding and reading the configuration file.

use std::path::{Path, PathBuf};

use super::{Config, FILE_NAMES, Settings, merge};
use crate::error::Problem;

/// The configuration file for a run from `start`: the first of
/// [`FILE_NAMES`] in `start` or a folder above it, stopping at the
/// repository root (the folder holding `.git`).
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    for dir in start.ancestors() {
        if let Some(found) = FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
        {
            return Some(found);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// Reads `path` (YAML, or JSON, which YAML reads too) and resolves it for
/// `environment`. Problems name the file, line and column.
pub fn read(path: &Path, environment: Option<&str>) -> Result<Config, Problem> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Problem::at_path(
            path,
            0,
            0,
            format!("cannot read config file `{}`: {e}", path.display()),
        )
    })?;
    let top: Settings = if text.trim().is_empty() {
        Settings::default()
    } else {
        serde_saphyr::from_str(&text).map_err(|e| {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let msg = e.without_snippet().to_string();
            let first = msg.lines().next().unwrap_or_default();
            // the location is given apart; serde-saphyr repeats it
            let first = first.split(" at line ").next().unwrap_or(first);
            Problem::at_path(path, line, column, format!("invalid config file: {first}"))
        })?
    };
    merge::resolve(path, top, environment)
}
