//! Our grammar: sqlparser's dialects, extended the way sqlparser is built to
//! be extended. [`Grammar`] wraps the sqlparser dialect that reads a target
//! best and overrides its parse hooks for constructs the real database
//! accepts and sqlparser 0.64 lacks, one file per target (`mssql`,
//! `postgres`, `mysql`, `oracle`, `sqlite`):
//!
//! - where sqlparser has a node for the construct, the hook builds that node
//!   (a T-SQL `CREATE NONCLUSTERED INDEX … ON [PRIMARY]` is a `CreateIndex`
//!   whose index type says `NONCLUSTERED`), so every later stage sees it as
//!   it would the same statement in another dialect;
//! - where it has none (`ALTER SEQUENCE`, `DO`, `CREATE EVENT TRIGGER`,
//!   T-SQL `CHECK CONSTRAINT`), [`parse_ast`] reads a statement of our own
//!   kind ([`ExtStatement`]) built from sqlparser's own pieces (names,
//!   expressions, data types), before handing the statement to sqlparser.
//!
//! Either way the statement is parsed ([`Ast`]) and its facts come from the
//! tree. What the target database refuses stays a parse error: an
//! extension is recognised by its leading words and then read strictly.

use sqlparser::ast::{ColumnOption, DataType, Expr, Statement};
use sqlparser::dialect::{
    AnsiDialect, BigQueryDialect, ClickHouseDialect, DatabricksDialect, Dialect as ParserDialect,
    DuckDbDialect, GenericDialect, HiveDialect, MsSqlDialect, MySqlDialect, OracleDialect,
    PostgreSqlDialect, RedshiftSqlDialect, SQLiteDialect, SnowflakeDialect,
};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::dialect::Dialect;

mod delegate;
pub mod ext;
mod mssql;
mod mysql;
mod oracle;
pub(crate) mod postgres;
mod sqlite;

#[cfg(test)]
mod tests;

pub use ext::ExtStatement;

/// A parsed statement: a sqlparser node, or one of our own kinds where
/// sqlparser has none. Serialized as sqlparser serializes its nodes
/// (`{"CreateIndex": {…}}`, `{"AlterSequence": {…}}`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // most statements are sqlparser's
pub enum Ast {
    Sql(Statement),
    Ext(ExtStatement),
}

impl Ast {
    /// The sqlparser node, when it is one.
    pub fn sql(&self) -> Option<&Statement> {
        match self {
            Ast::Sql(s) => Some(s),
            Ast::Ext(_) => None,
        }
    }
}

impl std::fmt::Display for Ast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ast::Sql(s) => s.fmt(f),
            Ast::Ext(s) => s.fmt(f),
        }
    }
}

/// The sqlparser dialect that reads a target best, extended by our grammar
/// for that target. Identifies as the dialect it wraps, so sqlparser's own
/// dialect checks behave as they do for it.
#[derive(Debug)]
pub struct Grammar {
    target: Dialect,
    base: Box<dyn ParserDialect>,
}

impl Grammar {
    pub fn new(target: Dialect) -> Grammar {
        Grammar {
            target,
            base: base(target),
        }
    }

    /// The database whose grammar this is.
    pub fn target(&self) -> Dialect {
        self.target
    }

    fn parse_statement_hook(&self, parser: &mut Parser) -> Option<Result<Statement, ParserError>> {
        let ours = match self.target {
            Dialect::Sqlserver => mssql::parse_statement(parser),
            Dialect::Postgres | Dialect::Cockroachdb => postgres::parse_statement(self, parser),
            Dialect::Mysql | Dialect::Mariadb => mysql::parse_statement(parser),
            Dialect::Oracle => oracle::parse_statement(self, parser),
            Dialect::Sqlite => sqlite::parse_statement(parser),
            _ => None,
        };
        ours.or_else(|| self.base.parse_statement(parser))
    }

    fn parse_prefix_hook(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        let ours = match self.target {
            Dialect::Sqlserver => mssql::parse_prefix(parser),
            _ => None,
        };
        ours.or_else(|| self.base.parse_prefix(parser))
    }

    fn parse_infix_hook(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        self.base.parse_infix(parser, expr, precedence)
    }

