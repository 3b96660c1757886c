//! MySQL and MariaDB constructs sqlparser 0.64's `MySqlDialect` lacks.
//!
//! Into sqlparser's nodes:
//! - `ALTER TABLE` with `ADD (column, constraint, …)`, `DROP KEY k`
//!   (`DropIndex`), `RENAME t` without `TO`: an `AlterTable`.
//! - `CREATE FULLTEXT | SPATIAL INDEX`: a `CreateIndex` whose index type
//!   (`using`) says so.
//! - `SET @v := expr`: the assignment.
//! - `COMMENT "text"` on a column (a double-quoted string: MySQL reads `"`
//!   as a string quote unless `ANSI_QUOTES` is on).
//!
//! Our own kinds (see `ext`): an `ALTER TABLE` with operations sqlparser
//! has no node for (table options `ENGINE = …`, `[DEFAULT] CHARACTER SET`,
//! `COLLATE`; `CONVERT TO CHARACTER SET`; `ENABLE | DISABLE KEYS`), and
//! `CREATE PROCEDURE | FUNCTION … BEGIN … END`, whose body (MySQL's
//! procedural language) is kept as written.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    AlterTable, AlterTableOperation, ColumnOption, Expr, Ident, IndexType, ObjectName,
    ProcedureParam, RenameTableNameKind, Set, SqlOption, Statement,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::ext::{AlterOp, AlterTableExt, CreateRoutine, ExtStatement};
use super::{Ast, expected, is_word, parse_one_word, parse_words, peek_words};

/// sqlparser nodes for statements its grammar does not read.
pub(super) fn parse_statement(p: &mut Parser) -> Option<Result<Statement, ParserError>> {
    let fulltext = peek_words(p, &["CREATE", "FULLTEXT", "INDEX"])
        || peek_words(p, &["CREATE", "SPATIAL", "INDEX"]);
    if fulltext {
        p.advance_token(); // CREATE
        let kind = p.next_token().token.to_string().to_ascii_uppercase();
        p.advance_token(); // INDEX
        return Some(p.parse_create_index(false).map(|mut index| {
            index.using = Some(IndexType::Custom(Ident::new(kind)));
            Statement::CreateIndex(index)
        }));
    }
    if peek_words(p, &["SET"])
        && matches!(&p.peek_nth_token_ref(1).token, Token::Word(w) if w.value.starts_with('@'))
        && p.peek_nth_token_ref(2).token == Token::Assignment
    {
        p.advance_token(); // SET
        let variable = ObjectName::from(vec![p.parse_identifier().ok()?]);
        p.advance_token(); // :=
        return Some(p.parse_expr().map(|value| {
            Statement::Set(Set::SingleAssignment {
                scope: None,
                hivevar: false,
                variable,
                values: vec![value],
            })
        }));
    }
    None
}

/// `COMMENT "text"`: MySQL's double-quoted string.
pub(super) fn parse_column_option(
    p: &mut Parser,
) -> Option<Result<Option<ColumnOption>, ParserError>> {
    if !peek_words(p, &["COMMENT"]) {
        return None;
    }
    let text = match &p.peek_nth_token_ref(1).token {
        Token::Word(w) if w.quote_style == Some('"') => w.value.clone(),
        Token::DoubleQuotedString(s) => s.clone(),
        _ => return None,
    };
    p.advance_token();
    p.advance_token();
    Some(Ok(Some(ColumnOption::Comment(text))))
}

/// Statements of our own kinds, and `ALTER TABLE` (ours or sqlparser's
/// node, by its operations).
pub(super) fn parse_ext(p: &mut Parser) -> Option<Result<Ast, ParserError>> {
    if peek_words(p, &["ALTER", "TABLE"]) {
        return Some(alter_table(p));
    }
    if let Some(words) = routine_start(p) {
        return Some(create_routine(p, words).map(|r| Ast::Ext(ExtStatement::CreateRoutine(r))));
    }
    None
}

