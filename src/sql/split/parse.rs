//! Driving sqlparser over one piece of text, a statement at a time, so each
//! statement gets its exact extent and a failure costs only that statement.

use std::cell::Cell;
use std::ops::Range;

use sqlparser::ast::Statement;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, TokenizerError};

use super::RawStatement;
use super::lines::LineIndex;
use super::refused::{refused_tokens, refused_tree};
use super::unterminated::Unterminated;
use crate::sql::grammar::{Ast, Grammar, parse_ast};

pub(super) struct Ctx<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex<'a>,
    pub dialect: &'a Grammar,
    /// Statements may follow each other without `;` (T-SQL).
    pub semicolon_optional: bool,
    /// PostgreSQL: what the server refuses although sqlparser accepts it
    /// is a syntax error (see `refused`).
    pub postgres: bool,
}

/// Maps piece-relative sqlparser locations to byte offsets in the text.
struct Origin {
    line: u64,
    column: u64,
}

impl Origin {
    fn at(ctx: &Ctx, offset: usize) -> Self {
        let (line, column) = ctx.lines.location(offset);
        Origin { line, column }
    }

    /// Where an error points; sqlparser reports the end of input with an
    /// empty location, which points nowhere.
    fn error_offset(&self, ctx: &Ctx, loc: Option<Location>) -> Option<usize> {
        loc.filter(|l| l.line > 0).map(|l| self.offset(ctx, l))
    }

    fn offset(&self, ctx: &Ctx, loc: Location) -> usize {
        let line = self.line + loc.line.saturating_sub(1);
        let column = if loc.line <= 1 {
            self.column + loc.column.saturating_sub(1)
        } else {
            loc.column
        };
        ctx.lines.offset(line, column)
    }
}

fn is_trivia(t: &TokenWithSpan) -> bool {
    matches!(t.token, Token::Whitespace(_))
}

thread_local! {
    /// The token buffer of the last part parsed on this thread, emptied,
    /// for the next. A part's tokens take about 40 bytes per byte of SQL:
    /// a new buffer for each part was copied at every doubling into memory
    /// not yet touched (with trees boxed at once, a check of the corpus's
    /// PostgreSQL files took 0.92× the time).
    static SPARE_TOKENS: Cell<Vec<TokenWithSpan>> = const { Cell::new(Vec::new()) };
}

/// A buffer kept for the next part holds at most this many tokens (about
/// 1.4 MB; a part is cut at about 16 KB of SQL).
const MAX_SPARE_TOKENS: usize = 16 * 1024;

/// Hands a parser's tokens back for the next part to tokenize into.
fn give_back(mut tokens: Vec<TokenWithSpan>) {
    tokens.clear();
    if tokens.capacity() <= MAX_SPARE_TOKENS {
        SPARE_TOKENS.set(tokens);
    }
}

/// Tokens of `range`; on a tokenizer error, the tokens before it and the error.
fn tokenize(ctx: &Ctx, range: &Range<usize>) -> (Vec<TokenWithSpan>, Option<TokenizerError>) {
    let sql = ctx.text.get(range.clone()).unwrap_or_default();
    // empty: the tokenizer reads tokens already in it as context
    let mut tokens = SPARE_TOKENS.take();
    let err = Tokenizer::new(ctx.dialect, sql)
        .with_unescape(true)
        .tokenize_with_location_into_buf(&mut tokens)
        .err();
    (tokens, err)
}

/// The message without sqlparser's position suffix (which is relative to the
/// piece, not the text), and that position.
fn split_message(msg: &str) -> (String, Option<Location>) {
    let msg = msg.strip_prefix("sql parser error: ").unwrap_or(msg);
    let Some(at) = msg.rfind(" at Line: ") else {
        return (msg.to_string(), None);
    };
    let loc = msg.get(at + " at Line: ".len()..).and_then(|rest| {
        let (line, col) = rest.split_once(", Column: ")?;
        Some(Location::new(
            line.trim().parse().ok()?,
            col.trim().parse().ok()?,
        ))
    });
    match loc {
        Some(loc) => (msg.get(..at).unwrap_or(msg).to_string(), Some(loc)),
        None => (msg.to_string(), None),
    }
}

fn parser_message(err: &ParserError) -> (String, Option<Location>) {
    match err {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => split_message(s),
        ParserError::RecursionLimitExceeded => ("recursion limit exceeded".to_string(), None),
    }
}

