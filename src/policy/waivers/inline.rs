//! Waivers written as comments where the change is: found among a file's
//! comment tokens (sqlparser's tokenizer for SQL, roxmltree's comment nodes
//! for XML, `#` comment lines for YAML), never by searching SQL code.

use std::collections::BTreeSet;

use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

use crate::dialect::Dialect;
use crate::span::{FileId, SourceFile, Span};

/// Which tool's form a comment was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Schemagate,
    Squawk,
    Atlas,
}

/// One ignore comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub form: Form,
    /// For every statement of the file, not only the next one.
    pub file_level: bool,
    /// Rule ids or aliases as written; empty: every rule (`atlas:nolint`).
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// 1-based line of the comment.
    pub line: usize,
    pub span: Span,
}

/// The comments of one file that matter to waivers.
#[derive(Debug, Default)]
pub struct FileComments {
    pub directives: Vec<Directive>,
    /// Lines holding nothing but comment: a waiver reaches down over them.
    pub comment_lines: BTreeSet<usize>,
}

impl FileComments {
    /// The directives written in the comment lines directly above `line`.
    pub fn above(&self, line: usize) -> impl Iterator<Item = (usize, &Directive)> {
        let mut first = line;
        while first > 1 && self.comment_lines.contains(&(first - 1)) {
            first -= 1;
        }
        self.directives
            .iter()
            .enumerate()
            .filter(move |(_, d)| !d.file_level && d.line >= first && d.line < line)
    }
}

/// The words every waiver comment holds: a file without any of them is
/// not tokenized again.
const MARKERS: &[&str] = &["schemagate:ignore", "squawk-ignore", "atlas:nolint"];

/// Can `text` hold a waiver comment at all?
pub fn may_hold_waivers(text: &str) -> bool {
    MARKERS.iter().any(|m| text.contains(m))
}

/// Reads the waiver comments of `file`.
pub fn scan(id: FileId, file: &SourceFile, dialect: Dialect) -> FileComments {
    let name = file.name.to_ascii_lowercase();
    let comments = if name.ends_with(".xml") {
        xml_comments(&file.text, dialect)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        yaml_comments(&file.text)
    } else if name.ends_with(".json") {
        Vec::new()
    } else {
        sql_comments(&file.text, dialect)
    };
    let mut out = FileComments::default();
    for mut c in comments {
        let (first, column) = file.line_col(file.offset_of(*c.lines.start(), c.column));
        let last = file.line_col(file.offset_of(*c.lines.end(), 1)).0;
        c.lines = first..=last.max(first);
        c.column = column;
        if c.own_line {
            out.comment_lines.extend(c.lines.clone());
        }
        // The comment's first line, markers included, is what reports show.
        let start = file.offset_of(*c.lines.start(), c.column);
        let line_end = file.text[start..]
            .find('\n')
            .map_or(file.text.len(), |i| start + i);
        let end = start + file.text[start..line_end].trim_end().len();
        let span = Span::new(id, start..end);
        if let Some(d) = parse(&c.text, *c.lines.start(), span) {
            out.directives.push(d);
        }
    }
    out
}

/// A comment's text (without its markers) and where it is.
struct Comment {
    text: String,
    lines: std::ops::RangeInclusive<usize>,
    column: usize,
    /// Nothing but whitespace before it on its first line.
    own_line: bool,
}

