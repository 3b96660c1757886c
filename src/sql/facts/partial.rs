//! Parts of statements sqlparser rejects as a whole. A T-SQL
//! `CREATE TABLE … ON [PRIMARY]` or `ALTER TABLE … WITH NOCHECK ADD
//! CONSTRAINT …` fails on one clause, yet its column list or its operation
//! is ordinary SQL: those parts are handed back to sqlparser's own parsing
//! functions, so the facts still come from syntax trees.

use sqlparser::ast::{ColumnDef, TableConstraint};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::alter::modify_column;
use super::columns::{column, constraint, data_type, expr_name};
use super::volatile::is_volatile;
use super::{Op, OpColumn};
use crate::dialect::Dialect;

/// The column list of `CREATE TABLE name (…) <rest sqlparser rejects>`;
/// `tokens` start at the `(`. Each element is parsed on its own and the
/// ones sqlparser reads are kept: a T-SQL `PRIMARY KEY CLUSTERED (…) WITH
/// (PAD_INDEX = OFF) ON [PRIMARY]` stops at its index options, after the
/// facts.
pub(super) fn table_elements(
    tokens: &[Token],
    dialect: Dialect,
) -> Option<(Vec<ColumnDef>, Vec<TableConstraint>)> {
    let inner = parenthesized(tokens)?;
    let parser_dialect = dialect.parser();
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    for element in split_top_level(inner) {
        let mut p = Parser::new(&*parser_dialect).with_tokens(element.to_vec());
        if let Ok(Some(c)) = p.parse_optional_table_constraint() {
            constraints.push(c);
            continue;
        }
        let mut p = Parser::new(&*parser_dialect).with_tokens(element.to_vec());
        if let Ok(def) = p.parse_column_def() {
            columns.push(def);
        }
    }
    Some((columns, constraints))
}

/// The column list of an index and whether a `WHERE` follows it.
pub(super) struct IndexColumns {
    pub columns: Vec<String>,
    pub partial: bool,
}

/// `(a, lower(b) DESC, …) … [WHERE …]` of a `CREATE INDEX` sqlparser
/// rejects (T-SQL `WITH (ONLINE = ON)`, CockroachDB `STORING (…)`); `tokens`
/// start at the `(`. `None` when an element is not an expression.
pub(super) fn index_columns(tokens: &[Token], dialect: Dialect) -> Option<IndexColumns> {
    let inner = parenthesized(tokens)?;
    let parser_dialect = dialect.parser();
    let columns = split_top_level(inner)
        .into_iter()
        .map(|element| {
            let mut p = Parser::new(&*parser_dialect).with_tokens(element.to_vec());
            p.parse_expr().ok().map(|e| expr_name(&e))
        })
        .collect::<Option<Vec<_>>>()?;
    let after = tokens.get(inner.len() + 2..).unwrap_or(&[]);
    let mut depth = 0usize;
    let partial = after.iter().any(|t| match t {
        Token::LParen => {
            depth += 1;
            false
        }
        Token::RParen => {
            depth = depth.saturating_sub(1);
            false
        }
        _ => depth == 0 && is_word(t, "WHERE"),
    });
    Some(IndexColumns { columns, partial })
}

/// The tokens inside the parentheses `tokens` start with.
fn parenthesized(tokens: &[Token]) -> Option<&[Token]> {
    if !matches!(tokens.first(), Some(Token::LParen)) {
        return None;
    }
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return tokens.get(1..i);
                }
            }
            _ => {}
        }
    }
    None
}

/// What the operations of `ALTER TABLE name <tokens>` say.
#[derive(Default)]
pub(super) struct AlterOps {
    pub ops: Vec<Op>,
    /// MySQL `ALGORITHM=` / `LOCK=` values, upper case.
    pub algorithm: Option<String>,
    pub lock: Option<String>,
}

