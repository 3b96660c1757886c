//! What `liquibase update` would run: `context` expressions against the
//! `--contexts` list, the `--label-filter` expression against `labels`
//! lists, and `dbms` lists against the target database.

use crate::dialect::Dialect;

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
/// No `--contexts`, or an empty expression: it runs.
pub(crate) fn context_matches(expression: &str, runtime: Option<&str>) -> bool {
    let Some(runtime) = runtime else {
        return true;
    };
    let contexts = split_list(runtime);
    if contexts.is_empty() || expression.trim().is_empty() {
        return true;
    }
    eval(expression, &contexts)
}

/// Does a changeset's `labels` list pass the `--label-filter` expression?
/// No filter, or a changeset without labels: it runs.
pub(crate) fn labels_match(labels: &str, filter: Option<&str>) -> bool {
    let Some(filter) = filter else {
        return true;
    };
    let labels = split_list(labels);
    if filter.trim().is_empty() || labels.is_empty() {
        return true;
    }
    eval(filter, &labels)
}

/// Checks an expression's syntax (unbalanced parentheses, a dangling
/// operator); `Err` says what is wrong.
pub(crate) fn check_expression(expression: &str) -> Result<(), String> {
    let tokens = tokenize(expression);
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
        set: &[],
        error: None,
        depth: 0,
    };
    p.or_expr();
    if p.error.is_none() && p.pos < tokens.len() {
        p.error = Some(format!("unexpected `{}`", tokens[p.pos].text()));
    }
    p.error.map_or(Ok(()), Err)
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

fn tokenize(expr: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Tok>| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        out.push(match w.to_ascii_lowercase().as_str() {
            "and" => Tok::And,
            "or" => Tok::Or,
            "not" => Tok::Not,
            _ => Tok::Word(w.to_ascii_lowercase()),
        });
    };
    for c in expr.chars() {
        match c {
            '(' | ')' | ',' => {
                flush(&mut word, &mut out);
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    _ => Tok::Or,
                });
            }
            '!' if word.is_empty() => out.push(Tok::Not),
            c if c.is_whitespace() => flush(&mut word, &mut out),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

struct Parser<'a> {
    tokens: &'a [Tok],
    pos: usize,
    set: &'a [String],
    error: Option<String>,
    /// Parentheses and `!`s open around the current token.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }
    fn or_expr(&mut self) -> bool {
        let mut v = self.and_expr();
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            v |= self.and_expr();
        }
        v
    }
    fn and_expr(&mut self) -> bool {
        let mut v = self.unary();
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            v &= self.unary();
        }
        v
    }
    fn unary(&mut self) -> bool {
        let nests = matches!(self.peek(), Some(Tok::Not | Tok::Open));
        if nests && self.depth >= crate::limits::MAX_EXPRESSION_DEPTH {
            if self.error.is_none() {
                self.error = Some(format!(
                    "nested more than {} deep",
                    crate::limits::MAX_EXPRESSION_DEPTH
                ));
            }
            // the rest is not read: nothing deeper is walked
            self.pos = self.tokens.len();
            return false;
        }
        self.depth += usize::from(nests);
        let v = self.unary_inner();
        self.depth -= usize::from(nests);
        v
    }

    fn unary_inner(&mut self) -> bool {
        match self.peek().cloned() {
            Some(Tok::Not) => {
                self.pos += 1;
                !self.unary()
            }
            Some(Tok::Open) => {
                self.pos += 1;
                let v = self.or_expr();
                if self.peek() == Some(&Tok::Close) {
                    self.pos += 1;
                } else if self.error.is_none() {
                    self.error = Some("missing `)`".into());
                }
                v
            }
            Some(Tok::Word(w)) => {
                self.pos += 1;
                self.set.contains(&w)
            }
            other => {
                if self.error.is_none() {
                    self.error = Some(match other {
                        Some(t) => format!("unexpected `{}`", t.text()),
                        None => "expression ends early".into(),
                    });
                }
                self.pos += 1;
                false
            }
        }
    }
}

fn eval(expression: &str, set: &[String]) -> bool {
    let tokens = tokenize(expression);
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
        set,
        error: None,
        depth: 0,
    };
    p.or_expr()
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
        assert!(check_expression("a and (b or c").is_err());
        assert!(check_expression("a and").is_err());
        assert!(check_expression("a b").is_err());
    }
}
