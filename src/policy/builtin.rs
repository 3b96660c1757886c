//! Policy files: the built-in library embedded at compile time, and the
//! user's own policy directories read from disk.

use std::path::Path;

use crate::error::Problem;

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// One Rego source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    /// The path shown in errors (`policies/<category>/<file>.rego` for the
    /// built-ins, the path as found on disk for the user's own).
    pub path: String,
    pub text: String,
}

impl PolicyFile {
    /// `*_test.rego` files hold unit tests: loaded by `schemagate test`,
    /// never evaluated against a changelog.
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

/// Every `policies/**/*.rego` file of the crate (rules, the shared library
/// and their tests), in path order.
pub fn builtin_policies() -> Vec<PolicyFile> {
    BUILTIN_POLICIES
        .iter()
        .map(|(path, text)| PolicyFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// Is `file` one of the embedded built-in files, unchanged (same path, same
/// text)? Compared with the embedded table itself, not a copy of it.
pub fn is_embedded(file: &PolicyFile) -> bool {
    BUILTIN_POLICIES
        .iter()
        .any(|(path, text)| *path == file.path && *text == file.text)
}

/// `(path, text)` of every file of the built-in rules' fixture cases
/// (`policies/<category>/fixtures/<case>/…`), in path order.
pub fn builtin_fixtures() -> &'static [(&'static str, &'static str)] {
    BUILTIN_FIXTURES
}

/// The shared library only (`policies/lib/`: `data.schemagate.lib` and the
/// test fixtures), for running a user's own tests without the built-in rules
/// and their tests: `run_tests(user_files + builtin_library(), …)`.
pub fn builtin_library() -> Vec<PolicyFile> {
    builtin_policies()
        .into_iter()
        .filter(|f| f.path.starts_with("policies/lib/"))
        .collect()
}

/// Every `*.rego` file under `dir` (recursively, in path order), or `dir`
/// itself when it is a single file.
pub fn read_policy_dir(dir: &Path) -> Result<Vec<PolicyFile>, Problem> {
    let shown = crate::span::display_name(dir);
    let meta = std::fs::metadata(dir)
        .map_err(|e| Problem::general(format!("cannot read policy path `{shown}`: {e}")))?;
    if meta.is_file() {
        return Ok(vec![read_one(dir)?]);
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = entry.map_err(|e| {
            Problem::general(format!("cannot read policy directory `{shown}`: {e}"))
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "rego") {
            files.push(read_one(entry.path())?);
        }
    }
    Ok(files)
}

fn read_one(path: &Path) -> Result<PolicyFile, Problem> {
    let shown = crate::span::display_name(path);
    let text = std::fs::read_to_string(path)
        .map_err(|e| Problem::general(format!("cannot read policy file `{shown}`: {e}")))?;
    Ok(PolicyFile { path: shown, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_embedded_sorted_with_their_tests() {
        let files = builtin_policies();
        assert!(
            files
                .iter()
                .any(|f| f.path == "policies/lib/schemagate.rego")
        );
        assert!(files.iter().any(PolicyFile::is_test));
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let lib: Vec<String> = builtin_library().into_iter().map(|f| f.path).collect();
        assert_eq!(
            lib,
            [
                "policies/lib/fixtures_test.rego",
                "policies/lib/schemagate.rego",
                "policies/lib/schemagate_test.rego"
            ]
        );
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
    }

    #[test]
    fn reads_directories_recursively_and_single_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/x.rego"), "package x").unwrap();
        std::fs::write(dir.path().join("a/y.rego"), "package y").unwrap();
        std::fs::write(dir.path().join("a/notes.md"), "not rego").unwrap();
        let files = read_policy_dir(dir.path()).unwrap();
        let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["package x", "package y"]);
        let one = read_policy_dir(&dir.path().join("a/y.rego")).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].text, "package y");
        let missing = read_policy_dir(&dir.path().join("nope")).unwrap_err();
        assert!(missing.message.contains("nope"), "{}", missing.message);
    }
}
