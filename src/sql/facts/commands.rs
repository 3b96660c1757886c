//! Is a statement that failed to parse still SQL (a gap in the parser, for
//! a rule to report) or not SQL at all (a broken file, an input error)?
//! Decided from its first token.

use sqlparser::tokenizer::Token;

use crate::dialect::Dialect;

/// Words that start a statement or a client command in some database or
/// its command-line client. A statement that fails to parse but starts with
/// one of these is SQL the parser does not support (reported by a rule); one
/// that does not is a broken file (an input error).
const COMMAND_WORDS: &[&str] = &[
    "ALTER",
    "ANALYZE",
    "ANALYSE",
    "ATTACH",
    "BACKUP",
    "BEGIN",
    "BULK",
    "CALL",
    "CHECKPOINT",
    "CLOSE",
    "CLUSTER",
    "COMMENT",
    "COMMIT",
    "CONNECT",
    "COPY",
    "CREATE",
    "DBCC",
    "DEALLOCATE",
    "DECLARE",
    "DELETE",
    "DELIMITER",
    "DENY",
    "DESCRIBE",
    "DETACH",
    "DISABLE",
    "DISCARD",
    "DO",
    "DROP",
    "ENABLE",
    "END",
    "EXEC",
    "EXECUTE",
    "EXIT",
    "EXPLAIN",
    "FETCH",
    "FLUSH",
    "GO",
    "GRANT",
    "HANDLER",
    "IF",
    "IMPORT",
    "INSERT",
    "INSTALL",
    "KILL",
    "LISTEN",
    "LOAD",
    "LOCK",
    "MERGE",
    "MOVE",
    "NOTIFY",
    "OPEN",
    "OPTIMIZE",
    "PRAGMA",
    "PREPARE",
    "PRINT",
    "PROMPT",
    "PURGE",
    "QUIT",
    "RAISERROR",
    "REASSIGN",
    "REFRESH",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPAIR",
    "REPLACE",
    "RESET",
    "RESTORE",
    "RETURN",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SECURITY",
    "SELECT",
    "SET",
    "SHOW",
    "SHUTDOWN",
    "SPOOL",
    "START",
    "TABLE",
    "TRUNCATE",
    "UNLISTEN",
    "UNLOCK",
    "UPDATE",
    "UPSERT",
    "USE",
    "VACUUM",
    "VALUES",
    "WAITFOR",
    "WHENEVER",
    "WHILE",
    "WITH",
];

/// Is `word` (any case) one of the words a statement or client command
/// starts with?
pub fn is_command_word(word: &str) -> bool {
    COMMAND_WORDS.contains(&word.to_ascii_uppercase().as_str())
}

/// Does `sql` start with a statement or client-command word (or a psql `\`,
/// sqlcmd `:` or SQL*Plus `@` command)?
pub fn starts_with_command(sql: &str, dialect: Dialect) -> bool {
    let sql = sql.trim_start_matches('\u{feff}');
    match super::tokens::tokenize(sql, dialect).first() {
        Some(Token::Word(w)) => is_command_word(&w.value),
        Some(Token::Backslash | Token::Colon | Token::AtSign) => true,
        _ => false,
    }
}

#[cfg(test)]
mod command_tests {
    use super::*;

    #[test]
    fn sql_the_parser_lacks_is_told_from_broken_text() {
        for sql in [
            "CREATE PUBLICATION p FOR ALL TABLES",
            "CREATE EVENT TRIGGER t ON ddl_command_end EXECUTE FUNCTION f()",
            "ALTER RANGE default CONFIGURE ZONE USING num_replicas = 5",
            ":setvar DatabaseName \"AdventureWorksDW\"",
            "\\connect app",
            "exit",
        ] {
            assert!(starts_with_command(sql, Dialect::Postgres), "{sql}");
        }
        for sql in [
            "CRATE TABLE t (id int)",
            "orders ADD COLUMN x int",
            "- -DROP TABLE t",
            "'oops'",
        ] {
            assert!(!starts_with_command(sql, Dialect::Postgres), "{sql}");
        }
        assert!(starts_with_command(
            "/*!40000 ALTER TABLE `t` DISABLE KEYS */",
            Dialect::Mysql
        ));
    }
}
