//! Splitting SQL text into statements and parsing each one.
//!
//! Two layers:
//!
//! 1. [`scan`] walks the text lexically (strings, quoted identifiers,
//!    comments, dollar quotes and `COPY … FROM stdin` data are skipped whole)
//!    and cuts it into pieces at what the client tools — not the server —
//!    treat as boundaries: T-SQL `GO` lines, SQL*Plus `/` lines, MySQL
//!    `DELIMITER` regions, Liquibase `endDelimiter`, psql meta-commands.
//!    A procedural unit (a PL/SQL block, a T-SQL procedure, a MySQL
//!    `BEGIN … END` body between custom delimiters) becomes one piece.
//! 2. [`parse`] drives sqlparser over each piece itself: one statement at a
//!    time, taking its extent from the first and last token, so every
//!    statement gets an exact byte range (sqlparser's own `Spanned` is empty
//!    for most statement kinds) and a statement sqlparser cannot parse only
//!    costs itself, not the rest of the file.
//!
//! Choices worth knowing:
//! - `split_statements: false` (Liquibase `splitStatements="false"`): the
//!   tool sends the text as one unit, but a policy needs each statement, so
//!   the text is still parsed statement by statement; a procedural unit in
//!   it runs to the end of the text (its inner `;`s do not split it).
//! - Text between two custom delimiters is split on `;` like any other text
//!   unless it starts a procedural unit; then it is one statement.
//! - `COPY … FROM stdin` data is part of the `COPY` statement's range (the
//!   tokenizer hands it to sqlparser as the statement's payload), up to and
//!   including the `\.` line.
//! - `strip_comments` changes nothing here: ranges always run from a
//!   statement's first token to its last, so they never start or end in a
//!   comment.

use std::ops::Range;

use crate::dialect::Dialect;
use crate::source::SplitOptions;

mod lines;
mod parse;
mod scan;
mod units;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

/// One statement found in a text.
#[derive(Debug, Clone)]
pub struct RawStatement {
    /// Byte range in the text: from its first token to its last, without the
    /// delimiter.
    pub range: Range<usize>,
    /// The syntax tree, or why there is none: the parser's message without
    /// its (piece-relative) position; see [`RawStatement::error_at`].
    pub ast: Result<sqlparser::ast::Statement, String>,
    /// Byte offset in the text where parsing failed, when known.
    pub error_at: Option<usize>,
}

/// Splits `text` into statements and parses each with the dialect's parser.
///
/// Never panics and never drops text silently: every piece of non-comment
/// text ends up in some statement's range (as a parse error if need be),
/// except client-side directives (`GO`, `/`, `DELIMITER`) and delimiters.
pub fn split(text: &str, dialect: Dialect, opts: &SplitOptions) -> Vec<RawStatement> {
    let parser_dialect = dialect.parser();
    let pieces = scan::pieces(text, dialect, &*parser_dialect, opts);
    let lines = lines::LineIndex::new(text);
    let ctx = parse::Ctx {
        text,
        lines: &lines,
        dialect: &*parser_dialect,
        // T-SQL does not need `;` between statements
        semicolon_optional: dialect == Dialect::Sqlserver,
    };
    let mut out = Vec::new();
    for piece in pieces {
        match piece.kind {
            scan::Kind::Statements => parse::statements(&ctx, piece.range, &mut out),
            scan::Kind::Block { keep_semicolon } => {
                parse::block(&ctx, piece.range, keep_semicolon, &mut out)
            }
            scan::Kind::Client(what) => out.push(RawStatement {
                ast: Err(format!(
                    "{what} `{}` is run by the client tool, not sent to the server",
                    text.get(piece.range.clone()).unwrap_or_default()
                )),
                error_at: Some(piece.range.start),
                range: piece.range,
            }),
        }
    }
    out
}
