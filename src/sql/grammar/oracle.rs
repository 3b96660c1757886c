//! Oracle constructs sqlparser 0.64's `OracleDialect` lacks.
//!
//! Into sqlparser's nodes:
//! - `CREATE SEQUENCE … NOCYCLE | NOMINVALUE | NOMAXVALUE` (as `NO CYCLE`,
//!   …) and `NOCACHE | ORDER | NOORDER | KEEP | NOKEEP` (the cache and the
//!   ordering across RAC instances: read and left out).
//! - `ALTER TABLE t ADD (c type, …)` and `MODIFY (c [type] [DEFAULT e] [NULL
//!   | NOT NULL], …)` / `MODIFY c …`: Oracle's `MODIFY` changes only what
//!   it names (a column keeps its nullability unless `NULL` / `NOT NULL` is
//!   written), so it becomes `ALTER COLUMN … SET DATA TYPE` / `SET DEFAULT`
//!   / `SET | DROP NOT NULL` operations.
//! - `NUMBER(*, s)`, and the column constraint states `ENABLE`, `DISABLE`,
//!   `VALIDATE`, `NOVALIDATE` (as written); after a table constraint, the
//!   default states `ENABLE` and `VALIDATE` (left out).
//!
//! Our own kinds (see `ext`): anonymous PL/SQL blocks (`DECLARE … BEGIN …
//! END;`, `BEGIN … END;`), the PL/SQL equivalent of PostgreSQL's `DO`, kept
//! as written; `CREATE [OR REPLACE] PROCEDURE | FUNCTION … IS | AS …`,
//! whose PL/SQL body is kept as written.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, ColumnOption, DataType, Ident,
    ObjectName, ProcedureParam, Statement, TypeModifier,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::ext::{CreateRoutine, ExtStatement};
use super::{Grammar, expected, is_word, parse_edited, parse_one_word, peek_words};

/// sqlparser nodes for Oracle statements its grammar does not read.
pub(super) fn parse_statement(
    g: &Grammar,
    p: &mut Parser,
) -> Option<Result<Statement, ParserError>> {
    if peek_words(p, &["CREATE", "SEQUENCE"]) {
        return Some(parse_edited(g, p, oracle_sequence_options, |p| {
            p.expect_keyword_is(Keyword::CREATE)?;
            p.parse_create()
        }));
    }
    if peek_words(p, &["CREATE", "TABLE"]) {
        return Some(parse_edited(g, p, default_constraint_states, |p| {
            p.expect_keyword_is(Keyword::CREATE)?;
            p.parse_create()
        }));
    }
    if peek_words(p, &["ALTER", "TABLE"]) && adds_or_modifies(p) {
        return Some(alter_table(p));
    }
    None
}

/// Statements of our own kinds.
pub(super) fn parse_ext(p: &mut Parser) -> Option<Result<ExtStatement, ParserError>> {
    if peek_words(p, &["DECLARE"]) || peek_words(p, &["BEGIN"]) {
        return Some(Ok(ExtStatement::AnonymousBlock {
            body: rest_as_written(p),
        }));
    }
    if let Some(words) = routine_start(p) {
        return Some(create_routine(p, words).map(ExtStatement::CreateRoutine));
    }
    None
}

/// Oracle's sequence options sqlparser lacks: `NOCYCLE`, `NOMINVALUE`,
/// `NOMAXVALUE` as `NO …`; `NOCACHE`, `ORDER`, `NOORDER`, `KEEP`,
/// `NOKEEP`, `SCALE`, `NOSCALE` left out.
fn oracle_sequence_options(tokens: &mut Vec<TokenWithSpan>) {
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens.drain(..) {
        let word = match &t.token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => {
                out.push(t);
                continue;
            }
        };
        match word.as_str() {
            "NOCYCLE" | "NOMINVALUE" | "NOMAXVALUE" => {
                out.push(TokenWithSpan::new(Token::make_keyword("NO"), t.span));
                out.push(TokenWithSpan::new(
                    Token::Whitespace(sqlparser::tokenizer::Whitespace::Space),
                    t.span,
                ));
                out.push(TokenWithSpan::new(Token::make_keyword(&word[2..]), t.span));
            }
            "NOCACHE" | "ORDER" | "NOORDER" | "KEEP" | "NOKEEP" | "SCALE" | "NOSCALE" => {}
            _ => out.push(t),
        }
    }
    *tokens = out;
}

