//! Lexical pass: cuts a text into pieces at client-side boundaries (`GO`,
//! `/`, `DELIMITER`, `endDelimiter`, psql meta-commands) and procedural
//! units, skipping strings, quoted identifiers, comments, dollar quotes and
//! `COPY … FROM stdin` data whole so nothing inside them is mistaken for a
//! boundary. Splitting on `;` is left to sqlparser.

use std::ops::Range;

use sqlparser::dialect::Dialect as ParserDialect;

use super::compound::Compound;
use super::directives::{
    EndDelimiter, delimiter_command, end_delimiter, has_slash_line, is_go, is_sqlplus_command,
};
use super::lexical;
use super::units::{self, Family};
use super::unterminated::{self, Unterminated, What};
use crate::dialect::Dialect;
use crate::source::SplitOptions;

pub(super) enum Kind {
    /// Any number of `;`-separated statements.
    Statements,
    /// One statement, whatever `;`s it holds.
    Block { keep_semicolon: bool },
    /// A line run by the client tool itself (a psql meta-command, a
    /// SQL*Plus command), named here.
    Client(&'static str),
}

pub(super) struct Piece {
    pub range: Range<usize>,
    pub kind: Kind,
    /// `Statements`: just after each `;` that ends a statement at the top
    /// level (outside parentheses, units and `COPY` data), where the piece
    /// may be cut into parts parsed on their own.
    pub cuts: Vec<usize>,
    /// `COPY … FROM stdin` data in the piece: never parsed, so it does not
    /// count towards a statement's size.
    pub payloads: Vec<Range<usize>>,
    /// The piece ends inside a construct that is never closed (it ends
    /// where splitting resumes after it).
    pub unterminated: Option<Unterminated>,
}

/// How the boundary-making lines and delimiters of a text look.
struct Rules<'d> {
    parser: &'d dyn ParserDialect,
    family: Family,
    go_lines: bool,
    slash_lines: bool,
    psql_meta: bool,
    /// SQL*Plus command lines (`PROMPT`, `SET DEFINE OFF`, `@script`, …).
    sqlplus: bool,
    hash_comments: bool,
    backslash_escapes: bool,
    dollar_quotes: bool,
    nested_comments: bool,
    bracket_identifiers: bool,
    copy_stdin: bool,
    postgres_strings: bool,
    /// A procedural unit runs to the end of its batch (SQL*Plus `/`, T-SQL
    /// `GO`) even without a custom delimiter.
    units_to_batch_end: bool,
    /// `endDelimiter` that must stand alone on its line.
    line_delimiter: Option<String>,
    /// `endDelimiter` matched anywhere outside strings and comments.
    literal_delimiter: Option<String>,
    /// `splitStatements: false`.
    whole: bool,
    /// Statements need no `;` between them (T-SQL).
    semicolon_optional: bool,
}

impl<'d> Rules<'d> {
    fn new(
        text: &str,
        dialect: Dialect,
        parser: &'d dyn ParserDialect,
        opts: &SplitOptions,
    ) -> Self {
        let family = Family::of(dialect);
        let (mut line_delimiter, mut literal_delimiter) = (None, None);
        let mut go_lines = matches!(dialect, Dialect::Sqlserver | Dialect::Generic);
        let mut slash_lines = matches!(
            dialect,
            Dialect::Oracle | Dialect::Db2 | Dialect::H2 | Dialect::Generic
        );
        match opts.end_delimiter.as_deref().map(end_delimiter) {
            Some(EndDelimiter::Go) => go_lines = true,
            Some(EndDelimiter::Slash) => slash_lines = true,
            Some(EndDelimiter::Line(s)) => line_delimiter = Some(s),
            Some(EndDelimiter::Literal(s)) => literal_delimiter = Some(s),
            None => {}
        }
        Rules {
            parser,
            family,
            go_lines,
            slash_lines,
            psql_meta: matches!(
                dialect,
                Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift | Dialect::Generic
            ),
            sqlplus: dialect == Dialect::Oracle,
            hash_comments: parser.supports_hash_comment(),
            backslash_escapes: parser.supports_string_literal_backslash_escape(),
            dollar_quotes: !parser.supports_dollar_placeholder(),
            nested_comments: parser.supports_nested_comments(),
            bracket_identifiers: parser.is_delimited_identifier_start('['),
            copy_stdin: parser.supports_copy_from_stdin_data(),
            postgres_strings: family == Family::Postgres,
            // a Liquibase endDelimiter bounds every batch; so do `/` lines in a
            // DB2/H2/generic script that uses them
            units_to_batch_end: matches!(dialect, Dialect::Oracle | Dialect::Sqlserver)
                || opts.end_delimiter.is_some()
                || (slash_lines && has_slash_line(text)),
            line_delimiter,
            literal_delimiter,
            whole: !opts.split_statements,
            semicolon_optional: dialect == Dialect::Sqlserver,
        }
    }

