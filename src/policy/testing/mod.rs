//! A unit-test runner for Rego policies, in the manner of `opa test`:
//! every rule named `test_*` in a `*_test.rego` file is a test (found in the
//! parsed rule heads); it passes when it evaluates to `true`, fails when
//! false or undefined, and errors when evaluation fails. `todo_test_*` rules
//! are skipped. Backs `schemagate test DIR…`.
//!
//! - `run`: loading the files and evaluating each test;
//! - `report`: the human and JSON renderings; `junit`: JUnit XML;
//! - `coverage`: per-file line coverage of the policies under test;
//! - `data`: `data.json` / `data.yaml` files beside the tests;
//! - `fixtures`: changelogs run through the whole pipeline against the
//!   findings their `expected.yaml` names.

use std::time::Duration;

use crate::error::Problem;

use super::builtin::PolicyFile;

mod builtin_fixtures;
pub mod coverage;
pub mod data;
pub mod fixtures;
pub mod junit;
mod probe;
mod report;
mod run;
mod watchdog;

pub use coverage::{Coverage, FileCoverage};

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Evaluated to false or undefined.
    Fail,
    /// Evaluation failed; the regorus message with its file:line:col.
    Error(String),
    /// A `todo_test_*` rule: not evaluated.
    Skip,
}

impl Outcome {
    /// `PASS`, `FAIL`, `ERROR`, `SKIPPED`, as `opa test` prints them.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::Error(_) => "ERROR",
            Outcome::Skip => "SKIPPED",
        }
    }
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
    /// What the rule evaluated to when it failed: `false`, `undefined`, or
    /// the value (a test whose body ends in a non-boolean).
    pub value: Option<String>,
    /// What the test's `print()` calls wrote, in order.
    pub prints: Vec<String>,
    /// What a failing test saw: the statement that failed and, for a
    /// comparison, the values of its sides (`failed: …`, `left: …`,
    /// `right: …`).
    pub saw: Vec<String>,
    /// A failing fixture case: the findings missing (`- …`), unexpected
    /// (`+ …`) and produced.
    pub diff: Vec<String>,
}

impl TestResult {
    /// `data.<package>.<name>`, as `opa test` prints it; a fixture case
    /// is `fixture <folder>`.
    pub fn full_name(&self) -> String {
        if self.package.is_empty() {
            format!("fixture {}", self.name)
        } else {
            format!("data.{}.{}", self.package, self.name)
        }
    }
}

/// The results of one run, in file and line order.
#[derive(Debug, Clone, Default)]
pub struct TestReport {
    pub results: Vec<TestResult>,
    /// Line coverage of the policies under test (with `--coverage`).
    pub coverage: Option<Coverage>,
    /// Each policy file loaded and the Rego syntax it was read as (v1, or
    /// v0 for `deny[msg] { … }`-style files), in load order.
    pub syntax: Vec<(String, crate::policy::syntax::Syntax)>,
}

impl TestReport {
    /// True when no test failed or errored and at least one ran.
    pub fn passed(&self) -> bool {
        self.count(|o| *o == Outcome::Pass) > 0
            && self
                .results
                .iter()
                .all(|r| matches!(r.outcome, Outcome::Pass | Outcome::Skip))
    }

    /// How many results `f` accepts.
    pub fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.results.iter().filter(|r| f(&r.outcome)).count()
    }

    /// The exit code `schemagate test` gives: 0 when every test passed, 2
    /// when a test could not be evaluated (an error in a policy, a time
    /// limit), else 1 (a failure, or no test at all).
    pub fn exit_code(&self) -> i32 {
        if self.count(|o| matches!(o, Outcome::Error(_))) > 0 {
            2
        } else if self.passed() {
            0
        } else {
            1
        }
    }
}

/// How to run the tests.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// `data.schemagate.config`.
    pub config: serde_json::Value,
    /// Documents merged into `data` (the `data.json` / `data.yaml` files).
    pub data: Vec<data::DataFile>,
    /// Only tests whose `data.<package>.<name>` matches this regex.
    pub filter: Option<String>,
    /// Gather line coverage of the non-test files with these paths (every
    /// non-test file when empty).
    pub coverage: Option<Vec<String>>,
    /// Time limit of one test's evaluation.
    pub timeout: Duration,
}

impl Default for TestOptions {
    fn default() -> Self {
        TestOptions {
            config: serde_json::json!({}),
            data: Vec::new(),
            filter: None,
            coverage: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// `--policy-timeout`'s default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

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
    let options = TestOptions {
        config: data,
        filter: filter.map(str::to_string),
        ..TestOptions::default()
    };
    run_tests_with(files, &options)
}

/// [`run_tests`] with every option.
pub fn run_tests_with(
    files: Vec<PolicyFile>,
    options: &TestOptions,
) -> Result<TestReport, Vec<Problem>> {
    run::run(files, options)
}

/// Runs the fixture cases under `roots` (`<root>/fixtures/<case>/`; with no
/// root, the built-in rules' embedded `policies/<category>/fixtures/`) whose
/// `fixture <folder>` name matches the `filter` regex, each through the
/// whole pipeline with the built-in rules and the policies of `roots`; a
/// case still running at the watchdog's limit for `timeout` is an error.
pub fn run_fixtures(
    roots: &[std::path::PathBuf],
    filter: Option<&str>,
    timeout: Duration,
) -> Result<Vec<TestResult>, Vec<Problem>> {
    let filter = match filter {
        None => None,
        Some(f) => Some(
            regex::Regex::new(f)
                .map_err(|e| vec![Problem::general(format!("invalid --run regex `{f}`: {e}"))])?,
        ),
    };
    if roots.is_empty() {
        return builtin_fixtures::run_builtin_fixtures(filter.as_ref(), timeout);
    }
    let cases = fixtures::find_cases(roots);
    Ok(cases
        .iter()
        .filter(|c| {
            let name = format!("fixture {}", crate::span::display_name(c));
            filter.as_ref().is_none_or(|f| f.is_match(&name))
        })
        .map(|c| fixtures::run_case(c, roots, timeout))
        .collect())
}

#[cfg(test)]
mod tests;
