//! Loading the policy files into one engine and evaluating every test rule.

use std::num::NonZeroU32;
use std::time::Instant;

use regorus::utils::limits::ExecutionTimerConfig;
use regorus::{Engine, Value};

use super::{Outcome, TestOptions, TestReport, TestResult};
use crate::error::Problem;
use crate::policy::builtin::PolicyFile;
use crate::policy::engine::{base_engine, package_path, problem_from_rego, same_path};
use crate::policy::syntax::Syntax;

/// Work units between two looks at the clock: often enough that a runaway
/// rule stops within a few milliseconds of its limit, rarely enough to cost
/// nothing measurable.
const TIMER_CHECK_INTERVAL: u32 = 64;

/// A test rule to evaluate.
pub(super) struct Test {
    pub(super) package: String,
    /// Query path of the package (`data.a.b`).
    pub(super) path: String,
    pub(super) name: String,
    pub(super) file: String,
    pub(super) line: usize,
}

pub(super) fn run(
    files: Vec<PolicyFile>,
    options: &TestOptions,
) -> Result<TestReport, Vec<Problem>> {
    let filter = match &options.filter {
        None => None,
        Some(f) => Some(
            regex::Regex::new(f)
                .map_err(|e| vec![Problem::general(format!("invalid --run regex `{f}`: {e}"))])?,
        ),
    };
    let mut engine = base_engine(options.config.clone()).map_err(|p| vec![p])?;
    for file in &options.data {
        engine
            .add_data(Value::from(file.document.clone()))
            .map_err(|e| {
                let message = format!("data file `{}` conflicts with other data: {e:#}", file.path);
                vec![Problem::at_path(&file.path, 1, 1, message)]
            })?;
    }
    let (sources, tests, syntax) = load(&mut engine, files)?;
    let tests: Vec<Test> = tests
        .into_iter()
        .filter(|t| {
            let full = format!("{}.{}", t.path, t.name);
            filter.as_ref().is_none_or(|f| f.is_match(&full))
        })
        .collect();
    engine.set_input(Value::new_object());
    engine.set_gather_prints(true);
    engine.set_execution_timer_config(ExecutionTimerConfig {
        limit: options.timeout,
        check_interval: NonZeroU32::new(TIMER_CHECK_INTERVAL).unwrap_or(NonZeroU32::MIN),
    });
    engine.set_enable_coverage(options.coverage.is_some());
    let mut report = super::watchdog::run_watched(engine, tests, sources, options)?;
    report.syntax = syntax;
    Ok(report)
}

/// Evaluates `tests` in order, handing each result to `done` as soon as it
/// is known (`started` first, with its index), then returns the coverage
/// when `covered` asks for it.
pub(super) fn evaluate_all(
    engine: &mut Engine,
    tests: Vec<Test>,
    timeout: std::time::Duration,
    (sources, covered): (&[PolicyFile], Option<&[String]>),
    mut started: impl FnMut(usize),
    mut done: impl FnMut(TestResult),
) -> Result<Option<super::Coverage>, Problem> {
    for (i, test) in tests.into_iter().enumerate() {
        started(i);
        done(evaluate(engine, test, timeout));
    }
    let Some(only) = covered else {
        return Ok(None);
    };
    let raw = engine
        .get_coverage_report()
        .map_err(|e| Problem::general(format!("coverage: {e:#}")))?;
    Ok(Some(super::coverage::summarize(&raw, sources, only)))
}

/// Adds every file to the engine and finds the tests. Returns the non-test
/// files (for coverage), the tests in file and line order, and the syntax
/// each file was read as.
type Loaded = (Vec<PolicyFile>, Vec<Test>, Vec<(String, Syntax)>);

