//! JUnit XML of a test run, as Jenkins and GitLab read it: one
//! `<testsuite>` per test file, one `<testcase>` per test with its time in
//! seconds, and `<failure>`, `<error>` or `<skipped>` inside it.

use std::fmt::Write as _;

use super::{Outcome, TestReport, TestResult};

impl TestReport {
    /// The report as a JUnit XML document.
    pub fn to_junit(&self) -> String {
        let mut suites: Vec<(&str, Vec<&TestResult>)> = Vec::new();
        for r in &self.results {
            match suites.last_mut() {
                Some((file, tests)) if *file == r.file => tests.push(r),
                _ => suites.push((&r.file, vec![r])),
            }
        }
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"schemagate test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
            self.results.len(),
            self.count(|o| *o == Outcome::Fail),
            self.count(|o| matches!(o, Outcome::Error(_))),
            self.count(|o| *o == Outcome::Skip),
            secs(self.results.iter().map(|r| r.duration).sum()),
        );
        for (file, tests) in suites {
            suite(&mut out, file, &tests);
        }
        out.push_str("</testsuites>\n");
        out
    }
}

fn suite(out: &mut String, file: &str, tests: &[&TestResult]) {
    let count = |f: &dyn Fn(&Outcome) -> bool| tests.iter().filter(|r| f(&r.outcome)).count();
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">",
        escape(file),
        tests.len(),
        count(&|o| *o == Outcome::Fail),
        count(&|o| matches!(o, Outcome::Error(_))),
        count(&|o| *o == Outcome::Skip),
        secs(tests.iter().map(|r| r.duration).sum()),
    );
    for r in tests {
        case(out, r);
    }
    out.push_str("  </testsuite>\n");
}

fn case(out: &mut String, r: &TestResult) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"{}\"",
        escape(&r.name),
        escape(&classname(r)),
        escape(&r.file),
        r.line,
        secs(r.duration),
    );
    let body = match &r.outcome {
        Outcome::Pass => None,
        Outcome::Skip => Some("      <skipped message=\"todo test\"/>\n".to_string()),
        Outcome::Fail => {
            let value = r.value.as_deref().unwrap_or("false");
            let mut text = format!("{}:{}: evaluated to {value}", r.file, r.line);
            for p in r.diff.iter().chain(&r.saw).chain(&r.prints) {
                text.push('\n');
                text.push_str(p);
            }
            Some(format!(
                "      <failure message=\"{}\" type=\"fail\">{}</failure>\n",
                escape(&format!("evaluated to {value}")),
                escape(&text)
            ))
        }
        Outcome::Error(msg) => Some(format!(
            "      <error message=\"{}\" type=\"error\">{}</error>\n",
            escape(msg),
            escape(msg)
        )),
    };
    match body {
        None => out.push_str("/>\n"),
        Some(b) => {
            out.push_str(">\n");
            out.push_str(&b);
            out.push_str("    </testcase>\n");
        }
    }
}

/// `data.<package>`, or `fixtures` for a fixture case.
fn classname(r: &TestResult) -> String {
    if r.package.is_empty() {
        "fixtures".to_string()
    } else {
        format!("data.{}", r.package)
    }
}

fn secs(d: std::time::Duration) -> String {
    format!("{:.6}", d.as_secs_f64())
}

/// Text for an XML attribute or element: markup characters escaped and
/// characters XML 1.0 cannot hold dropped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
