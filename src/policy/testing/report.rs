//! The human and JSON renderings of a [`TestReport`].

use std::fmt::Write as _;
use std::time::Duration;

use super::{Outcome, TestReport, TestResult};

impl TestReport {
    /// Plain text like `opa test`: the failures and errors (every test with
    /// `verbose`) under their file's name, each with its time; with
    /// `verbose`, what a failing test saw (its value and its `print()`
    /// output); then the totals (`PASS: 12/12`) and the coverage.
    pub fn render_with(&self, verbose: bool) -> String {
        let mut out = String::new();
        if verbose {
            self.syntax_lines(&mut out);
        }
        let mut file: Option<&str> = None;
        for r in &self.results {
            let shown = verbose || matches!(r.outcome, Outcome::Fail | Outcome::Error(_));
            if !shown {
                continue;
            }
            if file != Some(r.file.as_str()) {
                if file.is_some() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}:", r.file);
                file = Some(&r.file);
            }
            result_lines(&mut out, r, verbose);
        }
        let total = self.results.len();
        if total == 0 {
            out.push_str("no tests found\n");
            return out;
        }
        if !out.is_empty() {
            out.push_str(&"-".repeat(80));
            out.push('\n');
        }
        self.totals(&mut out);
        if let Some(c) = &self.coverage {
            out.push_str(&c.render());
        }
        out
    }

    /// The files read and the Rego syntax of each: an old-style file
    /// (`deny[msg] { … }`) is read as v0 when v1 refuses it, as OPA reads
    /// it with `--v0-compatible`.
    fn syntax_lines(&self, out: &mut String) {
        if self.syntax.is_empty() {
            return;
        }
        out.push_str("policies read:\n");
        for (file, syntax) in &self.syntax {
            let _ = writeln!(out, "  {file} (Rego {})", syntax.name());
        }
        out.push('\n');
    }

    /// [`TestReport::render_with`] without `verbose`.
    pub fn render(&self) -> String {
        self.render_with(false)
    }

    fn totals(&self, out: &mut String) {
        let total = self.results.len();
        let lines = [
            ("PASS", self.count(|o| *o == Outcome::Pass)),
            ("FAIL", self.count(|o| *o == Outcome::Fail)),
            ("ERROR", self.count(|o| matches!(o, Outcome::Error(_)))),
            ("SKIPPED", self.count(|o| *o == Outcome::Skip)),
        ];
        for (i, (label, n)) in lines.into_iter().enumerate() {
            if i == 0 || n > 0 {
                let _ = writeln!(out, "{label}: {n}/{total}");
            }
        }
    }

    /// The report as JSON: `{"passed", "total", "pass", "fail", "error",
    /// "skipped", "results": [{kind: "rego"|"fixture", package, name, file, line, outcome:
    /// "pass"|"fail"|"error"|"skipped", message, value, prints,
    /// duration_ms}], "coverage"?}`.
    pub fn to_json(&self) -> serde_json::Value {
        let results: Vec<serde_json::Value> = self.results.iter().map(result_json).collect();
        let mut doc = serde_json::json!({
            "passed": self.passed(),
            "total": self.results.len(),
            "pass": self.count(|o| *o == Outcome::Pass),
            "fail": self.count(|o| *o == Outcome::Fail),
            "error": self.count(|o| matches!(o, Outcome::Error(_))),
            "skipped": self.count(|o| *o == Outcome::Skip),
            "results": results,
        });
        if let Some(c) = &self.coverage {
            doc["coverage"] = c.to_json();
        }
        doc["syntax"] = self
            .syntax
            .iter()
            .map(|(file, s)| (file.clone(), serde_json::Value::from(s.name())))
            .collect::<serde_json::Map<_, _>>()
            .into();
        doc
    }
}

/// `data.p.test_x: FAIL (1.2ms)` and what follows it.
fn result_lines(out: &mut String, r: &TestResult, verbose: bool) {
    let time = match r.outcome {
        Outcome::Skip => String::new(),
        _ => format!(" ({})", duration(r.duration)),
    };
    let _ = writeln!(out, "{}: {}{time}", r.full_name(), r.outcome.label());
    match &r.outcome {
        Outcome::Pass | Outcome::Skip => {}
        Outcome::Fail => {
            let _ = writeln!(out, "  at {}:{}", r.file, r.line);
            for d in &r.diff {
                let _ = writeln!(out, "  {d}");
            }
            if verbose && let Some(v) = &r.value {
                let _ = writeln!(out, "  value: {v}");
            }
            if verbose {
                for line in &r.saw {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
        Outcome::Error(msg) => {
            let _ = writeln!(out, "  {msg}");
        }
    }
    if verbose && !r.prints.is_empty() && r.outcome != Outcome::Pass {
        out.push_str("  print:\n");
        for p in &r.prints {
            for line in p.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
}

fn result_json(r: &TestResult) -> serde_json::Value {
    let (outcome, message) = match &r.outcome {
        Outcome::Pass => ("pass", None),
        Outcome::Fail => ("fail", None),
        Outcome::Error(m) => ("error", Some(m.clone())),
        Outcome::Skip => ("skipped", None),
    };
    let kind = if r.package.is_empty() {
        "fixture"
    } else {
        "rego"
    };
    serde_json::json!({
        "kind": kind,
        "package": r.package,
        "name": r.name,
        "file": r.file,
        "line": r.line,
        "outcome": outcome,
        "message": message,
        "value": r.value,
        "prints": r.prints,
        "saw": r.saw,
        "diff": r.diff,
        "duration_ms": r.duration.as_secs_f64() * 1000.0,
    })
}

/// A test's time as `opa test` shows it: `812µs`, `1.2ms`, `2.35s`.
pub(crate) fn duration(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0}µs")
    } else if us < 1e6 {
        format!("{:.1}ms", us / 1000.0)
    } else {
        format!("{:.2}s", us / 1e6)
    }
}
