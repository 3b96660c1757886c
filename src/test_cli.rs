//! `schemagate test`: the `test_*` rules and fixture cases of policy
//! files, like `opa test`.

use std::path::PathBuf;

use clap::Args;

use schemagate::error::Problem;
use schemagate::policy::builtin::{builtin_policies, read_policy_dir};

use crate::cli_options::parse_timeout;
use crate::{emit, fail_on, warn};

#[derive(Args)]
pub(crate) struct TestArgs {
    /// Policy files or folders: their `*.rego` files, `*_test.rego` tests,
    /// `data.json`/`data.yaml` data files, and fixture cases
    /// (`fixtures/<case>/`: a changelog and its `expected.yaml`).
    paths: Vec<PathBuf>,
    /// Only tests whose `data.<package>.<name>` matches this regular
    /// expression (as `opa test --run`), e.g. `--run 'tables_test\.test_drop'`.
    #[arg(long, value_name = "REGEX")]
    run: Option<String>,
    /// List every test with its result and time, and show what a failing
    /// test saw: the value the rule evaluated to, the statement that failed
    /// with the values it compared, and the test's `print()` output.
    #[arg(short, long)]
    verbose: bool,
    /// Output format: `human` (like `opa test`), `json`, or `junit` (JUnit
    /// XML, one testsuite per test file, for Jenkins and GitLab).
    #[arg(long, value_enum, default_value = "human")]
    format: TestFormat,
    /// Report the line coverage of the policies under test (not of the
    /// tests, nor of the built-in library).
    #[arg(long)]
    coverage: bool,
    /// With --coverage: fail (exit 1) when the total line coverage is below
    /// this percentage.
    #[arg(long, value_name = "PERCENT", requires = "coverage")]
    threshold: Option<f64>,
    /// Time limit of each test's evaluation (`5`, `0.5`, `500ms`, `5s`); a
    /// test that runs longer is an error (exit 2).
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = parse_timeout)]
    policy_timeout: std::time::Duration,
}

/// `schemagate test --format`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum TestFormat {
    Human,
    Json,
    Junit,
}

/// `schemagate test`: runs the tests and prints their report.
pub(crate) fn run(args: TestArgs) -> i32 {
    let (files, covered) = match test_files(&args.paths) {
        Ok(f) => f,
        Err(problems) => return policy_problems(problems),
    };
    let data = match schemagate::policy::testing::data::read_data_files(&args.paths) {
        Ok(d) => d,
        Err(problems) => return policy_problems(problems),
    };
    let options = schemagate::policy::testing::TestOptions {
        data,
        filter: args.run.clone(),
        coverage: args.coverage.then_some(covered),
        timeout: args.policy_timeout,
        ..Default::default()
    };
    let mut report = match schemagate::policy::testing::run_tests_with(files, &options) {
        Ok(r) => r,
        Err(problems) => return policy_problems(problems),
    };
    match schemagate::policy::testing::run_fixtures(
        &args.paths,
        args.run.as_deref(),
        args.policy_timeout,
    ) {
        Ok(mut cases) => report.results.append(&mut cases),
        Err(problems) => return policy_problems(problems),
    }
    let rendered = match args.format {
        TestFormat::Human => report.render_with(args.verbose),
        TestFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        ),
        TestFormat::Junit => report.to_junit(),
    };
    let mut code = emit(&rendered, report.exit_code());
    if let (Some(min), Some(c)) = (args.threshold, &report.coverage)
        && c.percent() < min
    {
        warn(&format!(
            "error: coverage {:.1}% is below the threshold of {min}%\n",
            c.percent()
        ));
        code = code.max(1);
    }
    code
}

/// The files a test run loads, and the paths of the non-test files under
/// test (what --coverage measures).
fn test_files(
    paths: &[PathBuf],
) -> Result<(Vec<schemagate::policy::builtin::PolicyFile>, Vec<String>), Vec<Problem>> {
    if paths.is_empty() {
        let files = builtin_policies();
        let covered = files
            .iter()
            .filter(|f| !f.is_test())
            .map(|f| f.path.clone())
            .collect();
        return Ok((files, covered));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match read_policy_dir(p) {
            Ok(mut f) => files.append(&mut f),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let covered = files
        .iter()
        .filter(|f| !f.is_test())
        .map(|f| f.path.clone())
        .collect();
    // User tests may use the built-in library's helpers and test fixtures,
    // but the library's own tests are not theirs to count.
    files.extend(
        schemagate::policy::builtin::builtin_library()
            .into_iter()
            .filter(|f| !f.text.lines().any(|l| l.starts_with("test_"))),
    );
    Ok((files, covered))
}

pub(crate) fn policy_problems(problems: Vec<Problem>) -> i32 {
    fail_on(
        problems.into_iter().map(Problem::in_policy).collect(),
        Default::default(),
    )
}
