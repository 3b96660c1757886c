//! SQL migration folders: Flyway, golang-migrate, dbmate, diesel, sqlx and
//! plain folders, and single `.sql` files.
//!
//! [`load`] reads every `.sql` file under the path (registering each in the
//! [`SourceMap`]), recognises the layout from the names present (and dbmate's
//! `-- migrate:up` markers), and hands the files to that layout's module,
//! which orders them and builds the changesets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{
    Change, ChangeBody, Changelog, Changeset, ChangesetRole, LoadOptions, Rollback, RollbackKind,
    SourceFormat, SplitOptions, TransactionMode,
};
use crate::error::Problem;
use crate::span::{FileId, MappedText, SourceFile, SourceMap, Span, standard_line_ends};

mod dbmate;
mod flyway;
pub mod flyway_checksum;
mod flyway_conf;
mod gotemplate;
mod migrate;
pub mod natural_order;
mod placeholders;
mod plain;
mod temporal;

/// A `.sql` file that was read and registered.
#[derive(Debug, Clone)]
pub(crate) struct SqlFile {
    pub path: PathBuf,
    /// Relative to the folder given (the file name for a single file).
    pub rel: PathBuf,
    pub id: FileId,
    pub text: String,
    /// Where the SQL starts: after a UTF-8 byte order mark.
    pub body_start: usize,
}

impl SqlFile {
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
    /// The relative path with `/` separators, as policies see it.
    pub fn rel_str(&self) -> String {
        self.rel.to_string_lossy().replace('\\', "/")
    }
    /// The name of the folder holding the file.
    pub fn parent_name(&self) -> String {
        self.path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
    pub fn whole_span(&self) -> Span {
        Span::new(self.id, 0..self.text.len())
    }
    /// The span of the SQL: the whole file but a byte order mark.
    pub fn body_span(&self) -> Span {
        Span::new(self.id, self.body_start..self.text.len())
    }
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
    /// The SQL of the whole file, verbatim.
    pub fn verbatim(&self) -> MappedText {
        MappedText::verbatim(self.id, self.body().to_string(), self.body_start)
    }
}

/// What every layout module needs while it builds changesets.
pub(crate) struct Ctx<'a> {
    pub root: PathBuf,
    pub opts: &'a LoadOptions,
    pub sources: &'a mut SourceMap,
    pub problems: Vec<Problem>,
    /// The root file's bytes, when they were already read.
    pub read_root: Option<Vec<u8>>,
}

impl Ctx<'_> {
    /// Reads and registers a file; an unreadable or non-UTF-8 file is a
    /// problem naming it (with the line and column of the first bad byte).
    pub fn read(&mut self, path: &Path) -> Option<(FileId, String)> {
        if path == Path::new(crate::source::STDIN) {
            let text = standard_line_ends(self.opts.stdin.clone().unwrap_or_default());
            let id = self
                .sources
                .add(SourceFile::new(PathBuf::from("<stdin>"), text.clone()));
            return Some((id, text));
        }
        let read = match self.read_root.take() {
            Some(bytes) if path == self.root => Ok(bytes),
            _ => crate::limits::read_limited(path, self.opts.limits.max_file_bytes),
        };
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                self.problems.push(Problem::at_path(
                    path,
                    0,
                    0,
                    format!("cannot read {}: {e}", path.display()),
                ));
                return None;
            }
        };
        if super::is_utf16(&bytes) {
            self.problems.push(Problem::at_path(
                path,
                1,
                1,
                format!("{}: {}", path.display(), super::UTF16_REFUSED),
            ));
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let text = standard_line_ends(text);
                let id = self
                    .sources
                    .add(SourceFile::new(path.to_path_buf(), text.clone()));
                Some((id, text))
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or(&[]));
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                self.problems.push(Problem::at_path(
                    path,
                    line,
                    column,
                    format!(
                        "{} is not valid UTF-8 (byte {valid}); re-encode it as UTF-8",
                        path.display()
                    ),
                ));
                None
            }
        }
    }

    pub fn read_sql(&mut self, path: &Path, rel: PathBuf) -> Option<SqlFile> {
        let (id, text) = self.read(path)?;
        let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Some(SqlFile {
            path: path.to_path_buf(),
            rel,
            id,
            text,
            body_start,
        })
    }
}

