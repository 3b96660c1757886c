//! Flyway configuration read from the migration folder: `flyway.conf`
//! (Java properties), `flyway.toml` (Flyway 10) and per-script
//! `<script>.sql.conf` files. Only the settings that change what a script
//! means are interpreted; unknown keys are kept for policies.

use std::collections::BTreeMap;

use crate::error::Problem;
use crate::span::{SourceFile, Span};

/// The settings of `flyway.conf` / `flyway.toml` that matter here.
#[derive(Debug, Clone, Default)]
pub struct FlywayConfig {
    pub placeholders: BTreeMap<String, String>,
    pub placeholder_replacement: Option<bool>,
    pub placeholder_prefix: Option<String>,
    pub placeholder_suffix: Option<String>,
    pub default_schema: Option<String>,
    pub schemas: Vec<String>,
    pub user: Option<String>,
    pub url: Option<String>,
    pub table: Option<String>,
}

impl FlywayConfig {
    /// Applies one fully qualified key (`flyway.placeholders.x`, `flyway.user`,
    /// `environments.default.url`, …).
    fn set(&mut self, key: &str, value: Value) {
        let key = key
            .strip_prefix("flyway.")
            .or_else(|| {
                // `[environments.<name>]` holds the connection settings in TOML
                key.strip_prefix("environments.")
                    .and_then(|rest| rest.split_once('.').map(|(_, k)| k))
            })
            .unwrap_or(key);
        if let Some(name) = key.strip_prefix("placeholders.") {
            self.placeholders.insert(name.to_string(), value.text());
            return;
        }
        match key {
            "placeholderReplacement" => {
                self.placeholder_replacement = parse_bool(&value.text());
            }
            "placeholderPrefix" => self.placeholder_prefix = Some(value.text()),
            "placeholderSuffix" => self.placeholder_suffix = Some(value.text()),
            "defaultSchema" => self.default_schema = Some(value.text()),
            "schemas" => self.schemas = value.list(),
            "user" => self.user = Some(value.text()),
            "url" => self.url = Some(value.text()),
            "table" => self.table = Some(value.text()),
            _ => {}
        }
    }

    /// Later files win, as Flyway merges its config files.
    pub fn merge(&mut self, other: FlywayConfig) {
        self.placeholders.extend(other.placeholders);
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(
            placeholder_replacement,
            placeholder_prefix,
            placeholder_suffix,
            default_schema,
            user,
            url,
            table
        );
        if !other.schemas.is_empty() {
            self.schemas = other.schemas;
        }
    }

    /// `${flyway:defaultSchema}`: the configured default schema, else the
    /// first of `schemas`.
    pub fn effective_default_schema(&self) -> Option<String> {
        self.default_schema
            .clone()
            .or_else(|| self.schemas.first().cloned())
    }

    /// `${flyway:database}`: the database named in a JDBC URL
    /// (`jdbc:postgresql://host:5432/app?ssl=true` → `app`).
    pub fn database(&self) -> Option<String> {
        let url = self.url.as_deref()?;
        let after_scheme = url.split_once("://")?.1;
        let path = after_scheme.split_once('/')?.1;
        let name = path.split(['?', ';']).next()?;
        (!name.is_empty()).then(|| name.to_string())
    }
}

pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A configuration value: a scalar or a TOML array of scalars.
enum Value {
    Scalar(String),
    List(Vec<String>),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Scalar(s) => s.clone(),
            Value::List(l) => l.join(","),
        }
    }
    fn list(&self) -> Vec<String> {
        match self {
            Value::Scalar(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Value::List(l) => l.clone(),
        }
    }
}

/// One `key=value` entry of a properties file, with the span of its line.
pub struct Property {
    pub key: String,
    pub value: String,
    pub span: Span,
}

/// Reads Java properties: `key=value` or `key: value`, `#`/`!` comments.
/// A non-comment line without a separator is a problem.
pub fn parse_properties(
    file: &SourceFile,
    id: crate::span::FileId,
) -> (Vec<Property>, Vec<Problem>) {
    let mut props = Vec::new();
    let mut problems = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let lead = content.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!') {
            continue;
        }
        let span = Span::new(id, start + lead..start + content.len());
        match trimmed.find(['=', ':']) {
            Some(i) => props.push(Property {
                key: trimmed[..i].trim().to_string(),
                value: trimmed[i + 1..].trim().to_string(),
                span,
            }),
            None => problems.push(Problem::at_span(
                span,
                format!("expected `key=value` in {}", file.name),
            )),
        }
    }
    (props, problems)
}

/// Reads `flyway.conf`.
pub fn parse_conf(file: &SourceFile, id: crate::span::FileId) -> (FlywayConfig, Vec<Problem>) {
    let (props, problems) = parse_properties(file, id);
    let mut cfg = FlywayConfig::default();
    for p in props {
        cfg.set(&p.key, Value::Scalar(p.value));
    }
    (cfg, problems)
}

