//! `--format human`: miette's annotated source for each finding and error,
//! then a summary line.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::flood::Flood;
use super::{Outcome, exit_code};
use crate::error::{Problem, ProblemAt, ProblemKind};
use crate::policy::{Finding, Severity};
use crate::span::SourceMap;

/// `--color`: when the human report is drawn in colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (or forced on a pipe with
    /// `FORCE_COLOR`/`CLICOLOR_FORCE`).
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to draw in colour, for a stream that is (or is not) a
    /// terminal; `set(NAME)` says whether an environment variable is set
    /// (non-empty, not `0`).
    pub fn wants_color(self, terminal: bool, set: impl Fn(&str) -> bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !set("NO_COLOR") && (terminal || set("FORCE_COLOR") || set("CLICOLOR_FORCE"))
            }
        }
    }
}

/// How to draw: colours and hyperlinks only on a terminal that wants them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
    pub width: usize,
}

impl Style {
    /// Plain text: for pipes, CI logs and tests.
    pub fn plain() -> Self {
        Style {
            color: false,
            unicode: true,
            width: 100,
        }
    }

    /// Colour on a terminal unless `NO_COLOR` is set (or forced with
    /// `FORCE_COLOR`/`CLICOLOR_FORCE`): [`ColorChoice::Auto`] for standard
    /// output.
    pub fn detect() -> Self {
        use std::io::IsTerminal;
        Style::choose(ColorChoice::Auto, std::io::stdout().is_terminal())
    }

    /// The style `choice` gives a stream that is (or is not) a terminal,
    /// reading the environment for [`ColorChoice::Auto`].
    pub fn choose(choice: ColorChoice, terminal: bool) -> Self {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
        Style {
            color: choice.wants_color(terminal, set),
            ..Style::plain()
        }
    }
}

/// A file's text with its name, borrowed (miette's `NamedSource` owns).
/// Lines and columns are the report's own (`span::SourceFile::line_col`):
/// a lone `\r` ends a line (miette counts it in the header but draws it
/// inside the line, so it is handed a `\n` instead, same length), and
/// columns count characters, not bytes.
struct NamedText<'a> {
    name: &'a str,
    text: std::borrow::Cow<'a, str>,
}

impl<'a> NamedText<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        let lone_cr = text
            .bytes()
            .enumerate()
            .any(|(i, b)| b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        let text = if lone_cr {
            let mut bytes = text.as_bytes().to_vec();
            for i in 0..bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                    bytes[i] = b'\n';
                }
            }
            // an ASCII byte for an ASCII byte keeps the text UTF-8
            std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        NamedText { name, text }
    }
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        let c = text.read_span(span, before, after)?;
        // miette counts the column in bytes; the report in characters
        let column = if before == 0 {
            let at = span.offset().min(text.len());
            let line_start = text
                .get(..at)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            text.get(line_start..at)
                .map_or(c.column(), |t| t.chars().count())
        } else {
            c.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            c.data(),
            *c.span(),
            c.line(),
            column,
            c.line_count(),
        )))
    }
}

/// One finding or error as miette sees it.
struct Entry<'a> {
    message: String,
    code: Option<&'a str>,
    severity: miette::Severity,
    help: Option<&'a str>,
    source: Option<NamedText<'a>>,
    label: Option<LabeledSpan>,
}

impl fmt::Debug for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Entry<'_> {}

impl Diagnostic for Entry<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

fn source_of<'a>(sources: &'a SourceMap, span: crate::span::Span) -> (NamedText<'a>, LabeledSpan) {
    let file = sources.get(span.file);
    let label =
        LabeledSpan::new_primary_with_span(None, SourceSpan::new(span.start.into(), span.len()));
    (NamedText::new(&file.name, &file.text), label)
}

pub fn render(outcome: &Outcome, style: &Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width);
    let mut out = String::new();
    let mut draw = |entry: Entry<'_>| {
        if handler.render_report(&mut out, &entry).is_err() {
            out.push_str(&entry.message);
        }
        out.push('\n');
    };
    let mut flood = Flood::default();
    // Files named by problems that the run did not read itself (policies,
    // the configuration): read here so the report shows the line.
    let outside: Vec<Option<(String, String)>> = outcome
        .problems
        .iter()
        .map(|p| match &p.at {
            ProblemAt::Path { path, line, .. } if *line > 0 => std::fs::read_to_string(path)
                .ok()
                .map(|text| (crate::span::display_name(path), text)),
            _ => None,
        })
        .collect();
    for (p, file) in outcome.problems.iter().zip(&outside) {
        if flood.admit(p.code, Severity::Error) {
            draw(problem_entry(p, file.as_ref(), &outcome.sources));
        }
    }
    for f in outcome.findings.iter().filter(|f| f.waived.is_none()) {
        if flood.admit(Some(&f.rule), f.severity) {
            draw(finding_entry(f, &outcome.sources));
        }
    }
    out.push_str(&flood.lines());
    if let Some(note) = outcome.dialect.as_ref().and_then(|d| d.note()) {
        out.push_str(&note);
        out.push('\n');
    }
    out.push_str(&waived_lines(outcome));
    out.push_str(&summary(outcome));
    out.push('\n');
    out
}