/// `ALTER TABLE [IF EXISTS] t op, …`.
fn alter_table(p: &mut Parser) -> Result<Ast, ParserError> {
    let alter_token = p.next_token(); // ALTER
    p.advance_token(); // TABLE
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    let mut operations = Vec::new();
    loop {
        alter_operation(p, &mut operations)?;
        if !p.consume_token(&Token::Comma) {
            break;
        }
    }
    if operations.iter().all(|op| matches!(op, AlterOp::Sql(_))) {
        let operations = operations
            .into_iter()
            .filter_map(|op| match op {
                AlterOp::Sql(op) => Some(op),
                _ => None,
            })
            .collect();
        let _ = alter_token;
        return Ok(Ast::Sql(
            AlterTable {
                name,
                if_exists,
                only: false,
                operations,
                location: None,
                on_cluster: None,
                table_type: None,
                end_token: AttachedToken(p.get_current_token().clone()),
            }
            .into(),
        ));
    }
    Ok(Ast::Ext(ExtStatement::AlterTable(AlterTableExt {
        name,
        if_exists,
        operations,
    })))
}

/// MySQL table options an `ALTER TABLE` may set.
const TABLE_OPTIONS: &[&str] = &[
    "ENGINE",
    "ROW_FORMAT",
    "KEY_BLOCK_SIZE",
    "STATS_PERSISTENT",
    "STATS_AUTO_RECALC",
    "STATS_SAMPLE_PAGES",
    "CHECKSUM",
    "PACK_KEYS",
    "MAX_ROWS",
    "MIN_ROWS",
    "AVG_ROW_LENGTH",
    "DELAY_KEY_WRITE",
    "INSERT_METHOD",
    "COMPRESSION",
    "ENCRYPTION",
    "PAGE_CHECKSUM",
    "TRANSACTIONAL",
];

fn alter_operation(p: &mut Parser, out: &mut Vec<AlterOp>) -> Result<(), ParserError> {
    // ADD (column, constraint, …)
    if peek_words(p, &["ADD"])
        && (p.peek_nth_token_ref(1).token == Token::LParen
            || (is_word(&p.peek_nth_token_ref(1).token, "COLUMN")
                && p.peek_nth_token_ref(2).token == Token::LParen))
    {
        p.advance_token();
        let _ = p.parse_keyword(Keyword::COLUMN);
        p.expect_token(&Token::LParen)?;
        loop {
            if let Some(constraint) = p.parse_optional_table_constraint()? {
                out.push(AlterOp::Sql(AlterTableOperation::AddConstraint {
                    constraint,
                    not_valid: false,
                }));
            } else {
                out.push(AlterOp::Sql(AlterTableOperation::AddColumn {
                    column_keyword: false,
                    if_not_exists: false,
                    column_def: p.parse_column_def()?,
                    column_position: None,
                }));
            }
            if !p.consume_token(&Token::Comma) {
                break;
            }
        }
        p.expect_token(&Token::RParen)?;
        return Ok(());
    }
    if parse_words(p, &["CONVERT", "TO"]) {
        if parse_one_word(p, &["CHARACTER", "CHARSET"]) == Some("CHARACTER") {
            p.expect_keyword_is(Keyword::SET)?;
        }
        let charset = p.parse_identifier()?;
        let collate = if p.parse_keyword(Keyword::COLLATE) {
            Some(p.parse_identifier()?)
        } else {
            None
        };
        out.push(AlterOp::ConvertCharset { charset, collate });
        return Ok(());
    }
    if let Some(option) = table_option(p)? {
        out.push(AlterOp::TableOptions(vec![option]));
        return Ok(());
    }
    if let Some(w) = parse_one_word(p, &["ENABLE", "DISABLE"]) {
        if peek_words(p, &["KEYS"]) {
            p.advance_token();
            out.push(AlterOp::Keys {
                enable: w == "ENABLE",
            });
            return Ok(());
        }
        p.prev_token();
    }
    if peek_words(p, &["DROP", "KEY"]) {
        p.advance_token();
        p.advance_token();
        let name = p.parse_identifier()?;
        out.push(AlterOp::Sql(AlterTableOperation::DropIndex { name }));
        return Ok(());
    }
    // `RENAME t` (without TO / AS, and not RENAME COLUMN | INDEX | KEY)
    if peek_words(p, &["RENAME"])
        && matches!(p.peek_nth_token_ref(1).token, Token::Word(_))
        && !["TO", "AS", "COLUMN", "INDEX", "KEY"]
            .iter()
            .any(|w| is_word(&p.peek_nth_token_ref(1).token, w))
    {
        p.advance_token();
        let name = p.parse_object_name(false)?;
        out.push(AlterOp::Sql(AlterTableOperation::RenameTable {
            table_name: RenameTableNameKind::To(name),
        }));
        return Ok(());
    }
    out.push(AlterOp::Sql(p.parse_alter_table_operation()?));
    Ok(())
}

