//! Formatted SQL changelogs (`--liquibase formatted sql`), read line by
//! line into the same raw tree as XML: `--changeset author:id attr:value…`
//! becomes a `changeSet` element holding one `sql` change, `--rollback`,
//! `--comment`, `--preconditions`, `--precondition-*`, `--validCheckSum` and
//! `--property` become the elements XML would have.

mod orphan;

use super::properties::Pieces;
use super::tree::{Attr, Node};
use crate::error::Problem;
use crate::span::{FileId, Span};

/// `changeSet` header attributes that belong on the `sql` change.
const CHANGE_ATTRS: &[&str] = &["endDelimiter", "splitStatements", "stripComments"];
/// Header attributes that belong on the rollback.
const ROLLBACK_ATTRS: &[(&str, &str)] = &[
    ("rollbackEndDelimiter", "endDelimiter"),
    ("rollbackSplitStatements", "splitStatements"),
];
/// Header attribute names Liquibase reads (matched case-insensitively).
const HEADER_ATTRS: &[&str] = &[
    "runAlways",
    "runOnChange",
    "runInTransaction",
    "failOnError",
    "endDelimiter",
    "splitStatements",
    "stripComments",
    "context",
    "contextFilter",
    "labels",
    "dbms",
    "ignore",
    "logicalFilePath",
    "created",
    "rollbackEndDelimiter",
    "rollbackSplitStatements",
    "runWith",
    "runWithSpoolFile",
];

/// Is the first non-blank line `--liquibase formatted sql`?
pub(crate) fn is_formatted(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            directive(l, "liquibase").is_some_and(|rest| {
                rest.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("formatted")
            })
        })
}

/// `--  name rest…` (case-insensitive, spaces allowed around): the byte
/// offset in `line` where `rest` starts.
fn directive<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    let t = line.trim_start();
    let t = t.strip_prefix("--")?;
    let t = t.trim_start();
    let head = t.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    Some(&t[name.len()..])
}

/// Offset of `sub` (a slice of `line`) inside `line`.
fn offset_in(line: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize).saturating_sub(line.as_ptr() as usize)
}

/// `key:value` tokens of a header (values may be `"quoted"`), with their
/// byte ranges in `rest`.
fn tokens(rest: &str) -> Vec<(String, String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        let mut colon = None;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            if b[i] == b':' && colon.is_none() {
                colon = Some(i);
                if b.get(i + 1) == Some(&b'"') {
                    // quoted value: up to the closing quote
                    let close = rest[i + 2..].find('"').map_or(b.len(), |c| i + 2 + c);
                    let value = &rest[i + 2..close.min(b.len())];
                    let key = &rest[start..i];
                    out.push((
                        key.to_string(),
                        value.to_string(),
                        i + 2..close.min(b.len()),
                    ));
                    i = (close + 1).min(b.len());
                    colon = None;
                    // consume the rest of this token
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    break;
                }
            }
            i += 1;
        }
        if let Some(c) = colon {
            out.push((
                rest[start..c].to_string(),
                rest[c + 1..i].to_string(),
                c + 1..i,
            ));
        }
    }
    out
}

struct Builder<'t> {
    file: FileId,
    text: &'t str,
    root: Node,
    problems: Vec<Problem>,
    current: Option<Current>,
}

/// The changeset being read.
struct Current {
    node: Node,
    sql_attrs: Vec<Attr>,
    rollback_attrs: Vec<Attr>,
    body: Vec<(usize, usize)>,
    rollback: Vec<(usize, usize)>,
    preconditions: Option<Node>,
}

fn node(name: &str, span: Span) -> Node {
    Node {
        name: name.into(),
        foreign: false,
        attrs: Vec::new(),
        children: Vec::new(),
        text: None,
        span,
        name_span: span,
    }
}

