//! Which database a folder of migrations was written for, when nobody said:
//! read from the tokens of its `.sql` files (sqlparser's tokenizer, generic
//! dialect), never from regexes over the text.
//!
//! Each dialect has marks only it accepts: MySQL backquoted names,
//! `ENGINE =`, `AUTO_INCREMENT` and `MODIFY COLUMN`; SQL Server `[bracketed]` names, `GO`
//! batch lines, `NVARCHAR` and `IDENTITY(…)` (not `AS IDENTITY (…)`);
//! PostgreSQL `$$` bodies, `SERIAL` types, `::` casts and `pg_catalog`; Oracle `VARCHAR2` and `NUMBER`; SQLite
//! `AUTOINCREMENT` and `PRAGMA`. Liquibase changelogs say it outright: each
//! database a `dbms` attribute (or `<dbms type=…>` precondition) names is a
//! mark. The dialect with the most marks wins; a tie or no mark guesses
//! nothing (a changelog with per-database alternatives names several).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sqlparser::dialect::GenericDialect;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

use crate::dialect::Dialect;

/// How many files are read at most: a sample is enough to tell.
const MAX_FILES: usize = 200;

/// How much of a `.sql` file is tokenized: its first MiB tells as well as
/// the whole, and tokens cost about 50 times the text.
const SQL_SAMPLE: usize = 1 << 20;

/// How the run's dialect was chosen, as reports say it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DialectChoice {
    pub dialect: Dialect,
    /// `flag`, `config`, `guessed` or `default`.
    pub chosen_by: &'static str,
    /// What a guess rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl DialectChoice {
    /// A line for people when nobody chose the dialect; `None` when the
    /// flag or the configuration did.
    pub fn note(&self) -> Option<String> {
        let hint = "set it with --dialect or `dialect:` in schemagate.yaml";
        match (self.chosen_by, &self.evidence) {
            ("guessed", Some(e)) => Some(format!(
                "dialect: {}, guessed from {e}; {hint}",
                self.dialect.name()
            )),
            ("default", _) => Some(format!(
                "dialect: {} (none given, and the files show none); {hint}",
                self.dialect.name()
            )),
            _ => None,
        }
    }
}

/// A guess and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub dialect: Dialect,
    /// `"3 backquoted names, ENGINE= in db/V1__init.sql"`.
    pub evidence: String,
}

/// Guesses the dialect of the `.sql` files under `paths`.
pub fn dialect(paths: &[PathBuf]) -> Option<Guess> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files);
    }
    let mut marks: BTreeMap<Dialect, BTreeMap<&'static str, usize>> = BTreeMap::new();
    let mut first_file: BTreeMap<Dialect, PathBuf> = BTreeMap::new();
    for file in files.iter().take(MAX_FILES) {
        // a file too large to check is too large to guess from
        let bytes = crate::limits::read_limited(file, crate::limits::DEFAULT_MAX_FILE_BYTES);
        let Some(text) = bytes.ok().and_then(|b| String::from_utf8(b).ok()) else {
            continue;
        };
        let found = match extension(file).as_str() {
            "sql" => marks_in(sample(&text)),
            _ => dbms_marks(file, &text),
        };
        for (dialect, mark) in found {
            *marks.entry(dialect).or_default().entry(mark).or_default() += 1;
            first_file.entry(dialect).or_insert_with(|| file.clone());
        }
    }
    let total = |m: &BTreeMap<&str, usize>| m.values().sum::<usize>();
    let mut ranked: Vec<(Dialect, usize)> = marks.iter().map(|(d, m)| (*d, total(m))).collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    match ranked.as_slice() {
        [(best, n), rest @ ..] if rest.first().is_none_or(|(_, m)| m < n) => {
            let what: Vec<String> = marks[best]
                .iter()
                .map(|(mark, count)| format!("{count}× {mark}"))
                .collect();
            Some(Guess {
                dialect: *best,
                evidence: format!(
                    "{} (first in {})",
                    what.join(", "),
                    crate::span::display_name(&first_file[best])
                ),
            })
        }
        _ => None,
    }
}

/// The first [`SQL_SAMPLE`] bytes of `text`, to the end of a line.
fn sample(text: &str) -> &str {
    if text.len() <= SQL_SAMPLE {
        return text;
    }
    let head = text.get(..SQL_SAMPLE).or_else(|| {
        // a char boundary at or below the sample size
        (0..SQL_SAMPLE).rev().find_map(|i| text.get(..i))
    });
    let head = head.unwrap_or_default();
    head.rfind('\n').map_or(head, |i| &head[..=i])
}