    fn parse_data_type_hook(&self, parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
        let ours = match self.target {
            Dialect::Sqlserver => mssql::parse_data_type(parser),
            Dialect::Oracle => oracle::parse_data_type(parser),
            Dialect::Sqlite => sqlite::parse_data_type(parser),
            _ => None,
        };
        ours.or_else(|| self.base.parse_data_type(parser))
    }

    fn parse_column_option_hook(
        &self,
        parser: &mut Parser,
    ) -> Result<Option<Result<Option<ColumnOption>, ParserError>>, ParserError> {
        let ours = match self.target {
            Dialect::Sqlserver => mssql::parse_column_option(parser),
            Dialect::Mysql | Dialect::Mariadb => mysql::parse_column_option(parser),
            Dialect::Oracle => oracle::parse_column_option(parser),
            _ => None,
        };
        match ours {
            Some(option) => Ok(Some(option)),
            None => self.base.parse_column_option(parser),
        }
    }
}

/// The sqlparser dialect each target is read with before our extensions.
pub(crate) fn base(target: Dialect) -> Box<dyn ParserDialect> {
    match target {
        Dialect::Postgres | Dialect::Cockroachdb => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql | Dialect::Mariadb => Box::new(MySqlDialect {}),
        Dialect::Sqlserver => Box::new(MsSqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Oracle => Box::new(OracleDialect {}),
        Dialect::Generic | Dialect::H2 | Dialect::Db2 => Box::new(GenericDialect {}),
        Dialect::Ansi => Box::new(AnsiDialect {}),
        Dialect::Snowflake => Box::new(SnowflakeDialect {}),
        Dialect::Bigquery => Box::new(BigQueryDialect {}),
        Dialect::Redshift => Box::new(RedshiftSqlDialect {}),
        Dialect::Duckdb => Box::new(DuckDbDialect {}),
        Dialect::Clickhouse => Box::new(ClickHouseDialect {}),
        Dialect::Hive => Box::new(HiveDialect {}),
        Dialect::Databricks => Box::new(DatabricksDialect {}),
    }
}

/// Parses the next statement: one of our own kinds when its leading words
/// say so, else sqlparser's (with our hooks).
pub fn parse_ast(grammar: &Grammar, parser: &mut Parser) -> Result<Ast, ParserError> {
    let ext = |r: Option<Result<ExtStatement, ParserError>>| r.map(|r| r.map(Ast::Ext));
    let ours = match grammar.target {
        Dialect::Sqlserver => ext(mssql::parse_ext(parser)),
        Dialect::Postgres | Dialect::Cockroachdb => ext(postgres::parse_ext(grammar, parser)),
        Dialect::Mysql | Dialect::Mariadb => mysql::parse_ext(parser),
        Dialect::Oracle => ext(oracle::parse_ext(parser)),
        _ => None,
    };
    match ours {
        Some(result) => result,
        None => parser.parse_statement().map(Ast::Sql),
    }
}

/// A line the splitter found to be a command of the client tool (`what`:
/// `psql meta-command`, `SQL*Plus command`), read as a [`ClientCommand`]
/// when it runs no SQL the gate cannot see: `None` for commands that run
/// another script, switch the connection, run a shell or execute query
/// results (`@file`, `START`, `CONNECT`, `HOST`, `\i`, `\connect`,
/// `\copy`, `\gexec`, …), which stay unknown.
pub fn client_command(what: &str, line: &str) -> Option<Ast> {
    let line = line.trim();
    let (tool, command) = if what.starts_with("psql") {
        let name = line
            .trim_start_matches('\\')
            .split(|c: char| c.is_whitespace() || c == ';')
            .next()
            .unwrap_or_default();
        // `\restrict KEY` / `\unrestrict KEY` (psql 17.6+) frame every
        // pg_dump output: they only turn meta-commands off and on
        const HARMLESS: &[&str] = &[
            "set",
            "unset",
            "echo",
            "qecho",
            "warn",
            "pset",
            "timing",
            "encoding",
            "x",
            "a",
            "t",
            "f",
            "H",
            "C",
            "T",
            "restrict",
            "unrestrict",
        ];
        if !HARMLESS.contains(&name) {
            return None;
        }
        ("psql", format!("\\{name}"))
    } else {
        if line.starts_with('@') {
            return None;
        }
        let name = line
            .split(|c: char| c.is_whitespace() || c == ';')
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        const RUNS_SQL: &[&str] = &["START", "CONNECT", "DISCONNECT", "HOST"];
        if RUNS_SQL.contains(&name.as_str()) {
            return None;
        }
        ("SQL*Plus", name)
    };
    Some(Ast::Ext(ExtStatement::ClientCommand(ext::ClientCommand {
        tool: tool.to_string(),
        command,
        text: line.to_string(),
    })))
}

// ---- helpers the per-target files share -------------------------------

/// Parses the statement at `p` with `parse`, over its tokens (up to its
/// `;` or the end) as `edit` leaves them: how a clause sqlparser lacks and
/// no fact depends on (`COST 100` of a function, the argument types of
/// `COMMENT ON FUNCTION f(int)`) is read and left out while sqlparser
/// builds the node. `p` then stands at the statement's end; errors keep
/// the positions of the tokens they are about. `parse` must not start
/// with `parse_statement`, which would come back to the same hook.
pub(crate) fn parse_edited<T>(
    grammar: &Grammar,
    p: &mut Parser,
    edit: impl FnOnce(&mut Vec<TokenWithSpan>),
    parse: impl FnOnce(&mut Parser) -> Result<T, ParserError>,
) -> Result<T, ParserError> {
    let mut tokens = Vec::new();
    loop {
        let t = p.peek_token_no_skip();
        if matches!(t.token, Token::SemiColon | Token::EOF) {
            break;
        }
        tokens.push(t);
        p.next_token_no_skip();
    }
    edit(&mut tokens);
    let mut sub = Parser::new(grammar).with_tokens_with_locations(tokens);
    let out = parse(&mut sub)?;
    if !matches!(sub.peek_token_ref().token, Token::EOF) {
        return sub.expected_ref("end of statement", sub.peek_token_ref());
    }
    Ok(out)
}

/// Index (in `tokens`) of the `n`th token that is not whitespace.
pub(crate) fn nth_real(tokens: &[TokenWithSpan], n: usize) -> Option<usize> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_)))
        .nth(n)
        .map(|(i, _)| i)
}

