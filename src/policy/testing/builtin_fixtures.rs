//! The built-in rules' fixture cases (`policies/<category>/fixtures/<case>/`),
//! embedded in the binary: written to a temporary folder, run like a user's
//! cases with the built-in rules, and named by their path in the
//! repository, so a bare `schemagate test` runs them wherever it is.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{TestResult, fixtures};
use crate::error::Problem;
use crate::policy::builtin::builtin_fixtures;

/// Runs every embedded case whose `fixture <path>` name matches `filter`.
pub fn run_builtin_fixtures(
    filter: Option<&regex::Regex>,
    timeout: Duration,
) -> Result<Vec<TestResult>, Vec<Problem>> {
    let dir = tempfile::tempdir().map_err(|e| {
        vec![Problem::general(format!(
            "cannot make a folder for the built-in fixture cases: {e}"
        ))]
    })?;
    let roots = write_all(dir.path())?;
    let shown = |p: &Path| {
        p.strip_prefix(dir.path()).map_or_else(
            |_| crate::span::display_name(p),
            |r| r.to_string_lossy().replace('\\', "/"),
        )
    };
    let prefix = format!("{}/", dir.path().display());
    Ok(fixtures::find_cases(&roots)
        .iter()
        .filter(|c| filter.is_none_or(|f| f.is_match(&format!("fixture {}", shown(c)))))
        .map(|c| {
            let mut r = fixtures::run_case(c, &[], timeout);
            r.name = shown(c);
            r.file = shown(&c.join(fixtures::EXPECTED));
            if let super::Outcome::Error(m) = &mut r.outcome {
                *m = m.replace(&prefix, "");
            }
            r
        })
        .collect())
}

/// Writes every embedded file under `dir`; returns the folders holding a
/// `fixtures/` folder (each category's), in path order.
fn write_all(dir: &Path) -> Result<Vec<PathBuf>, Vec<Problem>> {
    let mut roots = Vec::new();
    for (rel, text) in builtin_fixtures() {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            return Err(vec![Problem::general(format!(
                "cannot write the built-in fixture file {rel}: {e}"
            ))]);
        }
        let root = Path::new(rel)
            .ancestors()
            .find(|a| a.file_name().is_some_and(|n| n == "fixtures"))
            .and_then(Path::parent);
        if let Some(r) = root {
            roots.push(dir.join(r));
        }
    }
    roots.sort();
    roots.dedup();
    Ok(roots)
}