fn sql_comments(text: &str, dialect: Dialect) -> Vec<Comment> {
    let parser = dialect.parser();
    let tokens = match Tokenizer::new(parser.as_ref(), text).tokenize_with_location() {
        Ok(t) => t,
        // Text the tokenizer refuses (a template, a client command) is
        // read line by line: the comments of the lines it accepts count.
        Err(_) => {
            return text
                .lines()
                .enumerate()
                .flat_map(|(i, l)| {
                    let mut cs = sql_comments_of_line(l, dialect);
                    cs.iter_mut().for_each(|c| c.lines = i + 1..=i + 1);
                    cs
                })
                .collect();
        }
    };
    let mut last_code_line = 0;
    let mut out = Vec::new();
    for t in tokens {
        let line = t.span.start.line as usize;
        let column = t.span.start.column as usize;
        let (body, end) = match &t.token {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) => {
                (comment.clone(), line)
            }
            Token::Whitespace(Whitespace::MultiLineComment(c)) => {
                (c.clone(), t.span.end.line as usize)
            }
            Token::Whitespace(_) | Token::EOF => continue,
            _ => {
                last_code_line = t.span.end.line as usize;
                continue;
            }
        };
        out.push(Comment {
            text: body,
            lines: line..=end.max(line),
            column,
            own_line: last_code_line != line,
        });
    }
    out
}

fn sql_comments_of_line(line: &str, dialect: Dialect) -> Vec<Comment> {
    let parser = dialect.parser();
    let Ok(tokens) = Tokenizer::new(parser.as_ref(), line).tokenize_with_location() else {
        return Vec::new();
    };
    let mut code = false;
    let mut out = Vec::new();
    for t in tokens {
        match t.token {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. })
            | Token::Whitespace(Whitespace::MultiLineComment(comment)) => out.push(Comment {
                text: comment,
                lines: 1..=1,
                column: t.span.start.column as usize,
                own_line: !code,
            }),
            Token::Whitespace(_) | Token::EOF => {}
            _ => code = true,
        }
    }
    out
}

/// XML comments, and the SQL comments in the text of elements (`<sql>`,
/// `<createProcedure>`), where a waiver sits above its statement.
fn xml_comments(text: &str, dialect: Dialect) -> Vec<Comment> {
    // no DTD: its entities would be expanded (the source stage refuses
    // such a file)
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    // A file that does not parse is reported by the source stage.
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return Vec::new();
    };
    let in_sql = doc.descendants().filter(|n| n.is_text()).flat_map(|n| {
        let body = n.text().filter(|t| may_hold_waivers(t)).unwrap_or_default();
        let at = doc.text_pos_at(n.range().start);
        let mut cs = sql_comments(body, dialect);
        for c in &mut cs {
            let shift = at.row as usize - 1;
            if *c.lines.start() == 1 {
                c.column += at.col as usize - 1;
            }
            c.lines = c.lines.start() + shift..=c.lines.end() + shift;
        }
        cs
    });
    let xml = doc.descendants().filter(|n| n.is_comment()).map(|n| {
        let range = n.range();
        let start = doc.text_pos_at(range.start);
        let end = doc.text_pos_at(range.end);
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        Comment {
            text: n.text().unwrap_or_default().to_string(),
            lines: start.row as usize..=end.row as usize,
            column: start.col as usize,
            own_line: text[line_start..range.start].trim().is_empty(),
        }
    });
    xml.chain(in_sql).collect()
}

/// YAML comments: the YAML reader keeps none, so the `#` lines are read as
/// YAML defines them (a `#` that starts a line, after indentation).
fn yaml_comments(text: &str) -> Vec<Comment> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let body = l.trim_start().strip_prefix('#')?;
            Some(Comment {
                text: body.to_string(),
                lines: i + 1..=i + 1,
                column: l.len() - l.trim_start().len() + 1,
                own_line: true,
            })
        })
        .collect()
}

