//! What `liquibase update` would run: `context` expressions against the
//! `--contexts` list, the `--label-filter` expression against `labels`
//! lists, and `dbms` lists against the target database.

use std::path::Path;

use super::Loader;
use super::tree::Node;
use crate::dialect::Dialect;
use crate::error::Problem;
use crate::span::Span;

/// The run's filters, as given on the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunFilter {
    /// `--contexts`: a comma-separated list (`None`: everything runs).
    pub contexts: Option<String>,
    /// `--labels` / `--label-filter`: an expression (`None`: everything runs).
    pub labels: Option<String>,
    /// Liquibase's short name of the target database (`None`: every
    /// `dbms` matches).
    pub dbms: Option<&'static str>,
}

/// Liquibase's short database name for a dialect (`Database.getShortName()`);
/// `None` for targets Liquibase has no database for (then no `dbms`
/// filter is applied).
pub(crate) fn liquibase_dbms(d: Dialect) -> Option<&'static str> {
    Some(match d {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Mariadb => "mariadb",
        Dialect::Sqlserver => "mssql",
        Dialect::Sqlite => "sqlite",
        Dialect::Oracle => "oracle",
        Dialect::H2 => "h2",
        Dialect::Db2 => "db2",
        Dialect::Cockroachdb => "cockroachdb",
        Dialect::Snowflake => "snowflake",
        Dialect::Redshift => "redshift",
        Dialect::Bigquery => "bigquery",
        Dialect::Databricks => "databricks",
        Dialect::Generic
        | Dialect::Ansi
        | Dialect::Duckdb
        | Dialect::Clickhouse
        | Dialect::Hive => return None,
    })
}

fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Does a changeset's `dbms` list admit the target? (`DatabaseList.definitionMatches`)
pub(crate) fn dbms_matches(definition: &str, target: Option<&str>) -> bool {
    let list = split_list(definition);
    if list.is_empty() {
        return true;
    }
    if list.iter().any(|d| d == "none") {
        return false;
    }
    if list.iter().any(|d| d == "all") {
        return true;
    }
    let Some(target) = target else {
        return true;
    };
    let target = target.to_ascii_lowercase();
    if list
        .iter()
        .any(|d| d.strip_prefix('!') == Some(target.as_str()))
    {
        return false;
    }
    if list.iter().all(|d| d.starts_with('!')) {
        return true;
    }
    list.contains(&target)
}

/// Does a changeset `context` expression run under `--contexts`?
/// No `--contexts`, or an empty expression: it runs. A malformed
/// expression (reported where it is written, see [`check_expression`])
/// runs too: the gate judges more, never less.
pub(crate) fn context_matches(expression: &str, runtime: Option<&str>) -> bool {
    let Some(runtime) = runtime else {
        return true;
    };
    let contexts = split_list(runtime);
    if contexts.is_empty() || expression.trim().is_empty() {
        return true;
    }
    eval(expression, &contexts).unwrap_or(true)
}

/// Does a changeset's `labels` list pass the `--label-filter` expression?
/// No filter, or a changeset without labels: it runs; so does any
/// changeset under a malformed filter (reported by the caller).
pub(crate) fn labels_match(labels: &str, filter: Option<&str>) -> bool {
    let Some(filter) = filter else {
        return true;
    };
    let labels = split_list(labels);
    if filter.trim().is_empty() || labels.is_empty() {
        return true;
    }
    eval(filter, &labels).unwrap_or(true)
}

/// What a filter value is, as Liquibase reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    /// A changeset's `context`, `--label-filter`: `and`, `or`, `,`, `!`,
    /// `not` and parentheses over names.
    Expression,
    /// `--contexts`, a changeset's `labels`: names separated by commas.
    List,
}

/// Checks a filter's syntax; `Err` says what is wrong (1-based character
/// positions in the value). Stricter than Liquibase 4.28, which refuses only
/// an unclosed `(` or `()` ("Cannot parse expression") and reads any other
/// malformed expression as a name no changeset has, silently skipping what
/// it filters.
pub fn check_filter(value: &str, kind: FilterKind) -> Result<(), String> {
    match kind {
        FilterKind::Expression => check_expression(value),
        FilterKind::List => check_list(value),
    }
}

/// Checks an expression's syntax (unbalanced parentheses, a dangling
/// operator, two names in a row); `Err` says what is wrong and where.
pub(crate) fn check_expression(expression: &str) -> Result<(), String> {
    if expression.trim().is_empty() {
        return Ok(());
    }
    parse(&tokenize(expression), &[]).map(|_| ())
}

