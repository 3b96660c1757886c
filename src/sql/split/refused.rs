//! PostgreSQL syntax sqlparser gets wrong in the permissive direction:
//! statements it accepts (or fails on like a gap in its grammar) that the
//! server refuses with a syntax error. Each is decided from the syntax tree
//! or the statement's tokens, and was checked against a real PostgreSQL
//! (the verdicts are kept in `tests/fixtures/hostile/sql/postgres_verdicts.tsv`
//! and a test asserts we agree with them).
//!
//! - `CREATE TABLE t;`: a table needs a column list `( … )` (which may be
//!   empty), `AS query`, `OF type` or `PARTITION OF parent`.
//! - A column defined with a reserved word as its name (`ADD COLUMN IF NOT
//!   EXISTS DEFAULT NULL` reads as a column `DEFAULT` of type `NULL` to
//!   sqlparser) or as its type (`ADD COLUMN x NULL`). PostgreSQL's column
//!   names are `ColId`s: no reserved keyword and no type-or-function-name
//!   keyword, unquoted.
//! - `ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS]` with no column, or a
//!   column with no type: sqlparser fails on it too, but as it would on
//!   syntax it lacks; PostgreSQL refuses it, so it is a syntax error.
//! - MySQL's `DROP INDEX i ON t`: a syntax error at `ON`.

use sqlparser::ast::{
    AlterTableOperation, ColumnDef, DataType, ObjectNamePart, Spanned, Statement,
};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan};

