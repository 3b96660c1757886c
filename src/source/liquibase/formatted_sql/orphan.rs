//! SQL written before the first `--changeset` of a formatted SQL changelog.
//!
//! Liquibase (4.28, `liquibase update-sql`) neither runs it nor refuses the
//! file: it drops it without a word (only a `--comment:` line there is an
//! error). So the gate does not judge it as run either, but it does not
//! drop it silently: whoever wrote it meant it to run, and a statement no
//! one reviews or runs is a broken changelog. It is an input error at its
//! first token (exit 2); comments and blank lines there are fine.

use sqlparser::dialect::GenericDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::error::Problem;
use crate::span::{FileId, Span};

/// The problem with the lines (file ranges) before the first changeset,
/// when they hold anything but comments and whitespace.
pub(super) fn problem(file: FileId, text: &str, lines: &[(usize, usize)]) -> Option<Problem> {
    let joined: Vec<&str> = lines
        .iter()
        .map(|&(s, e)| text.get(s..e).unwrap_or_default())
        .collect();
    let joined = joined.join("\n");
    let mut tokens = Vec::new();
    let err = Tokenizer::new(&GenericDialect {}, &joined)
        .tokenize_with_location_into_buf(&mut tokens)
        .err();
    let at = tokens
        .iter()
        .find(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
        .map(|t| t.span.start)
        .or(err.map(|e| e.location))?;
    // one joined line per file line: map the location back
    let line = usize::try_from(at.line).ok()?.checked_sub(1)?;
    let &(start, end) = lines.get(line)?;
    let column = usize::try_from(at.column.saturating_sub(1)).unwrap_or(0);
    let offset = text
        .get(start..end)
        .and_then(|l| l.char_indices().nth(column))
        .map_or(start, |(i, _)| start + i);
    Some(Problem::at_span(
        Span::new(file, offset..offset),
        "SQL before the first `--changeset` is never run: Liquibase ignores it without a word; put it in a changeset or delete it",
    ))
}