fn load(engine: &mut Engine, files: Vec<PolicyFile>) -> Result<Loaded, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    let mut test_files = Vec::new();
    let mut sources = Vec::new();
    let mut syntax = Vec::new();
    for file in files {
        match same_path(&mut seen, &file) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(p) => {
                problems.push(p);
                continue;
            }
        }
        match crate::policy::syntax::add(engine, &file) {
            Ok((package, read_as)) => {
                syntax.push((file.path.clone(), read_as));
                if file.is_test() {
                    test_files.push((file.path, package));
                } else {
                    sources.push(file);
                }
            }
            Err(p) => problems.push(p),
        }
    }
    // like `opa test`, refuse to run when a call cannot resolve
    problems.extend(crate::policy::calls::unknown_calls(engine.get_modules()));
    problems.extend(crate::policy::head_calls::calls_in_heads(
        engine.get_modules(),
    ));
    if !problems.is_empty() {
        return Err(problems);
    }
    let tests = find_tests(engine, test_files)?;
    Ok((sources, tests, syntax))
}

/// The `test_*` and `todo_test_*` rules of the test files, from the parsed
/// heads.
fn find_tests(
    engine: &mut Engine,
    test_files: Vec<(String, String)>,
) -> Result<Vec<Test>, Vec<Problem>> {
    let components = engine
        .get_policy_package_components()
        .map_err(|e| vec![Problem::general(format!("{e:#}"))])?;
    // in load order, like the components
    let declared: Vec<Vec<(String, usize)>> = engine
        .get_modules()
        .iter()
        .map(|m| crate::policy::calls::declared_rules(m))
        .collect();
    let mut tests = Vec::new();
    for (file, legacy_package) in test_files {
        // the exact components, for bracket notation; fall back to the
        // dotted name regorus returned
        let module = components.iter().position(|m| m.source_file == file);
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
        for (name, line) in names {
            if is_test(&name) {
                tests.push(Test {
                    package: package.clone(),
                    path: path.clone(),
                    name,
                    file: file.clone(),
                    line,
                });
            }
        }
    }
    Ok(tests)
}

/// `test_*` runs; `todo_test_*` is reported as skipped (as `opa test`).
fn is_test(name: &str) -> bool {
    name.starts_with("test_") || name.starts_with("todo_test_")
}

/// Evaluates one test rule.
fn evaluate(engine: &mut Engine, test: Test, timeout: std::time::Duration) -> TestResult {
    let mut result = TestResult {
        package: test.package,
        name: test.name,
        file: test.file,
        line: test.line,
        outcome: Outcome::Skip,
        duration: Default::default(),
        value: None,
        prints: Vec::new(),
        saw: Vec::new(),
        diff: Vec::new(),
    };
    if result.name.starts_with("todo_") {
        return result;
    }
    let start = Instant::now();
    let evaluated = engine.eval_rule(format!("{}.{}", test.path, result.name));
    result.duration = start.elapsed();
    result.prints = engine.take_prints().unwrap_or_default();
    result.outcome = match evaluated {
        Ok(Value::Bool(true)) => Outcome::Pass,
        Ok(v) => {
            result.value = Some(shown(&v));
            result.saw = super::probe::explain(engine, &result.file, &result.name);
            Outcome::Fail
        }
        Err(e) if is_time_limit(&format!("{e:#}")) => Outcome::Error(format!(
            "{}:{}: policy evaluation exceeded {}",
            result.file,
            result.line,
            seconds(timeout)
        )),
        Err(e) => Outcome::Error(problem_message(&format!("{e:#}"))),
    };
    result
}

/// A rule's value for a failure message: `undefined`, `false`, or JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::Undefined => "undefined".to_string(),
        other => other.to_json_str().unwrap_or_else(|_| format!("{other:?}")),
    }
}

/// Did evaluation stop at the time limit? (regorus's `LimitError`, seen
/// through its message: its error type is `anyhow`'s.)
fn is_time_limit(message: &str) -> bool {
    message.contains("exceeded time limit")
}

/// `5 s`, `0.5 s`.
pub(crate) fn seconds(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
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