/// Files that can show a dialect: SQL, and Liquibase changelogs.
const READ: [&str; 5] = ["sql", "xml", "yaml", "yml", "json"];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if READ.contains(&extension(path).as_str()) {
            out.push(path.to_path_buf());
        }
        return;
    }
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .max_depth(4)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| READ.contains(&extension(p).as_str()))
        .collect();
    found.sort();
    out.extend(found);
}

/// The databases a Liquibase changelog names in `dbms` attributes and
/// `dbms` preconditions (negations and `all`/`none` name none).
fn dbms_marks(path: &Path, text: &str) -> Vec<(Dialect, &'static str)> {
    let mut values: Vec<String> = Vec::new();
    if extension(path) == "xml" {
        let Ok(doc) = roxmltree::Document::parse(text) else {
            return Vec::new();
        };
        for node in doc.descendants().filter(roxmltree::Node::is_element) {
            values.extend(node.attribute("dbms").map(str::to_string));
            if node.tag_name().name() == "dbms" {
                values.extend(node.attribute("type").map(str::to_string));
            }
        }
    } else {
        let Ok(doc) = serde_saphyr::from_str::<serde_json::Value>(text) else {
            return Vec::new();
        };
        yaml_dbms(&doc, &mut values);
    }
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| {
            !v.starts_with('!') && !matches!(v.to_ascii_lowercase().as_str(), "all" | "none" | "")
        })
        .filter_map(|v| v.parse::<Dialect>().ok())
        .map(|d| (d, "Liquibase dbms"))
        .collect()
}

/// `dbms: mysql` attributes and `- dbms: {type: mysql}` preconditions.
fn yaml_dbms(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("dbms", serde_json::Value::String(s)) => out.push(s.clone()),
                    ("dbms", serde_json::Value::Object(o)) => {
                        out.extend(o.get("type").and_then(|t| t.as_str()).map(str::to_string));
                    }
                    _ => yaml_dbms(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| yaml_dbms(i, out)),
        _ => {}
    }
}