/// `range.end` moved back over trailing whitespace.
fn trim_end(text: &str, range: Range<usize>) -> usize {
    let slice = text.get(range.clone()).unwrap_or_default();
    range.start + slice.trim_end().len()
}

/// Why the end of a piece is not tokens: a tokenizer error, or a construct
/// never closed (then a syntax error at its opening).
struct LexError {
    message: String,
    at: Option<usize>,
    syntax_error: bool,
}

/// Tokens of a piece: with an unterminated construct, only those before its
/// opening (what follows is inside it).
fn lex(
    ctx: &Ctx,
    origin: &Origin,
    range: &Range<usize>,
    unterminated: Option<Unterminated>,
) -> (Vec<TokenWithSpan>, Option<LexError>) {
    let upto = unterminated.map_or(range.end, |u| u.at.clamp(range.start, range.end));
    let (tokens, err) = tokenize(ctx, &(range.start..upto));
    let err = match (unterminated, err) {
        (Some(u), _) => Some(LexError {
            message: u.message(ctx.text),
            at: Some(u.at),
            syntax_error: true,
        }),
        (None, Some(e)) => Some(LexError {
            at: origin.error_offset(ctx, Some(e.location)),
            message: e.message,
            syntax_error: false,
        }),
        (None, None) => None,
    };
    (tokens, err)
}