    /// A `GO`, `/` or `endDelimiter` line (trimmed) ending a batch.
    fn is_boundary_line(&self, trimmed: &str) -> bool {
        (self.go_lines && is_go(trimmed))
            || (self.slash_lines && trimmed == "/")
            || self.line_delimiter.as_deref() == Some(trimmed)
    }
}

/// Per-statement lexical state.
#[derive(Default)]
struct Stmt {
    /// Something other than whitespace and comments was seen.
    content: bool,
    first_word_copy: bool,
    prev_word_from: bool,
    from_stdin: bool,
    depth: u32,
}

struct Scanner<'t, 'd> {
    text: &'t str,
    bytes: &'t [u8],
    /// Where the text proper starts (after a BOM).
    text_start: usize,
    rules: Rules<'d>,
    pos: usize,
    piece_start: usize,
    pieces: Vec<Piece>,
    /// The custom delimiter in force (`DELIMITER`, literal `endDelimiter`).
    delimiter: Option<String>,
    stmt: Stmt,
    /// Inside a procedural unit: it runs to the next boundary.
    in_unit: bool,
    /// Inside a MySQL compound statement with no custom delimiter: it runs
    /// to the `;` after its closing `END`.
    compound: Option<Compound>,
    /// Where the last word ended, when it was the `E` of a Postgres `E'…'`
    /// string (whose backslashes escape).
    escape_prefix_end: Option<usize>,
    /// The current piece's [`Piece::cuts`] and [`Piece::payloads`].
    cuts: Vec<usize>,
    payloads: Vec<Range<usize>>,
    /// Set when a construct is found unterminated; taken by the next flush.
    unterminated: Option<Unterminated>,
    /// Unterminated constructs found so far.
    resumed: usize,
}

/// Cuts `text` into pieces.
pub(super) fn pieces(
    text: &str,
    dialect: Dialect,
    parser: &dyn ParserDialect,
    opts: &SplitOptions,
) -> Vec<Piece> {
    let rules = Rules::new(text, dialect, parser, opts);
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        text_start: start,
        delimiter: rules.literal_delimiter.clone(),
        rules,
        pos: start,
        piece_start: start,
        pieces: Vec::new(),
        stmt: Stmt::default(),
        in_unit: false,
        compound: None,
        escape_prefix_end: None,
        cuts: Vec::new(),
        payloads: Vec::new(),
        unterminated: None,
        resumed: 0,
    };
    s.run();
    s.flush(text.len());
    s.pieces
}