/// The dialect marks in one file's tokens.
fn marks_in(text: &str) -> Vec<(Dialect, &'static str)> {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, text).tokenize() else {
        return Vec::new();
    };
    // words and symbols only, with whether a line break came before
    let mut out = Vec::new();
    let significant: Vec<(&Token, bool)> = {
        let mut v = Vec::new();
        let mut newline = true;
        for t in &tokens {
            match t {
                Token::Whitespace(Whitespace::Newline) => newline = true,
                Token::Whitespace(Whitespace::SingleLineComment { .. }) => newline = true,
                Token::Whitespace(_) => {}
                other => {
                    v.push((other, newline));
                    newline = false;
                }
            }
        }
        v
    };
    for (i, (token, line_start)) in significant.iter().enumerate() {
        let next = significant.get(i + 1).map(|(t, _)| *t);
        let after_as = i
            .checked_sub(1)
            .and_then(|p| significant.get(p))
            .is_some_and(
                |(t, _)| matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case("AS")),
            );
        let next_starts_line = significant.get(i + 1).is_none_or(|(_, nl)| *nl);
        match token {
            Token::Word(w) if w.quote_style == Some('`') => {
                out.push((Dialect::Mysql, "backquoted name"))
            }
            Token::Word(w) if w.quote_style == Some('[') => {
                out.push((Dialect::Sqlserver, "[bracketed] name"))
            }
            Token::Word(w) if w.quote_style.is_none() => {
                let word = w.value.to_ascii_uppercase();
                match word.as_str() {
                    "ENGINE" if next == Some(&Token::Eq) => out.push((Dialect::Mysql, "ENGINE=")),
                    "AUTO_INCREMENT" => out.push((Dialect::Mysql, "AUTO_INCREMENT")),
                    "MODIFY" | "CHANGE" if matches!(next, Some(Token::Word(n)) if n.value.eq_ignore_ascii_case("COLUMN")) => {
                        out.push((Dialect::Mysql, "MODIFY/CHANGE COLUMN"))
                    }
                    "GO" if *line_start && next_starts_line => {
                        out.push((Dialect::Sqlserver, "GO batch line"))
                    }
                    "NVARCHAR" => out.push((Dialect::Sqlserver, "NVARCHAR")),
                    // `GENERATED … AS IDENTITY (options)` is the standard's
                    // (PostgreSQL, Oracle, DB2), not T-SQL's IDENTITY(seed, step)
                    "IDENTITY" if next == Some(&Token::LParen) && !after_as => {
                        out.push((Dialect::Sqlserver, "IDENTITY(…)"))
                    }
                    "PG_CATALOG" => out.push((Dialect::Postgres, "pg_catalog")),
                    "SERIAL" | "BIGSERIAL" | "SMALLSERIAL" => {
                        out.push((Dialect::Postgres, "SERIAL type"))
                    }
                    "TIMESTAMPTZ" | "JSONB" => out.push((Dialect::Postgres, "TIMESTAMPTZ/JSONB")),
                    "VARCHAR2" | "NVARCHAR2" => out.push((Dialect::Oracle, "VARCHAR2")),
                    "NUMBER" if next == Some(&Token::LParen) => {
                        out.push((Dialect::Oracle, "NUMBER(…)"))
                    }
                    "AUTOINCREMENT" => out.push((Dialect::Sqlite, "AUTOINCREMENT")),
                    "PRAGMA" if *line_start => out.push((Dialect::Sqlite, "PRAGMA")),
                    _ => {}
                }
            }
            Token::DollarQuotedString(_) => out.push((Dialect::Postgres, "$$ body")),
            Token::DoubleColon => out.push((Dialect::Postgres, ":: cast")),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess_of(files: &[(&str, &str)]) -> Option<Guess> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dialect(&[dir.path().to_path_buf()])
    }

    #[test]
    fn each_dialect_is_told_by_its_own_marks() {
        let cases = [
            (
                "CREATE TABLE `users` (`id` int AUTO_INCREMENT) ENGINE=InnoDB;",
                Dialect::Mysql,
            ),
            (
                "CREATE TABLE [dbo].[users] ([id] int IDENTITY(1,1));\nGO\n",
                Dialect::Sqlserver,
            ),
            (
                "CREATE TABLE users (id bigserial, data jsonb);\nSELECT '1'::int;",
                Dialect::Postgres,
            ),
            // pg_dump's identity columns are not T-SQL's IDENTITY(seed, step)
            (
                "SELECT pg_catalog.set_config('search_path', '', false);\n\
                 ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n\
                 SEQUENCE NAME public.t_id_seq START WITH 1);\n\
                 ALTER TABLE public.u ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH 1);",
                Dialect::Postgres,
            ),
            (
                "CREATE TABLE users (id NUMBER(10), name VARCHAR2(50));",
                Dialect::Oracle,
            ),
            (
                "PRAGMA foreign_keys = ON;\nCREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);",
                Dialect::Sqlite,
            ),
        ];
        for (sql, expected) in cases {
            let g = guess_of(&[("V1__x.sql", sql)]);
            assert_eq!(g.map(|g| g.dialect), Some(expected), "{sql}");
        }
    }

    #[test]
    fn plain_sql_and_ties_guess_nothing() {
        assert_eq!(guess_of(&[("a.sql", "CREATE TABLE t (id int);")]), None);
        assert_eq!(
            guess_of(&[
                ("a.sql", "CREATE TABLE `t` (id int);"),
                ("b.sql", "SELECT 1::int;")
            ]),
            None
        );
        // `go` as a column name is not a batch line
        assert_eq!(guess_of(&[("a.sql", "SELECT go FROM t;")]), None);
    }

    #[test]
    fn liquibase_changelogs_name_their_database() {
        let xml = r#"<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="a" dbms="mssql"><sql>SELECT 1</sql></changeSet>
  <changeSet id="2" author="a"><preConditions><dbms type="mssql"/></preConditions><sql>SELECT 2</sql></changeSet>
  <changeSet id="3" author="a" dbms="!oracle"><sql>SELECT 3</sql></changeSet>
</databaseChangeLog>"#;
        let g = guess_of(&[("changelog.xml", xml)]).unwrap();
        assert_eq!(g.dialect, Dialect::Sqlserver);
        assert!(
            g.evidence.starts_with("2× Liquibase dbms"),
            "{}",
            g.evidence
        );
        let yaml = "databaseChangeLog:\n  - changeSet:\n      id: '1'\n      author: a\n      dbms: postgresql\n      changes:\n        - sql: {sql: SELECT 1}\n";
        assert_eq!(
            guess_of(&[("changelog.yaml", yaml)]).map(|g| g.dialect),
            Some(Dialect::Postgres)
        );
        // per-database alternatives name several: no guess
        let both = r#"<databaseChangeLog><changeSet id="1" author="a" dbms="mysql"/><changeSet id="2" author="a" dbms="postgresql"/></databaseChangeLog>"#;
        assert_eq!(guess_of(&[("c.xml", both)]), None);
    }

    #[test]
    fn the_evidence_names_the_marks_and_a_file() {
        let g = guess_of(&[("001.sql", "CREATE TABLE `a` (`id` int) ENGINE=InnoDB;")]).unwrap();
        assert!(
            g.evidence
                .starts_with("1× ENGINE=, 2× backquoted name (first in "),
            "{}",
            g.evidence
        );
        assert!(g.evidence.ends_with("001.sql)"), "{}", g.evidence);
    }
}
