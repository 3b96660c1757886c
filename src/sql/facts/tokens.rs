//! Facts for statements sqlparser cannot parse (`DO`, `REINDEX`,
//! `DROP INDEX CONCURRENTLY`, `ALTER SEQUENCE`, dialect syntax it lacks),
//! read from their leading tokens. Only what the leading words say for
//! certain is reported; the rest stays empty.

use serde_json::Value;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::columns::{column, constraint};
use super::{Columns, Facts, KINDS, Object, TableRef, partial};
use crate::dialect::Dialect;

/// Facts from the leading tokens of a statement sqlparser could not parse.
pub fn from_tokens(sql: &str, dialect: Dialect) -> Facts {
    // A byte-order mark at the start of a file is not part of the SQL.
    let sql = sql.trim_start_matches('\u{feff}');
    let tokens = tokenize(sql, dialect);
    let mut c = Cursor { tokens, pos: 0 };
    if matches!(c.peek(), Some(Token::Backslash)) {
        return Facts::of_kind("psql_meta");
    }
    let Some(first) = c.next_keyword() else {
        return Facts::of_kind("unknown");
    };
    match first.as_str() {
        "DO" => Facts::of_kind("do"),
        // An anonymous PL/SQL or T-SQL block, the equivalent of postgres `DO`.
        "DECLARE" => Facts::of_kind("do"),
        "BEGIN" | "START" => {
            let block = !matches!(
                c.keyword().as_deref(),
                None | Some(
                    "TRANSACTION"
                        | "WORK"
                        | "TRAN"
                        | "ISOLATION"
                        | "READ"
                        | "DEFERRED"
                        | "IMMEDIATE"
                        | "EXCLUSIVE"
                )
            );
            Facts::of_kind(if block && first == "BEGIN" {
                "do"
            } else {
                "begin"
            })
        }
        "COMMIT" => Facts::of_kind("commit"),
        // `END` commits only on its own: `END IF`, `END LOOP`, `END $$` are
        // pieces of a procedure body.
        "END"
            if matches!(c.keyword().as_deref(), None | Some("TRANSACTION" | "WORK"))
                && !matches!(c.peek(), Some(t) if !matches!(t, Token::Word(_) | Token::SemiColon)) =>
        {
            Facts::of_kind("commit")
        }
        "ROLLBACK" => Facts::of_kind("rollback"),
        "SAVEPOINT" => Facts::of_kind("savepoint"),
        "REINDEX" => reindex(&mut c),
        "VACUUM" => vacuum(&mut c),
        "CLUSTER" => {
            c.eat("VERBOSE");
            table_statement("cluster", c.name())
        }
        "ANALYZE" | "ANALYSE" => {
            c.eat("VERBOSE");
            table_statement("analyze", c.name())
        }
        "DROP" => drop(&mut c),
        "CREATE" => create(&mut c, dialect),
        "ALTER" => alter(&mut c, dialect),
        "INSERT" | "REPLACE" => {
            c.skip_until(&["INTO"]);
            table_statement("insert", c.name())
        }
        "UPDATE" => {
            c.eat("ONLY");
            table_statement("update", c.name())
        }
        "DELETE" => {
            c.eat("FROM");
            c.eat("ONLY");
            table_statement("delete", c.name())
        }
        "MERGE" => {
            c.eat("INTO");
            table_statement("merge", c.name())
        }
        "TRUNCATE" => {
            c.eat("TABLE");
            c.eat("ONLY");
            table_statement("truncate", c.name())
        }
        "COPY" => table_statement("copy", c.name()),
        "LOCK" => {
            c.eat("TABLE");
            c.eat("TABLES");
            c.eat("ONLY");
            table_statement("lock_table", c.name())
        }
        "GRANT" => Facts::of_kind("grant"),
        "REVOKE" => Facts::of_kind("revoke"),
        "COMMENT" => Facts::of_kind("comment"),
        "CALL" => Facts::of_kind("call"),
        "EXEC" | "EXECUTE" => Facts::of_kind("execute"),
        "SET" => Facts::of_kind("set"),
        "RESET" => Facts::of_kind("reset"),
        "USE" => Facts::of_kind("use"),
        "PRAGMA" => Facts::of_kind("pragma"),
        "SELECT" => Facts::of_kind("select"),
        "LOAD" if c.eat("DATA") => Facts::of_kind("load_data"),
        // SQL Server `BULK INSERT t FROM 'file'`.
        "BULK" if c.eat("INSERT") => table_statement("load_data", c.name()),
        "REFRESH" if c.eat_all(&["MATERIALIZED", "VIEW"]) => {
            let concurrently = c.eat("CONCURRENTLY");
            let mut f = Facts::of_kind("refresh_materialized_view");
            f.concurrently = concurrently;
            f.object = c.name().map(|n| n.object("materialized_view"));
            f
        }
        _ => Facts::of_kind("unknown"),
    }
}