/// Parses a piece holding any number of `;`-separated statements.
pub(super) fn statements(
    ctx: &Ctx,
    range: Range<usize>,
    unterminated: Option<Unterminated>,
    out: &mut Vec<RawStatement>,
) {
    let origin = Origin::at(ctx, range.start);
    let (mut tokens, lex_err) = lex(ctx, &origin, &range, unterminated);

    // On a tokenizer error keep the statements closed by a `;` before it;
    // the rest of the piece becomes one error statement.
    let mut tail = None;
    if let Some(err) = lex_err {
        let cut = tokens
            .iter()
            .rposition(|t| t.token == Token::SemiColon)
            .map_or(0, |i| i + 1);
        let start = match tokens.iter().skip(cut).find(|t| !is_trivia(t)) {
            Some(t) => origin.offset(ctx, t.span.start),
            None => {
                let after = tokens
                    .last()
                    .map_or(range.start, |t| origin.offset(ctx, t.span.end));
                let rest = ctx.text.get(after..range.end).unwrap_or_default();
                range.end - rest.trim_start().len()
            }
        };
        tokens.truncate(cut);
        let end = trim_end(ctx.text, start..range.end);
        if end > start {
            tail = Some(RawStatement {
                range: start..end,
                ast: Err(err.message),
                error_at: err.at,
                syntax_error: err.syntax_error,
                well_formed: false,
            });
        }
    }

    let chains = super::chain::overlong(&tokens);
    let mut p = Parser::new(ctx.dialect).with_tokens_with_locations(tokens);
    loop {
        while p.consume_token(&Token::SemiColon) {}
        if p.peek_token_ref().token == Token::EOF {
            break;
        }
        let start_idx = p.index();
        let start = origin.offset(ctx, p.peek_token_ref().span.start);
        if let Some((at, stop)) = super::chain::in_statement(&p, start_idx, &chains) {
            let end = last_token_end(&p, &origin, ctx, start_idx, stop);
            out.push(RawStatement {
                range: start..end.max(start),
                ast: Err(super::chain::message()),
                error_at: Some(origin.offset(ctx, p.token_at(at).span.start)),
                syntax_error: false,
                well_formed: true,
            });
            seek_past(&mut p, stop);
            continue;
        }
        // boxed at once: a tree is 3.5 KB, moved several times from here on
        let result = parse_ast(ctx.dialect, &mut p).map(Box::new);
        let progressed = p.index() > first_token_index(&p, start_idx);
        let stmt = match result {
            Ok(stmt) if progressed => {
                let ends_with_semicolon = p.get_current_token().token == Token::SemiColon;
                let next = &p.peek_token_ref().token;
                // a client command ends at its line's end
                let client = matches!(
                    *stmt,
                    Ast::Ext(crate::sql::grammar::ExtStatement::ClientCommand(_))
                );
                let delimited = ends_with_semicolon
                    || client
                    || matches!(next, Token::SemiColon | Token::EOF)
                    || (ctx.semicolon_optional && starts_tsql_statement(next));
                let swallowed = (delimited
                    && matches!(*stmt, Ast::Sql(Statement::CreateTrigger(_))))
                .then(|| swallowed_semicolon(&p, start_idx))
                .flatten();
                if let Some(semi) = swallowed {
                    seek_past(&mut p, semi);
                    reparse(ctx, &p, &origin, start_idx, semi)
                } else if delimited {
                    let end = last_token_end(&p, &origin, ctx, start_idx, p.index());
                    Ok((stmt, end))
                } else {
                    let found = p.peek_token_ref();
                    Err((
                        format!("Expected: end of statement, found: {found}"),
                        Some(found.span.start),
                    ))
                }
            }
            Ok(_) => {
                let found = p.peek_token_ref();
                Err((
                    format!("Expected: an SQL statement, found: {found}"),
                    Some(found.span.start),
                ))
            }
            // too deep for sqlparser: at the token where it gave up
            Err(ParserError::RecursionLimitExceeded) => Err((
                super::chain::too_deep(),
                Some(p.peek_token_ref().span.start),
            )),
            Err(e) => Err(parser_message(&e)),
        };
        // a trigger body that failed may have run into later statements
        let stmt = match stmt {
            Err(e) if is_create_trigger(&p, first_token_index(&p, start_idx)) => {
                match first_top_level_semicolon(&p, start_idx, p.index()) {
                    Some(semi) => {
                        seek_past(&mut p, semi);
                        reparse(ctx, &p, &origin, start_idx, semi)
                    }
                    None => Err(e),
                }
            }
            other => other,
        };
        let (stmt, refused) = if ctx.postgres {
            refuse(&p, start_idx, stmt)
        } else {
            (stmt, false)
        };
        match stmt {
            Ok((ast, end)) => out.push(RawStatement {
                // a `COPY … FROM stdin` payload token ends after its line break
                range: start..trim_end(ctx.text, start..end.max(start)),
                ast: Ok(ast),
                error_at: None,
                syntax_error: false,
                well_formed: true,
            }),
            Err((msg, loc)) => {
                // skip to the next `;` from where the parser stopped (in
                // T-SQL also to the next statement starting a line)
                let first = first_token_index(&p, start_idx);
                let from = p.index().saturating_sub(1).max(start_idx);
                let stop = (from..)
                    .find(|&i| match &p.token_at(i).token {
                        Token::SemiColon | Token::EOF => true,
                        t => {
                            ctx.semicolon_optional
                                && i > first
                                && starts_tsql_statement(t)
                                && first_on_line(&p, i)
                        }
                    })
                    .unwrap_or(from);
                let end = last_token_end(&p, &origin, ctx, start_idx, stop);
                out.push(RawStatement {
                    range: start..end.max(start),
                    ast: Err(msg),
                    error_at: origin.error_offset(ctx, loc),
                    syntax_error: refused,
                    well_formed: true,
                });
                match p.token_at(stop).token {
                    Token::EOF => break,
                    Token::SemiColon => seek_past(&mut p, stop),
                    _ => {
                        let last = (first..stop).rev().find(|&i| !is_trivia(p.token_at(i)));
                        seek_past(&mut p, last.unwrap_or(first));
                    }
                }
            }
        }
    }
    give_back(p.into_tokens());
    out.extend(tail);
}

