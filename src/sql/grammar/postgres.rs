//! PostgreSQL constructs sqlparser 0.64's `PostgreSqlDialect` lacks.
//!
//! Into sqlparser's nodes:
//! - `COMMENT ON FUNCTION | PROCEDURE name(argument types) IS …`: a
//!   `Comment` on the routine (the argument types, which only pick an
//!   overload, are read and left out).
//! - `CREATE FUNCTION | PROCEDURE … COST n | ROWS n`: the routine (the
//!   planner's estimates are read and left out).
//!
//! Refused as PostgreSQL refuses them: `DROP INDEX i ON t` (MySQL's form).
//!
//! Our own kinds (see `ext`): `ALTER SEQUENCE`, `DO` (its body read
//! statement by statement when it is a plain `BEGIN … END` list), `CREATE |
//! DROP EVENT TRIGGER`, `CREATE PUBLICATION`, `CREATE USER` (a role that
//! logs in), `ALTER ROLE | USER … SET name TO a, b`, `ALTER TABLE … ALTER
//! [COLUMN] c SET STATISTICS | SET STORAGE | SET COMPRESSION`, `DROP INDEX
//! CONCURRENTLY`.

use std::ops::Range;

use sqlparser::ast::{Expr, ObjectName, RoleKeyword, Statement};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use super::ext::{
    AlterColumnSetting, AlterRoleSet, AlterSequence, CreateEventTrigger, CreatePublication, Do,
    DropEventTrigger, DropIndexConcurrently, ExtStatement, SequenceAction,
};
use super::{Ast, Grammar, at_end, expected, nth_real, parse_ast, parse_edited, peek_words};

/// sqlparser nodes for PostgreSQL statements its grammar does not read.
pub(super) fn parse_statement(
    g: &Grammar,
    p: &mut Parser,
) -> Option<Result<Statement, ParserError>> {
    if peek_words(p, &["COMMENT", "ON", "FUNCTION"])
        || peek_words(p, &["COMMENT", "ON", "PROCEDURE"])
    {
        return Some(parse_edited(g, p, drop_argument_types, |p| {
            p.expect_keyword_is(Keyword::COMMENT)?;
            p.parse_comment()
        }));
    }
    if routine_start(p) {
        return Some(parse_edited(g, p, drop_planner_estimates, |p| {
            p.expect_keyword_is(Keyword::CREATE)?;
            p.parse_create()
        }));
    }
    if peek_words(p, &["ALTER", "TABLE"]) && names_identity_sequence(p) {
        return Some(parse_edited(g, p, drop_sequence_name, |p| {
            p.expect_keyword_is(Keyword::ALTER)?;
            p.parse_alter()
        }));
    }
    if peek_words(p, &["DROP", "INDEX"]) {
        if g.target() == crate::dialect::Dialect::Cockroachdb {
            return Some(drop_index_at(p));
        }
        return Some(drop_index(p));
    }
    None
}

/// Statements of our own kinds.
pub(super) fn parse_ext(g: &Grammar, p: &mut Parser) -> Option<Result<ExtStatement, ParserError>> {
    if peek_words(p, &["ALTER", "SEQUENCE"]) {
        return Some(alter_sequence(p));
    }
    if peek_words(p, &["DO"]) {
        return Some(do_block(g, p));
    }
    if peek_words(p, &["CREATE", "EVENT", "TRIGGER"]) {
        return Some(create_event_trigger(p));
    }
    if peek_words(p, &["DROP", "EVENT", "TRIGGER"]) {
        return Some(drop_event_trigger(p));
    }
    if peek_words(p, &["CREATE", "PUBLICATION"]) {
        return Some(create_publication(p));
    }
    if peek_words(p, &["CREATE", "USER"]) && !peek_words(p, &["CREATE", "USER", "MAPPING"]) {
        p.advance_token();
        p.advance_token();
        // CockroachDB takes `IF NOT EXISTS` here; PostgreSQL refuses it
        let if_not_exists = g.target() == crate::dialect::Dialect::Cockroachdb
            && p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
        return Some(p.parse_create_role(RoleKeyword::Role).map(|mut role| {
            role.if_not_exists |= if_not_exists;
            ExtStatement::CreateUser(role)
        }));
    }
    if (peek_words(p, &["ALTER", "ROLE"]) || peek_words(p, &["ALTER", "USER"])) && sets_a_list(p) {
        return Some(alter_role_set(p));
    }
    if let Some(at) = column_setting_at(p) {
        return Some(alter_column_setting(p, at));
    }
    if peek_words(p, &["DROP", "INDEX", "CONCURRENTLY"]) {
        return Some(drop_index_concurrently(p));
    }
    None
}