/// A problem as miette draws it; `file`: the text of a file the run did
/// not read itself (a policy, the configuration), when the problem is in one.
fn problem_entry<'a>(
    p: &'a Problem,
    file: Option<&'a (String, String)>,
    sources: &'a SourceMap,
) -> Entry<'a> {
    let (source, label, message) = match &p.at {
        ProblemAt::Span(span) => {
            let (s, mut l) = source_of(sources, *span);
            l.set_label(Some("here".into()));
            (Some(s), Some(l), p.message.clone())
        }
        ProblemAt::Path { line, column, .. } => {
            let (name, l, c) = p.position(sources);
            let message = format!("{name}:{l}:{c}: {}", p.message);
            match file {
                Some((name, text)) => {
                    let at = crate::span::SourceFile::new(name.into(), text.clone())
                        .offset_of(*line, (*column).max(1));
                    let mut label =
                        LabeledSpan::new_primary_with_span(None, SourceSpan::new(at.into(), 0));
                    label.set_label(Some("here".into()));
                    (Some(NamedText::new(name, text)), Some(label), message)
                }
                None => (None, None, message),
            }
        }
        ProblemAt::Nowhere => (None, None, p.message.clone()),
    };
    Entry {
        message,
        code: p.code,
        severity: miette::Severity::Error,
        help: None,
        source,
        label,
    }
}

/// A finding as miette draws it.
fn finding_entry<'a>(f: &'a Finding, sources: &'a SourceMap) -> Entry<'a> {
    let (source, label) = match f.span {
        Some(span) => {
            let (s, l) = source_of(sources, span);
            (Some(s), Some(l))
        }
        None => (None, None),
    };
    let severity = match f.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    Entry {
        message: f.message.clone(),
        code: Some(&f.rule),
        severity,
        help: f.help.as_deref(),
        source,
        label,
    }
}

/// Waived findings, one line each: `waived: ban-drop-column at db/V3.sql:4
/// (inline at db/V3.sql:3: "reason")`.
fn waived_lines(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        let Some(w) = &f.waived else { continue };
        let at = f.span.map_or_else(String::new, |s| {
            let l = outcome.sources.locate(s);
            format!(" at {}:{}", l.file, l.line)
        });
        let by = match w.by {
            crate::policy::waivers::WaivedBy::Inline => "inline",
            crate::policy::waivers::WaivedBy::Config => "config",
        };
        let reason = w
            .reason
            .as_deref()
            .map_or_else(|| "no reason given".to_string(), |r| format!("\"{r}\""));
        let who = [w.owner.as_deref(), w.ticket.as_deref()]
            .into_iter()
            .flatten()
            .map(|s| format!(", {s}"))
            .collect::<String>();
        let until = w
            .expires
            .as_deref()
            .map_or_else(String::new, |d| format!(", until {d}"));
        out.push_str(&format!(
            "waived: {} {}{at} ({by} waiver at {}:{}: {reason}{who}{until})\n",
            f.severity.name(),
            f.rule,
            w.file,
            w.line
        ));
    }
    out
}

/// `✖ failed: 2 errors, 1 warning in 14 statements (3 changesets, 3 files)`,
/// or `(3 changesets proposed, 997 of history not judged, 1000 files)`.
pub fn summary(outcome: &Outcome) -> String {
    let count = |sev: Severity| {
        outcome
            .findings
            .iter()
            .filter(|f| f.severity == sev && f.waived.is_none())
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let s = &outcome.stats;
    let verdict = match exit_code(outcome) {
        0 => "✔ passed",
        1 => "✖ failed",
        _ => "✖ could not analyze everything",
    };
    let problems: Vec<String> = [
        (ProblemKind::Input, "input error"),
        (ProblemKind::Policy, "policy error"),
    ]
    .into_iter()
    .filter_map(|(kind, word)| {
        let n = outcome.problems.iter().filter(|p| p.kind == kind).count();
        (n > 0).then(|| plural(n, word))
    })
    .collect();
    // Nothing was read (a policy that does not load stops the run first):
    // no findings or statements to speak of.
    if s.files == 0 && s.statements == 0 && outcome.findings.is_empty() && !problems.is_empty() {
        return format!("{verdict}: {}", problems.join(", "));
    }
    let mut parts = problems;
    parts.push(plural(count(Severity::Error), "error"));
    parts.push(plural(count(Severity::Warning), "warning"));
    if s.waived > 0 {
        parts.push(format!("{} waived", s.waived));
    }
    if s.exceptions > 0 {
        parts.push(format!("{} excepted", s.exceptions));
    }
    // With history, say what was judged and what was only replayed.
    let changesets = if s.history_changesets > 0 {
        format!(
            "{} proposed, {} of history not judged",
            plural(s.changesets, "changeset"),
            s.history_changesets
        )
    } else {
        plural(s.changesets, "changeset")
    };
    format!(
        "{verdict}: {} in {} ({changesets}, {})",
        parts.join(", "),
        plural(s.statements, "statement"),
        plural(s.files, "file"),
    )
}

#[cfg(test)]
mod tests {
    use super::ColorChoice;

    #[test]
    fn colour_follows_the_flag_then_no_color_then_the_terminal() {
        let none = |_: &str| false;
        let no_color = |k: &str| k == "NO_COLOR";
        let forced = |k: &str| k == "FORCE_COLOR";
        let cases = [
            (
                ColorChoice::Auto,
                true,
                &none as &dyn Fn(&str) -> bool,
                true,
            ),
            (ColorChoice::Auto, false, &none, false),
            (ColorChoice::Auto, true, &no_color, false),
            (ColorChoice::Auto, false, &forced, true),
            (ColorChoice::Always, false, &no_color, true),
            (ColorChoice::Never, true, &forced, false),
        ];
        for (choice, terminal, env, expected) in cases {
            assert_eq!(
                choice.wants_color(terminal, env),
                expected,
                "{choice:?}, terminal: {terminal}"
            );
        }
    }
}