/// Reads a formatted SQL changelog into the raw tree.
pub(crate) fn parse(file: FileId, text: &str) -> Result<(Node, Vec<Problem>), Problem> {
    let mut b = Builder {
        file,
        text,
        root: node("databaseChangeLog", Span::new(file, 0..text.len())),
        problems: Vec::new(),
        current: None,
    };
    let mut lines = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        lines.push((pos, line));
        pos += raw.len();
    }
    let mut first = true;
    // lines before the first `--changeset` (Liquibase never runs them)
    let mut before_first: Option<Vec<(usize, usize)>> = Some(Vec::new());
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        i += 1;
        let span = Span::new(file, start..start + line.len());
        if first && !line.trim().is_empty() {
            first = false;
            if let Some(rest) = directive(line, "liquibase") {
                for (k, v, r) in tokens(rest) {
                    if k.eq_ignore_ascii_case("logicalFilePath") {
                        let o = start + offset_in(line, rest);
                        b.root
                            .attrs
                            .push(b.attr("logicalFilePath", &v, o + r.start, span));
                    }
                }
                continue;
            }
        }
        if let Some(rest) = directive(line, "ignoreLines:") {
            let arg = rest.trim().to_ascii_lowercase();
            if arg == "start" {
                while i < lines.len() {
                    let (_, l) = lines[i];
                    i += 1;
                    if directive(l, "ignoreLines:")
                        .is_some_and(|r| r.trim().eq_ignore_ascii_case("end"))
                    {
                        break;
                    }
                }
            } else if let Ok(n) = arg.parse::<usize>() {
                i += n;
            } else {
                b.problems.push(Problem::at_span(
                    span,
                    format!("unknown ignoreLines syntax `{}`", rest.trim()),
                ));
            }
            continue;
        }
        if let Some(rest) = directive(line, "property")
            && rest.starts_with(char::is_whitespace)
        {
            let o = start + offset_in(line, rest);
            let mut p = node("property", span);
            for (k, v, r) in tokens(rest) {
                p.attrs.push(b.attr(&k, &v, o + r.start, span));
            }
            b.root.children.push(p);
            continue;
        }
        if let Some(rest) = directive(line, "changeset") {
            if let Some(lines) = before_first.take() {
                b.problems.extend(orphan::problem(file, text, &lines));
            }
            b.finish(false);
            b.start_changeset(line, rest, start, span);
            continue;
        }
        let Some(cur) = b.current.as_mut() else {
            if let Some(lines) = before_first.as_mut() {
                lines.push((start, start + line.len()));
            }
            if directive(line, "comment").is_some() {
                b.problems.push(Problem::at_span(
                    span,
                    "formatted SQL does not allow --comment outside a changeset",
                ));
            }
            continue;
        };
        if let Some(rest) = directive(line, "comment") {
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            if rest.starts_with(char::is_whitespace) {
                let v = rest.trim();
                let o = start + offset_in(line, rest) + (rest.len() - rest.trim_start().len());
                let a = Attr {
                    name: "comment".into(),
                    value: Pieces::verbatim(file, v, o),
                    span: Span::new(file, o..o + v.len()),
                    name_span: span,
                };
                cur.node.attrs.retain(|a| a.name != "comment");
                cur.node.attrs.push(a);
                continue;
            }
        }
        if let Some(rest) = directive(line, "validCheckSum") {
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            let v = rest.trim();
            let o = start + offset_in(line, rest) + (rest.len() - rest.trim_start().len());
            let mut n = node("validCheckSum", span);
            n.text = Some(Pieces::verbatim(file, v, o));
            cur.node.children.push(n);
            continue;
        }
        if let Some(rest) = directive(line, "rollback")
            && rest.starts_with(char::is_whitespace)
        {
            let o = start + offset_in(line, rest) + 1;
            cur.rollback.push((o, start + line.len()));
            continue;
        }
        if line.trim_start().starts_with("/*")
            && line.trim_start()[2..]
                .trim()
                .to_ascii_lowercase()
                .replace(char::is_whitespace, "")
                == "liquibaserollback"
        {
            let mut closed = false;
            while i < lines.len() {
                let (s, l) = lines[i];
                i += 1;
                if let Some(end) = l.rfind("*/").filter(|e| l[e + 2..].trim().is_empty()) {
                    if !l[..end].trim().is_empty() {
                        cur.rollback.push((s, s + end));
                    }
                    closed = true;
                    break;
                }
                cur.rollback.push((s, s + l.len()));
            }
            if !closed {
                b.problems.push(Problem::at_span(
                    span,
                    "liquibase rollback comment is not closed",
                ));
            }
            continue;
        }
        if let Some(rest) = directive(line, "preconditions") {
            let o = start + offset_in(line, rest);
            let mut pc = node("preConditions", span);
            for (k, v, r) in tokens(rest) {
                pc.attrs.push(b.attr(&k, &v, o + r.start, span));
            }
            if let Some(cur) = b.current.as_mut() {
                cur.preconditions = Some(pc);
            }
            continue;
        }
        if let Some(rest) = directive(line, "precondition-") {
            let kind_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let kind = rest[..kind_len].to_ascii_lowercase();
            let body = &rest[kind_len..];
            let o = start + offset_in(line, body);
            let cond = b.precondition(&kind, body, o, span);
            if let Some(cur) = b.current.as_mut() {
                let pc = cur
                    .preconditions
                    .get_or_insert_with(|| node("preConditions", span));
                if let Some(c) = cond {
                    pc.children.push(c);
                }
            }
            continue;
        }
        cur.body.push((start, start + line.len()));
    }
    if let Some(lines) = before_first.take() {
        b.problems.extend(orphan::problem(file, text, &lines));
    }
    b.finish(true);
    Ok((b.root, b.problems))
}