/// Parses a piece that is one statement whatever `;`s it holds (a PL/SQL
/// block, a procedure body). With `keep_semicolon` a final `;` is part of
/// the statement (PL/SQL `END;`).
pub(super) fn block(
    ctx: &Ctx,
    range: Range<usize>,
    keep_semicolon: bool,
    unterminated: Option<Unterminated>,
    out: &mut Vec<RawStatement>,
) {
    let origin = Origin::at(ctx, range.start);
    let (tokens, lex_err) = lex(ctx, &origin, &range, unterminated);
    let first = tokens.iter().find(|t| !is_trivia(t));
    let start = match first {
        Some(t) => origin.offset(ctx, t.span.start),
        None if lex_err.is_some() => {
            let slice = ctx.text.get(range.clone()).unwrap_or_default();
            range.end - slice.trim_start().len()
        }
        None => return,
    };
    if let Some(err) = lex_err {
        let end = trim_end(ctx.text, start..range.end);
        out.push(RawStatement {
            range: start..end,
            ast: Err(err.message),
            error_at: err.at,
            syntax_error: err.syntax_error,
            well_formed: false,
        });
        return;
    }
    let last = tokens
        .iter()
        .rposition(|t| !is_trivia(t) && (keep_semicolon || t.token != Token::SemiColon));
    let end = last
        .and_then(|i| tokens.get(i))
        .map_or(start, |t| origin.offset(ctx, t.span.end));

    // the block's end terminates its last inner statement, which some
    // sqlparser grammars want to see as a `;` (T-SQL procedure bodies)
    let mut tokens = tokens;
    if let Some(t) = last
        .and_then(|i| tokens.get(i))
        .filter(|t| t.token != Token::SemiColon)
    {
        let at = t.span.end;
        tokens.push(TokenWithSpan::at(Token::SemiColon, at, at));
    }
    let mut p = Parser::new(ctx.dialect).with_tokens_with_locations(tokens);
    let ast = match parse_ast(ctx.dialect, &mut p).map(Box::new) {
        Ok(stmt) => {
            while p.consume_token(&Token::SemiColon) {}
            let next = p.peek_token_ref();
            if next.token == Token::EOF {
                Ok(stmt)
            } else {
                Err((
                    format!("Expected: end of statement, found: {next}"),
                    Some(next.span.start),
                ))
            }
        }
        Err(e) => Err(parser_message(&e)),
    };
    let (ast, error_at) = match ast {
        Ok(stmt) => (Ok(stmt), None),
        Err((msg, loc)) => (Err(msg), origin.error_offset(ctx, loc)),
    };
    give_back(p.into_tokens());
    out.push(RawStatement {
        range: start..end.max(start),
        ast,
        error_at,
        syntax_error: false,
        well_formed: true,
    });
}

/// T-SQL statements need no `;` between them, so a statement also ends
/// where the next one visibly starts; anything else left over (`ON
/// [PRIMARY]` after a `CREATE TABLE`) is part of the statement sqlparser
/// could not read. (`WITH` is not here: T-SQL wants a `;` before a CTE.)
pub(crate) fn starts_tsql_statement(token: &Token) -> bool {
    const STARTS: &[&str] = &[
        "ALTER",
        "BACKUP",
        "BEGIN",
        "BREAK",
        "BULK",
        "CHECKPOINT",
        "CLOSE",
        "COMMIT",
        "CONTINUE",
        "CREATE",
        "DBCC",
        "DEALLOCATE",
        "DECLARE",
        "DELETE",
        "DENY",
        "DISABLE",
        "DROP",
        "ENABLE",
        "EXEC",
        "EXECUTE",
        "FETCH",
        "GOTO",
        "GRANT",
        "IF",
        "INSERT",
        "KILL",
        "MERGE",
        "OPEN",
        "PRINT",
        "RAISERROR",
        "RECONFIGURE",
        "RESTORE",
        "RETURN",
        "REVERT",
        "REVOKE",
        "ROLLBACK",
        "SAVE",
        "SELECT",
        "SET",
        "SETUSER",
        "THROW",
        "TRUNCATE",
        "UPDATE",
        "USE",
        "WAITFOR",
        "WHILE",
    ];
    match token {
        Token::Word(w) if w.quote_style.is_none() => {
            STARTS.iter().any(|k| w.value.eq_ignore_ascii_case(k))
        }
        _ => false,
    }
}

/// A `;` a `CREATE TRIGGER` read past outside any `BEGIN … END` (or
/// `CASE … END`): sqlparser reads a trigger body without `BEGIN` as
/// statements up to `END` or the end of input, which would hide every later
/// statement inside the trigger.
fn swallowed_semicolon(p: &Parser, start_idx: usize) -> Option<usize> {
    first_top_level_semicolon(p, start_idx, p.index())
}

