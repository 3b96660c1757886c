//! Liquibase changelogs: XML, YAML, JSON and formatted SQL, with
//! `include`/`includeAll`, properties, and the context/label/dbms filters
//! `liquibase update` applies.
//!
//! Every format is read into one raw element tree ([`tree::Node`], shaped as
//! Liquibase's own `ParsedNode`); one interpreter ([`changelog`],
//! [`changeset`]) turns it into [`Changeset`]s, so the formats cannot drift.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Problem;
use crate::source::{Changelog, Changeset, LoadOptions, SourceFormat};
use crate::span::{FileId, SourceFile, SourceMap, Span};

mod change_types;
mod changelog;
mod changeset;
pub(crate) mod checksum;
mod filters;
mod formatted_sql;
mod gzip;
mod include;
mod modify_sql;
mod preconditions;
mod properties;
mod strip_comments;
mod tree;
mod xml;
mod yaml;

use filters::RunFilter;
pub use filters::{FilterKind, check_filter};
use properties::Properties;

/// Reads the Liquibase changelog at `path` (the root changelog file) with
/// everything it includes, registering every file read in `sources`.
/// Changesets the run's contexts, labels or target database exclude are
/// left out; problems never stop the rest from loading.
pub fn load(path: &Path, opts: &LoadOptions, sources: &mut SourceMap) -> Changelog {
    let mut loader = Loader::new(path, opts, sources);
    loader.load_root(path);
    loader.settle_preconditions();
    let mut limits = loader.props.take_problems();
    loader.problems.append(&mut limits);
    Changelog {
        format: Some(SourceFormat::Liquibase),
        root: path.to_path_buf(),
        changesets: loader.changesets,
        skipped: loader.skipped,
        problems: loader.problems,
    }
}

/// The changesets of one changelog file's `text` on its own, as if it were
/// at `path`: its includes are not followed, only the properties it
/// defines itself are known, no context/label filter applies, `dbms` is
/// matched against `dialect` (`None`: every database). Files its changes
/// reference (`sqlFile`, `loadData`) are read from disk.
/// `Err` when the file cannot be parsed at all.
pub fn file_changesets(
    path: &Path,
    text: &str,
    dialect: Option<crate::dialect::Dialect>,
) -> Result<Vec<Changeset>, Problem> {
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(path.to_path_buf(), text.to_string()));
    let parsed = match extension(path).as_str() {
        "xml" => xml::parse(file, &sources),
        "yaml" | "yml" | "json" => yaml::parse(file, &sources),
        "sql" if formatted_sql::is_formatted(text) => {
            formatted_sql::parse(file, &sources.get(file).text)
        }
        _ => Err(Problem::at_span(
            Span::new(file, 0..0),
            format!("`{}` is not a Liquibase changelog", path.display()),
        )),
    };
    // the source map is local: say where by path, line and column
    let (root, _) = parsed.map_err(|p| {
        let (_, line, column) = p.position(&sources);
        Problem::at_path(path, line, column, p.message)
    })?;
    let opts = LoadOptions {
        dialect,
        ..Default::default()
    };
    let mut loader = Loader::new(path, &opts, &mut sources);
    loader.follow_includes = false;
    let logical = path.to_string_lossy().replace('\\', "/");
    loader.changelog(
        &root,
        path,
        &logical,
        &Inherited::default(),
        extension(path) == "xml",
    );
    Ok(loader.changesets)
}