/// `schemagate:ignore a, b -- reason`, `schemagate:ignore-file a`,
/// `squawk-ignore a, b`, `squawk-ignore-file a`, `atlas:nolint [a b]`.
pub fn parse(comment: &str, line: usize, span: Span) -> Option<Directive> {
    let text = comment.trim();
    // Same order as MARKERS' words: longest prefix first.
    let forms = [
        ("schemagate:ignore-file", Form::Schemagate, true),
        ("schemagate:ignore", Form::Schemagate, false),
        ("squawk-ignore-file", Form::Squawk, true),
        ("squawk-ignore", Form::Squawk, false),
        ("atlas:nolint", Form::Atlas, false),
    ];
    let (rest, form, file_level) = forms.iter().find_map(|(prefix, form, file)| {
        let rest = text.strip_prefix(prefix)?;
        (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some((rest, *form, *file))
    })?;
    // XML comments may not hold `--`: there ` - ` also starts the reason.
    let (rules, reason) = match rest.split_once(" --").or_else(|| rest.split_once(" - ")) {
        Some((r, why)) => (r, Some(why.trim_start_matches('-').trim().to_string())),
        None => (rest, None),
    };
    let rules = rules
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        form,
        file_level,
        rules,
        reason: reason.filter(|r| !r.is_empty()),
        line,
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> FileComments {
        let f = SourceFile::new(name.into(), text.to_string());
        scan(FileId(0), &f, Dialect::Postgres)
    }

    #[test]
    fn directives_of_every_form() {
        let d = parse(" schemagate:ignore a, b -- why not\n", 3, Span::default()).unwrap();
        assert_eq!(d.rules, ["a", "b"]);
        assert_eq!(d.reason.as_deref(), Some("why not"));
        assert!(!d.file_level);
        let d = parse("squawk-ignore-file x", 1, Span::default()).unwrap();
        assert!(d.file_level && d.form == Form::Squawk && d.reason.is_none());
        let d = parse(" atlas:nolint ", 1, Span::default()).unwrap();
        assert!(d.rules.is_empty() && d.form == Form::Atlas);
        assert!(parse("schemagate:ignored", 1, Span::default()).is_none());
        assert!(parse("just a comment", 1, Span::default()).is_none());
    }

    #[test]
    fn comments_in_strings_are_not_waivers() {
        let f = file(
            "V1__x.sql",
            "SELECT '-- schemagate:ignore a';\n-- schemagate:ignore b\nSELECT 1; -- schemagate:ignore c\n",
        );
        let rules: Vec<_> = f.directives.iter().map(|d| d.rules[0].as_str()).collect();
        assert_eq!(rules, ["b", "c"]);
        assert_eq!(f.above(3).count(), 1);
        assert!(!f.comment_lines.contains(&3));
    }

    #[test]
    fn block_comments_and_text_the_tokenizer_refuses() {
        let f = file(
            "V1__x.sql",
            "/* schemagate:ignore a\n   -- why */\nDROP TABLE t;\n",
        );
        assert_eq!(f.directives[0].rules, ["a"]);
        assert_eq!(f.above(3).count(), 1);
        // An unterminated string: read line by line, the comment still counts.
        let f = file("V1__x.sql", "-- schemagate:ignore b -- ok\nSELECT 'open;\n");
        assert_eq!(f.directives[0].line, 1);
        assert_eq!(f.above(2).count(), 1);
    }

    #[test]
    fn sql_comments_in_xml_text() {
        let f = file(
            "c.xml",
            "<a>\n  <sql>\n    -- schemagate:ignore x -- ok\n    DROP TABLE t;\n  </sql>\n</a>\n",
        );
        assert_eq!(f.directives[0].line, 3);
        assert_eq!(f.above(4).count(), 1);
    }

    #[test]
    fn xml_and_yaml_comments() {
        let f = file(
            "c.xml",
            "<a>\n  <!-- schemagate:ignore x - because -->\n  <b/>\n</a>\n",
        );
        assert_eq!(f.directives[0].line, 2);
        assert_eq!(f.directives[0].reason.as_deref(), Some("because"));
        assert_eq!(f.above(3).count(), 1);
        let f = file("c.yaml", "a:\n  # schemagate:ignore y -- ok\n  - b: 1\n");
        assert_eq!(f.above(3).count(), 1);
        assert_eq!(f.above(2).count(), 0);
    }
}
