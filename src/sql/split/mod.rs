//! Splitting SQL text into statements and parsing each one.
//!
//! Two layers:
//!
//! 1. `scan` walks the text lexically (strings, quoted identifiers,
//!    comments, dollar quotes and `COPY … FROM stdin` data are skipped whole)
//!    and cuts it into pieces at what the client tools — not the server —
//!    treat as boundaries: T-SQL `GO` lines, SQL*Plus `/` lines, MySQL
//!    `DELIMITER` regions, Liquibase `endDelimiter`, psql meta-commands.
//!    A procedural unit (a PL/SQL block, a T-SQL procedure, a MySQL
//!    `BEGIN … END` body between custom delimiters) becomes one piece.
//! 2. `parse` drives sqlparser over each piece itself: one statement at a
//!    time, taking its extent from the first and last token, so every
//!    statement gets an exact byte range (sqlparser's own `Spanned` is empty
//!    for most statement kinds) and a statement sqlparser cannot parse only
//!    costs itself, not the rest of the file.
//!
//! Choices worth knowing:
//! - Boundaries by dialect: `GO` lines (`GO`, `go 5`, `GO -- x`) for SQL
//!   Server and generic; `/` lines for Oracle, DB2, H2 and generic;
//!   `DELIMITER xx` lines (at a statement start) in every dialect, since
//!   MySQL-style tools run them against other databases too; psql `\…`
//!   lines for the Postgres family and generic; SQL*Plus command lines
//!   (`PROMPT`, `SET DEFINE OFF`, `@file`, `WHENEVER`, `EXIT`) for Oracle.
//!   Client commands become one statement each: a `ClientCommand` when it
//!   runs no SQL of its own (`PROMPT`, `SET DEFINE OFF`, `\\set`), an
//!   `Err` naming it when it does or may (`@file`, `\\i file`, `\\connect`).
//! - Procedural units (see `units`) run to the end of their batch: to the
//!   next `/` line in Oracle (also `END;/` on one line), the next `GO` in
//!   SQL Server, the next custom delimiter, the end of the text with
//!   `split_statements: false`, or the next `/` line in DB2/H2/generic
//!   scripts that use them. Postgres-family bodies are dollar-quoted
//!   strings, so there are no units there. A PL/SQL unit keeps its final
//!   `END;` `;` (it is part of PL/SQL syntax); other units do not.
//! - `split_statements: false` (Liquibase `splitStatements="false"`): the
//!   tool sends the text as one unit, but a policy needs each statement, so
//!   the text is still parsed statement by statement.
//! - Text between two custom delimiters (`DELIMITER`, a literal
//!   `endDelimiter`) is split on `;` like any other text unless it starts a
//!   procedural unit; then it is one statement.
//! - Liquibase `endDelimiter`: `/` and `GO`, or regex forms of "alone on a
//!   line" (`\n/\s*\n|\n/\s*$`), act as `/` and `GO` lines; other regex
//!   forms are reduced to their literal and matched alone on a line; anything
//!   else is a literal delimiter matched outside strings and comments.
//! - `COPY … FROM stdin` data is part of the `COPY` statement's range (the
//!   tokenizer hands it to sqlparser as the statement's payload), up to and
//!   including the `\.` line; it is never parsed as SQL.
//! - Recovery: a statement sqlparser rejects runs to the next `;` (in T-SQL,
//!   which needs no `;`, also to the next statement keyword starting a
//!   line). A `CREATE TRIGGER` whose body sqlparser read past a top-level
//!   `;` is cut there and parsed again, so the statements after it stay
//!   visible.
//! - A string, quoted identifier, dollar quote or block comment that is
//!   never closed makes its statement a syntax error at the opening, and
//!   splitting resumes at the next line that starts a statement (see
//!   `unterminated`).
//! - `strip_comments` changes nothing here: ranges always run from a
//!   statement's first token to its last, so they never start or end in a
//!   comment.

use std::ops::Range;

use crate::dialect::Dialect;
use crate::source::SplitOptions;

