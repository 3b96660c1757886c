//! The checksums the migration tools record: Liquibase's MD5 (`9:…`) and
//! Flyway's CRC32. They are computed where the data is (the source stage,
//! into `Changeset::checksum`); this is the entry point the history side
//! uses on a file's text from another revision.

use std::path::Path;

use serde::Serialize;

use crate::dialect::Dialect;
use crate::error::Problem;

pub use crate::source::sqlfolder::flyway_checksum::flyway;

/// One changeSet of a changelog file and the checksum Liquibase 4.28
/// records for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChecksum {
    pub id: String,
    pub author: Option<String>,
    /// `9:<32 hex>`.
    pub checksum: String,
    /// 1-based line of the changeSet in the text.
    pub line: usize,
}

/// The `(id, author, checksum)` of every changeSet of one Liquibase
/// changelog file's `text` (XML, YAML, JSON or formatted SQL, told apart by
/// `path`'s extension), on its own: its includes are not followed and only
/// the properties it defines itself are substituted. `Err` names the file,
/// line and column when the text cannot be parsed.
pub fn liquibase_file_checksums(path: &Path, text: &str) -> Result<Vec<FileChecksum>, Problem> {
    liquibase_file_checksums_on(path, text, None)
}

/// [`liquibase_file_checksums`] as Liquibase computes them on one target
/// database: the changes whose `dbms` excludes it do not count (checksum
/// version 9). `None`: every change counts.
pub fn liquibase_file_checksums_on(
    path: &Path,
    text: &str,
    dialect: Option<Dialect>,
) -> Result<Vec<FileChecksum>, Problem> {
    let changesets = crate::source::liquibase::file_changesets(path, text, dialect)?;
    Ok(changesets
        .into_iter()
        .filter_map(|cs| {
            let line = line_of(text, cs.span.start);
            Some(FileChecksum {
                checksum: cs.checksum?,
                id: cs.id,
                author: cs.author,
                line,
            })
        })
        .collect())
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