enum Line {
    Boundary,
    Delimiter(Option<String>),
    Client(&'static str, Range<usize>),
}

impl Scanner<'_, '_> {
    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            if self.at_line_start() && self.line_directive() {
                continue;
            }
            if self.delimiter_here() {
                continue;
            }
            let b = self.bytes[self.pos];
            let open = self.pos;
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                b'-' if self.peek(1) == Some(b'-') => self.skip_line_comment(),
                b'#' if self.rules.hash_comments => self.skip_line_comment(),
                b'/' if self.peek(1) == Some(b'*') => {
                    if !self.skip(lexical::block_comment_end(
                        self.bytes,
                        open,
                        self.rules.nested_comments,
                    )) && !self.rules.parser.supports_unterminated_block_comments()
                    {
                        self.unterminated_at(open, What::BlockComment, false);
                    }
                }
                b'/' if self.in_unit && self.slash_after_semicolon() => {}
                b'\'' => {
                    let escapes = self.rules.backslash_escapes
                        || (self.rules.postgres_strings
                            && self.escape_prefix_end == Some(self.pos));
                    self.content();
                    let prefixed = self.escape_prefix_end == Some(self.pos);
                    if !self.skip(lexical::quoted_end(self.bytes, open, b'\'', escapes)) {
                        self.unterminated_at(open, What::String, prefixed);
                    }
                }
                b'"' => {
                    self.content();
                    if !self.skip(lexical::quoted_end(
                        self.bytes,
                        open,
                        b'"',
                        self.rules.backslash_escapes,
                    )) {
                        self.unterminated_at(open, What::QuotedIdentifier, false);
                    }
                }
                b'`' => {
                    self.content();
                    if !self.skip(lexical::quoted_end(self.bytes, open, b'`', false)) {
                        self.unterminated_at(open, What::QuotedIdentifier, false);
                    }
                }
                b'[' if self.rules.bracket_identifiers => {
                    self.content();
                    if !self.skip(lexical::quoted_end(self.bytes, open, b']', false)) {
                        self.unterminated_at(open, What::QuotedIdentifier, false);
                    }
                }
                b'$' if self.rules.dollar_quotes => {
                    self.content();
                    if !self.skip(lexical::dollar_end(self.text, open)) {
                        self.unterminated_at(open, What::DollarQuote, false);
                    }
                }
                b';' => self.semicolon(),
                b'(' => {
                    self.content();
                    self.stmt.depth += 1;
                    self.stmt.prev_word_from = false;
                    self.pos += 1;
                }
                b')' => {
                    self.content();
                    self.stmt.depth = self.stmt.depth.saturating_sub(1);
                    self.stmt.prev_word_from = false;
                    self.pos += 1;
                }
                _ => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or(' ');
                    if self.is_word_char(ch) {
                        self.word();
                    } else {
                        self.content();
                        self.stmt.prev_word_from = false;
                        self.pos += ch.len_utf8();
                    }
                }
            }
        }
    }

    fn peek(&self, n: usize) -> Option<u8> {
        self.bytes.get(self.pos + n).copied()
    }

    fn at_line_start(&self) -> bool {
        // the first line starts after a BOM
        self.pos == self.text_start || self.bytes.get(self.pos.wrapping_sub(1)) == Some(&b'\n')
    }

    fn is_word_char(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || self.rules.parser.is_identifier_part(ch)
    }

    /// Marks the statement as started; at its first token, checks whether a
    /// procedural unit begins here.
    fn content(&mut self) {
        if self.stmt.content {
            return;
        }
        if !self.in_unit
            && self.units_enabled()
            && units::starts_unit(self.text, self.pos, self.rules.family)
        {
            self.flush(self.pos);
            self.in_unit = true;
        } else if !self.in_unit
            && self.rules.family == Family::Mysql
            && units::starts_unit(self.text, self.pos, self.rules.family)
        {
            self.flush(self.pos);
            self.in_unit = true;
            self.compound = Some(Compound::default());
        }
        self.stmt.content = true;
    }

    fn units_enabled(&self) -> bool {
        self.rules.family != Family::Postgres
            && (self.rules.units_to_batch_end || self.delimiter.is_some() || self.rules.whole)
    }

    /// Ends the current piece at `end` and starts the next one there.
    fn flush(&mut self, end: usize) {
        let start = self.piece_start;
        self.piece_start = end;
        self.compound = None;
        let kind = if std::mem::take(&mut self.in_unit) {
            Kind::Block {
                keep_semicolon: self.rules.family == Family::Oracle,
            }
        } else {
            Kind::Statements
        };
        let has_text = self
            .text
            .get(start..end)
            .is_some_and(|s| !s.trim().is_empty());
        let (cuts, payloads) = (
            std::mem::take(&mut self.cuts),
            std::mem::take(&mut self.payloads),
        );
        let unterminated = self.unterminated.take();
        if has_text {
            self.pieces.push(Piece {
                range: start..end,
                kind,
                cuts,
                payloads,
                unterminated,
            });
        }
        self.stmt = Stmt::default();
    }

    /// A boundary line at `self.pos`: handles it and returns true.
    fn line_directive(&mut self) -> bool {
        let line_start = self.pos;
        let eol = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let next = (eol + 1).min(self.text.len());
        let line = &self.text[line_start..eol];
        let trimmed = line.trim();
        let directive = if trimmed.is_empty() {
            None
        } else if self.rules.is_boundary_line(trimmed) {
            Some(Line::Boundary)
        } else if self.rules.psql_meta && trimmed.starts_with('\\') {
            let start = line_start + (line.len() - line.trim_start().len());
            Some(Line::Client(
                "psql meta-command",
                start..start + trimmed.len(),
            ))
        } else if !self.stmt.content && !self.in_unit {
            if self.rules.sqlplus && is_sqlplus_command(trimmed) {
                let start = line_start + (line.len() - line.trim_start().len());
                Some(Line::Client(
                    "SQL*Plus command",
                    start..start + trimmed.len(),
                ))
            } else {
                delimiter_command(trimmed).map(Line::Delimiter)
            }
        } else {
            None
        };
        let Some(directive) = directive else {
            return false;
        };
        self.flush(line_start);
        match directive {
            Line::Boundary => {}
            Line::Delimiter(d) => self.delimiter = d,
            Line::Client(what, range) => self.pieces.push(Piece {
                range,
                kind: Kind::Client(what),
                cuts: Vec::new(),
                payloads: Vec::new(),
                unterminated: None,
            }),
        }
        self.pos = next;
        self.piece_start = next;
        true
    }

    /// The custom delimiter at `self.pos`: ends the piece, returns true.
    fn delimiter_here(&mut self) -> bool {
        let Some(d) = self.delimiter.as_deref() else {
            return false;
        };
        if d.is_empty() || !self.text[self.pos..].starts_with(d) {
            return false;
        }
        let after = self.pos + d.len();
        self.flush(self.pos);
        self.pos = after;
        self.piece_start = after;
        true
    }

    /// PL/SQL written `END;/` or `END; /` at a line end: the `/` ends the
    /// unit like a `/` line would.
    fn slash_after_semicolon(&mut self) -> bool {
        if self.rules.family != Family::Oracle {
            return false;
        }
        let before = self.text[..self.pos].trim_end_matches([' ', '\t']);
        let eol = self.text[self.pos + 1..]
            .find('\n')
            .map_or(self.text.len(), |i| self.pos + 1 + i);
        if !before.ends_with(';') || !self.text[self.pos + 1..eol].trim().is_empty() {
            return false;
        }
        self.flush(self.pos);
        self.pos = (eol + 1).min(self.text.len());
        self.piece_start = self.pos;
        true
    }

    fn semicolon(&mut self) {
        if self
            .compound
            .as_ref()
            .is_some_and(Compound::ends_at_semicolon)
        {
            self.compound = None;
            self.flush(self.pos);
            self.pos += 1;
            self.piece_start = self.pos;
            return;
        }
        self.pos += 1;
        if self.in_unit {
            return;
        }
        let copy = self.rules.copy_stdin && self.stmt.first_word_copy && self.stmt.from_stdin;
        let top_level = self.stmt.depth == 0 && self.compound.is_none();
        self.stmt = Stmt::default();
        if copy {
            let data = self.pos;
            self.skip_copy_data();
            self.payloads.push(data..self.pos);
        } else if top_level {
            self.cuts.push(self.pos);
        }
    }

    /// `COPY … FROM stdin;` data runs from the line after the `;` to a `\.`
    /// line or the end (as sqlparser's tokenizer reads it); the rest of the
    /// `;` line holds no boundary and is skipped with it.
    fn skip_copy_data(&mut self) {
        let Some(nl) = self.text[self.pos..].find('\n') else {
            return;
        };
        let mut p = self.pos + nl + 1;
        while p < self.text.len() {
            let eol = self.text[p..].find('\n').map_or(self.text.len(), |i| p + i);
            let line = &self.text[p..eol];
            let line = line.strip_suffix('\r').unwrap_or(line);
            p = (eol + 1).min(self.text.len());
            if line == "\\." {
                break;
            }
        }
        self.pos = p;
    }

    fn word(&mut self) {
        let start = self.pos;
        let mut end = self.pos;
        for (i, ch) in self.text[start..].char_indices() {
            if !self.is_word_char(ch) {
                break;
            }
            if i > 0 && self.delimiter_starts_at(start + i) {
                break;
            }
            end = start + i + ch.len_utf8();
        }
        let first = !self.stmt.content;
        self.content();
        let word = &self.text[start..end];
        if let Some(c) = &mut self.compound {
            c.word(word);
        }
        if first && word.eq_ignore_ascii_case("copy") {
            self.stmt.first_word_copy = true;
        }
        if self.stmt.prev_word_from && self.stmt.depth == 0 && word.eq_ignore_ascii_case("stdin") {
            self.stmt.from_stdin = true;
        }
        self.stmt.prev_word_from = word.eq_ignore_ascii_case("from");
        self.escape_prefix_end = (word.eq_ignore_ascii_case("e")).then_some(end);
        self.pos = end.max(start + 1);
    }

    fn delimiter_starts_at(&self, at: usize) -> bool {
        self.delimiter
            .as_deref()
            .is_some_and(|d| !d.is_empty() && self.text[at..].starts_with(d))
    }

    fn skip_line_comment(&mut self) {
        self.pos = self.text[self.pos..]
            .find('\n')
            .map_or(self.text.len(), |i| self.pos + i);
    }

    /// Moves past a construct ending at `end` (see `lexical`); false when
    /// it is never closed.
    fn skip(&mut self, (end, closed): (usize, bool)) -> bool {
        self.pos = end.max(self.pos + 1).min(self.bytes.len());
        self.stmt.prev_word_from = false;
        closed
    }

    /// A construct opened at `open` was never closed (the scanner is now at
    /// the end of the text). When sqlparser's tokenizer agrees, the piece
    /// ends where splitting resumes (see `unterminated`) and carries the
    /// error; otherwise (quoting only one of them knows) the text runs on
    /// to the end as before.
    fn unterminated_at(&mut self, open: usize, what: What, prefixed: bool) {
        let rules = &self.rules;
        // finding a construct unclosed costs a scan to the end of the text:
        // after a few, the rest of the text is one broken statement
        let resume = if self.resumed < unterminated::MAX_RESUMES {
            unterminated::resume_at(self.text, open, rules.semicolon_optional, |l| {
                rules.is_boundary_line(l) || (rules.psql_meta && l.starts_with('\\'))
            })
        } else {
            self.text.len()
        };
        // an `E'…'` string is tokenized with its prefix
        let from = open.saturating_sub(usize::from(prefixed));
        if !unterminated::confirmed(rules.parser, self.text, from, resume) {
            return;
        }
        self.unterminated = Some(Unterminated { at: open, what });
        self.resumed += 1;
        self.flush(resume);
        self.pos = resume;
        self.piece_start = resume;
    }
}
