//! Stage 1: find the files, recognise their format and order, and read them
//! into a [`Changelog`]: changesets holding changes, each with its [`Span`].
//!
//! One file per format. Nothing here understands SQL beyond what ordering and
//! splitting need; the `sql` stage parses.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::Problem;
use crate::span::{MappedText, SourceMap, Span};

pub mod guess;
pub mod liquibase;
pub mod node;

pub use node::ParsedNode;

/// How the files were recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// A single `.sql` file.
    SqlFile,
    /// `V<version>__<desc>.sql`, `R__<desc>.sql`, `U<version>__<desc>.sql`.
    Flyway,
    /// `NNN_name.up.sql` + `NNN_name.down.sql`.
    GolangMigrate,
    /// `-- migrate:up` / `-- migrate:down` sections.
    Dbmate,
    /// `<version>_<name>/up.sql` + `down.sql`.
    Diesel,
    /// `<version>_<name>.sql` or `.up.sql`/`.down.sql` (sqlx).
    Sqlx,
    /// Any other folder of `.sql` files, in natural sort order.
    PlainFolder,
    /// A Liquibase changelog (XML, YAML, JSON or formatted SQL).
    Liquibase,
}

/// Whether a changeset is a forward change or the undo of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangesetRole {
    /// A versioned (ordered, run once) forward change.
    Versioned,
    /// Re-run whenever it changes (Flyway `R__`, Liquibase `runOnChange`).
    Repeatable,
}

/// How the migration tool wraps a changeset in a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionMode {
    /// The tool opens a transaction around the whole changeset (Flyway and
    /// golang-migrate-style runners by default, Liquibase `runInTransaction`).
    Implicit,
    /// The tool runs statements in autocommit.
    None,
}

/// How a changeset can be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RollbackKind {
    #[default]
    None,
    /// A down script, undo script or rollback block.
    Explicit,
    /// Derived from the change types (Liquibase auto-rollback).
    Automatic,
}

/// Options that change how SQL text is split into statements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitOptions {
    /// A delimiter other than `;` (Liquibase `endDelimiter`).
    pub end_delimiter: Option<String>,
    /// `false`: the whole text is one statement (Liquibase `splitStatements`).
    pub split_statements: bool,
    /// Liquibase `stripComments`.
    pub strip_comments: bool,
}

impl SplitOptions {
    pub fn standard() -> Self {
        SplitOptions {
            end_delimiter: None,
            split_statements: true,
            strip_comments: false,
        }
    }
}

/// What a change holds.
#[derive(Debug, Clone)]
pub enum ChangeBody {
    /// SQL text, split and parsed by the `sql` stage.
    Sql {
        text: MappedText,
        split: SplitOptions,
    },
    /// A Liquibase change type, lowered to SQL by the `sql` stage.
    Node(ParsedNode),
}

/// One change inside a changeset.
#[derive(Debug, Clone)]
pub struct Change {
    /// `sql` for SQL text; the Liquibase change type name otherwise.
    pub kind: String,
    /// Where the change is written (the whole file for a SQL migration).
    pub span: Span,
    pub body: ChangeBody,
}

/// The rollback of a changeset.
#[derive(Debug, Clone, Default)]
pub struct Rollback {
    pub kind: RollbackKind,
    pub changes: Vec<Change>,
}

/// A unit the migration tool applies (and records) as one: a Flyway script,
/// an up migration, a Liquibase changeSet.
#[derive(Debug, Clone)]
pub struct Changeset {
    /// Stable id: the version for versioned scripts, the file name for
    /// repeatable and plain ones, `id` for Liquibase.
    pub id: String,
    pub author: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub role: ChangesetRole,
    pub transaction: TransactionMode,
    /// Where the changeset is declared (the whole file for SQL migrations).
    pub span: Span,
    pub changes: Vec<Change>,
    pub rollback: Rollback,
    /// Format-specific facts passed through to policies as-is
    /// (Liquibase `runAlways`, `context`, `labels`, preconditions, …).
    pub attributes: BTreeMap<String, serde_json::Value>,
    /// The checksum the migration tool records for it: Liquibase `9:<md5>`
    /// (DATABASECHANGELOG.MD5SUM), Flyway's CRC32 as a decimal i32
    /// (flyway_schema_history.checksum); `None` for tools that record none.
    pub checksum: Option<String>,
    /// Liquibase `modifySql` edits whose `dbms`, `context` and `labels` let
    /// them run, in the order written: applied to every statement the
    /// changeset sends (those with `apply_to_rollback` to its rollback too).
    pub modify_sql: Vec<SqlVisitor>,
    /// Liquibase `onValidationFail: MARK_RAN`: a change that fails
    /// Liquibase's validation marks the changeset ran instead of halting.
    pub mark_ran_when_invalid: bool,
    /// Liquibase preconditions that fail on the target with `onFail:
    /// MARK_RAN`: Liquibase records the changeset as run without running
    /// it. It is kept (policies see it, `marked_ran: true`), and lowered to
    /// no statement.
    pub marked_ran: bool,
}

/// One Liquibase `modifySql` edit (`SqlVisitor`) of a generated statement.
#[derive(Debug, Clone)]
pub struct SqlVisitor {
    pub edit: SqlEdit,
    /// `applyToRollback="true"`: the rollback's statements are edited too
    /// (and only those visitors are).
    pub apply_to_rollback: bool,
    /// Where the edit is written.
    pub span: Span,
}