/// `ENGINE [=] x`, `[DEFAULT] CHARACTER SET | CHARSET [=] x`, `[DEFAULT]
/// COLLATE [=] x`, `COMMENT [=] 'x'`, … as `name = value`.
fn table_option(p: &mut Parser) -> Result<Option<SqlOption>, ParserError> {
    let start = p.index();
    let default = p.parse_keyword(Keyword::DEFAULT);
    let key = if parse_words(p, &["CHARACTER", "SET"]) || parse_words(p, &["CHARSET"]) {
        "CHARACTER SET".to_string()
    } else if parse_words(p, &["COLLATE"]) {
        "COLLATE".to_string()
    } else if !default && peek_words(p, &["COMMENT"]) {
        p.advance_token();
        "COMMENT".to_string()
    } else if let Some(w) = (!default)
        .then(|| parse_one_word(p, TABLE_OPTIONS))
        .flatten()
    {
        w.to_string()
    } else {
        super::rewind(p, start);
        return Ok(None);
    };
    let _ = p.consume_token(&Token::Eq);
    let value = match p.next_token().token {
        Token::Word(w) => Expr::Identifier(match w.quote_style {
            Some(q) => Ident::with_quote(q, w.value),
            None => Ident::new(w.value),
        }),
        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => {
            Expr::Value(sqlparser::ast::Value::SingleQuotedString(s).into())
        }
        Token::Number(n, l) => Expr::Value(sqlparser::ast::Value::Number(n, l).into()),
        _ => {
            p.prev_token();
            return expected(p, "a table option value");
        }
    };
    Ok(Some(SqlOption::KeyValue {
        key: ObjectName::from(vec![Ident::new(key)]),
        value,
    }))
}

/// `CREATE [OR REPLACE] [DEFINER = user] PROCEDURE | FUNCTION`: the number
/// of tokens before the name, looked at without moving.
fn routine_start(p: &Parser) -> Option<usize> {
    if !peek_words(p, &["CREATE"]) {
        return None;
    }
    let mut i = 1;
    if is_word(&p.peek_nth_token_ref(i).token, "OR") {
        i += 2;
    }
    if is_word(&p.peek_nth_token_ref(i).token, "DEFINER") {
        // DEFINER = user[@host] | CURRENT_USER[()]
        i += 2;
        loop {
            match &p.peek_nth_token_ref(i).token {
                Token::Word(_) | Token::SingleQuotedString(_) | Token::AtSign => i += 1,
                Token::LParen if p.peek_nth_token_ref(i + 1).token == Token::RParen => i += 2,
                _ => break,
            }
            // user@host is three tokens with no space; a name follows
            if matches!(&p.peek_nth_token_ref(i).token, Token::Word(w)
                if w.keyword == Keyword::PROCEDURE || w.keyword == Keyword::FUNCTION)
            {
                break;
            }
        }
    }
    let t = &p.peek_nth_token_ref(i).token;
    (is_word(t, "PROCEDURE") || is_word(t, "FUNCTION")).then_some(i + 1)
}

/// `CREATE … PROCEDURE | FUNCTION name (params) [RETURNS type]
/// [characteristic …] body`: the body is kept as written, to the `END` of
/// its `BEGIN` (or the end of the statement for a body of one statement).
fn create_routine(p: &mut Parser, words: usize) -> Result<CreateRoutine, ParserError> {
    let mut or_replace = false;
    let mut definer = None;
    let mut function = false;
    let mut consumed = 0;
    p.advance_token(); // CREATE
    consumed += 1;
    if parse_words(p, &["OR", "REPLACE"]) {
        or_replace = true;
        consumed += 2;
    }
    if peek_words(p, &["DEFINER"]) {
        let mut text = String::new();
        while consumed < words - 1 {
            let t = p.next_token().token;
            consumed += 1;
            if !matches!(t, Token::Word(ref w) if w.value.eq_ignore_ascii_case("DEFINER"))
                && t != Token::Eq
            {
                text.push_str(&t.to_string());
            }
        }
        definer = Some(text);
    }
    if p.next_token()
        .token
        .to_string()
        .eq_ignore_ascii_case("FUNCTION")
    {
        function = true;
    }
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    let name = p.parse_object_name(false)?;
    p.expect_token(&Token::LParen)?;
    let mut params = Vec::new();
    if !p.consume_token(&Token::RParen) {
        loop {
            params.push(routine_param(p, function)?);
            if !p.consume_token(&Token::Comma) {
                break;
            }
        }
        p.expect_token(&Token::RParen)?;
    }
    let returns = if function {
        p.expect_keyword_is(Keyword::RETURNS)?;
        Some(p.parse_data_type()?)
    } else {
        None
    };
    let mut characteristics = Vec::new();
    while let Some(c) = characteristic(p)? {
        characteristics.push(c);
    }
    let body = body_text(p)?;
    Ok(CreateRoutine {
        function,
        or_replace,
        if_not_exists,
        definer,
        name,
        params,
        returns,
        characteristics,
        body,
    })
}

