//! A unit-test runner for Rego policies, in the manner of `opa test`:
//! every rule named `test_*` in a `*_test.rego` file is a test (found in the
//! parsed rule heads); it passes
//! when it evaluates to `true`, fails when false or undefined, and errors
//! when evaluation fails. Backs `schemagate test DIR…`.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use regorus::Value;

use super::engine::{PolicyFile, base_engine, package_path, problem_from_rego, same_path};
use crate::error::Problem;

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Evaluated to false or undefined.
    Fail,
    /// Evaluation failed; the regorus message.
    Error(String),
}

/// One `test_*` rule and its outcome.
#[derive(Debug, Clone)]
pub struct TestResult {
    /// Dotted package name without `data.`.
    pub package: String,
    pub name: String,
    pub file: String,
    /// 1-based line of the rule head.
    pub line: usize,
    pub outcome: Outcome,
    pub duration: Duration,
}

impl TestResult {
    /// `data.<package>.<name>`, as `opa test` prints it.
    pub fn full_name(&self) -> String {
        format!("data.{}.{}", self.package, self.name)
    }
}

/// The results of one run, in file and line order.
#[derive(Debug, Clone, Default)]
pub struct TestReport {
    pub results: Vec<TestResult>,
}

impl TestReport {
    /// True when every test passed (and there was at least one).
    pub fn passed(&self) -> bool {
        !self.results.is_empty() && self.results.iter().all(|r| r.outcome == Outcome::Pass)
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| f(&r.outcome)).count()
    }

    /// The report as JSON: `{"passed", "total", "results": [{package, name,
    /// file, line, outcome: "pass"|"fail"|"error", message?, duration_ms}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let results: Vec<serde_json::Value> = self
            .results
            .iter()
            .map(|r| {
                let (outcome, message) = match &r.outcome {
                    Outcome::Pass => ("pass", None),
                    Outcome::Fail => ("fail", None),
                    Outcome::Error(m) => ("error", Some(m.clone())),
                };
                serde_json::json!({
                    "package": r.package,
                    "name": r.name,
                    "file": r.file,
                    "line": r.line,
                    "outcome": outcome,
                    "message": message,
                    "duration_ms": r.duration.as_secs_f64() * 1000.0,
                })
            })
            .collect();
        serde_json::json!({
            "passed": self.passed(),
            "total": self.results.len(),
            "results": results,
        })
    }

    /// Plain text like `opa test`: one line per failure or error, then the
    /// totals (`PASS: 12/12`).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for r in &self.results {
            let place = format!("{}:{}", r.file, r.line);
            match &r.outcome {
                Outcome::Pass => {}
                Outcome::Fail => {
                    let _ = writeln!(out, "FAIL: {} ({place})", r.full_name());
                }
                Outcome::Error(msg) => {
                    let _ = writeln!(out, "ERROR: {} ({place})\n  {msg}", r.full_name());
                }
            }
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
        let pass = self.count(|o| *o == Outcome::Pass);
        let fail = self.count(|o| *o == Outcome::Fail);
        let error = self.count(|o| matches!(o, Outcome::Error(_)));
        let _ = writeln!(out, "PASS: {pass}/{total}");
        if fail > 0 {
            let _ = writeln!(out, "FAIL: {fail}/{total}");
        }
        if error > 0 {
            let _ = writeln!(out, "ERROR: {error}/{total}");
        }
        out
    }
}

/// Loads every file (rules, libraries and tests) with `data` under
/// `data.schemagate.config`, and runs the `test_*` rules of the `_test.rego`
/// files whose `data.<package>.<name>` matches the `filter` regex.
/// Files that do not parse and calls to unknown functions are returned as
/// problems, all of them.
pub fn run_tests(
    files: Vec<PolicyFile>,
    data: serde_json::Value,
    filter: Option<&str>,
) -> Result<TestReport, Vec<Problem>> {
    let filter = match filter {
        None => None,
        Some(f) => Some(
            regex::Regex::new(f)
                .map_err(|e| vec![Problem::general(format!("invalid test filter `{f}`: {e}"))])?,
        ),
    };
    let mut engine = base_engine(data).map_err(|p| vec![p])?;
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    let mut tests = Vec::new();
    for file in files {
        match same_path(&mut seen, &file) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(p) => {
                problems.push(p);
                continue;
            }
        }
        match engine.add_policy(file.path.clone(), file.text.clone()) {
            Ok(package) => {
                if file.is_test() {
                    tests.push((file, package));
                }
            }
            Err(e) => problems.push(problem_from_rego(&format!("{e:#}"), &file.path)),
        }
    }
    // like `opa test`, refuse to run when a call cannot resolve
    problems.extend(super::calls::unknown_calls(engine.get_modules()));
    if !problems.is_empty() {
        return Err(problems);
    }
    let components = engine
        .get_policy_package_components()
        .map_err(|e| vec![Problem::general(format!("{e:#}"))])?;
    // `test_*` rules of each module, from the parsed heads (in load order,
    // like the components)
    let declared: Vec<Vec<(String, usize)>> = engine
        .get_modules()
        .iter()
        .map(|m| super::calls::declared_rules(m))
        .collect();
    engine.set_input(Value::new_object());

    let mut report = TestReport::default();
    for (file, legacy_package) in tests {
        // the exact components, for bracket notation; fall back to the
        // dotted name regorus returned
        let module = components.iter().position(|m| m.source_file == file.path);
        let (package, path) = module
            .and_then(|i| components.get(i))
            .map(|m| (m.components.join("."), package_path(&m.components)))
            .unwrap_or_else(|| {
                let p = legacy_package.trim_start_matches("data.").to_string();
                (p, legacy_package.clone())
            });
        let names = module
            .and_then(|i| declared.get(i))
            .cloned()
            .unwrap_or_default();
        let test_names = names.into_iter().filter(|(n, _)| n.starts_with("test_"));
        for (name, line) in test_names {
            let full = format!("{path}.{name}");
            if filter.as_ref().is_some_and(|f| !f.is_match(&full)) {
                continue;
            }
            let start = Instant::now();
            let outcome = match engine.eval_rule(full) {
                Ok(Value::Bool(true)) => Outcome::Pass,
                Ok(_) => Outcome::Fail,
                Err(e) => Outcome::Error(problem_message(&format!("{e:#}"))),
            };
            report.results.push(TestResult {
                package: package.clone(),
                name,
                file: file.path.clone(),
                line,
                outcome,
                duration: start.elapsed(),
            });
        }
    }
    Ok(report)
}