/// `CREATE [OR REPLACE] FUNCTION | PROCEDURE`, looked at without moving.
fn routine_start(p: &Parser) -> bool {
    let at = if peek_words(p, &["CREATE", "OR", "REPLACE"]) {
        3
    } else if peek_words(p, &["CREATE"]) {
        1
    } else {
        return false;
    };
    let t = &p.peek_nth_token_ref(at).token;
    super::is_word(t, "FUNCTION") || super::is_word(t, "PROCEDURE")
}

/// The `( … )` right after the name of `COMMENT ON FUNCTION name(…)`.
fn drop_argument_types(tokens: &mut Vec<TokenWithSpan>) {
    // COMMENT ON FUNCTION name[.name…] (
    let Some(mut i) = nth_real(tokens, 3) else {
        return;
    };
    loop {
        let Some(next) = (i + 1..tokens.len()).find(|&j| !is_space(&tokens[j])) else {
            return;
        };
        if tokens[next].token == Token::Period {
            match (next + 1..tokens.len()).find(|&j| !is_space(&tokens[j])) {
                Some(part) => i = part,
                None => return,
            }
            continue;
        }
        if tokens[next].token == Token::LParen
            && let Some(close) = matching_paren(tokens, next)
        {
            tokens.drain(next..=close);
        }
        return;
    }
}