/// One `sql` change holding `text`, written at `span`.
pub(crate) fn sql_change(span: Span, text: MappedText) -> Change {
    Change {
        kind: "sql".into(),
        span,
        body: ChangeBody::Sql {
            text,
            split: SplitOptions::standard(),
        },
    }
}

/// An explicit rollback made of one SQL text (a down or undo script).
pub(crate) fn explicit_rollback(span: Span, text: MappedText) -> Rollback {
    Rollback {
        kind: RollbackKind::Explicit,
        changes: vec![sql_change(span, text)],
    }
}

/// A changeset for a whole file, before layout-specific fields are set.
pub(crate) fn file_changeset(
    file: &SqlFile,
    id: String,
    transaction: TransactionMode,
    text: MappedText,
    change_span: Span,
) -> Changeset {
    let mut attributes = BTreeMap::new();
    attributes.insert("path".to_string(), serde_json::Value::from(file.rel_str()));
    Changeset {
        id,
        author: None,
        version: None,
        description: None,
        role: ChangesetRole::Versioned,
        transaction,
        span: file.whole_span(),
        changes: vec![sql_change(change_span, text)],
        rollback: Rollback::default(),
        attributes,
        checksum: None,
        modify_sql: Vec::new(),
        mark_ran_when_invalid: false,
        marked_ran: false,
    }
}

/// How one file name (and, for dbmate, its content) looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Flyway,
    Diesel,
    Dbmate,
    UpDown,
    SqlxSimple,
    Other,
}

fn classify(f: &SqlFile) -> Kind {
    let name = f.name();
    if flyway::parse_name(&name).is_some() {
        Kind::Flyway
    } else if migrate::is_diesel_file(f) {
        Kind::Diesel
    } else if dbmate::has_markers(f.body()) {
        Kind::Dbmate
    } else if migrate::parse_updown(&name).is_some() {
        Kind::UpDown
    } else if migrate::parse_sqlx_simple(&name).is_some_and(|m| m.version.len() >= 14) {
        // `0001_x.sql` could be sqlx's sequential numbering or any numbered
        // scripts; only sqlx-cli's default timestamp version
        // (`%Y%m%d%H%M%S`) says sqlx. Both read in the same order; a
        // sequential sqlx folder can be forced with the format option.
        Kind::SqlxSimple
    } else {
        Kind::Other
    }
}

/// The layout most files follow; a plain folder unless at least half of the
/// `.sql` files fit one layout.
fn detect(files: &[SqlFile]) -> SourceFormat {
    let kinds: Vec<Kind> = files.iter().map(classify).collect();
    let count = |of: &[Kind]| kinds.iter().filter(|k| of.contains(k)).count();
    // sqlx shares golang-migrate's up/down names; its simple files say sqlx
    let migrate = if count(&[Kind::SqlxSimple]) > 0 {
        SourceFormat::Sqlx
    } else {
        SourceFormat::GolangMigrate
    };
    // on a tie the first, most specific, naming wins
    let candidates = [
        (SourceFormat::Flyway, count(&[Kind::Flyway])),
        (SourceFormat::Diesel, count(&[Kind::Diesel])),
        (SourceFormat::Dbmate, count(&[Kind::Dbmate])),
        (migrate, count(&[Kind::UpDown, Kind::SqlxSimple])),
    ];
    let (format, n) = candidates
        .into_iter()
        .fold((SourceFormat::PlainFolder, 0), |best, c| {
            if c.1 > best.1 { c } else { best }
        });
    if n == 0 || n * 2 < files.len() {
        SourceFormat::PlainFolder
    } else {
        format
    }
}