/// `[IN | OUT | INOUT] name type` (functions take no mode).
fn routine_param(p: &mut Parser, function: bool) -> Result<ProcedureParam, ParserError> {
    if function {
        let name = p.parse_identifier()?;
        let data_type = p.parse_data_type()?;
        return Ok(ProcedureParam {
            name,
            data_type,
            mode: None,
            default: None,
        });
    }
    p.parse_procedure_param()
}

/// `COMMENT 'x'`, `LANGUAGE SQL`, `[NOT] DETERMINISTIC`, `CONTAINS SQL`,
/// `NO SQL`, `READS SQL DATA`, `MODIFIES SQL DATA`, `SQL SECURITY DEFINER |
/// INVOKER`, as written.
fn characteristic(p: &mut Parser) -> Result<Option<String>, ParserError> {
    let words: &[&[&str]] = &[
        &["LANGUAGE", "SQL"],
        &["NOT", "DETERMINISTIC"],
        &["DETERMINISTIC"],
        &["CONTAINS", "SQL"],
        &["NO", "SQL"],
        &["READS", "SQL", "DATA"],
        &["MODIFIES", "SQL", "DATA"],
        &["SQL", "SECURITY", "DEFINER"],
        &["SQL", "SECURITY", "INVOKER"],
    ];
    for w in words {
        if parse_words(p, w) {
            return Ok(Some(w.join(" ")));
        }
    }
    if p.parse_keyword(Keyword::COMMENT) {
        let text = p.parse_literal_string()?;
        return Ok(Some(format!("COMMENT '{}'", text.replace('\'', "''"))));
    }
    Ok(None)
}

/// The routine body as written: `[label:] BEGIN … END [label]` up to its
/// matching `END`, or one statement up to the end of the statement.
fn body_text(p: &mut Parser) -> Result<String, ParserError> {
    let block = peek_words(p, &["BEGIN"])
        || (matches!(p.peek_token_ref().token, Token::Word(_))
            && p.peek_nth_token_ref(1).token == Token::Colon
            && is_word(&p.peek_nth_token_ref(2).token, "BEGIN"));
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        let t = p.peek_token_no_skip();
        let mut closed = false;
        match &t.token {
            Token::EOF => break,
            Token::SemiColon if depth == 0 => break,
            Token::Word(w) if block && w.quote_style.is_none() => {
                let word = w.value.to_ascii_uppercase();
                if word == "BEGIN" || word == "CASE" {
                    depth += 1;
                } else if word == "END" {
                    // `END IF` / `END LOOP` / … close what was not counted
                    let next = p.peek_nth_token_ref(1);
                    let closes_other = ["IF", "LOOP", "WHILE", "REPEAT", "FOR"]
                        .iter()
                        .any(|k| is_word(&next.token, k));
                    if !closes_other {
                        depth = depth.saturating_sub(1);
                        closed = depth == 0;
                    }
                }
            }
            _ => {}
        }
        text.push_str(&t.token.to_string());
        p.next_token_no_skip();
        if closed {
            // a closing label may follow on the same line
            if let Token::Word(w) = &p.peek_token_ref().token
                && w.keyword == Keyword::NoKeyword
                && p.peek_token_ref().span.start.line == t.span.end.line
            {
                text.push(' ');
                text.push_str(&p.next_token().token.to_string());
            }
            break;
        }
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return expected(p, "a routine body");
    }
    Ok(text)
}
