//! Does a statement start a procedural unit — a body whose inner `;`s do not
//! end it (PL/SQL blocks and stored units, T-SQL procedures, MySQL compound
//! statements)? Read from the statement's first few tokens, as SQL*Plus,
//! sqlcmd and the mysql client do.

use crate::dialect::Dialect;

/// Dialects grouped by how procedural units are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// Bodies are dollar-quoted strings: no units.
    Postgres,
    Mysql,
    Mssql,
    Oracle,
    /// Generic, DB2, H2 and the rest: PL/SQL-like.
    Other,
}

impl Family {
    pub(super) fn of(dialect: Dialect) -> Self {
        match dialect {
            Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift => Family::Postgres,
            Dialect::Mysql | Dialect::Mariadb => Family::Mysql,
            Dialect::Sqlserver => Family::Mssql,
            Dialect::Oracle => Family::Oracle,
            _ => Family::Other,
        }
    }

    /// Object kinds whose `CREATE` starts a unit.
    fn unit_kinds(self) -> &'static [&'static str] {
        match self {
            Family::Postgres => &[],
            Family::Mysql => &["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"],
            Family::Mssql => &["PROCEDURE", "PROC", "FUNCTION", "TRIGGER"],
            Family::Oracle | Family::Other => {
                &["PROCEDURE", "FUNCTION", "PACKAGE", "TRIGGER", "TYPE"]
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Quoted,
    Punct(char),
}

/// Up to `max` tokens from `pos`, skipping whitespace and comments.
fn lex(text: &str, pos: usize, max: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = text.get(pos..).unwrap_or_default();
    while out.len() < max {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("--") {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else if matches!(c, '\'' | '"' | '`' | '[') {
            let close = if c == '[' { ']' } else { c };
            rest = rest[1..].find(close).map_or("", |i| &rest[i + 2..]);
            out.push(Tok::Quoted);
        } else if c.is_alphanumeric() || c == '_' {
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$' || ch == '#'))
                .unwrap_or(rest.len());
            out.push(Tok::Word(&rest[..len]));
            rest = &rest[len..];
        } else {
            out.push(Tok::Punct(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn is_word(t: Option<&Tok>, words: &[&str]) -> bool {
    matches!(t, Some(Tok::Word(w)) if words.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// Whether the statement whose first token is at `pos` starts a unit.
pub(super) fn starts_unit(text: &str, pos: usize, family: Family) -> bool {
    if family == Family::Postgres {
        return false;
    }
    let toks = lex(text, pos, 14);
    let first = toks.first();
    if is_word(first, &["BEGIN"]) {
        // `BEGIN;`, `BEGIN TRANSACTION`, … start a transaction; a T-SQL
        // `BEGIN … END` is an ordinary statement sqlparser reads whole
        let next = toks.get(1);
        let transaction = next.is_none()
            || next == Some(&Tok::Punct(';'))
            || is_word(
                next,
                &[
                    "TRANSACTION",
                    "WORK",
                    "TRAN",
                    "ISOLATION",
                    "DEFERRED",
                    "IMMEDIATE",
                    "EXCLUSIVE",
                    "DISTRIBUTED",
                    "READ",
                ],
            );
        return family != Family::Mssql && !transaction;
    }
    if is_word(first, &["DECLARE"]) {
        // T-SQL `DECLARE @x` and MySQL `DECLARE` (only inside compounds) are
        // plain statements
        return matches!(family, Family::Oracle | Family::Other);
    }
    let creates =
        is_word(first, &["CREATE"]) || (family == Family::Mssql && is_word(first, &["ALTER"]));
    if !creates {
        return false;
    }
    let mut definer = false;
    let mut prev: Option<&Tok> = first;
    for t in toks.iter().skip(1) {
        let user_part = definer && matches!(prev, Some(Tok::Punct('=' | '@')));
        match t {
            Tok::Punct('=' | '@') if definer => {}
            Tok::Quoted if definer => {}
            Tok::Word(_) if user_part => {}
            Tok::Word(_) if is_word(Some(t), family.unit_kinds()) => return true,
            Tok::Word(_)
                if is_word(
                    Some(t),
                    &["OR", "REPLACE", "ALTER", "EDITIONABLE", "NONEDITIONABLE"],
                ) => {}
            Tok::Word(_) if is_word(Some(t), &["DEFINER"]) => definer = true,
            _ => return false,
        }
        prev = Some(t);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_units_by_their_first_tokens() {
        let unit = |sql: &str, f| starts_unit(sql, 0, f);
        assert!(unit(
            "CREATE OR REPLACE PROCEDURE p IS BEGIN NULL; END;",
            Family::Oracle
        ));
        assert!(unit("create or replace package body pk as", Family::Oracle));
        assert!(unit("DECLARE v number; BEGIN NULL; END;", Family::Oracle));
        assert!(unit("BEGIN\n  NULL;\nEND;", Family::Oracle));
        assert!(!unit("BEGIN;", Family::Oracle));
        assert!(!unit("BEGIN TRANSACTION", Family::Other));
        assert!(!unit("CREATE TABLE procedure_log (id int)", Family::Oracle));
        assert!(unit(
            "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT 1; END",
            Family::Mysql
        ));
        assert!(unit(
            "CREATE DEFINER=root@localhost TRIGGER t",
            Family::Mysql
        ));
        assert!(!unit("DECLARE @x int = 1", Family::Mssql));
        assert!(!unit("BEGIN TRY SELECT 1 END TRY", Family::Mssql));
        assert!(unit(
            "CREATE OR ALTER PROC dbo.p AS SELECT 1",
            Family::Mssql
        ));
        assert!(unit("ALTER PROCEDURE [dbo].[p] AS SELECT 1", Family::Mssql));
        assert!(!unit("ALTER TABLE t ADD c int", Family::Mssql));
        assert!(!unit(
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$",
            Family::Postgres
        ));
    }
}
