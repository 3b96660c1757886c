//! What the fuzz targets share: how an input's leading bytes choose the
//! dialect and options, how the pipeline target's input becomes files, and
//! the per-process scratch folder those files are written to.
//!
//! Input layouts (`seed.py` writes seeds in them):
//! - `sql_split`, `formatted_sql`, `changelog_*`: `[dialect, flags] ++ text`.
//! - `config`: the YAML text as is.
//! - `pipeline`: `[dialect, flags] ++ name \0 content \0 name \0 content …`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use schemagate::dialect::Dialect;

/// The dialect byte: every dialect the gate knows, by index.
pub fn dialect(byte: u8) -> Dialect {
    Dialect::ALL[usize::from(byte) % Dialect::ALL.len()]
}

/// Splits `[dialect, flags] ++ rest`; `None` when the input is too short.
pub fn header(data: &[u8]) -> Option<(Dialect, u8, &[u8])> {
    match data {
        [d, flags, rest @ ..] => Some((dialect(*d), *flags, rest)),
        _ => None,
    }
}

/// The input's text: invalid UTF-8 is replaced, as a file read lossily
/// would be (the loaders' own decoding is exercised by `pipeline`).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder of this process only, made once: fuzz inputs are written here
/// and loaders look nowhere else.
pub fn scratch() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("schemagate-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir.canonicalize().unwrap_or(dir)
    })
    .clone()
}

/// [`scratch`], emptied: nothing of the previous input is left.
pub fn fresh_scratch() -> PathBuf {
    let dir = scratch();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// At most this many files per pipeline input.
const MAX_FILES: usize = 12;

/// A file of a pipeline input: a relative path made only of plain segments
/// (no `..`, no absolute path, nothing hidden) and its bytes.
pub struct InputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// `name \0 content \0 name \0 content …` as files. A name is cleaned to
/// `[A-Za-z0-9._-]` segments joined by `/`; an empty one becomes `N.sql`.
pub fn files(data: &[u8]) -> Vec<InputFile> {
    let mut parts = data.split(|&b| b == 0);
    let mut out: Vec<InputFile> = Vec::new();
    while let Some(name) = parts.next() {
        if out.len() == MAX_FILES {
            break;
        }
        let content = parts.next().unwrap_or_default();
        let mut path = PathBuf::new();
        for segment in name.split(|&b| b == b'/').take(4) {
            let clean: String = segment
                .iter()
                .map(|&b| b as char)
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .take(64)
                .collect();
            // `..`, `.` and hidden names would leave the folder or be skipped
            if !clean.is_empty() && !clean.starts_with('.') {
                path.push(clean);
            }
        }
        if path.as_os_str().is_empty() {
            path = PathBuf::from(format!("{}.sql", out.len()));
        }
        // a name used twice, or a file where a folder is needed, is dropped
        if out
            .iter()
            .any(|f| path.starts_with(&f.path) || f.path.starts_with(&path))
        {
            continue;
        }
        out.push(InputFile {
            path,
            bytes: content.to_vec(),
        });
    }
    out
}

/// Writes `files` under `dir`; a file that cannot be written is left out.
pub fn write(dir: &Path, files: &[InputFile]) {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, &f.bytes);
    }
}

/// Is this the name of a Liquibase changelog other than SQL?
pub fn is_changelog_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xml" | "yaml" | "yml" | "json"
        )
    })
}

/// Inputs naming a path the harness must never read: a changelog may name
/// any absolute path (`sqlFile path="/proc/kcore"`), and the fuzzer runs
/// as whoever started it.
pub fn names_special_file(bytes: &[u8]) -> bool {
    [&b"/proc"[..], b"/sys", b"/dev"]
        .iter()
        .any(|p| bytes.windows(p.len()).any(|w| w == *p))
}

/// One changelog file's text on its own, as `name` in the scratch folder:
/// parsed, interpreted into changesets and lowered to SQL for the dialect.
pub fn changelog(data: &[u8], name: &str) {
    let Some((dialect, flags, rest)) = header(data) else {
        return;
    };
    if names_special_file(rest) {
        return;
    }
    let text = text(rest);
    let path = scratch().join(name);
    // flags bit 0: every `dbms` matches (no target database); bit 1: the
    // syntax trees are kept
    let target = (flags & 1 == 0).then_some(dialect);
    let Ok(changesets) = schemagate::source::liquibase::file_changesets(&path, &text, target)
    else {
        return;
    };
    let changelog = schemagate::source::Changelog {
        format: Some(schemagate::source::SourceFormat::Liquibase),
        root: path,
        changesets,
        ..Default::default()
    };
    let opts = schemagate::sql::LowerOptions {
        keep_ast: flags & 2 != 0,
        ..Default::default()
    };
    let _ = schemagate::sql::lower(&changelog, dialect, opts);
}
