//! The checksum Liquibase 4.28 records for a changeSet
//! (`DATABASECHANGELOG.MD5SUM`, checksum version 9): computed from the raw
//! element tree, where the written text still is (before comments are
//! blanked, before `sqlFile` contents are expanded).
//!
//! How Liquibase computes it (read from its sources, checked against the
//! values it writes, `tests/fixtures/history/`):
//! - a changeSet: MD5 of each kept change's checksum followed by `:`, then
//!   each `modifySql` visitor's checksum followed by `;`;
//! - SQL text (`sql`, `sqlFile`): MD5 of its bytes with every space, tab,
//!   CR and LF removed (comments stay); `sql` after `${…}` substitution,
//!   `sqlFile` as the file is written;
//! - `createProcedure`/`createView`: the generic form without the body
//!   fields, `:`, then the body as SQL text;
//! - `loadData`: `tableName:` then the CSV without CRs, blank and comment
//!   lines;
//! - anything else: its parameters serialised as `name:[ field="value" … ]`,
//!   one sorted line per written field, nested columns in order.

use std::path::Path;

use md5::{Digest, Md5};

use super::Loader;
use super::tree::Node;
use crate::source::ParsedNode;

mod fields;
mod serialize;

pub(crate) use serialize::{serialize_change, serialize_visitor};

/// Does the change type have this parameter? `None` for a type Liquibase
/// 4.28 does not define (an extension's).
pub(crate) fn has_parameter(change: &str, parameter: &str) -> Option<bool> {
    fields::CHANGE_FIELDS
        .iter()
        .find(|(n, _)| *n == change)
        .map(|(_, f)| f.iter().any(|(k, _)| *k == parameter))
}

/// `9:` and the MD5 of a string, as `CheckSum.compute(String)`.
pub(crate) fn of_string(s: &str) -> String {
    let s = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{fffd}', "");
    format!("9:{}", md5_hex(s.as_bytes()))
}

/// `9:` and the MD5 of SQL text without its whitespace
/// (`AbstractSQLChange.NormalizingStream`).
pub(crate) fn of_sql(text: &str) -> String {
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        .collect();
    format!("9:{}", md5_hex(&bytes))
}

/// `loadData`: the CSV bytes without CRs, blank lines, lines starting with
/// the comment character, and the last line break
/// (`EmptyLineAndCommentSkippingInputStream`).
pub(crate) fn of_csv(bytes: &[u8], comment: Option<u8>) -> String {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for line in bytes.split(|&b| b == b'\n') {
        if comment.is_some_and(|c| line.first() == Some(&c)) {
            continue;
        }
        let line: Vec<u8> = line.iter().copied().filter(|&b| b != b'\r').collect();
        if !line.is_empty() {
            kept.push(line);
        }
    }
    format!("9:{}", md5_hex(&kept.join(&b'\n')))
}

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The changeSet checksum from its changes' and visitors' checksums.
pub(crate) fn of_changeset(changes: &[String], visitors: &[String]) -> String {
    let mut s = String::new();
    for c in changes {
        s.push_str(c);
        s.push(':');
    }
    for v in visitors {
        s.push_str(v);
        s.push(';');
    }
    of_string(&s)
}

impl Loader<'_> {
    /// The checksum of one change element as Liquibase records it; `node`
    /// is the raw element, `parsed` it with properties substituted.
    pub(super) fn change_checksum(&self, node: &Node, parsed: &ParsedNode, path: &Path) -> String {
        match parsed.name.as_str() {
            "sql" => {
                let text = parsed
                    .text
                    .as_ref()
                    .map(|t| t.text.clone())
                    .or_else(|| parsed.attr("sql").map(str::to_string))
                    .unwrap_or_default();
                of_sql(&text)
            }
            // the file as written: Liquibase does not expand it here
            "sqlFile" => of_sql(&self.file_text(node, "path", path).unwrap_or_default()),
            "createProcedure" | "createView" => {
                let body_field = if parsed.name == "createView" {
                    "selectQuery"
                } else {
                    "procedureText"
                };
                let body = if parsed.attr("path").is_some() {
                    self.file_text(node, "path", path).map(|t| {
                        self.props
                            .expand(
                                &super::properties::Pieces::verbatim(node.span.file, &t, 0),
                                self.scope(path),
                                &self.run,
                            )
                            .text
                    })
                } else {
                    parsed
                        .attr(body_field)
                        .map(str::to_string)
                        .or_else(|| parsed.text.as_ref().map(|t| t.text.clone()))
                };
                let generic = of_string(&serialize_change(parsed));
                of_string(&format!("{generic}:{}", of_sql(&body.unwrap_or_default())))
            }
            "loadData" | "loadUpdateData" => {
                let bytes = self.file_bytes(node, "file", path).unwrap_or_default();
                let comment = match parsed.attr("commentLineStartsWith") {
                    None => Some(b'#'),
                    Some(c) => c.bytes().next(),
                };
                let table = parsed.attr("tableName").unwrap_or("null");
                of_string(&format!("{table}:{}", of_csv(&bytes, comment)))
            }
            _ => of_string(&serialize_change(parsed)),
        }
    }

    /// The file an attribute names, resolved as the loader resolves it.
    fn referenced_path(&self, node: &Node, attr: &str, path: &Path) -> Option<std::path::PathBuf> {
        let written = self.value(node, attr, path)?;
        let relative = self.flag(node, "relativeToChangelogFile", path, false);
        // a file the loader refuses (outside the project) is not read here
        // either
        self.locate(&written, relative, path)
            .ok()
            .filter(|p| p.is_file())
    }

    fn file_text(&self, node: &Node, attr: &str, path: &Path) -> Option<String> {
        let found = self.referenced_path(node, attr, path)?;
        match self.sources.find(&found) {
            Some(id) => Some(self.sources.get(id).text.clone()),
            None => Self::read_text(&found, self.max_file).ok(),
        }
    }

    fn file_bytes(&self, node: &Node, attr: &str, path: &Path) -> Option<Vec<u8>> {
        let found = self.referenced_path(node, attr, path)?;
        let bytes = crate::limits::read_limited(&found, self.max_file).ok()?;
        if super::extension(&found) == "gz" {
            return super::gzip::gunzip(&bytes).ok();
        }
        Some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_checksum_ignores_whitespace_but_not_comments() {
        // values Liquibase 4.28 logged for these texts
        assert_eq!(
            of_sql("create table t1 (id int);"),
            "9:11e24b7501d1c83ace968447eda0eb04"
        );
        assert_eq!(
            of_sql("create   table\n\tt1 (id    int);\r\n"),
            "9:11e24b7501d1c83ace968447eda0eb04"
        );
        assert_ne!(
            of_sql("-- x\ncreate table t1 (id int);"),
            "9:11e24b7501d1c83ace968447eda0eb04"
        );
    }

    #[test]
    fn csv_drops_blank_and_comment_lines_and_the_last_break() {
        assert_eq!(
            of_csv(b"id,owner_id\r\n\r\n#note\n1,1\n2,1\n\n", Some(b'#')),
            of_csv(b"id,owner_id\n1,1\n2,1", None)
        );
    }
}