/// The first `;` in `from..upto` outside `BEGIN … END` and `CASE … END`.
fn first_top_level_semicolon(p: &Parser, from: usize, upto: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in from..upto {
        match &p.token_at(i).token {
            Token::SemiColon if depth == 0 => return Some(i),
            Token::Word(w) if matches!(w.keyword, Keyword::BEGIN | Keyword::CASE) => depth += 1,
            Token::Word(w) if w.keyword == Keyword::END => {
                // `END IF` / `END LOOP` / … close blocks that were not counted
                let next = (i + 1..).find(|&j| !is_trivia(p.token_at(j)));
                let closes = next.is_none_or(|j| {
                    !matches!(&p.token_at(j).token, Token::Word(n)
                        if ["IF", "LOOP", "WHILE", "REPEAT", "FOR"]
                            .iter()
                            .any(|k| n.value.eq_ignore_ascii_case(k)))
                });
                if closes {
                    depth = depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `CREATE [OR REPLACE | DEFINER = …] TRIGGER` at token `first`.
fn is_create_trigger(p: &Parser, first: usize) -> bool {
    let is_kw =
        |i: usize, k: Keyword| matches!(&p.token_at(i).token, Token::Word(w) if w.keyword == k);
    is_kw(first, Keyword::CREATE)
        && (first + 1..)
            .filter(|&i| !is_trivia(p.token_at(i)))
            .take(8)
            .any(|i| is_kw(i, Keyword::TRIGGER))
}

type Parsed = Result<(Box<Ast>, usize), (String, Option<Location>)>;

/// A statement PostgreSQL refuses although sqlparser read it (or failed on
/// it as on syntax it lacks) becomes an error, flagged as a certain one.
fn refuse(p: &Parser, start_idx: usize, parsed: Parsed) -> (Parsed, bool) {
    // its tokens up to and including the `;` (or end) after it
    let tokens: Vec<&TokenWithSpan> = (start_idx..)
        .map(|i| p.token_at(i))
        .scan(false, |done, t| {
            if *done {
                return None;
            }
            *done = is_end(t);
            Some(t)
        })
        .collect();
    let why = match &parsed {
        Ok((ast, _)) => match &**ast {
            Ast::Sql(stmt) => refused_tree(stmt, &tokens),
            // our own kinds are read as the database reads them
            Ast::Ext(_) => None,
        },
        Err(_) => refused_tokens(&tokens),
    };
    match why {
        Some((msg, at)) => (Err((msg, Some(at))), true),
        None => (parsed, false),
    }
}

fn is_end(t: &TokenWithSpan) -> bool {
    matches!(t.token, Token::SemiColon | Token::EOF)
}

/// Parses the tokens `from..=semi` on their own as one statement.
fn reparse(ctx: &Ctx, p: &Parser, origin: &Origin, from: usize, semi: usize) -> Parsed {
    let upto = semi;
    let tokens: Vec<TokenWithSpan> = (from..=semi).map(|i| p.token_at(i).clone()).collect();
    let end = last_token_end(p, origin, ctx, from, upto);
    let mut sub = Parser::new(ctx.dialect).with_tokens_with_locations(tokens);
    let stmt = parse_ast(ctx.dialect, &mut sub)
        .map(Box::new)
        .map_err(|e| parser_message(&e))?;
    while sub.consume_token(&Token::SemiColon) {}
    let next = sub.peek_token_ref();
    if next.token == Token::EOF {
        Ok((stmt, end))
    } else {
        Err((
            format!("Expected: end of statement, found: {next}"),
            Some(next.span.start),
        ))
    }
}

/// Whether the token at `i` is the first real token on its line.
fn first_on_line(p: &Parser, i: usize) -> bool {
    let line = p.token_at(i).span.start.line;
    (0..i)
        .rev()
        .map(|j| p.token_at(j))
        .find(|t| !is_trivia(t))
        .is_none_or(|t| t.span.end.line < line)
}

/// Index of the first non-whitespace token at or after `from`.
fn first_token_index(p: &Parser, from: usize) -> usize {
    (from..)
        .find(|&i| !is_trivia(p.token_at(i)))
        .unwrap_or(from)
}

/// Byte end of the last real token in `from..upto` (not whitespace, not a
/// `;`, not EOF).
fn last_token_end(p: &Parser, origin: &Origin, ctx: &Ctx, from: usize, upto: usize) -> usize {
    (from..upto)
        .rev()
        .map(|i| p.token_at(i))
        .find(|t| !is_trivia(t) && !matches!(t.token, Token::SemiColon | Token::EOF))
        .map_or(0, |t| origin.offset(ctx, t.span.end))
}

/// Moves the parser just past the (non-whitespace) token at `target`.
fn seek_past(p: &mut Parser, target: usize) {
    crate::sql::grammar::rewind(p, target);
    while p.index() <= target {
        p.advance_token();
    }
}