/// `t` is the unquoted word `word` (any case).
pub(crate) fn is_word(t: &Token, word: &str) -> bool {
    matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// The next tokens (whitespace skipped) are these unquoted words.
pub(crate) fn peek_words(p: &Parser, words: &[&str]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(i, w)| is_word(&p.peek_nth_token_ref(i).token, w))
}

/// Consumes `words` when they come next; consumes nothing otherwise.
pub(crate) fn parse_words(p: &mut Parser, words: &[&str]) -> bool {
    if peek_words(p, words) {
        for _ in words {
            p.advance_token();
        }
        true
    } else {
        false
    }
}

/// Consumes the first of `words` that comes next, and says which.
pub(crate) fn parse_one_word<'w>(p: &mut Parser, words: &[&'w str]) -> Option<&'w str> {
    let found = words.iter().find(|w| peek_words(p, &[w]))?;
    p.advance_token();
    Some(found)
}

/// An error at the next token: `Expected: {expected}, found: …`.
pub(crate) fn expected<T>(p: &Parser, expected: &str) -> Result<T, ParserError> {
    p.expected_ref(expected, p.peek_token_ref())
}

/// The next token ends the statement (`;` or the end of the input).
pub(crate) fn at_end(p: &Parser) -> bool {
    matches!(p.peek_token_ref().token, Token::SemiColon | Token::EOF)
}

/// Moves the parser back to the token at `start` (an index it had before),
/// or to the first real token after it. `Parser::prev_token` skips
/// whitespace backwards and panics at the first token, so going back token
/// by token to a `start` that is whitespace at the top of the text would
/// run past it.
pub(crate) fn rewind(p: &mut Parser, start: usize) {
    while p.index() > start
        && (start..p.index()).any(|i| !matches!(p.token_at(i).token, Token::Whitespace(_)))
    {
        p.prev_token();
    }
}

/// Looking ahead without moving: the token index just past a dotted name
/// (`name[.name…]`) that starts at token `i`; `None` when no word is there.
pub(crate) fn after_name(p: &Parser, mut i: usize) -> Option<usize> {
    loop {
        if !matches!(p.peek_nth_token_ref(i).token, Token::Word(_)) {
            return None;
        }
        i += 1;
        if p.peek_nth_token_ref(i).token != Token::Period {
            return Some(i);
        }
        i += 1;
    }
}