impl Builder<'_> {
    fn attr(&self, name: &str, value: &str, at: usize, name_span: Span) -> Attr {
        Attr {
            name: name.to_string(),
            value: Pieces::verbatim(self.file, value, at),
            span: Span::new(self.file, at..at + value.len()),
            name_span,
        }
    }

    fn start_changeset(&mut self, line: &str, rest: &str, start: usize, span: Span) {
        let base = start + offset_in(line, rest);
        let invalid = |b: &mut Builder<'_>| {
            b.problems.push(Problem::at_span(
                span,
                "invalid changeset header: expected `--changeset <author>:<id>`",
            ));
        };
        if !rest.starts_with(char::is_whitespace) {
            invalid(self);
            return;
        }
        let body = rest.trim_start();
        let mut off = rest.len() - body.len();
        // author: "quoted" or up to the first ':'
        let (author, a_range, after) = if let Some(q) = body.strip_prefix('"') {
            let Some(close) = q.find('"') else {
                return invalid(self);
            };
            (&q[..close], off + 1..off + 1 + close, close + 2)
        } else {
            let Some(colon) = body.find(':') else {
                return invalid(self);
            };
            (&body[..colon], off..off + colon, colon)
        };
        if body.get(after..after + 1) != Some(":") || author.trim().is_empty() {
            return invalid(self);
        }
        let rest_id = &body[after + 1..];
        let trimmed = rest_id.trim_start();
        off += after + 1 + (rest_id.len() - trimmed.len());
        let (id, i_range, consumed) = if let Some(q) = trimmed.strip_prefix('"') {
            let Some(close) = q.find('"') else {
                return invalid(self);
            };
            (&q[..close], off + 1..off + 1 + close, close + 2)
        } else {
            let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            (&trimmed[..end], off..off + end, end)
        };
        if id.replace([':', ' '], "").is_empty() {
            self.problems.push(Problem::at_span(
                span,
                "invalid changeset header: the changeset id is empty",
            ));
            return;
        }
        let mut cs = node("changeSet", span);
        cs.attrs
            .push(self.attr("author", author, base + a_range.start, span));
        cs.attrs
            .push(self.attr("id", id, base + i_range.start, span));
        let mut cur = Current {
            node: cs,
            sql_attrs: Vec::new(),
            rollback_attrs: Vec::new(),
            body: Vec::new(),
            rollback: Vec::new(),
            preconditions: None,
        };
        let attrs_text = &trimmed[consumed.min(trimmed.len())..];
        let attrs_base = base + offset_in(rest, attrs_text);
        for (k, v, r) in tokens(attrs_text) {
            let Some(name) = HEADER_ATTRS.iter().find(|n| n.eq_ignore_ascii_case(&k)) else {
                continue;
            };
            let a = self.attr(name, &v, attrs_base + r.start, span);
            if CHANGE_ATTRS.contains(name) {
                cur.sql_attrs.push(a);
            } else if let Some((_, to)) = ROLLBACK_ATTRS.iter().find(|(f, _)| f == name) {
                cur.rollback_attrs.push(Attr {
                    name: (*to).into(),
                    ..a
                });
            } else {
                cur.node.attrs.push(a);
            }
        }
        self.current = Some(cur);
    }

    fn precondition(&mut self, kind: &str, body: &str, at: usize, span: Span) -> Option<Node> {
        let trimmed = body.trim_start();
        let lead = body.len() - trimmed.len();
        match kind {
            "sql-check" => {
                let t = trimmed;
                let (t, skip) = match t.get(..15) {
                    Some(p) if p.eq_ignore_ascii_case("expectedResult:") => (&t[15..], 15),
                    _ => (t, 0),
                };
                let (value, vlen) = if let Some(q) = t.strip_prefix(['\'', '"']) {
                    let quote = t.as_bytes()[0] as char;
                    let close = q.find(quote)?;
                    (&q[..close], close + 2)
                } else {
                    let end = t.find(char::is_whitespace).unwrap_or(t.len());
                    (&t[..end], end)
                };
                let sql = t[vlen..].trim_start();
                if value.is_empty() || sql.is_empty() {
                    self.problems.push(Problem::at_span(
                        span,
                        "precondition sql-check needs an expected result and SQL",
                    ));
                    return None;
                }
                let mut n = node("sqlCheck", span);
                let vat = at + lead + skip + (vlen - value.len()).min(1);
                n.attrs.push(self.attr("expectedResult", value, vat, span));
                let sql_at = at + lead + skip + vlen + (t[vlen..].len() - sql.len());
                n.text = Some(Pieces::verbatim(self.file, sql, sql_at));
                Some(n)
            }
            "table-exists" | "view-exists" => {
                let (name, key, attr) = if kind == "table-exists" {
                    ("tableExists", "table", "tableName")
                } else {
                    ("viewExists", "view", "viewName")
                };
                let mut n = node(name, span);
                for (k, v, r) in tokens(body) {
                    if k.eq_ignore_ascii_case(key) {
                        n.attrs.push(self.attr(attr, &v, at + r.start, span));
                    } else if k.eq_ignore_ascii_case("schema") {
                        n.attrs
                            .push(self.attr("schemaName", &v, at + r.start, span));
                    }
                }
                if n.attrs.iter().all(|a| a.name != attr) {
                    self.problems.push(Problem::at_span(
                        span,
                        format!("precondition {kind} needs `{key}:<name>`"),
                    ));
                    return None;
                }
                Some(n)
            }
            other => {
                self.problems.push(Problem::at_span(
                    span,
                    format!("the '{other}' precondition type is not supported"),
                ));
                None
            }
        }
    }

    /// Closes the current changeset: its SQL (trimmed), rollback and
    /// preconditions. `last`: at the end of the file, where Liquibase allows
    /// an empty body.
    fn finish(&mut self, last: bool) {
        let Some(mut cur) = self.current.take() else {
            return;
        };
        let file = self.file;
        let body = self.pieces(&cur.body);
        if let Some((text, range)) = body {
            let mut sql = node("sql", Span::new(file, range));
            sql.text = Some(text);
            sql.attrs = std::mem::take(&mut cur.sql_attrs);
            cur.node.children.push(sql);
        } else if !last {
            self.problems.push(Problem::at_span(
                cur.node.span,
                format!(
                    "no SQL for changeset {}",
                    cur.node.raw("id").unwrap_or_default()
                ),
            ));
        }
        if let Some(pc) = cur.preconditions.take() {
            cur.node.children.push(pc);
        }
        if !cur.rollback.is_empty() {
            let text = self.pieces(&cur.rollback);
            let mut rb = node("rollback", cur.node.span);
            rb.attrs = std::mem::take(&mut cur.rollback_attrs);
            if let Some((pieces, range)) = text {
                rb.span = Span::new(file, range);
                let t = pieces.text();
                let lower = t.trim().to_ascii_lowercase();
                if lower.starts_with("not required") || lower.starts_with("empty") {
                    // an explicit empty rollback
                } else if lower.contains("changesetid") {
                    for (k, v, r) in tokens(&t.replace(['\n', '\r'], " ")) {
                        let name = match k.to_ascii_lowercase().as_str() {
                            "changesetid" => "changeSetId",
                            "changesetauthor" => "changeSetAuthor",
                            "changesetpath" => "changeSetPath",
                            _ => continue,
                        };
                        let at = pieces.parts.first().map_or(0, |p| p.file.start) + r.start;
                        rb.attrs.push(self.attr(name, &v, at, rb.span));
                    }
                } else {
                    rb.text = Some(pieces);
                }
            }
            cur.node.children.push(rb);
        }
        self.root.children.push(cur.node);
    }

    /// Lines (file ranges) as one text, trimmed like Liquibase trims the
    /// SQL; `None` when only whitespace. Each newline maps to the line
    /// break (widened over directive lines in between).
    fn pieces(&self, lines: &[(usize, usize)]) -> Option<(Pieces, std::ops::Range<usize>)> {
        let mut p = Pieces::new(self.file);
        let mut prev_end: Option<usize> = None;
        for &(s, e) in lines {
            if let Some(pe) = prev_end {
                p.push_substituted("\n", pe..s.max(pe));
            }
            p.push_verbatim(self.text.get(s..e).unwrap_or(""), s);
            prev_end = Some(e);
        }
        p.trimmed()
    }
}
