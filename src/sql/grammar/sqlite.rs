//! SQLite constructs sqlparser 0.64's `SQLiteDialect` lacks.
//!
//! Into sqlparser's nodes:
//! - `PRAGMA name = word` (`foreign_keys = off`, `journal_mode = WAL`): the
//!   word is the value, as a string (SQLite reads `'off'` the same).
//! - `CREATE VIRTUAL TABLE t USING module (arguments)`: each argument as
//!   written (`content='t'`, `tokenize="unicode61"`: the module reads them).
//! - Type names of several words (`SMALL INT`, `VARYING CHARACTER(255)`):
//!   SQLite takes any words as a type name.

use sqlparser::ast::{DataType, Ident, ObjectName, Statement, TypeModifier, Value};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::peek_words;

/// sqlparser nodes for SQLite statements its grammar does not read.
pub(super) fn parse_statement(p: &mut Parser) -> Option<Result<Statement, ParserError>> {
    if peek_words(p, &["PRAGMA"])
        && matches!(p.peek_nth_token_ref(1).token, Token::Word(_))
        && p.peek_nth_token_ref(2).token == Token::Eq
        && matches!(&p.peek_nth_token_ref(3).token, Token::Word(w) if w.quote_style.is_none())
    {
        p.advance_token(); // PRAGMA
        return Some((|| {
            let name = ObjectName::from(vec![p.parse_identifier()?]);
            p.expect_token(&Token::Eq)?;
            let word = p.next_token();
            Ok(Statement::Pragma {
                name,
                value: Some(Value::SingleQuotedString(word.token.to_string()).with_span(word.span)),
                is_eq: true,
            })
        })());
    }
    if peek_words(p, &["CREATE", "VIRTUAL", "TABLE"]) {
        for _ in 0..3 {
            p.advance_token();
        }
        return Some(virtual_table(p));
    }
    None
}

/// `[IF NOT EXISTS] name USING module [(argument, …)]`.
fn virtual_table(p: &mut Parser) -> Result<Statement, ParserError> {
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    p.expect_keyword_is(Keyword::USING)?;
    let module_name = p.parse_identifier()?;
    let mut module_args = Vec::new();
    if p.consume_token(&Token::LParen) {
        let mut depth = 0usize;
        let mut arg = String::new();
        loop {
            let t = p.next_token().token;
            match &t {
                Token::EOF => return p.expected_ref(")", p.peek_token_ref()),
                Token::RParen if depth == 0 => break,
                Token::Comma if depth == 0 => {
                    module_args.push(Ident::new(arg.trim()));
                    arg.clear();
                    continue;
                }
                Token::LParen => depth += 1,
                Token::RParen => depth -= 1,
                _ => {}
            }
            if !arg.is_empty() {
                arg.push(' ');
            }
            arg.push_str(&t.to_string());
        }
        if !arg.trim().is_empty() {
            module_args.push(Ident::new(arg.trim()));
        }
    }
    Ok(Statement::CreateVirtualTable {
        name,
        if_not_exists,
        module_name,
        module_args,
    })
}

/// Words that end a type name in a column definition.
const AFTER_TYPE: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
    "ON",
];

/// A type name of two or more words (`SMALL INT`, `VARYING CHARACTER(255)`,
/// `UNSIGNED BIG INT`), with its optional `(n[, m])`.
pub(super) fn parse_data_type(p: &mut Parser) -> Option<Result<DataType, ParserError>> {
    let is_type_word = |t: &Token| {
        matches!(t, Token::Word(w) if w.quote_style.is_none()
            && !AFTER_TYPE.iter().any(|k| w.value.eq_ignore_ascii_case(k)))
    };
    if !(is_type_word(&p.peek_nth_token_ref(0).token)
        && is_type_word(&p.peek_nth_token_ref(1).token))
    {
        return None;
    }
    let mut words = Vec::new();
    while is_type_word(&p.peek_token_ref().token) {
        words.push(p.next_token().token.to_string());
    }
    Some((|| {
        let mut modifiers = Vec::new();
        if p.consume_token(&Token::LParen) {
            loop {
                let n = p.parse_literal_uint()?;
                modifiers.push(TypeModifier::Number(n.to_string(), false));
                if !p.consume_token(&Token::Comma) {
                    break;
                }
            }
            p.expect_token(&Token::RParen)?;
        }
        Ok(DataType::Custom(
            ObjectName::from(vec![Ident::new(words.join(" "))]),
            modifiers,
        ))
    })())
}