/// A folder whose files follow another layout than the one it is read as
/// would have those files skipped: name the layouts instead (never a file
/// dropped in silence).
fn mixed_layouts(root: &Path, format: SourceFormat, files: &[SqlFile]) -> Option<Problem> {
    let read_as = |k: Kind| match k {
        Kind::Flyway => Some(SourceFormat::Flyway),
        Kind::Diesel => Some(SourceFormat::Diesel),
        Kind::Dbmate => Some(SourceFormat::Dbmate),
        Kind::UpDown | Kind::SqlxSimple => Some(SourceFormat::GolangMigrate),
        Kind::Other => None,
    };
    let chosen = match format {
        SourceFormat::Sqlx => SourceFormat::GolangMigrate,
        f => f,
    };
    if chosen == SourceFormat::PlainFolder {
        // a plain folder reads every file: nothing is skipped
        return None;
    }
    // dbmate and sqlx both name files `<version>_<name>.sql`: each reads
    // (or reports) the other's, so neither is skipped
    let shared = |k: Kind| {
        matches!(format, SourceFormat::Dbmate | SourceFormat::Sqlx)
            && matches!(k, Kind::Dbmate | Kind::SqlxSimple)
    };
    let others: Vec<&SqlFile> = files
        .iter()
        .filter(|f| {
            let kind = classify(f);
            !shared(kind) && read_as(kind).is_some_and(|k| k != chosen)
        })
        .collect();
    let first = others.first()?;
    let other = read_as(classify(first)).unwrap_or(SourceFormat::PlainFolder);
    Some(Problem::at_path(
        root,
        0,
        0,
        format!(
            "{} holds migrations of two layouts: it reads as {} ({} files), but {} files are named as {} (e.g. {}), which that layout would skip; check each layout's folder on its own",
            root.display(),
            layout_name(format),
            files.len() - others.len(),
            others.len(),
            layout_name(other),
            first.rel.display()
        ),
    ))
}

fn layout_name(f: SourceFormat) -> &'static str {
    match f {
        SourceFormat::Flyway => "Flyway",
        SourceFormat::Diesel => "diesel",
        SourceFormat::Dbmate => "dbmate",
        SourceFormat::GolangMigrate => "golang-migrate",
        SourceFormat::Sqlx => "sqlx",
        _ => "plain SQL",
    }
}

/// Every `.sql` file under `root`, in natural path order; `.sql.conf` and
/// other files are read by the layouts that use them.
fn collect_sql(ctx: &mut Ctx, root: &Path) -> Vec<SqlFile> {
    let mut paths = Vec::new();
    // hidden folders (`.git`, `.idea`) hold no migrations
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && is_sql(e.path()) => {
                paths.push(e.path().to_path_buf());
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                ctx.problems.push(Problem::at_path(
                    &path,
                    0,
                    0,
                    format!("cannot read {}: {e}", path.display()),
                ));
            }
        }
    }
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    paths.sort_by(|a, b| natural_order::natural_path_cmp(&rel(a), &rel(b)));
    paths
        .iter()
        .filter_map(|p| ctx.read_sql(p, rel(p)))
        .collect()
}

fn is_sql(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
}

/// Reads a `.sql` file or a migration folder into a changelog.
pub fn load(path: &Path, opts: &LoadOptions, sources: &mut SourceMap) -> Changelog {
    load_read(path, opts, sources, None)
}

/// [`load`], with the bytes of `path` when the caller already read them.
pub(crate) fn load_read(
    path: &Path,
    opts: &LoadOptions,
    sources: &mut SourceMap,
    read: Option<Vec<u8>>,
) -> Changelog {
    let mut ctx = Ctx {
        root: path.to_path_buf(),
        opts,
        sources,
        problems: Vec::new(),
        read_root: read,
    };
    let (format, changesets) = if path.is_dir() {
        let files = collect_sql(&mut ctx, path);
        if files.is_empty() && ctx.problems.is_empty() {
            ctx.problems.push(Problem::at_path(
                path,
                0,
                0,
                format!("no .sql files found in {}", path.display()),
            ));
        }
        let format = match opts.format {
            Some(f) if f != SourceFormat::Liquibase && f != SourceFormat::SqlFile => f,
            _ => detect(&files),
        };
        if let Some(p) = mixed_layouts(path, format, &files) {
            ctx.problems.push(p);
        }
        let changesets = match format {
            SourceFormat::Flyway => flyway::build(&mut ctx, files),
            SourceFormat::Dbmate => dbmate::build(&mut ctx, files),
            SourceFormat::Diesel => migrate::build_diesel(&mut ctx, files),
            SourceFormat::GolangMigrate | SourceFormat::Sqlx => {
                migrate::build(&mut ctx, files, format)
            }
            _ => plain::build(&mut ctx, files),
        };
        (format, changesets)
    } else if path.exists() || path == Path::new(crate::source::STDIN) {
        let name = path.file_name().map(PathBuf::from).unwrap_or_default();
        match ctx.read_sql(path, name) {
            Some(file) => {
                let (format, cs) = single_file(&mut ctx, file);
                (format, vec![cs])
            }
            None => (SourceFormat::SqlFile, Vec::new()),
        }
    } else {
        ctx.problems.push(Problem::at_path(
            path,
            0,
            0,
            format!("{} does not exist", path.display()),
        ));
        (SourceFormat::SqlFile, Vec::new())
    };
    Changelog {
        format: Some(format),
        root: path.to_path_buf(),
        changesets,
        skipped: Vec::new(),
        problems: ctx.problems,
    }
}