/// `ENABLE` / `VALIDATE` after a table constraint (`… REFERENCES t (id)
/// ENABLE`): the states a constraint has unless told otherwise, left out.
/// (`DISABLE` / `NOVALIDATE`, which change what the constraint does, are
/// not: sqlparser then refuses the statement.)
fn default_constraint_states(tokens: &mut Vec<TokenWithSpan>) {
    let mut depth = 0usize;
    let mut last_real: Option<Token> = None;
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens.drain(..) {
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Whitespace(_) => {
                out.push(t);
                continue;
            }
            w if depth == 1
                && last_real == Some(Token::RParen)
                && (is_word(w, "ENABLE") || is_word(w, "VALIDATE")) =>
            {
                continue;
            }
            _ => {}
        }
        last_real = Some(t.token.clone());
        out.push(t);
    }
    *tokens = out;
}

/// `ALTER TABLE t ADD (` or `MODIFY`, looked at without moving.
fn adds_or_modifies(p: &Parser) -> bool {
    let Some(i) = super::after_name(p, 2) else {
        return false;
    };
    let t = &p.peek_nth_token_ref(i).token;
    is_word(t, "MODIFY")
        || (is_word(t, "ADD") && p.peek_nth_token_ref(i + 1).token == Token::LParen)
}

/// `ALTER TABLE t ADD (c type …, …)` or `MODIFY (c …, …)` / `MODIFY c …`.
fn alter_table(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // TABLE
    let name = p.parse_object_name(false)?;
    let mut operations = Vec::new();
    match parse_one_word(p, &["ADD", "MODIFY"]) {
        Some("ADD") => {
            p.expect_token(&Token::LParen)?;
            loop {
                if let Some(constraint) = p.parse_optional_table_constraint()? {
                    operations.push(AlterTableOperation::AddConstraint {
                        constraint,
                        not_valid: false,
                    });
                } else {
                    operations.push(AlterTableOperation::AddColumn {
                        column_keyword: false,
                        if_not_exists: false,
                        column_def: p.parse_column_def()?,
                        column_position: None,
                    });
                }
                if !p.consume_token(&Token::Comma) {
                    break;
                }
            }
            p.expect_token(&Token::RParen)?;
        }
        _ => {
            let parens = p.consume_token(&Token::LParen);
            loop {
                modify_column(p, &mut operations)?;
                if !(parens && p.consume_token(&Token::Comma)) {
                    break;
                }
            }
            if parens {
                p.expect_token(&Token::RParen)?;
            }
        }
    }
    Ok(AlterTable {
        name,
        if_exists: false,
        only: false,
        operations,
        location: None,
        on_cluster: None,
        table_type: None,
        end_token: AttachedToken(p.get_current_token().clone()),
    }
    .into())
}

/// `c [type] [DEFAULT e] [NULL | NOT NULL] [ENABLE | DISABLE …]`: one
/// operation per thing it changes.
fn modify_column(p: &mut Parser, out: &mut Vec<AlterTableOperation>) -> Result<(), ParserError> {
    let column_name = p.parse_identifier()?;
    let op = |op: AlterColumnOperation| AlterTableOperation::AlterColumn {
        column_name: column_name.clone(),
        op,
    };
    let starts_type = matches!(&p.peek_token_ref().token, Token::Word(w)
        if !["DEFAULT", "NULL", "NOT", "CONSTRAINT", "ENABLE", "DISABLE"]
            .iter()
            .any(|k| w.value.eq_ignore_ascii_case(k)));
    let before = out.len();
    if starts_type {
        out.push(op(AlterColumnOperation::SetDataType {
            data_type: p.parse_data_type()?,
            using: None,
            had_set: false,
        }));
    }
    loop {
        if p.parse_keyword(Keyword::DEFAULT) {
            out.push(op(AlterColumnOperation::SetDefault {
                value: p.parse_expr()?,
            }));
        } else if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            out.push(op(AlterColumnOperation::SetNotNull));
        } else if p.parse_keyword(Keyword::NULL) {
            out.push(op(AlterColumnOperation::DropNotNull));
        } else if parse_one_word(p, &["ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE"]).is_some() {
        } else {
            break;
        }
    }
    if out.len() == before {
        return expected(p, "a data type, DEFAULT, NULL or NOT NULL");
    }
    Ok(())
}

/// `ENABLE`, `DISABLE`, `VALIDATE`, `NOVALIDATE` after a column
/// constraint: its state, as written.
pub(super) fn parse_column_option(
    p: &mut Parser,
) -> Option<Result<Option<ColumnOption>, ParserError>> {
    if ["ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE"]
        .iter()
        .any(|w| peek_words(p, &[w]))
    {
        let token = p.next_token().token;
        return Some(Ok(Some(ColumnOption::DialectSpecific(vec![token]))));
    }
    None
}

