//! The `schemagate` command line: parses arguments and calls the library.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use schemagate::check::{CheckOptions, analyze, check};
use schemagate::dialect::{DbVersion, Dialect};
use schemagate::error::Problem;
use schemagate::policy::builtin::{builtin_policies, read_policy_dir};
use schemagate::report::{self, Format, Outcome, human::Style};
use schemagate::source::LoadOptions;

#[derive(Parser)]
#[command(name = "schemagate", version, about = "Policy-as-code gate for database changes", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check changelogs or migration folders against the policies.
    Check {
        #[command(flatten)]
        target: Target,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Print the input document policies receive for these changelogs.
    Input {
        #[command(flatten)]
        target: Target,
        /// Include each statement's raw sqlparser syntax tree as `ast`.
        #[arg(long)]
        ast: bool,
    },
    /// Run the `test_*` rules of policy files (the built-in library when no
    /// path is given), like `opa test`.
    Test {
        /// Policy files or folders (with their `*_test.rego`).
        paths: Vec<PathBuf>,
        /// Only tests whose name contains this.
        #[arg(long)]
        run: Option<String>,
    },
    /// List the built-in rules.
    Rules,
    /// Show a rule's documentation: why it fires and what to do instead.
    Explain {
        /// Rule id, e.g. `require-concurrent-index`.
        rule: String,
    },
}

#[derive(Args)]
struct Target {
    /// `.sql` files, migration folders or Liquibase changelogs.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Target database (postgres, mysql, mariadb, sqlserver, sqlite, oracle,
    /// generic, snowflake, bigquery, redshift, duckdb, clickhouse, hive,
    /// databricks, h2, db2, cockroachdb).
    #[arg(long, default_value = "postgres")]
    dialect: Dialect,
    /// Server version, e.g. 11 or 16.2: changes what some statements lock.
    #[arg(long)]
    db_version: Option<DbVersion>,
    /// Additional policy file or folder (repeatable).
    #[arg(long = "policy")]
    policies: Vec<PathBuf>,
    /// Do not load the built-in rules.
    #[arg(long)]
    no_builtin: bool,
    /// Policy configuration (YAML or JSON), given to policies as
    /// `data.schemagate.config`: rule severities (`rules.<id>.severity`),
    /// disabled rules (`rules.<id>.enabled: false`), rule parameters.
    #[arg(long)]
    config: Option<PathBuf>,
    /// `${key}` value for Flyway placeholders and Liquibase properties
    /// (repeatable): `--placeholder schema=app`.
    #[arg(long = "placeholder", alias = "property", value_parser = key_value)]
    placeholders: Vec<(String, String)>,
    /// Liquibase contexts expression, as `liquibase update --contexts`.
    #[arg(long)]
    contexts: Option<String>,
    /// Liquibase labels expression, as `liquibase update --labels`.
    #[arg(long)]
    labels: Option<String>,
    /// Liquibase search path root (repeatable).
    #[arg(long = "search-path")]
    search_paths: Vec<PathBuf>,
    /// A `key=value` properties file for `${…}` substitution (Liquibase
    /// `liquibase.properties`, `parameter.key=value` lines included).
    #[arg(long = "properties-file", alias = "defaults-file")]
    properties_file: Option<PathBuf>,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("expected key=value, got `{s}`"))
}