/// Is `text` (the contents of `path`) a Liquibase changelog? XML with a
/// `databaseChangeLog` root; YAML/JSON with a `databaseChangeLog` key; SQL
/// whose first non-blank line is `--liquibase formatted sql`.
pub fn is_changelog(path: &Path, text: &str) -> bool {
    match extension(path).as_str() {
        "xml" => xml::is_changelog(text),
        "yaml" | "yml" | "json" => yaml::is_changelog(text),
        "sql" => formatted_sql::is_formatted(text),
        _ => false,
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Filters a changelog file inherits from the includes that led to it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inherited {
    /// `context` expressions of enclosing includes / changelogs: all must match.
    pub contexts: Vec<String>,
    /// `labels` of enclosing includes: added to each changeset's labels.
    pub labels: Vec<String>,
    pub ignore: bool,
}

/// State of one load.
pub(crate) struct Loader<'a> {
    sources: &'a mut SourceMap,
    run: RunFilter,
    props: Properties,
    /// Where non-relative paths are looked up (classpath roots).
    search_roots: Vec<PathBuf>,
    /// Folders included files must stay inside (canonical).
    allowed_roots: Vec<PathBuf>,
    /// Changelogs being read, outermost first (canonical paths).
    stack: Vec<PathBuf>,
    /// Changelogs already read (an include of one again is skipped).
    done: HashSet<PathBuf>,
    /// `(filePath, id, author, dbms)` of kept changesets, for duplicates.
    ids: HashMap<(String, String, String, String), Span>,
    changesets: Vec<Changeset>,
    problems: Vec<Problem>,
    /// Preconditions to decide once everything is read.
    pending: Vec<preconditions::Pending>,
    /// Changesets their preconditions skip.
    skipped: Vec<Changeset>,
    /// `false`: `include`/`includeAll` are not read (one file on its own).
    follow_includes: bool,
    /// Largest file read (`--max-file-size`).
    max_file: u64,
}

impl<'a> Loader<'a> {
    fn new(root: &Path, opts: &'a LoadOptions, sources: &'a mut SourceMap) -> Self {
        let mut overrides = std::collections::BTreeMap::new();
        let mut problems = Vec::new();
        if let Some(pf) = &opts.properties_file {
            match Self::read_text(pf, opts.limits.max_file_bytes) {
                Ok(text) => overrides.extend(properties::read_properties_file(&text)),
                Err(e) => problems.push(Problem::at_path(
                    pf,
                    0,
                    0,
                    format!("cannot read properties file: {e}"),
                )),
            }
        }
        // the command line wins over the properties file
        overrides.extend(opts.placeholders.clone());
        let root_dir = root
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let root_dir = if root_dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            root_dir
        };
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let search_roots = if opts.search_paths.is_empty() {
            vec![root_dir.clone(), cwd]
        } else {
            opts.search_paths.clone()
        };
        let mut allowed_roots: Vec<PathBuf> = std::iter::once(&root_dir)
            .chain(search_roots.iter())
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        allowed_roots.dedup();
        let dbms = opts.dialect.and_then(filters::liquibase_dbms);
        let mut props = Properties::with_overrides(overrides);
        for (name, value) in properties::builtin_properties(dbms) {
            props.define(
                properties::NewProperty {
                    name,
                    value: &value,
                    context: None,
                    labels: None,
                    dbms: None,
                    global: true,
                    file: root,
                    at: None,
                },
                None,
            );
        }
        Loader {
            sources,
            run: RunFilter {
                contexts: opts.contexts.clone(),
                labels: opts.labels.clone(),
                dbms,
            },
            props,
            search_roots,
            allowed_roots,
            stack: Vec::new(),
            done: HashSet::new(),
            ids: HashMap::new(),
            changesets: Vec::new(),
            problems,
            pending: Vec::new(),
            skipped: Vec::new(),
            follow_includes: true,
            max_file: opts.limits.max_file_bytes,
        }
    }

    fn load_root(&mut self, path: &Path) {
        // Liquibase names the root changelog by its path under the search
        // root it is found in (`db/changelog/master.xml`)
        let canonical = path.canonicalize().ok();
        let under_root = canonical.as_ref().and_then(|c| {
            self.search_roots
                .iter()
                .filter_map(|r| r.canonicalize().ok())
                .find_map(|r| c.strip_prefix(&r).ok().map(Path::to_path_buf))
        });
        let logical = under_root
            .unwrap_or_else(|| path.to_path_buf())
            .to_string_lossy()
            .replace('\\', "/");
        let logical = logical.strip_prefix("./").unwrap_or(&logical).to_string();
        self.load_file(path, logical, &Inherited::default(), None);
    }

    /// Reads a file's bytes as text: UTF-8 (BOM dropped), else ISO-8859-1
    /// (Liquibase falls back the same way for `loadData` files). A `.gz`
    /// name is decompressed first, as Liquibase opens every resource.
    /// Larger than `max` bytes (before or after decompression), it is not
    /// read.
    fn read_text(path: &Path, max: u64) -> std::io::Result<String> {
        let mut bytes = crate::limits::read_limited(path, max)?;
        if crate::source::is_utf16(&bytes) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                crate::source::UTF16_REFUSED,
            ));
        }
        if extension(path) == "gz" {
            bytes = gzip::gunzip(&bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            if bytes.len() as u64 > max {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::FileTooLarge,
                    format!(
                        "it decompresses to {}, above the {} limit for one file (--max-file-size, `limits.max_file_size`)",
                        crate::limits::human(bytes.len() as u64),
                        crate::limits::human(max)
                    ),
                ));
            }
        }
        Ok(crate::span::standard_line_ends(
            match String::from_utf8(bytes) {
                Ok(s) => s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s),
                Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
            },
        ))
    }

    /// Registers `path` in the source map (once).
    fn register(&mut self, path: &Path) -> std::io::Result<FileId> {
        if let Some(id) = self.sources.find(path) {
            return Ok(id);
        }
        let text = Self::read_text(path, self.max_file)?;
        Ok(self.sources.add(SourceFile::new(path.to_path_buf(), text)))
    }

    /// Reads one changelog file (any format) and everything it includes.
    /// `logical` is its path as Liquibase names it (the `filePath` of its
    /// changesets); `at` is the include that named it.
    fn load_file(&mut self, path: &Path, logical: String, inh: &Inherited, at: Option<Span>) {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if self.stack.contains(&canonical) {
            let chain: Vec<String> = self
                .stack
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| crate::span::display_name(p))
                .collect();
            self.problem(at, format!("include cycle: {}", chain.join(" -> ")));
            return;
        }
        if self.stack.len() >= crate::limits::MAX_INCLUDE_DEPTH {
            let name = |p: &PathBuf| crate::span::display_name(p);
            let first: Vec<String> = self.stack.iter().take(2).map(name).collect();
            self.problem(
                at,
                format!(
                    "includes nested more than {} deep ({} -> … -> {}): an include chain this long is a loop or a generated changelog",
                    crate::limits::MAX_INCLUDE_DEPTH,
                    first.join(" -> "),
                    name(&canonical)
                ),
            );
            return;
        }
        if !self.done.insert(canonical.clone()) {
            // Liquibase reads an included changelog once
            return;
        }
        let file = match self.register(path) {
            Ok(f) => f,
            Err(e) => {
                let msg = format!("cannot read changelog `{}`: {e}", path.display());
                // text that cannot be decoded is wrong from its start
                let (line, column) = match e.kind() {
                    std::io::ErrorKind::InvalidData => (1, 1),
                    _ => (0, 0),
                };
                match at {
                    Some(span) => self.problems.push(Problem::at_span(span, msg)),
                    None => self
                        .problems
                        .push(Problem::at_path(path, line, column, msg)),
                }
                return;
            }
        };
        let ext = extension(path);
        let strict = ext == "xml";
        let parsed = match ext.as_str() {
            "xml" => xml::parse(file, self.sources),
            "yaml" | "yml" | "json" => yaml::parse(file, self.sources),
            "sql" => {
                let text = self.sources.get(file).text.clone();
                if formatted_sql::is_formatted(&text) {
                    formatted_sql::parse(file, &text)
                } else {
                    self.raw_sql_changeset(file, &logical, inh);
                    return;
                }
            }
            _ => Err(Problem::at_span(
                Span::new(file, 0..0),
                format!(
                    "no Liquibase parser for `{}` (expected .xml, .yaml, .yml, .json or .sql)",
                    path.display()
                ),
            )),
        };
        let (root, problems) = match parsed {
            Ok(p) => p,
            Err(p) => {
                self.problems.push(p);
                return;
            }
        };
        let before = self.problems.len();
        self.problems.extend(problems);
        self.stack.push(canonical);
        let read = self.changelog(&root, path, &logical, inh, strict);
        self.stack.pop();
        // a file with content that gives nothing, and says nothing about
        // why, would pass unseen
        if read == 0
            && self.problems.len() == before
            && let Some(at) = changelog::ignored_content(&root)
        {
            self.problems.push(Problem::at_span(
                at,
                format!(
                    "`{}` produced no changeset: nothing in it is a changeSet, include, includeAll or property that Liquibase would read",
                    crate::span::display_name(path)
                ),
            ));
        }
    }

    fn problem(&mut self, at: Option<Span>, msg: String) {
        self.problems.push(match at {
            Some(span) => Problem::at_span(span, msg),
            None => Problem::general(msg),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_changelogs_by_content() {
        assert!(is_changelog(
            Path::new("a.xml"),
            "<?xml version=\"1.0\"?><databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"/>"
        ));
        assert!(!is_changelog(Path::new("a.xml"), "<project/>"));
        assert!(is_changelog(
            Path::new("a.yml"),
            "databaseChangeLog:\n  - changeSet: {id: 1}\n"
        ));
        assert!(!is_changelog(Path::new("a.yml"), "spring:\n  x: 1\n"));
        assert!(is_changelog(
            Path::new("a.json"),
            "{\"databaseChangeLog\": []}"
        ));
        assert!(is_changelog(
            Path::new("a.sql"),
            "\n\n  -- Liquibase  Formatted SQL\n--changeset a:1\n"
        ));
        assert!(!is_changelog(
            Path::new("a.sql"),
            "-- just sql\n--liquibase formatted sql\n"
        ));
    }
}