/// Tokens without whitespace and comments. When the tokenizer fails (an
/// unterminated string deep in a body), the tokens before the failure are
/// still used: the leading words are all we need.
pub(super) fn tokenize(sql: &str, dialect: Dialect) -> Vec<Token> {
    let parser_dialect = dialect.parser();
    let mut tokens = Vec::new();
    // The error is deliberately ignored: `tokens` holds what came before it.
    let _ = Tokenizer::new(&*parser_dialect, sql).tokenize_with_location_into_buf(&mut tokens);
    tokens
        .into_iter()
        .map(|t| t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
        .collect()
}

/// A possibly qualified name read from tokens.
struct Name {
    schema: Option<String>,
    name: String,
    quoted: bool,
}

impl Name {
    fn object(&self, kind: &str) -> Object {
        Object {
            kind: kind.to_string(),
            schema: self.schema.clone(),
            name: self.name.clone(),
            quoted: self.quoted,
        }
    }

    fn table(&self) -> TableRef {
        TableRef {
            schema: self.schema.clone(),
            name: self.name.clone(),
            quoted: self.quoted,
        }
    }
}

struct Cursor {
    tokens: Vec<Token>,
    pos: usize,
}

impl Cursor {
    /// The tokens not read yet.
    fn rest(&self) -> &[Token] {
        self.tokens.get(self.pos..).unwrap_or(&[])
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    /// The next token as an upper-case keyword (unquoted words only).
    fn keyword(&self) -> Option<String> {
        match self.peek() {
            Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            _ => None,
        }
    }

    fn next_keyword(&mut self) -> Option<String> {
        let k = self.keyword();
        if k.is_some() {
            self.pos += 1;
        }
        k
    }

    fn eat(&mut self, keyword: &str) -> bool {
        if self.keyword().as_deref() == Some(keyword) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Eats all the keywords in order, or none of them.
    fn eat_all(&mut self, keywords: &[&str]) -> bool {
        let start = self.pos;
        if keywords.iter().all(|k| self.eat(k)) {
            true
        } else {
            self.pos = start;
            false
        }
    }

    fn eat_token(&mut self, token: &Token) -> bool {
        if self.peek() == Some(token) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Moves past the first of `keywords`; stays put when none comes.
    fn skip_until(&mut self, keywords: &[&str]) -> Option<String> {
        let found = (self.pos..self.tokens.len()).find(|&i| match self.tokens.get(i) {
            Some(Token::Word(w)) if w.quote_style.is_none() => {
                keywords.contains(&w.value.to_ascii_uppercase().as_str())
            }
            _ => false,
        })?;
        let keyword = match self.tokens.get(found) {
            Some(Token::Word(w)) => w.value.to_ascii_uppercase(),
            _ => return None,
        };
        self.pos = found + 1;
        Some(keyword)
    }

    /// `a`, `s.a`, `db.s.a`, quoted or not.
    fn name(&mut self) -> Option<Name> {
        let mut parts = Vec::new();
        let mut quoted = false;
        while let Some(Token::Word(w)) = self.peek() {
            parts.push(w.value.clone());
            quoted = w.quote_style.is_some();
            self.pos += 1;
            if !self.eat_token(&Token::Period) {
                break;
            }
        }
        let name = parts.pop()?;
        Some(Name {
            schema: parts.pop(),
            name,
            quoted,
        })
    }

    /// `a, b, c` (stops at the first thing that is not a name).
    fn names(&mut self) -> Vec<Name> {
        let mut out = Vec::new();
        while let Some(name) = self.name() {
            out.push(name);
            if !self.eat_token(&Token::Comma) {
                break;
            }
        }
        out
    }

    fn if_exists(&mut self) -> bool {
        self.eat_all(&["IF", "EXISTS"])
    }

    fn if_not_exists(&mut self) -> bool {
        self.eat_all(&["IF", "NOT", "EXISTS"])
    }
}

fn table_statement(kind: &str, name: Option<Name>) -> Facts {
    let f = Facts::of_kind(kind);
    match name {
        Some(n) => f.with_object(n.object("table")),
        None => f,
    }
}

/// Object types of `CREATE`/`DROP`/`ALTER <type>`: the keywords and the
/// document's name for the type.
const TYPES: &[(&[&str], &str)] = &[
    (&["TABLE"], "table"),
    (&["MATERIALIZED", "VIEW"], "materialized_view"),
    (&["VIEW"], "view"),
    (&["INDEX"], "index"),
    (&["SEQUENCE"], "sequence"),
    (&["SCHEMA"], "schema"),
    (&["DATABASE"], "database"),
    (&["FUNCTION"], "function"),
    (&["PROCEDURE"], "procedure"),
    (&["PROC"], "procedure"),
    (&["TRIGGER"], "trigger"),
    (&["TYPE"], "type"),
    (&["EXTENSION"], "extension"),
    (&["DOMAIN"], "domain"),
    (&["ROLE"], "role"),
    (&["USER"], "user"),
    (&["POLICY"], "policy"),
];

fn object_type(c: &mut Cursor) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(words, _)| c.eat_all(words))
        .map(|(_, name)| *name)
}

/// `verb_type` when the document has that kind, else `unknown`.
fn kind_for(verb: &str, type_name: &str) -> String {
    let kind = format!("{verb}_{type_name}");
    if KINDS.contains(&kind.as_str()) {
        kind
    } else {
        "unknown".to_string()
    }
}

fn reindex(c: &mut Cursor) -> Facts {
    let mut f = Facts::of_kind("reindex");
    // `REINDEX (VERBOSE, CONCURRENTLY) …` (postgres 14+ option list).
    if c.eat_token(&Token::LParen) {
        while let Some(tok) = c.peek().cloned() {
            c.pos += 1;
            match tok {
                Token::RParen => break,
                Token::Word(w) if w.value.eq_ignore_ascii_case("CONCURRENTLY") => {
                    f.concurrently = true;
                }
                _ => {}
            }
        }
    }
    let type_name = match c.keyword().as_deref() {
        Some("INDEX") => "index",
        Some("TABLE") => "table",
        Some("SCHEMA") => "schema",
        Some("DATABASE") => "database",
        Some("SYSTEM") => "database",
        _ => return f,
    };
    c.pos += 1;
    f.concurrently |= c.eat("CONCURRENTLY");
    if let Some(name) = c.name() {
        f = f.with_object(name.object(type_name));
    }
    f
}

fn vacuum(c: &mut Cursor) -> Facts {
    let mut f = Facts::of_kind("vacuum");
    let mut full = false;
    if c.eat_token(&Token::LParen) {
        // `VACUUM (FULL, ANALYZE) t`; `FULL false` turns it off.
        while let Some(tok) = c.peek().cloned() {
            c.pos += 1;
            match tok {
                Token::RParen => break,
                Token::Word(w) if w.value.eq_ignore_ascii_case("FULL") => {
                    full = !matches!(c.keyword().as_deref(), Some("FALSE" | "OFF"));
                }
                _ => {}
            }
        }
    } else {
        while let Some(k) = c.keyword() {
            match k.as_str() {
                "FULL" => full = true,
                "FREEZE" | "VERBOSE" | "ANALYZE" | "ANALYSE" => {}
                _ => break,
            }
            c.pos += 1;
        }
    }
    if let Some(name) = c.name() {
        f = f.with_object(name.object("table"));
    }
    f.set("full", full);
    f
}

fn drop(c: &mut Cursor) -> Facts {
    let Some(type_name) = object_type(c) else {
        return Facts::of_kind("unknown");
    };
    let mut f = Facts::of_kind(&kind_for("drop", type_name));
    f.concurrently = c.eat("CONCURRENTLY");
    f.if_exists = c.if_exists();
    let names = c.names();
    // MySQL / SQL Server `DROP INDEX i ON t`.
    if c.eat("ON")
        && let Some(table) = c.name()
    {
        f.table = Some(table.table());
    }
    f.cascade = c.eat("CASCADE");
    let objects: Vec<Object> = names.iter().map(|n| n.object(type_name)).collect();
    if let Some(first) = objects.first().cloned() {
        f = f.with_object(first);
    }
    f.names = Some(objects);
    f
}

fn alter(c: &mut Cursor, dialect: Dialect) -> Facts {
    // PostgreSQL `ALTER SYSTEM SET name …` / `RESET name`: the server's
    // own configuration file, for every database of the cluster
    if c.eat("SYSTEM") {
        let mut f = Facts::of_kind("alter_system");
        if matches!(c.next_keyword().as_deref(), Some("SET" | "RESET"))
            && let Some(name) = c.name()
        {
            f.set("variable", name.name.to_ascii_lowercase());
        }
        return f;
    }
    let Some(type_name) = object_type(c) else {
        return Facts::of_kind("unknown");
    };
    let mut f = Facts::of_kind(&kind_for("alter", type_name));
    f.if_exists = c.if_exists();
    if type_name == "table" {
        c.eat("ONLY");
    }
    let Some(name) = c.name() else {
        return f;
    };
    f = f.with_object(name.object(type_name));
    if type_name == "domain" {
        // `ALTER DOMAIN d ADD CONSTRAINT c CHECK (…)` / `ADD CHECK (…)`
        let op = match c.next_keyword().as_deref() {
            Some("ADD") => "add_constraint",
            Some("DROP") if c.eat("CONSTRAINT") => "drop_constraint",
            Some("VALIDATE") => "validate_constraint",
            _ => "other",
        };
        f.set("op", op);
    }
    if type_name == "table" {
        let read = partial::alter_ops(c.rest(), dialect);
        f.ops = Some(read.ops);
        let mysql = matches!(dialect, Dialect::Mysql | Dialect::Mariadb);
        if mysql || read.algorithm.is_some() {
            f.set(
                "algorithm",
                read.algorithm.map(Value::from).unwrap_or(Value::Null),
            );
        }
        if mysql || read.lock.is_some() {
            f.set("lock", read.lock.map(Value::from).unwrap_or(Value::Null));
        }
    }
    f
}

/// Words that may come between `CREATE` and the object type.
const CREATE_MODIFIERS: &[&str] = &[
    "OR",
    "REPLACE",
    "ALTER",
    "GLOBAL",
    "LOCAL",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "UNIQUE",
    "CLUSTERED",
    "NONCLUSTERED",
    "RECURSIVE",
    "CONSTRAINT",
    "DEFINER",
    "EDITIONABLE",
    "NONEDITIONABLE",
    "FORCE",
    "NOFORCE",
];

/// Can this keyword come after `CREATE … DEFINER = x`?
fn starts_create_word(keyword: &str) -> bool {
    CREATE_MODIFIERS.contains(&keyword)
        || TYPES
            .iter()
            .any(|(words, _)| words.first() == Some(&keyword))
}

/// Columns and constraints of a `CREATE TABLE` sqlparser rejects for a
/// later clause (T-SQL `ON [PRIMARY]`, …).
fn table_elements(f: &mut Facts, tokens: &[Token], dialect: Dialect) {
    let Some((columns, constraints)) = partial::table_elements(tokens, dialect) else {
        return;
    };
    let columns: Vec<_> = columns.iter().map(|c| column(c, dialect)).collect();
    let constraints: Vec<_> = constraints.iter().map(constraint).collect();
    let primary_key = columns.iter().any(|c| c.primary_key)
        || constraints.iter().any(|c| c.kind == "primary_key");
    f.columns = Some(Columns::Definitions(columns));
    f.constraints = Some(constraints);
    f.set("as_select", false);
    f.set("primary_key", primary_key);
}

fn create(c: &mut Cursor, dialect: Dialect) -> Facts {
    let mut or_replace = false;
    let mut unique = false;
    let mut temporary = false;
    // Modifiers, and MySQL `DEFINER = user@host`, up to the object type.
    let type_name = loop {
        if let Some(t) = object_type(c) {
            break t;
        }
        match c.next_keyword().as_deref() {
            Some("REPLACE") | Some("ALTER") => or_replace = true,
            Some("UNIQUE") => unique = true,
            Some("TEMP" | "TEMPORARY") => temporary = true,
            Some("DEFINER") => {
                // Skip `= user@host` to the next known word.
                while c.peek().is_some() && !c.keyword().is_some_and(|k| starts_create_word(&k)) {
                    c.pos += 1;
                }
            }
            Some(k) if CREATE_MODIFIERS.contains(&k) => {}
            _ => return Facts::of_kind("unknown"),
        }
    };
    let mut f = Facts::of_kind(&kind_for("create", type_name));
    match type_name {
        "index" => {
            f.concurrently = c.eat("CONCURRENTLY");
            f.if_not_exists = c.if_not_exists();
            let name = if c.keyword().as_deref() == Some("ON") {
                None
            } else {
                c.name()
            };
            if c.eat("ON") {
                c.eat("ONLY");
                let table = c.name();
                if let Some(index) = name {
                    let mut object = index.object("index");
                    if object.schema.is_none() {
                        object.schema = table.as_ref().and_then(|t| t.schema.clone());
                    }
                    f.object = Some(object);
                }
                f.table = table.map(|t| t.table());
                let using = c.eat("USING").then(|| c.name()).flatten();
                if let Some(index) = partial::index_columns(c.rest(), dialect) {
                    f.columns = Some(Columns::Names(index.columns));
                    f.set(
                        "using",
                        using
                            .map(|u| Value::from(u.name.to_ascii_lowercase()))
                            .unwrap_or(Value::Null),
                    );
                    f.set("where", index.partial);
                }
            } else {
                f.object = name.map(|n| n.object("index"));
            }
            f.set("unique", unique);
        }
        _ => {
            f.if_not_exists = c.if_not_exists();
            if let Some(name) = c.name() {
                f = f.with_object(name.object(type_name));
            }
            match type_name {
                "view" | "materialized_view" | "function" | "procedure" | "trigger" => {
                    f.set("or_replace", or_replace);
                }
                "table" => {
                    f.set("temporary", temporary);
                    if matches!(c.peek(), Some(Token::LParen)) {
                        table_elements(&mut f, c.rest(), dialect);
                    }
                }
                _ => {}
            }
        }
    }
    f
}