/// `NUMBER(*[, s])`: any precision.
pub(super) fn parse_data_type(p: &mut Parser) -> Option<Result<DataType, ParserError>> {
    let number = matches!(&p.peek_token_ref().token, Token::Word(w) if w.value.eq_ignore_ascii_case("NUMBER"));
    if !(number
        && p.peek_nth_token_ref(1).token == Token::LParen
        && p.peek_nth_token_ref(2).token == Token::Mul)
    {
        return None;
    }
    let name = p.next_token().token.to_string();
    p.advance_token(); // (
    p.advance_token(); // *
    let mut modifiers = vec![TypeModifier::Identifier(Ident::new("*"))];
    Some((|| {
        if p.consume_token(&Token::Comma) {
            let scale = p.parse_literal_uint()?;
            modifiers.push(TypeModifier::Number(scale.to_string(), false));
        }
        p.expect_token(&Token::RParen)?;
        Ok(DataType::Custom(
            ObjectName::from(vec![Ident::new(name)]),
            modifiers,
        ))
    })())
}

/// The rest of the piece as written (a PL/SQL unit runs to the `/` line
/// that ends it, which the splitter cut before).
fn rest_as_written(p: &mut Parser) -> String {
    let mut text = String::new();
    loop {
        let t = p.peek_token_no_skip();
        if t.token == Token::EOF {
            break;
        }
        text.push_str(&t.token.to_string());
        p.next_token_no_skip();
    }
    text.trim().to_string()
}

/// `CREATE [OR REPLACE] [EDITIONABLE | NONEDITIONABLE] PROCEDURE |
/// FUNCTION`: the number of words before the name.
fn routine_start(p: &Parser) -> Option<usize> {
    if !peek_words(p, &["CREATE"]) {
        return None;
    }
    let mut i = 1;
    if is_word(&p.peek_nth_token_ref(i).token, "OR") {
        i += 2;
    }
    if ["EDITIONABLE", "NONEDITIONABLE"]
        .iter()
        .any(|w| is_word(&p.peek_nth_token_ref(i).token, w))
    {
        i += 1;
    }
    let t = &p.peek_nth_token_ref(i).token;
    (is_word(t, "PROCEDURE") || is_word(t, "FUNCTION")).then_some(i + 1)
}

/// `CREATE … PROCEDURE | FUNCTION name [(p [IN | OUT | IN OUT] [NOCOPY]
/// type [:= | DEFAULT e], …)] [RETURN type] … IS | AS body`.
fn create_routine(p: &mut Parser, words: usize) -> Result<CreateRoutine, ParserError> {
    let or_replace = peek_words(p, &["CREATE", "OR", "REPLACE"]);
    for _ in 0..words - 1 {
        p.advance_token();
    }
    let function = p
        .next_token()
        .token
        .to_string()
        .eq_ignore_ascii_case("FUNCTION");
    let name = p.parse_object_name(false)?;
    let mut params = Vec::new();
    if p.consume_token(&Token::LParen) {
        loop {
            params.push(routine_param(p)?);
            if !p.consume_token(&Token::Comma) {
                break;
            }
        }
        p.expect_token(&Token::RParen)?;
    }
    let returns = if function {
        p.expect_keyword_is(Keyword::RETURN)?;
        Some(p.parse_data_type()?)
    } else {
        None
    };
    let mut characteristics = Vec::new();
    while !(peek_words(p, &["IS"]) || peek_words(p, &["AS"])) {
        match p.next_token().token {
            Token::EOF => return expected(p, "IS or AS"),
            t => characteristics.push(t.to_string()),
        }
    }
    Ok(CreateRoutine {
        function,
        or_replace,
        if_not_exists: false,
        definer: None,
        name,
        params,
        returns,
        characteristics,
        body: rest_as_written(p),
    })
}

/// `p [IN | OUT | IN OUT] [NOCOPY] type [:= | DEFAULT e]`.
fn routine_param(p: &mut Parser) -> Result<ProcedureParam, ParserError> {
    use sqlparser::ast::ArgMode;
    let name = p.parse_identifier()?;
    let mode = if p.parse_keywords(&[Keyword::IN, Keyword::OUT]) {
        Some(ArgMode::InOut)
    } else if p.parse_keyword(Keyword::IN) {
        Some(ArgMode::In)
    } else if p.parse_keyword(Keyword::OUT) {
        Some(ArgMode::Out)
    } else {
        None
    };
    let _ = parse_one_word(p, &["NOCOPY"]);
    let data_type = p.parse_data_type()?;
    let default = if p.consume_token(&Token::Assignment) || p.parse_keyword(Keyword::DEFAULT) {
        Some(p.parse_expr()?)
    } else {
        None
    };
    Ok(ProcedureParam {
        name,
        data_type,
        mode,
        default,
    })
}
