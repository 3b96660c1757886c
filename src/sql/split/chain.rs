//! Operator chains too long to parse safely. sqlparser reads `1 + 1 + … +
//! 1` in a loop, within its recursion limit, but the tree it builds is as
//! deep as the chain is long: dropping or walking it recurses once per
//! operator, and 200,000 of them overflow the stack. Such a statement is
//! refused before it is parsed.

use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::limits::MAX_OPERATOR_CHAIN;

/// Does the token separate one operand chain from the next (a list, a
/// parenthesis, a clause, a `CASE` branch)?
fn separates(t: &Token) -> bool {
    match t {
        Token::LParen
        | Token::RParen
        | Token::LBracket
        | Token::RBracket
        | Token::LBrace
        | Token::RBrace
        | Token::Comma
        | Token::SemiColon => true,
        Token::Word(w) => matches!(
            w.keyword,
            Keyword::SELECT
                | Keyword::FROM
                | Keyword::WHERE
                | Keyword::SET
                | Keyword::VALUES
                | Keyword::ON
                | Keyword::HAVING
                | Keyword::BY
                | Keyword::WHEN
                | Keyword::THEN
                | Keyword::ELSE
                | Keyword::END
        ),
        _ => false,
    }
}

/// Does the token join two operands into a deeper tree (`+`, `||`, `=`,
/// `::`, `->`, `AND`, …)?
fn joins(t: &Token) -> bool {
    match t {
        Token::Word(w) => matches!(w.keyword, Keyword::AND | Keyword::OR | Keyword::XOR),
        _ => matches!(
            t,
            Token::Plus
                | Token::Minus
                | Token::Mul
                | Token::Div
                | Token::DuckIntDiv
                | Token::Mod
                | Token::StringConcat
                | Token::DoubleEq
                | Token::Eq
                | Token::Neq
                | Token::Lt
                | Token::Gt
                | Token::LtEq
                | Token::GtEq
                | Token::Spaceship
                | Token::Ampersand
                | Token::Pipe
                | Token::Caret
                | Token::ShiftLeft
                | Token::ShiftRight
                | Token::DoubleColon
                | Token::Arrow
                | Token::LongArrow
                | Token::HashArrow
                | Token::HashLongArrow
                | Token::AtArrow
                | Token::ArrowAt
                | Token::Sharp
                | Token::Tilde
                | Token::Overlap
                | Token::Period
                | Token::CustomBinaryOperator(_)
        ),
    }
}

/// Token indices where a chain grows past [`MAX_OPERATOR_CHAIN`], in
/// order (one per chain; empty for every real statement).
pub(super) fn overlong(tokens: &[TokenWithSpan]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if separates(&t.token) {
            run = 0;
        } else if joins(&t.token) {
            run += 1;
            if run == MAX_OPERATOR_CHAIN + 1 {
                out.push(i);
            }
        }
    }
    out
}

/// The overlong chain in the statement starting at token `from`, if one of
/// `chains` lies before the statement's `;`: `(chain token, end token)`,
/// the end being that `;` or EOF.
pub(super) fn in_statement(p: &Parser, from: usize, chains: &[usize]) -> Option<(usize, usize)> {
    let at = *chains.iter().find(|&&c| c >= from)?;
    let semi = |i: &usize| matches!(p.token_at(*i).token, Token::SemiColon | Token::EOF);
    if (from..at).any(|i| semi(&i)) {
        return None;
    }
    let end = (at..).find(semi).unwrap_or(at);
    Some((at, end))
}

/// The message for a statement nested deeper than sqlparser's recursion
/// limit (its default, 50, is on: every parser is made by `Parser::new`).
pub(super) fn too_deep() -> String {
    format!(
        "{}nested more than sqlparser's recursion limit (50 parentheses, subqueries or expressions deep)",
        super::REFUSED
    )
}

/// The message for a chain refused.
pub(super) fn message() -> String {
    format!(
        "{}an expression of more than {MAX_OPERATOR_CHAIN} operators in a row (its syntax tree would be as deep)",
        super::REFUSED
    )
}