/// Checks a list of names: none may hold expression syntax, which no
/// changeset's name can match.
fn check_list(list: &str) -> Result<(), String> {
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let lower = name.to_ascii_lowercase();
        let operator = name.contains(['(', ')'])
            || name.starts_with('!')
            || name.split_whitespace().count() > 1
            || ["and", "or", "not"].contains(&lower.as_str());
        if operator {
            return Err(format!(
                "`{name}` is not a name: names are separated by commas, and `(`, `)`, `!`, spaces, `and`, `or` and `not` belong to expressions (Liquibase reads it as one name that nothing matches)"
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Not,
    And,
    Or,
    Word(String),
}

impl Tok {
    fn text(&self) -> &str {
        match self {
            Tok::Open => "(",
            Tok::Close => ")",
            Tok::Not => "!",
            Tok::And => "and",
            Tok::Or => "or",
            Tok::Word(w) => w,
        }
    }
}

/// Tokens with the 1-based character position each starts at.
fn tokenize(expr: &str) -> Vec<(Tok, usize)> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut word_at = 0;
    let flush = |word: &mut String, at: usize, out: &mut Vec<(Tok, usize)>| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word).to_ascii_lowercase();
        let tok = match w.as_str() {
            "and" => Tok::And,
            "or" => Tok::Or,
            "not" => Tok::Not,
            _ => Tok::Word(w),
        };
        out.push((tok, at));
    };
    for (i, c) in expr.chars().enumerate() {
        let at = i + 1;
        match c {
            '(' | ')' | ',' => {
                flush(&mut word, word_at, &mut out);
                let tok = match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    _ => Tok::Or,
                };
                out.push((tok, at));
            }
            '!' if word.is_empty() => out.push((Tok::Not, at)),
            c if c.is_whitespace() => flush(&mut word, word_at, &mut out),
            c => {
                if word.is_empty() {
                    word_at = at;
                }
                word.push(c);
            }
        }
    }
    flush(&mut word, word_at, &mut out);
    out
}

/// Recursive descent over the tokens; `set` holds the names that are true.
struct Parser<'a> {
    tokens: &'a [(Tok, usize)],
    pos: usize,
    set: &'a [String],
    /// Nested operands: a runaway `((((…` or `!!!!…` must not exhaust the
    /// stack.
    depth: usize,
}

/// Deeper nesting than this is refused rather than recursed into.
const MAX_DEPTH: usize = 100;

fn parse(tokens: &[(Tok, usize)], set: &[String]) -> Result<bool, String> {
    let mut p = Parser {
        tokens,
        pos: 0,
        set,
        depth: 0,
    };
    let v = p.or_expr()?;
    match p.tokens.get(p.pos) {
        None => Ok(v),
        Some((Tok::Close, at)) => Err(format!("the `)` at character {at} closes nothing")),
        Some((t, at)) => Err(format!(
            "unexpected `{}` at character {at} (join names with `and`, `or` or `,`)",
            t.text()
        )),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }
    fn or_expr(&mut self) -> Result<bool, String> {
        let mut v = self.and_expr()?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            v |= self.and_expr()?;
        }
        Ok(v)
    }
    fn and_expr(&mut self) -> Result<bool, String> {
        let mut v = self.unary()?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            v &= self.unary()?;
        }
        Ok(v)
    }
    fn unary(&mut self) -> Result<bool, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "more than {MAX_DEPTH} nested parentheses or negations"
            ));
        }
        let v = self.operand();
        self.depth -= 1;
        v
    }
    fn operand(&mut self) -> Result<bool, String> {
        let Some((tok, at)) = self.tokens.get(self.pos).cloned() else {
            return Err(
                match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
                    Some((t, at)) => {
                        format!("nothing follows the `{}` at character {at}", t.text())
                    }
                    None => "the expression is empty".to_string(),
                },
            );
        };
        self.pos += 1;
        match tok {
            Tok::Not => Ok(!self.unary()?),
            Tok::Open => {
                if self.peek() == Some(&Tok::Close) {
                    return Err(format!("the parentheses at character {at} are empty"));
                }
                let v = self.or_expr()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(format!("the `(` at character {at} is never closed"));
                }
                self.pos += 1;
                Ok(v)
            }
            Tok::Word(w) => Ok(self.set.contains(&w)),
            other => Err(format!(
                "unexpected `{}` at character {at} (a name, `!`, `not` or `(` must come here)",
                other.text()
            )),
        }
    }
}

/// The expression's value over `set`; `Err` when it is malformed.
fn eval(expression: &str, set: &[String]) -> Result<bool, String> {
    parse(&tokenize(expression), set)
}

