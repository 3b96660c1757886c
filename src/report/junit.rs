//! `--format junit`: JUnit XML as Jenkins, GitLab and Harness show test
//! reports. A test suite per changelog file (per folder for a folder of
//! migrations), a test case per proposed changeset, a `<failure>` per
//! finding that fails the gate; warnings and waived findings in the test
//! case's `<system-out>`; input and policy errors as `<error>`s of a
//! `schemagate` suite.
//!
//! Written with a small escaping function rather than an XML crate: the
//! document is a fixed, three-level shape, and `schemagate test --format
//! junit` already writes its XML the same way.

use std::collections::HashMap;
use std::fmt::Write;

use super::place::{Located, Paths, Place, located, problem_place};
use super::{JudgedChangeset, Outcome, failing};

/// Text for an XML attribute or element: markup characters escaped, line
/// breaks and tabs as character references (an attribute keeps them), and
/// characters XML 1.0 cannot hold dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One test case: a changeset and the findings about it.
struct Case<'a> {
    name: String,
    file: Option<Place>,
    findings: Vec<&'a Located<'a>>,
}

/// One test suite: a changelog file or migration folder.
struct Suite<'a> {
    name: String,
    cases: Vec<Case<'a>>,
}

fn case_name(cs: &JudgedChangeset, place: &Place) -> String {
    if cs.folder.is_some() {
        // a migration: its file name says more than the version
        place
            .file
            .rsplit('/')
            .next()
            .unwrap_or(&place.file)
            .to_string()
    } else {
        match &cs.author {
            Some(a) if !a.is_empty() => format!("{}::{a}", cs.id),
            _ => cs.id.clone(),
        }
    }
}

/// The suites and cases of the proposed changesets, each finding put in the
/// case of the changeset holding it (by position, else by id); findings of
/// no changeset in a `schemagate` suite.
fn suites<'a>(outcome: &Outcome, paths: &Paths, located: &'a [Located<'a>]) -> Vec<Suite<'a>> {
    let names = paths.names(&outcome.sources);
    let mut suites: Vec<Suite<'a>> = Vec::new();
    let mut suite_of: HashMap<String, usize> = HashMap::new();
    // each changeset with the (suite, case) it became
    let mut cases: Vec<(&JudgedChangeset, usize, usize)> = Vec::new();
    for cs in &outcome.changesets {
        let place = Place::of(cs.span, &outcome.sources, &names);
        let suite = match &cs.folder {
            Some(dir) => paths.relative(dir, &crate::span::display_name(dir)),
            None => place.file.clone(),
        };
        let case = Case {
            name: case_name(cs, &place),
            file: Some(place),
            findings: Vec::new(),
        };
        let si = *suite_of.entry(suite.clone()).or_insert_with(|| {
            suites.push(Suite {
                name: suite,
                cases: Vec::new(),
            });
            suites.len() - 1
        });
        if let Some(s) = suites.get_mut(si) {
            s.cases.push(case);
            cases.push((cs, si, s.cases.len() - 1));
        }
    }
    // the cases of each file, and the first case of each id
    let mut in_file: HashMap<crate::span::FileId, Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, (cs, ..)) in cases.iter().enumerate() {
        in_file.entry(cs.span.file).or_default().push(i);
        by_id.entry(cs.id.as_str()).or_insert(i);
    }
    let mut other: Vec<&'a Located<'a>> = Vec::new();
    for l in located {
        let f = l.finding;
        let within = f.span.and_then(|s| {
            in_file.get(&s.file)?.iter().find(|i| {
                cases
                    .get(**i)
                    .is_some_and(|(cs, ..)| cs.span.start <= s.start && s.end <= cs.span.end)
            })
        });
        let by_id = || f.changeset.as_deref().and_then(|id| by_id.get(id));
        let found = within.or_else(by_id).and_then(|i| cases.get(*i));
        let case =
            found.and_then(|(_, si, ci)| suites.get_mut(*si).and_then(|s| s.cases.get_mut(*ci)));
        match case {
            Some(case) => case.findings.push(l),
            None => other.push(l),
        }
    }
    if !other.is_empty() {
        suites.push(Suite {
            name: "schemagate".to_string(),
            cases: vec![Case {
                name: "proposal".to_string(),
                file: None,
                findings: other,
            }],
        });
    }
    suites
}