/// The operations of `ALTER TABLE name <tokens>`, split at top-level
/// commas. An operation that cannot be read becomes `other` with its text.
pub(super) fn alter_ops(tokens: &[Token], dialect: Dialect) -> AlterOps {
    let mut out = AlterOps::default();
    for piece in split_top_level(tokens) {
        if let Some((key, value)) = mysql_option(piece) {
            match key.as_str() {
                "ALGORITHM" => out.algorithm = Some(value),
                _ => out.lock = Some(value),
            }
            continue;
        }
        if piece.is_empty() {
            continue;
        }
        match alter_op(piece, dialect) {
            Some(ops) => out.ops.extend(ops),
            None => out.ops.push(Op {
                op: "other".into(),
                detail: Some(text(piece)),
                ..Op::default()
            }),
        }
    }
    out
}

/// `ALGORITHM [=] INPLACE` / `LOCK [=] NONE`.
fn mysql_option(piece: &[Token]) -> Option<(String, String)> {
    let word = |t: Option<&Token>| match t {
        Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    };
    let key = word(piece.first()).filter(|k| k == "ALGORITHM" || k == "LOCK")?;
    let value_at = if matches!(piece.get(1), Some(Token::Eq)) {
        2
    } else {
        1
    };
    let value = word(piece.get(value_at))?;
    (piece.len() == value_at + 1).then_some((key, value))
}

fn text(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(Token::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_top_level(tokens: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                out.push(tokens.get(start..i).unwrap_or(&[]));
                start = i + 1;
            }
            Token::SemiColon if depth == 0 => {
                out.push(tokens.get(start..i).unwrap_or(&[]));
                return out;
            }
            _ => {}
        }
    }
    out.push(tokens.get(start..).unwrap_or(&[]));
    out
}