impl Loader<'_> {
    /// Checks the filters an element carries (`context`/`contextFilter`
    /// expressions, a `labels` list), with properties substituted: a
    /// malformed one is a problem at its attribute. Filtering goes on as if
    /// it were absent, so what it guards is judged.
    pub(super) fn check_filters(&mut self, node: &Node, path: &Path) {
        for (name, kind) in [
            ("contextFilter", FilterKind::Expression),
            ("context", FilterKind::Expression),
            ("labels", FilterKind::List),
        ] {
            if let (Some(attr), Some(value)) = (node.attr(name), self.value(node, name, path)) {
                let span = attr.span;
                self.check_filter_at(&value, kind, name, span);
            }
        }
    }

    /// A problem at `span` when `value` is not a well-formed `kind`.
    pub(super) fn check_filter_at(
        &mut self,
        value: &str,
        kind: FilterKind,
        name: &str,
        span: Span,
    ) {
        if let Err(e) = check_filter(value, kind) {
            let what = match kind {
                FilterKind::Expression => "expression",
                FilterKind::List => "list",
            };
            self.problems.push(Problem::at_span(
                span,
                format!("malformed `{name}` {what} `{value}`: {e}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        assert!(context_matches("prod", None));
        assert!(context_matches("", Some("dev")));
        assert!(context_matches("prod", Some("PROD")));
        assert!(!context_matches("prod", Some("dev")));
        assert!(context_matches("dev, prod", Some("prod")));
        assert!(context_matches("!prod", Some("dev")));
        assert!(!context_matches("not prod", Some("prod,dev")));
        assert!(context_matches("prod and (us or eu)", Some("prod,eu")));
        assert!(!context_matches("prod and (us or eu)", Some("prod,asia")));
        assert!(context_matches("!test and !dev", Some("prod")));
        assert!(!context_matches("!test and !dev", Some("dev")));
    }

    #[test]
    fn labels() {
        assert!(labels_match("v1,jira-1", None));
        assert!(labels_match("", Some("v1")));
        assert!(labels_match("v1, jira-1", Some("jira-1")));
        assert!(!labels_match("v1", Some("v2 or jira-9")));
        assert!(labels_match("v1", Some("!v2")));
        assert!(!labels_match("v1,beta", Some("v1 and !beta")));
    }

    #[test]
    fn dbms_lists() {
        assert!(dbms_matches("postgresql, h2", Some("h2")));
        assert!(!dbms_matches("postgresql", Some("mysql")));
        assert!(dbms_matches("!h2", Some("mysql")));
        assert!(!dbms_matches("!h2, !mysql", Some("mysql")));
        assert!(dbms_matches("all", Some("oracle")));
        assert!(!dbms_matches("none", Some("oracle")));
        assert!(dbms_matches("oracle", None));
        assert!(!dbms_matches("none", None));
        assert_eq!(liquibase_dbms(Dialect::Sqlserver), Some("mssql"));
    }

    #[test]
    fn syntax_errors() {
        assert!(check_expression("a and (b or c)").is_ok());
        assert!(check_expression("!a, not (b and c)").is_ok());
        assert!(check_expression("").is_ok());
        let err = |e: &str| check_expression(e).unwrap_err();
        assert_eq!(err("(((prod"), "the `(` at character 3 is never closed");
        assert_eq!(
            err("a and (b or c"),
            "the `(` at character 7 is never closed"
        );
        assert_eq!(err("a and"), "nothing follows the `and` at character 3");
        assert_eq!(err("prod)"), "the `)` at character 5 closes nothing");
        assert_eq!(err("()"), "the parentheses at character 1 are empty");
        assert_eq!(err("!"), "nothing follows the `!` at character 1");
        assert!(err("a b").starts_with("unexpected `b` at character 3"));
        assert!(err("prod or or dev").starts_with("unexpected `or` at character 9"));
        assert!(err("and prod").starts_with("unexpected `and` at character 1"));
        assert!(err(&"(".repeat(10_000)).starts_with("more than 100 nested"));
        assert!(err(&"!".repeat(10_000)).starts_with("more than 100 nested"));
    }

    #[test]
    fn lists_hold_names() {
        assert!(check_filter("prod, dev,,eu-1", FilterKind::List).is_ok());
        for bad in ["(((prod", "!dev", "prod and dev", "prod dev", "not"] {
            assert!(check_filter(bad, FilterKind::List).is_err(), "{bad}");
        }
        assert!(check_filter("(((prod", FilterKind::Expression).is_err());
    }

    #[test]
    fn malformed_expressions_let_everything_run() {
        assert!(context_matches("(((prod", Some("dev")));
        assert!(labels_match("v1", Some("v2 and")));
    }
}