/// A single file: one changeset named after the file, and the layout it was
/// read as. A file named or marked as a migration of a known layout is read
/// as the folder would read it: that layout's transaction mode (and Flyway's
/// rule for migrations made only of non-transactional statements, which the
/// catalog applies by the layout), its `.sql.conf`, sections, placeholders
/// and the down script beside an up script. Any other file runs statement by
/// statement.
fn single_file(ctx: &mut Ctx, file: SqlFile) -> (SourceFormat, Changeset) {
    let name = file.name();
    // a lone down or undo script is read as it is, not as a rollback
    // missing its forward migration
    let undo = flyway::parse_name(&name).is_some_and(|n| n.prefix == flyway::Prefix::Undo)
        || migrate::parse_updown(&name).is_some_and(|m| m.direction == migrate::Direction::Down)
        || name == "down.sql";
    let kind = if undo { Kind::Other } else { classify(&file) };
    let with_down = |ctx: &mut Ctx| {
        let mut files = vec![file.clone()];
        files.extend(down_beside(ctx, &file));
        files
    };
    let built = match kind {
        Kind::Flyway => Some((SourceFormat::Flyway, flyway::build(ctx, vec![file.clone()]))),
        Kind::Dbmate => Some((SourceFormat::Dbmate, dbmate::build(ctx, vec![file.clone()]))),
        Kind::Diesel => {
            let files = with_down(ctx);
            Some((SourceFormat::Diesel, migrate::build_diesel(ctx, files)))
        }
        Kind::UpDown => {
            let files = with_down(ctx);
            let format = SourceFormat::GolangMigrate;
            Some((format, migrate::build(ctx, files, format)))
        }
        Kind::SqlxSimple => {
            let format = SourceFormat::Sqlx;
            Some((format, migrate::build(ctx, vec![file.clone()], format)))
        }
        Kind::Other => None,
    };
    let (format, mut cs) = match built.and_then(|(f, mut cs)| cs.pop().map(|c| (f, c))) {
        Some(found) => found,
        None => (SourceFormat::SqlFile, plain::changeset(&file)),
    };
    cs.id = name;
    (format, cs)
}

/// The down script of an up script given alone, read from beside it as the
/// folder would pair it: `N_x.down.sql` for `N_x.up.sql` (`_down` for
/// `_up`), diesel's
/// `down.sql` for `up.sql`.
fn down_beside(ctx: &mut Ctx, up: &SqlFile) -> Option<SqlFile> {
    let name = up.name();
    let down_name = if let Some(stem) = name.strip_suffix(".up.sql") {
        format!("{stem}.down.sql")
    } else if let Some(stem) = name.strip_suffix("_up.sql") {
        format!("{stem}_down.sql")
    } else if name == "up.sql" {
        "down.sql".to_string()
    } else {
        return None;
    };
    let path = up.path.with_file_name(&down_name);
    if !path.is_file() {
        return None;
    }
    let rel = up.rel.with_file_name(&down_name);
    ctx.read_sql(&path, rel)
}

#[cfg(test)]
mod tests;
