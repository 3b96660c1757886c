//! A string, quoted identifier, dollar quote or block comment that is never
//! closed. Everything after its opening is, lexically, inside it, so no
//! statement there can be read for certain: the statement holding it is a
//! syntax error at the opening, and splitting resumes at the next line that
//! visibly starts a statement, so the statements after it are still seen
//! (the run exits 2 anyway; reporting them can only add findings, never
//! hide one).
//!
//! Where splitting resumes: the first line after the opening's line that
//! starts with a statement word (`DROP`, `CREATE`, `TRUNCATE`, …, the list
//! that tells SQL from broken text) right after a line ending in `;` (in
//! T-SQL, which needs no `;`, after any line), or a client boundary line
//! (`GO`, `/`, a psql meta-command). Requiring the `;` keeps the lines of a
//! multi-line statement inside a broken literal (`SELECT` in a view body)
//! from being taken for statements of their own. After `MAX_RESUMES`
//! unclosed constructs in one text, the rest of it is one broken statement.

use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::tokenizer::Tokenizer;

/// Unterminated constructs after which splitting still resumes in one text;
/// after that, the rest of the text is one broken statement. Each one costs
/// a scan to the end of the text, so this bounds a hostile file of many
/// differently-tagged open dollar quotes to linear time.
pub(super) const MAX_RESUMES: usize = 100;

/// What was left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum What {
    String,
    QuotedIdentifier,
    DollarQuote,
    BlockComment,
}

/// An unterminated construct, opened at byte `at` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unterminated {
    pub at: usize,
    pub what: What,
}

impl Unterminated {
    /// The error message (without position).
    pub(super) fn message(&self, text: &str) -> String {
        let opening: String = match self.what {
            What::DollarQuote => {
                let rest = text.get(self.at + 1..).unwrap_or_default();
                let tag_end = rest.find('$').map_or(0, |i| i + 1);
                format!("${}", rest.get(..tag_end).unwrap_or_default())
            }
            What::BlockComment => "/*".into(),
            _ => text
                .get(self.at..)
                .and_then(|s| s.chars().next())
                .map(String::from)
                .unwrap_or_default(),
        };
        let what = match self.what {
            What::String => "string literal",
            What::QuotedIdentifier => "quoted identifier",
            What::DollarQuote => "dollar-quoted string",
            What::BlockComment => "block comment",
        };
        format!("unterminated {what}: the `{opening}` here is never closed")
    }
}

/// Does a (trimmed) line start with a statement word?
fn starts_statement(line: &str) -> bool {
    let end = line
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(line.len(), |(i, _)| i);
    crate::sql::facts::is_command_word(&line[..end])
}

/// Does sqlparser's tokenizer also find `text[from..to]` unterminated? The
/// scanner's rules and the tokenizer's can differ on exotic quoting (an
/// Oracle `q'[…]'`); only a construct both see as unclosed is an error.
pub(super) fn confirmed(parser: &dyn ParserDialect, text: &str, from: usize, to: usize) -> bool {
    let Some(slice) = text.get(from..to) else {
        return false;
    };
    Tokenizer::new(parser, slice).tokenize().is_err()
}

/// Where splitting resumes after a construct opened at `open` that never
/// closes: the start of the first line after `open`'s line that starts a
/// statement (see the module docs), or the end of the text. `any_line`: a
/// statement line needs no `;` line before it; `boundary(trimmed_line)`:
/// is this line a client boundary?
pub(super) fn resume_at(
    text: &str,
    open: usize,
    any_line: bool,
    boundary: impl Fn(&str) -> bool,
) -> usize {
    let Some(first_break) = text.get(open..).and_then(|s| s.find('\n')) else {
        return text.len();
    };
    let mut line_start = open + first_break + 1;
    // the opening's own line counts as the line before the first candidate:
    // it ends a statement when it ends in `;`, or when the construct opens
    // right after one (`VACUUM t; /* …`)
    let line_begin = text
        .get(..open)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let ends = |s: Option<&str>| s.is_some_and(|s| s.trim_end().ends_with(';'));
    let mut prev_ends_statement = ends(text.get(..line_start)) || ends(text.get(line_begin..open));
    while line_start < text.len() {
        let rest = &text[line_start..];
        let eol = rest.find('\n').map_or(rest.len(), |i| i);
        let trimmed = rest[..eol].trim();
        if !trimmed.is_empty() {
            if boundary(trimmed) || ((any_line || prev_ends_statement) && starts_statement(trimmed))
            {
                return line_start;
            }
            prev_ends_statement = trimmed.ends_with(';');
        }
        line_start += eol + 1;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_at_the_next_statement_after_a_semicolon_line() {
        let text = "DROP INDEX \"idx;\nDROP TABLE users;\nTRUNCATE orders;\n";
        assert_eq!(resume_at(text, 11, false, |_| false), 17);
        // a continuation line is not a statement of its own
        let text = "CREATE VIEW v AS SELECT 'a\nFROM t\nSELECT 1;\nDROP TABLE x;\n";
        let at = resume_at(text, 24, false, |_| false);
        assert_eq!(&text[at..], "DROP TABLE x;\n");
        // T-SQL: any statement line
        assert_eq!(
            &text[resume_at(text, 24, true, |_| false)..],
            "SELECT 1;\nDROP TABLE x;\n"
        );
        // none: to the end
        assert_eq!(resume_at("SELECT 'a\nb c\n", 7, false, |_| false), 14);
        assert_eq!(resume_at("SELECT 'a", 7, false, |_| false), 9);
    }

    #[test]
    fn messages_name_the_opening() {
        let text = "SELECT $fn$ body";
        let u = Unterminated {
            at: 7,
            what: What::DollarQuote,
        };
        assert_eq!(
            u.message(text),
            "unterminated dollar-quoted string: the `$fn$` here is never closed"
        );
        let u = Unterminated {
            at: 0,
            what: What::QuotedIdentifier,
        };
        assert!(u.message("\"x").contains("the `\"` here"));
    }
}
