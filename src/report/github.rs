//! `--format github`: GitHub Actions workflow commands, which GitHub turns
//! into annotations on the pull request's lines:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//! The default format when `GITHUB_ACTIONS=true` and no `--format` is given;
//! with `$GITHUB_STEP_SUMMARY` set, the Markdown report is appended to the
//! job's summary as well ([`step_summary`]).

use std::fmt::Write;

use super::place::{Paths, Place, located, problem_place};
use super::{Outcome, human};
use crate::policy::Severity;

/// A command's message: `%`, `\r` and `\n` percent-encoded, as the runner
/// reads them (actions/toolkit `escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which end a value
/// (actions/toolkit `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(out: &mut String, kind: &str, place: Option<&Place>, title: &str, message: &str) {
    let mut props: Vec<(&str, String)> = Vec::new();
    if let Some(p) = place {
        props.push(("file", p.file.clone()));
        props.push(("line", p.line.to_string()));
        props.push(("col", p.column.to_string()));
        props.push(("endLine", p.end_line.max(p.line).to_string()));
        props.push(("endColumn", p.end_column.to_string()));
    }
    props.push(("title", title.to_string()));
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    let _ = writeln!(
        out,
        "::{kind} {}::{}",
        props.join(","),
        escape_data(message)
    );
}

/// One annotation per finding that is not waived (error, warning, notice),
/// one error per input or policy error, then the summary line.
pub fn render(outcome: &Outcome, paths: &Paths) -> String {
    let mut out = String::new();
    let names = paths.names(&outcome.sources);
    for p in &outcome.problems {
        let kind = match p.kind {
            crate::error::ProblemKind::Input => "input error",
            crate::error::ProblemKind::Policy => "policy error",
        };
        let place = problem_place(p, &outcome.sources, &names, paths);
        command(&mut out, "error", place.as_ref(), kind, &p.message);
    }
    for l in located(outcome, paths) {
        let f = l.finding;
        if f.waived.is_some() {
            continue;
        }
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let message = match &f.help {
            Some(h) => format!("{}\n\n{h}", f.message),
            None => f.message.clone(),
        };
        command(&mut out, kind, l.place.as_ref(), &f.rule, &message);
    }
    out.push_str(&human::summary(outcome));
    out.push('\n');
    out
}

/// What `$GITHUB_STEP_SUMMARY` gets: the Markdown report.
pub fn step_summary(outcome: &Outcome, paths: &Paths) -> String {
    super::markdown::render(outcome, paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_reads_them() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("db/a:b,c%\n"), "db/a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn a_command_names_the_place_and_title() {
        let mut out = String::new();
        let place = Place {
            file: "db/V2__x.sql".into(),
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 40,
        };
        command(
            &mut out,
            "error",
            Some(&place),
            "ban-drop-column",
            "drop\nit",
        );
        assert_eq!(
            out,
            "::error file=db/V2__x.sql,line=3,col=1,endLine=3,endColumn=40,title=ban-drop-column::drop%0Ait\n"
        );
    }
}
