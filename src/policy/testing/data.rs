//! Data files beside the tests, loaded into `data` as `opa test` loads them:
//! every `data.json`, `data.yaml` or `data.yml` under the given folders
//! (the `fixtures/` folder of fixture tests excepted) is placed at the path
//! of its folder relative to the folder given — `DIR/data.json` holding
//! `{"teams": …}` is `data.teams`, `DIR/acme/data.yaml` is `data.acme.…`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::Problem;

/// The names read as data.
const DATA_FILES: [&str; 3] = ["data.json", "data.yaml", "data.yml"];

/// One data file: its path as shown, and the document it puts in `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFile {
    pub path: String,
    pub document: Value,
}

/// Every data file under `roots` (a file given directly is a root of its
/// own, placed at the top of `data`), in path order.
pub fn read_data_files(roots: &[PathBuf]) -> Result<Vec<DataFile>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        if root.is_file() {
            if is_data_file(root) {
                collect(root, &[], &mut out, &mut problems);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !(e.depth() == 1 && e.file_name() == "fixtures"));
        for entry in walker.flatten() {
            if !entry.file_type().is_file() || !is_data_file(entry.path()) {
                continue;
            }
            let folder: Vec<String> = entry
                .path()
                .parent()
                .and_then(|p| p.strip_prefix(root).ok())
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            collect(entry.path(), &folder, &mut out, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn is_data_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| DATA_FILES.contains(&n))
}

fn collect(path: &Path, folder: &[String], out: &mut Vec<DataFile>, problems: &mut Vec<Problem>) {
    match read_one(path, folder) {
        Ok(d) => out.push(d),
        Err(p) => problems.push(p),
    }
}

fn read_one(path: &Path, folder: &[String]) -> Result<DataFile, Problem> {
    let shown = crate::span::display_name(path);
    let text = std::fs::read_to_string(path)
        .map_err(|e| Problem::general(format!("cannot read data file `{shown}`: {e}")))?;
    // YAML is a superset of JSON: one parser reads both
    let value: Value = serde_saphyr::from_str(&text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let msg = e.without_snippet().to_string();
        let first = msg.lines().next().unwrap_or_default().to_string();
        Problem::at_path(path, line, column, format!("invalid data file: {first}"))
    })?;
    let value = match value {
        Value::Null => Value::Object(Default::default()),
        v => v,
    };
    if folder.is_empty() && !value.is_object() {
        return Err(Problem::at_path(
            path,
            1,
            1,
            "invalid data file: at the top of `data` it must be a mapping",
        ));
    }
    let document = folder
        .iter()
        .rev()
        .fold(value, |doc, key| serde_json::json!({ key: doc }));
    Ok(DataFile {
        path: shown,
        document,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_placed_at_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("acme/eu")).unwrap();
        std::fs::create_dir_all(root.join("fixtures/case")).unwrap();
        std::fs::write(root.join("data.json"), r#"{"teams": ["a"]}"#).unwrap();
        std::fs::write(root.join("acme/eu/data.yaml"), "limit: 3\n").unwrap();
        std::fs::write(root.join("fixtures/case/data.yaml"), "x: 1\n").unwrap();
        std::fs::write(root.join("other.json"), "{}").unwrap();
        let files = read_data_files(&[root.to_path_buf()]).unwrap();
        let docs: Vec<&Value> = files.iter().map(|f| &f.document).collect();
        assert_eq!(
            docs,
            [
                &serde_json::json!({"acme": {"eu": {"limit": 3}}}),
                &serde_json::json!({"teams": ["a"]}),
            ]
        );
    }

    #[test]
    fn a_broken_or_scalar_file_is_an_error_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("data.yaml"), "a: [1,\n").unwrap();
        let problems = read_data_files(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(
            problems[0].message.starts_with("invalid data file"),
            "{problems:?}"
        );
        std::fs::write(dir.path().join("data.yaml"), "3\n").unwrap();
        let problems = read_data_files(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(
            problems[0].message.contains("must be a mapping"),
            "{problems:?}"
        );
    }
}
