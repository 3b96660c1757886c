//! PostgreSQL constructs sqlparser 0.64's `PostgreSqlDialect` lacks.
//!
//! Our own kinds (see `ext`): `ALTER SEQUENCE`.

use sqlparser::ast::Statement;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};

use super::ext::{AlterSequence, ExtStatement, SequenceAction};
use super::{expected, parse_words, peek_words};

/// sqlparser nodes for PostgreSQL statements its grammar does not read.
pub(super) fn parse_statement(_p: &mut Parser) -> Option<Result<Statement, ParserError>> {
    None
}

/// Statements of our own kinds.
pub(super) fn parse_ext(p: &mut Parser) -> Option<Result<ExtStatement, ParserError>> {
    if peek_words(p, &["ALTER", "SEQUENCE"]) {
        return Some(alter_sequence(p));
    }
    None
}

/// `ALTER SEQUENCE [IF EXISTS] name action …`: the sequence options of
/// `CREATE SEQUENCE` plus `RESTART`, `OWNED BY`, `SET [UN]LOGGED`, `OWNER
/// TO`, `RENAME TO`, `SET SCHEMA`.
fn alter_sequence(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // SEQUENCE
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let mut actions = Vec::new();
    while !super::at_end(p) {
        actions.push(sequence_action(p)?);
    }
    if actions.is_empty() {
        return expected(p, "an ALTER SEQUENCE action");
    }
    Ok(ExtStatement::AlterSequence(AlterSequence {
        if_exists,
        name,
        actions,
    }))
}

fn sequence_action(p: &mut Parser) -> Result<SequenceAction, ParserError> {
    use SequenceAction as A;
    let signed = |p: &mut Parser| p.parse_expr();
    Ok(if p.parse_keyword(Keyword::AS) {
        A::As(p.parse_data_type()?)
    } else if p.parse_keyword(Keyword::INCREMENT) {
        let _ = p.parse_keyword(Keyword::BY);
        A::IncrementBy(signed(p)?)
    } else if p.parse_keyword(Keyword::MINVALUE) {
        A::MinValue(Some(signed(p)?))
    } else if p.parse_keyword(Keyword::MAXVALUE) {
        A::MaxValue(Some(signed(p)?))
    } else if p.parse_keywords(&[Keyword::NO, Keyword::MINVALUE]) {
        A::MinValue(None)
    } else if p.parse_keywords(&[Keyword::NO, Keyword::MAXVALUE]) {
        A::MaxValue(None)
    } else if p.parse_keywords(&[Keyword::NO, Keyword::CYCLE]) {
        A::Cycle(false)
    } else if p.parse_keyword(Keyword::CYCLE) {
        A::Cycle(true)
    } else if p.parse_keyword(Keyword::START) {
        let _ = p.parse_keyword(Keyword::WITH);
        A::StartWith(signed(p)?)
    } else if p.parse_keyword(Keyword::RESTART) {
        let with = p.parse_keyword(Keyword::WITH);
        if with || !(super::at_end(p) || starts_action(p)) {
            A::Restart(Some(signed(p)?))
        } else {
            A::Restart(None)
        }
    } else if p.parse_keyword(Keyword::CACHE) {
        A::Cache(signed(p)?)
    } else if p.parse_keywords(&[Keyword::OWNED, Keyword::BY]) {
        if p.parse_keyword(Keyword::NONE) {
            A::OwnedBy(None)
        } else {
            A::OwnedBy(Some(p.parse_object_name(false)?))
        }
    } else if p.parse_keywords(&[Keyword::SET, Keyword::LOGGED]) {
        A::SetLogged(true)
    } else if p.parse_keywords(&[Keyword::SET, Keyword::UNLOGGED]) {
        A::SetLogged(false)
    } else if p.parse_keywords(&[Keyword::SET, Keyword::SCHEMA]) {
        A::SetSchema(p.parse_identifier()?)
    } else if p.parse_keywords(&[Keyword::OWNER, Keyword::TO]) {
        A::OwnerTo(p.parse_identifier()?)
    } else if p.parse_keywords(&[Keyword::RENAME, Keyword::TO]) {
        A::RenameTo(p.parse_object_name(false)?)
    } else {
        return expected(p, "an ALTER SEQUENCE action");
    })
}

/// The next word starts another sequence action (so a bare `RESTART`
/// takes no value).
fn starts_action(p: &Parser) -> bool {
    [
        "AS",
        "INCREMENT",
        "MINVALUE",
        "MAXVALUE",
        "NO",
        "CYCLE",
        "START",
        "RESTART",
        "CACHE",
        "OWNED",
        "SET",
        "OWNER",
        "RENAME",
    ]
    .iter()
    .any(|w| peek_words(p, &[w]))
}

#[allow(dead_code)]
fn words(p: &mut Parser, w: &[&str]) -> bool {
    parse_words(p, w)
}