/// An unquoted word that sqlparser has no keyword for (`NOCHECK`).
fn is_word(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

fn op(name: &str) -> Op {
    Op {
        op: name.to_string(),
        ..Op::default()
    }
}

/// One operation (or several: MySQL / Oracle `ADD (…, …)`, `MODIFY (…)`).
/// `WITH NOCHECK` (T-SQL) adds a constraint without checking existing rows:
/// postgres' `NOT VALID`. `WITH CHECK CHECK CONSTRAINT c` checks them:
/// `VALIDATE CONSTRAINT`.
fn alter_op(tokens: &[Token], dialect: Dialect) -> Option<Vec<Op>> {
    let parser_dialect = dialect.parser();
    let mut p = Parser::new(&*parser_dialect).with_tokens(tokens.to_vec());
    let checked = if p.parse_keywords(&[Keyword::WITH, Keyword::CHECK]) {
        Some(true)
    } else if is_word(&p.peek_nth_token(0).token, "WITH")
        && is_word(&p.peek_nth_token(1).token, "NOCHECK")
    {
        p.next_token();
        p.next_token();
        Some(false)
    } else {
        None
    };
    // T-SQL lists further constraints after one `ADD` without repeating it.
    let bare_constraint = matches!(&p.peek_token().token, Token::Word(w)
        if matches!(w.keyword, Keyword::CONSTRAINT | Keyword::PRIMARY | Keyword::FOREIGN | Keyword::UNIQUE));
    if bare_constraint || p.parse_keyword(Keyword::ADD) {
        let not_valid = checked == Some(false);
        let rest = tokens.get(p.index()..).unwrap_or(&[]);
        return match parenthesized(rest) {
            Some(inner) => split_top_level(inner)
                .into_iter()
                .map(|element| add(element, dialect, not_valid))
                .collect(),
            None => add(rest, dialect, not_valid).map(|o| vec![o]),
        };
    }
    if p.parse_keywords(&[Keyword::CHECK, Keyword::CONSTRAINT]) {
        let name = p.parse_identifier().ok()?;
        return Some(vec![if checked == Some(true) {
            Op {
                name: Some(name.value),
                ..op("validate_constraint")
            }
        } else {
            Op {
                detail: Some(text(tokens)),
                ..op("other")
            }
        }]);
    }
    if p.parse_keywords(&[Keyword::ALTER, Keyword::COLUMN]) {
        return alter_column(&mut p).map(|o| vec![o]);
    }
    // MySQL `MODIFY [COLUMN] c …`, Oracle `MODIFY (c …, d …)`.
    if p.parse_keyword(Keyword::MODIFY) {
        let _ = p.parse_keyword(Keyword::COLUMN);
        let rest = tokens.get(p.index()..).unwrap_or(&[]);
        let elements = match parenthesized(rest) {
            Some(inner) => split_top_level(inner),
            None => vec![rest],
        };
        return elements
            .into_iter()
            .map(|element| {
                let mut p = Parser::new(&*parser_dialect).with_tokens(element.to_vec());
                let def = p.parse_column_def().ok()?;
                Some(modify_column(&def.name.value, None, column(&def, dialect)))
            })
            .collect();
    }
    // MySQL `CHANGE [COLUMN] old new …`.
    if p.parse_keyword(Keyword::CHANGE) {
        let _ = p.parse_keyword(Keyword::COLUMN);
        let old = p.parse_identifier().ok()?;
        let def = p.parse_column_def().ok()?;
        return Some(vec![modify_column(
            &old.value,
            Some(def.name.value.clone()),
            column(&def, dialect),
        )]);
    }
    if p.parse_keyword(Keyword::DROP) {
        if p.parse_keyword(Keyword::CONSTRAINT) {
            let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
            let name = p.parse_identifier().ok()?;
            let cascade = p.parse_keyword(Keyword::CASCADE);
            return Some(vec![Op {
                name: Some(name.value),
                if_exists: Some(if_exists),
                cascade: Some(cascade),
                ..op("drop_constraint")
            }]);
        }
        if p.parse_keyword(Keyword::COLUMN) {
            let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
            let name = p.parse_identifier().ok()?;
            return Some(vec![Op {
                column: Some(OpColumn::Name(name.value)),
                if_exists: Some(if_exists),
                cascade: Some(p.parse_keyword(Keyword::CASCADE)),
                ..op("drop_column")
            }]);
        }
    }
    None
}

/// What follows `ADD`: a constraint, a T-SQL default, or a column.
fn add(tokens: &[Token], dialect: Dialect, not_valid: bool) -> Option<Op> {
    let parser_dialect = dialect.parser();
    let mut p = Parser::new(&*parser_dialect).with_tokens(tokens.to_vec());
    // T-SQL `ADD [CONSTRAINT df] DEFAULT (expr) FOR column`.
    let _ = p.parse_keyword(Keyword::CONSTRAINT) && p.parse_identifier().is_ok();
    if p.parse_keyword(Keyword::DEFAULT) {
        let expr = p.parse_expr().ok()?;
        if !p.parse_keyword(Keyword::FOR) {
            return None;
        }
        let col = p.parse_identifier().ok()?;
        return Some(Op {
            column: Some(OpColumn::Name(col.value)),
            default: Some(expr.to_string()),
            default_volatile: Some(is_volatile(&expr)),
            ..op("set_default")
        });
    }
    let mut p = Parser::new(&*parser_dialect).with_tokens(tokens.to_vec());
    if let Ok(Some(c)) = p.parse_optional_table_constraint() {
        let mut c = constraint(&c);
        c.not_valid = not_valid;
        return Some(Op {
            constraint: Some(c),
            ..op("add_constraint")
        });
    }
    let _ = p.parse_keyword(Keyword::COLUMN);
    let def = p.parse_column_def().ok()?;
    Some(Op {
        column: Some(OpColumn::Definition(Box::new(column(&def, dialect)))),
        if_not_exists: Some(false),
        ..op("add_column")
    })
}

/// T-SQL `ALTER COLUMN c type [NULL | NOT NULL]` redefines the column, like
/// MySQL `MODIFY`.
fn alter_column(p: &mut Parser<'_>) -> Option<Op> {
    let name = p.parse_identifier().ok()?;
    let t = p.parse_data_type().ok()?;
    let _ = p.parse_keyword(Keyword::COLLATE) && p.parse_identifier().is_ok();
    let not_null = p.parse_keywords(&[Keyword::NOT, Keyword::NULL]);
    Some(Op {
        column: Some(OpColumn::Name(name.value)),
        data_type: Some(data_type(&t)),
        not_null: Some(not_null),
        has_default: Some(false),
        ..op("modify_column")
    })
}