/// What a [`SqlVisitor`] does to one statement's text.
#[derive(Debug, Clone)]
pub enum SqlEdit {
    /// `append value`: added at the end.
    Append(String),
    /// `prepend value`: added at the start.
    Prepend(String),
    /// `replace replace with`: every occurrence of the text.
    Replace { from: String, to: String },
    /// `regExpReplace replace with`: every match of the pattern (Java's
    /// `String.replaceAll`), `to` already in the `regex` crate's
    /// replacement syntax.
    RegExpReplace { pattern: regex::Regex, to: String },
}

impl SqlEdit {
    /// The statement text after this edit.
    pub fn apply(&self, sql: &str) -> String {
        match self {
            SqlEdit::Append(v) => format!("{sql}{v}"),
            SqlEdit::Prepend(v) => format!("{v}{sql}"),
            SqlEdit::Replace { from, .. } if from.is_empty() => sql.to_string(),
            SqlEdit::Replace { from, to } => sql.replace(from.as_str(), to),
            SqlEdit::RegExpReplace { pattern, to } => {
                pattern.replace_all(sql, to.as_str()).into_owned()
            }
        }
    }
}

/// Everything the source stage read.
#[derive(Debug, Default)]
pub struct Changelog {
    pub format: Option<SourceFormat>,
    /// The path the user gave.
    pub root: PathBuf,
    pub changesets: Vec<Changeset>,
    /// Liquibase changesets left out because their preconditions fail on
    /// the target with `onFail` CONTINUE: not analysed, and not recorded
    /// (those with MARK_RAN are kept, as [`Changeset::marked_ran`]).
    pub skipped: Vec<Changeset>,
    /// Problems that stop analysis of a file or element; the rest goes on.
    pub problems: Vec<Problem>,
}

/// What the user asked the source stage to do.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `${key}` values: Flyway placeholders, Liquibase properties.
    pub placeholders: BTreeMap<String, String>,
    /// Force a format instead of detecting it.
    pub format: Option<SourceFormat>,
    /// The target database: Liquibase `dbms` attributes are matched against it.
    pub dialect: Option<crate::dialect::Dialect>,
    /// Liquibase `--contexts` expression (`None`: every changeset runs).
    pub contexts: Option<String>,
    /// Liquibase `--labels` expression (`None`: every changeset runs).
    pub labels: Option<String>,
    /// Liquibase search-path roots for `include`/`includeAll`/`sqlFile`
    /// paths that are not relative to the changelog (default: the folder of
    /// the root changelog and the working directory).
    pub search_paths: Vec<PathBuf>,
    /// A Liquibase-style `.properties` file of `key=value` lines.
    pub properties_file: Option<PathBuf>,
    /// The text of the path `-`: SQL read from standard input, checked as
    /// one plain file named `<stdin>`.
    pub stdin: Option<String>,
    /// The size of a file read, and of a statement parsed.
    pub limits: crate::limits::Limits,
}

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// Reads `path` into a changelog, registering every file in `sources`:
/// a Liquibase changelog (XML, YAML, JSON, or `.sql` starting with
/// `--liquibase formatted sql`) or a SQL file or migration folder.
pub fn load(path: &std::path::Path, opts: &LoadOptions, sources: &mut SourceMap) -> Changelog {
    if opts.format == Some(SourceFormat::Liquibase) {
        return liquibase::load(path, opts, sources);
    }
    match probe(path, opts) {
        Probe::Liquibase => liquibase::load(path, opts, sources),
        Probe::Other(read) => sqlfolder::load_read(path, opts, sources, read),
    }
}

/// What a path holds, as far as choosing its reader goes.
enum Probe {
    Liquibase,
    /// Anything else; with the file's bytes when they were read to tell
    /// (a `.sql` file is read once, not once to look and once to load).
    Other(Option<Vec<u8>>),
}

/// XML/YAML/JSON files are only ever Liquibase changelogs here (a file that
/// is not one gets Liquibase's error); a `.sql` file is one when its header
/// (its first 4 KiB) says so.
fn probe(path: &std::path::Path, opts: &LoadOptions) -> Probe {
    if !path.is_file() {
        return Probe::Other(None);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let is_changelog = |head: &[u8]| {
        let head = head.get(..HEAD_BYTES).unwrap_or(head);
        liquibase::is_changelog(path, &String::from_utf8_lossy(head))
    };
    match ext.as_str() {
        "xml" | "yaml" | "yml" | "json" => Probe::Liquibase,
        "sql" => match crate::limits::read_limited(path, opts.limits.max_file_bytes) {
            Ok(bytes) if is_changelog(&bytes) => Probe::Liquibase,
            Ok(bytes) => Probe::Other(Some(bytes)),
            // too big, or unreadable: its head still tells, and the reader
            // reports the rest
            Err(_) => {
                use std::io::Read;
                let mut head = Vec::with_capacity(HEAD_BYTES);
                let read = std::fs::File::open(path)
                    .and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head));
                match read.is_ok() && is_changelog(&head) {
                    true => Probe::Liquibase,
                    false => Probe::Other(None),
                }
            }
        },
        _ => Probe::Other(None),
    }
}

/// How much of a `.sql` file is looked at for Liquibase's header.
const HEAD_BYTES: usize = 4096;

pub mod sqlfolder;

/// Files are read as UTF-8 (Liquibase changelogs also as ISO-8859-1, as
/// Liquibase does); UTF-16 would read as noise, so it is refused by name.
pub(crate) const UTF16_REFUSED: &str = "UTF-16 is not supported: save as UTF-8";

/// Is this UTF-16 text: a byte order mark, or an XML declaration (`<?`) in
/// UTF-16 without one?
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[b'<', 0, b'?', 0])
        || bytes.starts_with(&[0, b'<', 0, b'?'])
}