/// `rule: message` and where, as a failure's text.
fn detail(l: &Located<'_>) -> String {
    let f = l.finding;
    let mut text = format!("{} {}: {}", f.severity.name(), f.rule, f.message);
    if let Some(p) = &l.place {
        let _ = write!(text, "\nat {p}");
    }
    if let Some(h) = &f.help {
        let _ = write!(text, "\nhelp: {h}");
    }
    if let Some(w) = &f.waived {
        let _ = write!(
            text,
            "\nwaived at {}:{}: {}",
            w.file,
            w.line,
            w.reason.as_deref().unwrap_or("no reason given")
        );
    }
    text
}

fn write_case(out: &mut String, outcome: &Outcome, suite: &str, case: &Case<'_>) {
    let at = case.file.as_ref().map_or_else(String::new, |p| {
        format!(" file=\"{}\" line=\"{}\"", escape(&p.file), p.line)
    });
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"{at}",
        escape(&case.name),
        escape(suite)
    );
    let (fails, notes): (Vec<&&Located<'_>>, Vec<&&Located<'_>>) = case
        .findings
        .iter()
        .partition(|l| failing(outcome, l.finding));
    if fails.is_empty() && notes.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    for l in &fails {
        let f = l.finding;
        let at = l
            .place
            .as_ref()
            .map_or_else(String::new, |p| format!(" at {p}"));
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            escape(&f.rule),
            escape(&format!("{}: {}{at}", f.rule, f.message)),
            escape(&detail(l))
        );
    }
    if !notes.is_empty() {
        let text: Vec<String> = notes.iter().map(|l| detail(l)).collect();
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&text.join("\n\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

fn failures(outcome: &Outcome, cases: &[Case<'_>]) -> usize {
    cases
        .iter()
        .flat_map(|c| &c.findings)
        .filter(|l| failing(outcome, l.finding))
        .count()
}

pub fn render(outcome: &Outcome, paths: &Paths) -> String {
    let located = located(outcome, paths);
    let suites = suites(outcome, paths, &located);
    let names = paths.names(&outcome.sources);
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum::<usize>()
        + usize::from(!outcome.problems.is_empty());
    let failed: usize = suites.iter().map(|s| failures(outcome, &s.cases)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"schemagate\" tests=\"{tests}\" failures=\"{failed}\" errors=\"{}\">",
        outcome.problems.len()
    );
    for s in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            escape(&s.name),
            s.cases.len(),
            failures(outcome, &s.cases)
        );
        for case in &s.cases {
            write_case(&mut out, outcome, &s.name, case);
        }
        out.push_str("  </testsuite>\n");
    }
    if !outcome.problems.is_empty() {
        // what could not be analyzed: never a green report
        let _ = writeln!(
            out,
            "  <testsuite name=\"schemagate\" tests=\"1\" failures=\"0\" errors=\"{}\" skipped=\"0\">",
            outcome.problems.len()
        );
        out.push_str("    <testcase name=\"analysis\" classname=\"schemagate\">\n");
        for p in &outcome.problems {
            let at = problem_place(p, &outcome.sources, &names, paths)
                .map_or_else(String::new, |p| format!(" at {p}"));
            let kind = match p.kind {
                crate::error::ProblemKind::Input => "input",
                crate::error::ProblemKind::Policy => "policy",
            };
            let _ = writeln!(
                out,
                "      <error type=\"{kind}\" message=\"{}\">{}</error>",
                escape(&format!("{}{at}", p.message)),
                escape(&format!("{kind} error{at}: {}", p.message))
            );
        }
        out.push_str("    </testcase>\n  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_line_breaks_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\n\te\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;&#9;e"
        );
    }
}