/// Reads the subset of TOML `flyway.toml` uses: `[table]` headers and
/// `key = value` lines whose value is a string, a bare scalar or a one-line
/// array of strings. Other lines are problems, so nothing is silently lost.
pub fn parse_toml(file: &SourceFile, id: crate::span::FileId) -> (FlywayConfig, Vec<Problem>) {
    let mut cfg = FlywayConfig::default();
    let mut problems = Vec::new();
    let mut table = String::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        let lead = content.len() - content.trim_start().len();
        let span = Span::new(id, start + lead..start + lead + trimmed.len());
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(header) = trimmed.strip_prefix('[') {
            match header.strip_suffix(']') {
                Some(name) if !name.starts_with('[') => table = unquote(name.trim()),
                _ => problems.push(Problem::at_span(span, "unsupported TOML table header")),
            }
            continue;
        }
        let Some((key, raw)) = trimmed.split_once('=') else {
            problems.push(Problem::at_span(
                span,
                "expected `key = value` in flyway.toml",
            ));
            continue;
        };
        let key = key
            .trim()
            .split('.')
            .map(|k| unquote(k.trim()))
            .collect::<Vec<_>>()
            .join(".");
        let full = if table.is_empty() {
            key
        } else {
            format!("{table}.{key}")
        };
        match parse_toml_value(raw.trim()) {
            Some(v) => cfg.set(&full, v),
            None => problems.push(Problem::at_span(
                span,
                format!("unsupported TOML value for `{full}`"),
            )),
        }
    }
    (cfg, problems)
}

fn unquote(s: &str) -> String {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    s.to_string()
}

/// A TOML string (basic strings: `\"`, `\\`, `\n`, `\t` escapes), bare
/// scalar or one-line array of those, with an optional trailing comment.
fn parse_toml_value(raw: &str) -> Option<Value> {
    if let Some(inner) = raw.strip_prefix('[') {
        let end = inner.rfind(']')?;
        let mut items = Vec::new();
        let mut rest = inner[..end].trim();
        while !rest.is_empty() {
            let (item, tail) = scalar(rest)?;
            items.push(item);
            rest = tail.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        }
        return Some(Value::List(items));
    }
    let (value, tail) = scalar(raw)?;
    let tail = tail.trim();
    (tail.is_empty() || tail.starts_with('#')).then_some(Value::Scalar(value))
}

/// One scalar at the start of `s` and what follows it.
fn scalar(s: &str) -> Option<(String, &str)> {
    if let Some(body) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((out, &body[i + 1..])),
                '\\' => match chars.next()?.1 {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        return None;
    }
    if let Some(body) = s.strip_prefix('\'') {
        let end = body.find('\'')?;
        return Some((body[..end].to_string(), &body[end + 1..]));
    }
    let end = s.find([',', '#', ']']).unwrap_or(s.len());
    let v = s[..end].trim();
    (!v.is_empty()).then(|| (v.to_string(), &s[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;
    use std::path::PathBuf;

    #[test]
    fn reads_conf_placeholders_and_settings() {
        let f = SourceFile::new(
            PathBuf::from("flyway.conf"),
            "# c\nflyway.placeholders.schema=app\nflyway.url=jdbc:postgresql://db:5432/shop?ssl=true\nflyway.schemas=a,b\nbroken line\n".into(),
        );
        let (cfg, problems) = parse_conf(&f, FileId(0));
        assert_eq!(
            cfg.placeholders.get("schema").map(String::as_str),
            Some("app")
        );
        assert_eq!(cfg.database().as_deref(), Some("shop"));
        assert_eq!(cfg.effective_default_schema().as_deref(), Some("a"));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            f.line_col(match problems[0].at {
                crate::error::ProblemAt::Span(s) => s.start,
                _ => usize::MAX,
            }),
            (5, 1)
        );
    }

    #[test]
    fn reads_toml_tables() {
        let f = SourceFile::new(
            PathBuf::from("flyway.toml"),
            "[environments.default]\nurl = \"jdbc:postgresql://h/db1\"\nuser = 'admin'\nschemas = [\"s1\", \"s2\"]\n\n[flyway]\ntable = \"history\" # comment\n\n[flyway.placeholders]\nowner = \"app\\\"x\"\n".into(),
        );
        let (cfg, problems) = parse_toml(&f, FileId(0));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(cfg.user.as_deref(), Some("admin"));
        assert_eq!(cfg.database().as_deref(), Some("db1"));
        assert_eq!(cfg.schemas, ["s1", "s2"]);
        assert_eq!(cfg.table.as_deref(), Some("history"));
        assert_eq!(
            cfg.placeholders.get("owner").map(String::as_str),
            Some("app\"x")
        );
    }
}