/// `COST n` and `ROWS n` of a routine: outside any parentheses, after the
/// parameter list.
fn drop_planner_estimates(tokens: &mut Vec<TokenWithSpan>) {
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            t if depth == 0 && (super::is_word(t, "COST") || super::is_word(t, "ROWS")) => {
                let value = (i + 1..tokens.len()).find(|&j| !is_space(&tokens[j]));
                if let Some(v) = value.filter(|&v| matches!(tokens[v].token, Token::Number(..))) {
                    tokens.drain(i..=v);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// The statement names an identity column's sequence (`ALTER COLUMN id
/// ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id_seq …)`, as
/// `pg_dump` writes every identity column), which sqlparser does not read.
fn names_identity_sequence(p: &Parser) -> bool {
    let mut previous_sequence = false;
    for n in 0.. {
        let t = &p.peek_nth_token_ref(n).token;
        if matches!(t, Token::SemiColon | Token::EOF) {
            return false;
        }
        if previous_sequence && super::is_word(t, "NAME") {
            return true;
        }
        previous_sequence = super::is_word(t, "SEQUENCE");
    }
    false
}

/// Leaves out `SEQUENCE NAME name` from identity options: the sequence an
/// identity column owns is named by the database anyway, and no fact
/// depends on its name.
fn drop_sequence_name(tokens: &mut Vec<TokenWithSpan>) {
    let real: Vec<usize> = (0..tokens.len())
        .filter(|&i| !is_space(&tokens[i]))
        .collect();
    for (k, &i) in real.iter().enumerate() {
        let (Some(&name_kw), Some(&first)) = (real.get(k + 1), real.get(k + 2)) else {
            break;
        };
        if super::is_word(&tokens[i].token, "SEQUENCE")
            && super::is_word(&tokens[name_kw].token, "NAME")
        {
            // the name: words joined by periods
            let mut end = first;
            let mut j = k + 2;
            while let (Some(&dot), Some(&next)) = (real.get(j + 1), real.get(j + 2)) {
                if tokens[dot].token != Token::Period {
                    break;
                }
                end = next;
                j += 2;
            }
            tokens.drain(i..=end);
            return;
        }
    }
}

fn is_space(t: &TokenWithSpan) -> bool {
    matches!(t.token, Token::Whitespace(_))
}

fn matching_paren(tokens: &[TokenWithSpan], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `DROP INDEX`, as sqlparser reads it, but without MySQL's `ON table`,
/// which PostgreSQL refuses.
fn drop_index(p: &mut Parser) -> Result<Statement, ParserError> {
    p.advance_token(); // DROP
    let start = p.index();
    let stmt = p.parse_drop()?;
    if let Statement::Drop { table: Some(_), .. } = &stmt {
        let on = (start..p.index())
            .map(|i| p.token_at(i))
            .find(|t| super::is_word(&t.token, "ON"));
        if let Some(on) = on {
            return Err(ParserError::ParserError(format!(
                "Expected: end of statement, found: ON{}",
                on.span.start
            )));
        }
    }
    Ok(stmt)
}

/// CockroachDB `DROP INDEX [IF EXISTS] table@index [, …] [CASCADE |
/// RESTRICT]`: the index of the table (as MySQL's `DROP INDEX i ON t`
/// says), or sqlparser's `DROP INDEX`.
fn drop_index_at(p: &mut Parser) -> Result<Statement, ParserError> {
    let at = (1..12).any(|i| p.peek_nth_token_ref(i).token == Token::AtSign);
    if !at {
        p.advance_token(); // DROP
        return p.parse_drop();
    }
    p.advance_token(); // DROP
    p.advance_token(); // INDEX
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let table = p.parse_object_name(false)?;
    p.expect_token(&Token::AtSign)?;
    let index = p.parse_identifier()?;
    let cascade = p.parse_keyword(Keyword::CASCADE);
    let restrict = !cascade && p.parse_keyword(Keyword::RESTRICT);
    Ok(Statement::Drop {
        object_type: sqlparser::ast::ObjectType::Index,
        if_exists,
        names: vec![ObjectName::from(vec![index])],
        cascade,
        restrict,
        purge: false,
        temporary: false,
        table: Some(table),
    })
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
    while !at_end(p) {
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
    Ok(if p.parse_keyword(Keyword::AS) {
        A::As(p.parse_data_type()?)
    } else if p.parse_keyword(Keyword::INCREMENT) {
        let _ = p.parse_keyword(Keyword::BY);
        A::IncrementBy(p.parse_expr()?)
    } else if p.parse_keyword(Keyword::MINVALUE) {
        A::MinValue(Some(p.parse_expr()?))
    } else if p.parse_keyword(Keyword::MAXVALUE) {
        A::MaxValue(Some(p.parse_expr()?))
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
        A::StartWith(p.parse_expr()?)
    } else if p.parse_keyword(Keyword::RESTART) {
        let with = p.parse_keyword(Keyword::WITH);
        if with || !(at_end(p) || starts_action(p)) {
            A::Restart(Some(p.parse_expr()?))
        } else {
            A::Restart(None)
        }
    } else if p.parse_keyword(Keyword::CACHE) {
        A::Cache(p.parse_expr()?)
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

/// `DO [LANGUAGE lang] body [LANGUAGE lang]`, the body read statement by
/// statement when it is plain (see [`plain_body`]).
fn do_block(g: &Grammar, p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // DO
    let mut language = None;
    if p.parse_keyword(Keyword::LANGUAGE) {
        language = Some(p.parse_identifier()?);
    }
    let (body, tag) = match p.next_token().token {
        Token::DollarQuotedString(s) => (s.value, s.tag),
        Token::SingleQuotedString(s) => (s, None),
        _ => {
            p.prev_token();
            return expected(p, "the body of DO, a string");
        }
    };
    if language.is_none() && p.parse_keyword(Keyword::LANGUAGE) {
        language = Some(p.parse_identifier()?);
    }
    let plpgsql = language
        .as_ref()
        .is_none_or(|l| l.value.eq_ignore_ascii_case("plpgsql"));
    let inner = plpgsql.then(|| plain_body(g, &body)).flatten();
    let (statements, places) = match inner {
        Some(list) => {
            let (places, statements) = list.into_iter().unzip();
            (Some(statements), places)
        }
        None => (None, Vec::new()),
    };
    Ok(ExtStatement::Do(Do {
        language,
        body,
        tag,
        statements,
        places,
    }))
}

/// The statements of a PL/pgSQL body plain enough to read: `BEGIN`
/// statements `END`, where a statement may also be `IF cond THEN … [ELSIF
/// cond THEN …] [ELSE …] END IF` (its statements run only under a
/// condition), `RAISE …` (a message, no change), and the block may end
/// with handlers that do nothing (`EXCEPTION WHEN duplicate_object THEN
/// NULL;`). Each statement comes with where it is in `body` (bytes) and
/// whether it runs only under a condition. `None` for any other body
/// (declarations, loops, `PERFORM`, dynamic SQL, handlers that do
/// something), which stays opaque.
pub(crate) fn plain_body(g: &Grammar, body: &str) -> Option<Vec<(Inner, Ast)>> {
    let tokens = Tokenizer::new(g, body).tokenize_with_location().ok()?;
    let real: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_) | Token::EOF))
        .collect();
    let (&first, rest) = real.split_first()?;
    let mut last = *rest.last()?;
    if tokens[last].token == Token::SemiColon {
        last = *real.get(real.len().checked_sub(2)?)?;
    }
    if !(super::is_word(&tokens[first].token, "BEGIN")
        && super::is_word(&tokens[last].token, "END"))
    {
        return None;
    }
    let lines = crate::sql::split::lines::LineIndex::new(body);
    let mut sub = Parser::new(g).with_tokens_with_locations(tokens[first + 1..last].to_vec());
    let mut out = Vec::new();
    statement_list(g, &mut sub, &lines, false, &[], &mut out)?;
    if peek_words(&sub, &["EXCEPTION"]) {
        sub.advance_token();
        // handlers that only swallow the error
        while sub.parse_keyword(Keyword::WHEN) {
            loop {
                sub.parse_identifier().ok()?;
                if !sub.parse_keyword(Keyword::OR) {
                    break;
                }
            }
            sub.expect_keyword_is(Keyword::THEN).ok()?;
            sub.expect_keyword_is(Keyword::NULL).ok()?;
            sub.expect_token(&Token::SemiColon).ok()?;
        }
    }
    (sub.peek_token_ref().token == Token::EOF).then_some(out)
}

/// Where a statement of a `DO` body is in the body (bytes), and whether
/// it runs only under a condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    pub range: Range<usize>,
    pub conditional: bool,
}

/// Statements up to one of the words `until` (or `EXCEPTION`, or the
/// end), appended to `out`; `None` when one is not plain.
fn statement_list(
    g: &Grammar,
    p: &mut Parser,
    lines: &crate::sql::split::lines::LineIndex,
    conditional: bool,
    until: &[&str],
    out: &mut Vec<(Inner, Ast)>,
) -> Option<()> {
    loop {
        while p.consume_token(&Token::SemiColon) {}
        if p.peek_token_ref().token == Token::EOF
            || peek_words(p, &["EXCEPTION"])
            || until.iter().any(|w| peek_words(p, &[w]))
        {
            return Some(());
        }
        if p.parse_keyword(Keyword::IF) {
            loop {
                p.parse_expr().ok()?;
                p.expect_keyword_is(Keyword::THEN).ok()?;
                statement_list(g, p, lines, true, &["ELSIF", "ELSEIF", "ELSE", "END"], out)?;
                if super::parse_one_word(p, &["ELSIF", "ELSEIF"]).is_none() {
                    break;
                }
            }
            if p.parse_keyword(Keyword::ELSE) {
                statement_list(g, p, lines, true, &["END"], out)?;
            }
            p.expect_keywords(&[Keyword::END, Keyword::IF]).ok()?;
            p.expect_token(&Token::SemiColon).ok()?;
            continue;
        }
        if peek_words(p, &["RAISE"]) {
            // a message (or an error that stops the block): no change
            while !matches!(p.peek_token_ref().token, Token::SemiColon | Token::EOF) {
                p.advance_token();
            }
            continue;
        }
        let start = p.peek_token_ref().span.start;
        let ast = parse_ast(g, p).ok()?;
        let end = p.get_current_token().span.end;
        if !matches!(p.peek_token_ref().token, Token::SemiColon) {
            return None;
        }
        let range = lines.offset(start.line, start.column)..lines.offset(end.line, end.column);
        out.push((Inner { range, conditional }, ast));
    }
}

/// `CREATE EVENT TRIGGER name ON event [WHEN TAG IN ('…', …) [AND …]]
/// EXECUTE FUNCTION | PROCEDURE f()`.
fn create_event_trigger(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    for _ in 0..3 {
        p.advance_token();
    }
    let name = p.parse_identifier()?;
    p.expect_keyword_is(Keyword::ON)?;
    let event = p.parse_identifier()?;
    let mut when = Vec::new();
    if p.parse_keyword(Keyword::WHEN) {
        loop {
            let variable = p.parse_identifier()?;
            p.expect_keyword_is(Keyword::IN)?;
            p.expect_token(&Token::LParen)?;
            let values = p.parse_comma_separated(Parser::parse_literal_string)?;
            p.expect_token(&Token::RParen)?;
            when.push((variable, values));
            if !p.parse_keyword(Keyword::AND) {
                break;
            }
        }
    }
    p.expect_keyword_is(Keyword::EXECUTE)?;
    if p.parse_one_of_keywords(&[Keyword::FUNCTION, Keyword::PROCEDURE])
        .is_none()
    {
        return expected(p, "FUNCTION or PROCEDURE");
    }
    let function = p.parse_object_name(false)?;
    p.expect_token(&Token::LParen)?;
    p.expect_token(&Token::RParen)?;
    Ok(ExtStatement::CreateEventTrigger(CreateEventTrigger {
        name,
        event,
        when,
        function,
    }))
}

/// `DROP EVENT TRIGGER [IF EXISTS] name [CASCADE | RESTRICT]`.
fn drop_event_trigger(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    for _ in 0..3 {
        p.advance_token();
    }
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let name = p.parse_identifier()?;
    let cascade = p.parse_keyword(Keyword::CASCADE);
    if !cascade {
        let _ = p.parse_keyword(Keyword::RESTRICT);
    }
    Ok(ExtStatement::DropEventTrigger(DropEventTrigger {
        if_exists,
        name,
        cascade,
    }))
}

/// `CREATE PUBLICATION name [FOR ALL TABLES | FOR TABLE t [, …] | FOR
/// TABLES IN SCHEMA s [, …]] [WITH (option = value, …)]`.
fn create_publication(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token();
    p.advance_token();
    let name = p.parse_identifier()?;
    let mut all_tables = false;
    let mut tables = Vec::new();
    let mut schemas = Vec::new();
    if p.parse_keyword(Keyword::FOR) {
        if p.parse_keywords(&[Keyword::ALL, Keyword::TABLES]) {
            all_tables = true;
        } else if p.parse_keywords(&[Keyword::TABLES, Keyword::IN, Keyword::SCHEMA]) {
            schemas = p.parse_comma_separated(Parser::parse_identifier)?;
        } else {
            p.expect_keyword_is(Keyword::TABLE)?;
            tables = p.parse_comma_separated(|p| p.parse_object_name(false))?;
        }
    }
    let mut options = Vec::new();
    if p.parse_keyword(Keyword::WITH) {
        p.expect_token(&Token::LParen)?;
        options = p.parse_comma_separated(Parser::parse_sql_option)?;
        p.expect_token(&Token::RParen)?;
    }
    Ok(ExtStatement::CreatePublication(CreatePublication {
        name,
        all_tables,
        tables,
        schemas,
        options,
    }))
}

/// `ALTER ROLE | USER name [IN DATABASE d] SET param TO | = a, b …` (a
/// list sqlparser does not read), looked at without moving.
fn sets_a_list(p: &Parser) -> bool {
    let mut i = 3;
    let word = |i: usize| &p.peek_nth_token_ref(i).token;
    if super::is_word(word(i), "IN") && super::is_word(word(i + 1), "DATABASE") {
        i += 3;
    }
    if !super::is_word(word(i), "SET") {
        return false;
    }
    // SET name[.name] TO|= value ,
    i += 2;
    while *word(i) == Token::Period {
        i += 2;
    }
    if !(super::is_word(word(i), "TO") || *word(i) == Token::Eq) {
        return false;
    }
    *word(i + 2) == Token::Comma
}

fn alter_role_set(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // ALTER
    let user = peek_words(p, &["USER"]);
    p.advance_token(); // ROLE | USER
    let name = p.parse_identifier()?;
    let in_database = if p.parse_keywords(&[Keyword::IN, Keyword::DATABASE]) {
        Some(p.parse_identifier()?)
    } else {
        None
    };
    p.expect_keyword_is(Keyword::SET)?;
    let config = p.parse_object_name(false)?;
    if !p.parse_keyword(Keyword::TO) {
        p.expect_token(&Token::Eq)?;
    }
    let values: Vec<Expr> = p.parse_comma_separated(Parser::parse_expr)?;
    Ok(ExtStatement::AlterRoleSet(AlterRoleSet {
        user,
        name,
        in_database,
        config,
        values,
    }))
}

/// `ALTER TABLE [IF EXISTS] [ONLY] t ALTER [COLUMN] c SET STATISTICS |
/// SET STORAGE | SET COMPRESSION`: the token index of `SET`, looked at
/// without moving.
fn column_setting_at(p: &Parser) -> Option<usize> {
    if !peek_words(p, &["ALTER", "TABLE"]) {
        return None;
    }
    let word = |i: usize| &p.peek_nth_token_ref(i).token;
    let mut i = 2;
    if super::is_word(word(i), "IF") && super::is_word(word(i + 1), "EXISTS") {
        i += 2;
    }
    if super::is_word(word(i), "ONLY") {
        i += 1;
    }
    i = super::after_name(p, i)?;
    if !super::is_word(word(i), "ALTER") {
        return None;
    }
    i += 1;
    if super::is_word(word(i), "COLUMN") {
        i += 1;
    }
    i += 1; // the column
    (super::is_word(word(i), "SET")
        && ["STATISTICS", "STORAGE", "COMPRESSION"]
            .iter()
            .any(|w| super::is_word(word(i + 1), w)))
    .then_some(i)
}

fn alter_column_setting(p: &mut Parser, _at: usize) -> Result<ExtStatement, ParserError> {
    p.advance_token(); // ALTER
    p.advance_token(); // TABLE
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let only = p.parse_keyword(Keyword::ONLY);
    let table = p.parse_object_name(false)?;
    p.expect_keyword_is(Keyword::ALTER)?;
    let _ = p.parse_keyword(Keyword::COLUMN);
    let column = p.parse_identifier()?;
    p.expect_keyword_is(Keyword::SET)?;
    let setting = match p.next_token().token {
        Token::Word(w) => w.value.to_ascii_uppercase(),
        _ => return expected(p, "STATISTICS, STORAGE or COMPRESSION"),
    };
    let value = p.parse_expr()?;
    Ok(ExtStatement::AlterColumnSetting(AlterColumnSetting {
        table,
        if_exists,
        only,
        column,
        setting,
        value,
    }))
}

/// `DROP INDEX CONCURRENTLY [IF EXISTS] name [, …] [CASCADE | RESTRICT]`.
fn drop_index_concurrently(p: &mut Parser) -> Result<ExtStatement, ParserError> {
    for _ in 0..3 {
        p.advance_token();
    }
    let if_exists = p.parse_keywords(&[Keyword::IF, Keyword::EXISTS]);
    let names: Vec<ObjectName> = p.parse_comma_separated(|p| p.parse_object_name(false))?;
    let cascade = p.parse_keyword(Keyword::CASCADE);
    if !cascade {
        let _ = p.parse_keyword(Keyword::RESTRICT);
    }
    Ok(ExtStatement::DropIndexConcurrently(DropIndexConcurrently {
        if_exists,
        names,
        cascade,
    }))
}
