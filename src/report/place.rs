//! Where findings are, as the machine-read reports (SARIF, JUnit, GitHub,
//! GitLab, Markdown) name them: paths relative to the repository root with
//! forward slashes, and one order for all of them.

use std::path::{Path, PathBuf};

use crate::policy::Finding;
use crate::span::{SourceMap, Span};

/// Makes paths relative to one folder (the repository root, `--root`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The folder, as given (shown nowhere; paths are made relative to it).
    root: PathBuf,
    /// `root`, canonical (symbolic links resolved), when it exists.
    canonical: Option<PathBuf>,
}

impl Paths {
    /// Paths relative to `root`.
    pub fn new(root: &Path) -> Self {
        Paths {
            root: root.to_path_buf(),
            canonical: root.canonicalize().ok(),
        }
    }

    /// Relative to the repository holding the working directory (the
    /// nearest folder above it with `.git`), else to the working directory.
    pub fn repository() -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map_or_else(|| cwd.clone(), Path::to_path_buf);
        Paths::new(&root)
    }

    /// Relative to the working directory.
    pub fn relative_to_cwd() -> Self {
        Paths::new(&std::env::current_dir().unwrap_or_default())
    }

    /// `path` relative to the root, with forward slashes; `fallback` when
    /// it is not under the root or does not exist (standard input).
    pub fn relative(&self, path: &Path, fallback: &str) -> String {
        let canonical = path.canonicalize().ok();
        let rel = canonical.as_deref().and_then(|p| {
            self.canonical
                .as_deref()
                .and_then(|root| p.strip_prefix(root).ok())
                .or_else(|| p.strip_prefix(&self.root).ok())
        });
        match rel {
            Some(r) if r.as_os_str().is_empty() => ".".to_string(),
            Some(r) => r.to_string_lossy().replace('\\', "/"),
            None => fallback.replace('\\', "/"),
        }
    }

    /// The name of every file of `sources`, by [`crate::span::FileId`].
    pub fn names(&self, sources: &SourceMap) -> Vec<String> {
        sources
            .files()
            .map(|(_, f)| self.relative(&f.path, &f.name))
            .collect()
    }
}

/// A resolved place: file relative to the root, 1-based lines and columns
/// (columns in characters, the end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Place {
    pub fn of(span: Span, sources: &SourceMap, names: &[String]) -> Place {
        let loc = sources.locate(span);
        let file = names.get(span.file.0 as usize).cloned().unwrap_or(loc.file);
        Place {
            file,
            line: loc.line,
            column: loc.column,
            end_line: loc.end_line,
            end_column: loc.end_column,
        }
    }
}

impl std::fmt::Display for Place {
    /// `db/V2__x.sql:3:1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A finding with its place.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    pub finding: &'a Finding,
    pub place: Option<Place>,
}

/// The findings of `outcome` with their places, in the order every
/// machine-read report uses: by file, line, column, rule (then message);
/// findings tied to no place last. A finding about a changeset but with no
/// span of its own points at where the changeset is declared, and one about
/// the whole proposal at the start of the first proposed changeset's file:
/// GitHub code scanning refuses a SARIF file with a result without a place.
pub fn located<'a>(outcome: &'a super::Outcome, paths: &Paths) -> Vec<Located<'a>> {
    let names = paths.names(&outcome.sources);
    let mut changesets: std::collections::HashMap<&str, Span> = Default::default();
    for cs in &outcome.changesets {
        changesets.entry(cs.id.as_str()).or_insert(cs.span);
    }
    let whole = outcome
        .changesets
        .first()
        .map(|cs| Span::new(cs.span.file, 0..0));
    let mut out: Vec<Located<'a>> = outcome
        .findings
        .iter()
        .map(|f| {
            let span = f
                .span
                .or_else(|| {
                    f.changeset
                        .as_deref()
                        .and_then(|id| changesets.get(id).copied())
                })
                .or(whole);
            Located {
                finding: f,
                place: span.map(|s| Place::of(s, &outcome.sources, &names)),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |l: &Located<'a>| {
            (
                l.place.is_none(),
                l.place.as_ref().map(|p| (p.file.clone(), p.line, p.column)),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.finding.rule.cmp(&b.finding.rule))
            .then_with(|| a.finding.message.cmp(&b.finding.message))
    });
    out
}

/// A problem (input or policy error) with its place, relative to the root.
pub fn problem_place(
    p: &crate::error::Problem,
    sources: &SourceMap,
    names: &[String],
    paths: &Paths,
) -> Option<Place> {
    use crate::error::ProblemAt;
    match &p.at {
        ProblemAt::Span(span) => Some(Place::of(*span, sources, names)),
        ProblemAt::Path { path, line, column } => Some(Place {
            file: paths.relative(path, &crate::span::display_name(path)),
            line: (*line).max(1),
            column: (*column).max(1),
            end_line: (*line).max(1),
            end_column: (*column).max(1),
        }),
        ProblemAt::Nowhere => None,
    }
}

/// A stable fingerprint of a finding: the same finding on the same code
/// gets the same one in every run, also when lines above it move. MD5 of
/// the rule, the file, the changeset, the message and the statement's text
/// (whitespace collapsed), plus `nth` for repeats of all of these.
pub fn fingerprint(l: &Located<'_>, sources: &SourceMap, nth: usize) -> String {
    use md5::{Digest, Md5};
    let f = l.finding;
    let text: String = f
        .span
        .map(|s| {
            let file = sources.get(s.file);
            file.text
                .get(s.start..s.end)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let file = l.place.as_ref().map_or("", |p| p.file.as_str());
    let mut h = Md5::new();
    for part in [
        f.rule.as_str(),
        file,
        f.changeset.as_deref().unwrap_or(""),
        &f.message,
        &text,
        &nth.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// [`fingerprint`] of each of `located`, repeats numbered in order.
pub fn fingerprints(located: &[Located<'_>], sources: &SourceMap) -> Vec<String> {
    let mut seen = std::collections::HashMap::new();
    located
        .iter()
        .map(|l| {
            let first = fingerprint(l, sources, 0);
            let n = seen.entry(first.clone()).or_insert(0usize);
            *n += 1;
            if *n == 1 {
                first
            } else {
                fingerprint(l, sources, *n - 1)
            }
        })
        .collect()
}