impl Target {
    fn options(&self) -> Result<CheckOptions, Problem> {
        let mut opts = CheckOptions::new(self.paths.clone(), self.dialect);
        if let Some(path) = &self.config {
            opts.config = schemagate::policy::config_file::read_config(path)?;
        }
        opts.db_version = self.db_version.clone().unwrap_or_default();
        opts.policy_paths = self.policies.clone();
        opts.builtin_policies = !self.no_builtin;
        opts.load = LoadOptions {
            placeholders: self
                .placeholders
                .iter()
                .cloned()
                .collect::<BTreeMap<_, _>>(),
            dialect: Some(self.dialect),
            contexts: self.contexts.clone(),
            labels: self.labels.clone(),
            search_paths: self.search_paths.clone(),
            properties_file: self.properties_file.clone(),
            ..LoadOptions::default()
        };
        Ok(opts)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check { target, format } => match target.options() {
            Ok(opts) => {
                let outcome = check(&opts);
                print(&report::render(&outcome, format, &Style::detect()));
                report::exit_code(&outcome)
            }
            Err(p) => {
                let outcome = Outcome {
                    problems: vec![p],
                    ..Outcome::default()
                };
                print(&report::render(&outcome, format, &Style::detect()));
                2
            }
        },
        Command::Input { target, ast } => {
            let mut opts = match target.options() {
                Ok(opts) => opts,
                Err(p) => return ExitCode::from(fail_on(vec![p], Default::default()) as u8),
            };
            opts.include_ast = ast || schemagate::check::policies_read_ast(&opts);
            let mut sources = Default::default();
            let mut problems = Vec::new();
            let analyzed = analyze(&opts, &mut sources, &mut problems);
            let docs: Vec<_> = analyzed.into_iter().map(|a| a.input).collect();
            let doc = if docs.len() == 1 {
                docs.into_iter().next().unwrap_or_default()
            } else {
                serde_json::Value::Array(docs)
            };
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ));
            fail_on(problems, sources)
        }
        Command::Test { paths, run } => test(paths, run.as_deref()),
        Command::Rules => rules(),
        Command::Explain { rule } => explain(&rule),
    };
    ExitCode::from(code as u8)
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// Prints problems (if any) to stderr and returns the exit code.
fn fail_on(problems: Vec<Problem>, sources: schemagate::span::SourceMap) -> i32 {
    if problems.is_empty() {
        return 0;
    }
    let outcome = Outcome {
        sources,
        problems,
        ..Outcome::default()
    };
    eprint!("{}", report::human::render(&outcome, &Style::detect()));
    2
}

fn test(paths: Vec<PathBuf>, filter: Option<&str>) -> i32 {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if paths.is_empty() {
        files = builtin_policies();
    }
    for p in &paths {
        match read_policy_dir(p) {
            Ok(mut f) => files.append(&mut f),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return fail_on(problems, Default::default());
    }
    // User tests may use the built-in library's helpers.
    if !paths.is_empty() {
        files.extend(schemagate::policy::builtin::builtin_library());
    }
    match schemagate::policy::testing::run_tests(files, serde_json::json!({}), filter) {
        Ok(report) => {
            print(&report.render());
            if report.passed() { 0 } else { 1 }
        }
        Err(problems) => fail_on(problems, Default::default()),
    }
}

fn builtin_set() -> Result<schemagate::policy::engine::PolicySet, Vec<Problem>> {
    schemagate::policy::engine::PolicySet::load(builtin_policies(), serde_json::json!({}))
}

fn rules() -> i32 {
    match builtin_set() {
        Ok(set) => {
            let mut out = String::new();
            for r in set.rules() {
                out.push_str(&format!(
                    "{:<40} {:<8} {:<14} {}\n",
                    r.id,
                    r.severity.name(),
                    r.category,
                    r.title
                ));
            }
            print(&out);
            0
        }
        Err(p) => fail_on(p, Default::default()),
    }
}

fn explain(rule: &str) -> i32 {
    match builtin_set() {
        Ok(set) => match set.rules().into_iter().find(|r| r.id == rule) {
            Some(r) => {
                print(&format!(
                    "{} — {}\n\nseverity: {}\ncategory: {}\ndialects: {}\nsource:   {}\n\nWhy\n{}\n\nInstead\n{}\n",
                    r.id,
                    r.title,
                    r.severity.name(),
                    r.category,
                    if r.dialects.is_empty() {
                        "all".to_string()
                    } else {
                        r.dialects.join(", ")
                    },
                    r.file,
                    r.description,
                    r.help
                ));
                0
            }
            None => {
                eprintln!("error: no built-in rule `{rule}`; `schemagate rules` lists them");
                2
            }
        },
        Err(p) => fail_on(p, Default::default()),
    }
}