/// A regorus error as one line with its location.
fn problem_message(text: &str) -> String {
    let p = problem_from_rego(text, "");
    match p.at {
        crate::error::ProblemAt::Path { path, line, column } => {
            format!("{}:{line}:{column}: {}", path.display(), p.message)
        }
        _ => p.message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> PolicyFile {
        PolicyFile {
            path: path.into(),
            text: text.into(),
        }
    }

    const RULE: &str = "package demo\nimport rego.v1\ndeny contains \"no\" if input.bad\n";

    #[test]
    fn runs_pass_fail_and_error() {
        let test = "package demo_test\nimport rego.v1\nimport data.demo\n\
            test_flags_bad if count(demo.deny) == 1 with input as {\"bad\": true}\n\
            test_wrong if count(demo.deny) == 1 with input as {\"bad\": false}\n\
            test_boom if to_number(\"x\") == 1\n\
            test_flags_bad if true\n";
        let report = run_tests(
            vec![file("p/demo.rego", RULE), file("p/demo_test.rego", test)],
            serde_json::json!({}),
            None,
        )
        .unwrap();
        let got: Vec<(&str, usize, &Outcome)> = report
            .results
            .iter()
            .map(|r| (r.name.as_str(), r.line, &r.outcome))
            .collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], ("test_flags_bad", 4, &Outcome::Pass));
        assert_eq!(got[1], ("test_wrong", 5, &Outcome::Fail));
        assert!(matches!(got[2].2, Outcome::Error(m) if m.contains("p/demo_test.rego:6:")));
        assert!(!report.passed());
        let text = report.render();
        assert!(
            text.contains("FAIL: data.demo_test.test_wrong (p/demo_test.rego:5)"),
            "{text}"
        );
        assert!(
            text.ends_with("PASS: 1/3\nFAIL: 1/3\nERROR: 1/3\n"),
            "{text}"
        );

        let only = run_tests(
            vec![file("p/demo.rego", RULE), file("p/demo_test.rego", test)],
            serde_json::json!({}),
            Some("flags"),
        )
        .unwrap();
        assert_eq!(only.results.len(), 1);
        assert!(only.passed());
        assert_eq!(only.render(), "PASS: 1/1\n");
    }

    #[test]
    fn documented_example_and_config_mocking_work() {
        let policy = "package team.tables\n\nimport rego.v1\n\n\
            deny contains msg if {\n\tsome stmt in input.statements\n\tstmt.phase == \"forward\"\n\
            \tstmt.kind == \"create_table\"\n\tnot stmt.primary_key\n\
            \tmsg := sprintf(\"table %q has no primary key\", [stmt.object.name])\n}\n\
            limit := object.get(data.schemagate.config, \"limit\", 1)\n";
        let test = "package team.tables_test\n\nimport data.team.tables\nimport rego.v1\n\n\
            test_table_without_primary_key_is_denied if {\n\
            \tfindings := tables.deny with input as {\"statements\": [{\n\
            \t\t\"index\": 0, \"phase\": \"forward\", \"kind\": \"create_table\",\n\
            \t\t\"object\": {\"type\": \"table\", \"schema\": null, \"name\": \"events\"},\n\
            \t\t\"primary_key\": false,\n\t}]}\n\tfindings == {`table \"events\" has no primary key`}\n}\n\
            test_config_is_mocked if tables.limit == 5 with data.schemagate.config as {\"limit\": 5}\n\
            test_config_is_read if tables.limit == 2\n";
        let report = run_tests(
            vec![
                file("team/tables.rego", policy),
                file("team/tables_test.rego", test),
            ],
            serde_json::json!({"limit": 2}),
            None,
        )
        .unwrap();
        assert_eq!(report.render(), "PASS: 3/3\n");
    }

    #[test]
    fn unknown_functions_stop_the_run() {
        let problems = run_tests(
            vec![file(
                "a_test.rego",
                "package a\nimport rego.v1\ntest_x if frob(1)\n",
            )],
            serde_json::json!({}),
            None,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "unknown function `frob`: no policy defines it and it is not a builtin"
        );
    }

    #[test]
    fn syntax_errors_in_every_file_are_reported() {
        let problems = run_tests(
            vec![
                file("a.rego", "package a\nx := \n"),
                file("b_test.rego", "package b\ntest_x if {\n"),
            ],
            serde_json::json!({}),
            None,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2);
    }
}