/// PostgreSQL 15's reserved keywords and type-or-function-name keywords
/// (`pg_get_keywords()` categories R and T): neither may name a column
/// unquoted.
const NOT_COLUMN_NAMES: &[&str] = &[
    "ALL",
    "ANALYSE",
    "ANALYZE",
    "AND",
    "ANY",
    "ARRAY",
    "AS",
    "ASC",
    "ASYMMETRIC",
    "AUTHORIZATION",
    "BINARY",
    "BOTH",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLLATION",
    "COLUMN",
    "CONCURRENTLY",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DEFAULT",
    "DEFERRABLE",
    "DESC",
    "DISTINCT",
    "DO",
    "ELSE",
    "END",
    "EXCEPT",
    "FALSE",
    "FETCH",
    "FOR",
    "FOREIGN",
    "FREEZE",
    "FROM",
    "FULL",
    "GRANT",
    "GROUP",
    "HAVING",
    "ILIKE",
    "IN",
    "INITIALLY",
    "INNER",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "LATERAL",
    "LEADING",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NATURAL",
    "NOT",
    "NOTNULL",
    "NULL",
    "OFFSET",
    "ON",
    "ONLY",
    "OR",
    "ORDER",
    "OUTER",
    "OVERLAPS",
    "PLACING",
    "PRIMARY",
    "REFERENCES",
    "RETURNING",
    "RIGHT",
    "SELECT",
    "SESSION_USER",
    "SIMILAR",
    "SOME",
    "SYMMETRIC",
    "TABLE",
    "TABLESAMPLE",
    "THEN",
    "TO",
    "TRAILING",
    "TRUE",
    "UNION",
    "UNIQUE",
    "USER",
    "USING",
    "VARIADIC",
    "VERBOSE",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// Why PostgreSQL refuses a statement sqlparser parsed, and where.
/// `tokens`: the statement's tokens, up to and including what follows it.
pub(super) fn refused_tree(
    stmt: &Statement,
    tokens: &[&TokenWithSpan],
) -> Option<(String, Location)> {
    match stmt {
        Statement::CreateTable(ct) => {
            let needs_list = ct.query.is_none()
                && ct.partition_of.is_none()
                && ct.like.is_none()
                && ct.clone.is_none()
                && ct.columns.is_empty()
                && ct.constraints.is_empty();
            if needs_list {
                let name_end = ct.name.span().end;
                let next = tokens
                    .iter()
                    .filter(|t| !matches!(t.token, Token::Whitespace(_)))
                    .find(|t| t.span.start >= name_end);
                match next {
                    Some(t) if t.token == Token::LParen => {}
                    next => {
                        return Some((
                            "CREATE TABLE needs a column list in parentheses (PostgreSQL refuses a table without one)".into(),
                            next.map_or(name_end, |t| t.span.start),
                        ));
                    }
                }
            }
            ct.columns.iter().find_map(column)
        }
        Statement::AlterTable(at) => at.operations.iter().find_map(|op| match op {
            AlterTableOperation::AddColumn { column_def, .. } => column(column_def),
            _ => None,
        }),
        _ => None,
    }
}

/// A column definition PostgreSQL refuses: a reserved word as its name or
/// its type.
fn column(def: &ColumnDef) -> Option<(String, Location)> {
    let name = &def.name;
    if name.quote_style.is_none() && reserved(&name.value) {
        return Some((
            format!(
                "`{}` is a reserved word in PostgreSQL: it cannot name a column unquoted (a column needs a name and a type)",
                name.value
            ),
            name.span.start,
        ));
    }
    if let DataType::Custom(type_name, _) = &def.data_type
        && let [ObjectNamePart::Identifier(ident)] = type_name.0.as_slice()
        && ident.quote_style.is_none()
        && reserved(&ident.value)
    {
        return Some((
            format!(
                "`{}` is not a data type: column `{}` needs a type",
                ident.value, name.value
            ),
            ident.span.start,
        ));
    }
    None
}

fn reserved(word: &str) -> bool {
    NOT_COLUMN_NAMES.contains(&word.to_ascii_uppercase().as_str())
}

/// Why PostgreSQL refuses a statement sqlparser could not parse either,
/// when that is certain from its tokens: `ALTER TABLE … ADD [COLUMN] [IF
/// NOT EXISTS]` with nothing after it, or only a name (no type).
pub(super) fn refused_tokens(tokens: &[&TokenWithSpan]) -> Option<(String, Location)> {
    let real: Vec<&TokenWithSpan> = tokens
        .iter()
        .copied()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .take_while(|t| !matches!(t.token, Token::SemiColon | Token::EOF))
        .collect();
    let word = |i: usize| match real.get(i).map(|t| &t.token) {
        Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    };
    if word(0).as_deref() == Some("DROP") && word(1).as_deref() == Some("INDEX") {
        // MySQL's `DROP INDEX i ON t`: PostgreSQL drops an index by name
        // alone and answers `syntax error at or near "ON"`
        let on = (2..real.len()).find(|&i| word(i).as_deref() == Some("ON"))?;
        return Some((
            "PostgreSQL's DROP INDEX takes no ON table (that is MySQL's form): name the index alone, schema-qualified if needed".into(),
            real[on].span.start,
        ));
    }
    if word(0).as_deref() != Some("ALTER") || word(1).as_deref() != Some("TABLE") {
        return None;
    }
    // each action of the list, at parenthesis depth 0
    let mut depth = 0usize;
    let mut action_start = None;
    let mut actions = Vec::new();
    for (i, t) in real.iter().enumerate() {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                if let Some(s) = action_start.take() {
                    actions.push(s..i);
                }
            }
            _ if depth == 0 && action_start.is_none() && word(i).as_deref() == Some("ADD") => {
                action_start = Some(i);
            }
            _ => {}
        }
    }
    if let Some(s) = action_start {
        actions.push(s..real.len());
    }
    let end = real.last().map_or(Location::new(0, 0), |t| t.span.end);
    for action in actions {
        let mut i = action.start + 1;
        let explicit = word(i).as_deref() == Some("COLUMN");
        if explicit {
            i += 1;
        }
        if word(i).as_deref() == Some("IF")
            && word(i + 1).as_deref() == Some("NOT")
            && word(i + 2).as_deref() == Some("EXISTS")
        {
            i += 3;
        }
        let left = action.end.saturating_sub(i);
        let at = |j: usize| real.get(j).map_or(end, |t| t.span.start);
        if left == 0 {
            return Some(("ADD COLUMN needs a column: a name and a type".into(), at(i)));
        }
        // `ADD x` without COLUMN may be a constraint keyword; with it, a
        // lone name is a column without a type
        let lone_name = matches!(real.get(i).map(|t| &t.token), Some(Token::Word(_)));
        if left == 1 && lone_name && (explicit || word(i).is_none_or(|w| !is_constraint_word(&w))) {
            return Some((
                "ADD COLUMN needs a data type after the column name".into(),
                real.get(i).map_or(end, |t| t.span.end),
            ));
        }
    }
    None
}

fn is_constraint_word(word: &str) -> bool {
    [
        "CONSTRAINT",
        "PRIMARY",
        "UNIQUE",
        "CHECK",
        "FOREIGN",
        "EXCLUDE",
    ]
    .contains(&word)
}