mod chain;
mod chunks;
mod compound;
mod directives;
mod executable_comments;
mod lexical;
pub(crate) mod lines;
pub(crate) mod parse;
mod refused;
mod scan;
mod units;
mod unterminated;

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
    pub ast: Result<Box<crate::sql::grammar::Ast>, String>,
    /// Byte offset in the text where parsing failed, when known.
    pub error_at: Option<usize>,
    /// Certainly not valid SQL, whatever the parser supports (an
    /// unterminated string or comment, a construct the target database
    /// refuses): an input error at `error_at`, not a gap in the parser.
    pub syntax_error: bool,
    /// Its text is complete, well-formed tokens. A statement whose text is
    /// not (the tokenizer failed) is never analyzed from its tokens.
    pub well_formed: bool,
}

/// How the message of a statement refused for a limit starts.
const REFUSED: &str = "statement not analyzed: ";

/// Was the statement refused for a limit (its size, an expression too deep)
/// rather than for its syntax? It is then an input error whatever it is.
pub fn refused(raw: &RawStatement) -> bool {
    raw.ast.as_ref().is_err_and(|m| m.starts_with(REFUSED))
}

/// Splits `text` into statements and parses each with the dialect's parser.
///
/// Never panics and never drops text silently: every piece of non-comment
/// text ends up in some statement's range (as a parse error if need be),
/// except client-side directives (`GO`, `/`, `DELIMITER`) and delimiters.
pub fn split(text: &str, dialect: Dialect, opts: &SplitOptions) -> Vec<RawStatement> {
    let mut out = Vec::new();
    split_each(text, dialect, opts, usize::MAX, &mut |s| out.push(s));
    out
}

/// [`split`], handing each statement to `each` as soon as it is parsed, so
/// the statements of a long text are never all held at once. A statement
/// longer than `max_statement` bytes is not parsed: it is handed over as an
/// error saying so.
pub fn split_each(
    text: &str,
    dialect: Dialect,
    opts: &SplitOptions,
    max_statement: usize,
    each: &mut dyn FnMut(RawStatement),
) {
    let blanked = matches!(dialect, Dialect::Mysql | Dialect::Mariadb)
        .then(|| executable_comments::blank_markers(text))
        .flatten();
    let text = blanked.as_deref().unwrap_or(text);
    let parser_dialect = dialect.parser();
    let pieces = scan::pieces(text, dialect, &*parser_dialect, opts);
    let lines = lines::LineIndex::new(text);
    let ctx = parse::Ctx {
        text,
        lines: &lines,
        dialect: &parser_dialect,
        // T-SQL does not need `;` between statements
        semicolon_optional: dialect == Dialect::Sqlserver,
        postgres: dialect == Dialect::Postgres,
    };
    for piece in pieces {
        match piece.kind {
            scan::Kind::Statements => chunks::statements(
                &ctx,
                (piece.range, piece.unterminated),
                (&piece.cuts, &piece.payloads),
                max_statement,
                each,
            ),
            scan::Kind::Block { .. } if piece.range.len() > max_statement => {
                each(chunks::too_long(&ctx, piece.range, max_statement))
            }
            scan::Kind::Block { keep_semicolon } => {
                let mut out = Vec::new();
                let (range, unterminated) = (piece.range, piece.unterminated);
                parse::block(&ctx, range, keep_semicolon, unterminated, &mut out);
                out.into_iter().for_each(&mut *each);
            }
            scan::Kind::Client(what) => {
                let line = text.get(piece.range.clone()).unwrap_or_default();
                let ast = match crate::sql::grammar::client_command(what, line) {
                    Some(command) => Ok(Box::new(command)),
                    None => Err(format!(
                        "{what} `{line}` is run by the client tool, not sent to the server"
                    )),
                };
                each(RawStatement {
                    error_at: ast.is_err().then_some(piece.range.start),
                    ast,
                    range: piece.range,
                    syntax_error: false,
                    well_formed: true,
                })
            }
        }
    }
}
