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
use schemagate::policy::input::Needs;
use schemagate::report::{self, Format, Outcome, human::Style};
use schemagate::source::guess::DialectChoice;

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
    /// Print the input documents policies receive: by default a JSON array
    /// with the document of every proposed changeset (what `deny`/`warn`
    /// see).
    Input {
        #[command(flatten)]
        target: Target,
        /// Include each statement's raw sqlparser syntax tree as `ast`.
        #[arg(long)]
        ast: bool,
        /// Print only the document of the changeset with this id (one JSON
        /// object, ready for `opa eval -i`).
        #[arg(long, conflicts_with_all = ["proposal", "schema_version"])]
        changeset: Option<String>,
        /// Print the document over the whole proposal (what `proposal_deny`/
        /// `proposal_warn` see).
        #[arg(long, conflicts_with = "schema_version")]
        proposal: bool,
        /// `1`: print the single document of the whole changelog that
        /// policies written for `schema_version` 1 get.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=2))]
        schema_version: Option<u32>,
    },
    /// Run the `test_*` rules and fixture cases of policy files (the
    /// built-in library's when no path is given), like `opa test`. Exit 0
    /// when every test passed, 1 when one failed (or none ran, or coverage
    /// is below --threshold), 2 when a policy is broken or a test could not
    /// be evaluated.
    Test(TestArgs),
    /// Print the effective configuration (`schemagate.yaml` with the chosen
    /// environment), each value with the file and line it came from.
    Config {
        #[command(flatten)]
        settings: SettingsFile,
    },
    /// Write the files a team starts from into a repository: a commented
    /// schemagate.yaml for the changelog and dialect found, an example team
    /// policy with its test and fixture case (policies/team/), and the CI
    /// step for the CI in use. Existing files are left alone.
    Init {
        /// The repository (default: the current folder).
        dir: Option<PathBuf>,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in rules.
    Rules,
    /// Show a rule's documentation: why it fires and what to do instead.
    Explain {
        /// Rule id, e.g. `require-concurrent-index-creation`.
        rule: String,
    },
}

#[derive(Args)]
struct TestArgs {
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

/// `5`, `0.5`, `5s`, `500ms` → a positive duration.
fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    let (number, scale) = match s.strip_suffix("ms") {
        Some(n) => (n, 0.001),
        None => (s.strip_suffix('s').unwrap_or(s), 1.0),
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n > 0.0 && (n * scale).is_finite() => {
            Ok(std::time::Duration::from_secs_f64(n * scale))
        }
        _ => Err(format!(
            "`{s}` is not a positive number of seconds (e.g. 5, 0.5, 500ms)"
        )),
    }
}

#[derive(Args)]
struct Target {
    /// `.sql` files, migration folders or Liquibase changelogs (default: the
    /// configuration's `changelog`); `-` reads SQL from standard input.
    paths: Vec<PathBuf>,
    /// Target database (postgres, mysql, mariadb, sqlserver, sqlite, oracle,
    /// generic, snowflake, bigquery, redshift, duckdb, clickhouse, hive,
    /// databricks, h2, db2, cockroachdb); default: the configuration's, else
    /// postgres.
    #[arg(long)]
    dialect: Option<Dialect>,
    /// Server version, e.g. 11 or 16.2: changes what some statements lock.
    #[arg(long)]
    db_version: Option<DbVersion>,
    /// Additional policy file or folder (repeatable).
    #[arg(long = "policy")]
    policies: Vec<PathBuf>,
    /// Do not load the built-in rules.
    #[arg(long)]
    no_builtin: bool,
    #[command(flatten)]
    settings: SettingsFile,
    /// Ignore every waiver (inline comments and the config's `waivers:`):
    /// show and count every finding.
    #[arg(long)]
    no_waivers: bool,
    /// Time limit of each policy evaluation (`5`, `0.5`, `500ms`, `5s`): a
    /// runaway rule is then an error of that rule (exit 2), the other
    /// rules' findings are kept.
    #[arg(long, value_name = "SECONDS", default_value = "5", value_parser = parse_timeout)]
    policy_timeout: std::time::Duration,
    /// Judge only the changesets new or changed since the merge base with
    /// this git revision (`origin/main`, a sha, `HEAD~1`); uncommitted
    /// changes count as proposed. The rest is history: replayed, not judged.
    #[arg(long, value_name = "REV", conflicts_with = "applied")]
    changed_since: Option<String>,
    /// An export of the migration tool's history table of the target
    /// database (`psql --csv -c 'select * from databasechangelog'`,
    /// `flyway_schema_history`; CSV, TSV or JSON): what it lists is history,
    /// the rest is proposed; an applied changeset that changed, or is gone,
    /// is an error.
    #[arg(long, value_name = "FILE")]
    applied: Option<PathBuf>,
    /// A schema dump (`pg_dump --schema-only`, `mysqldump --no-data`, a DDL
    /// script) replayed before the changelog, as history (repeatable).
    #[arg(long = "baseline", value_name = "FILE")]
    baselines: Vec<PathBuf>,
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

/// Which configuration file, and which of its environments.
#[derive(Args)]
struct SettingsFile {
    /// Configuration file (YAML or JSON; default: `schemagate.yaml` or
    /// `.schemagate.yaml` found from the working directory up to the
    /// repository root). Rule severities, on/off and parameters, policy
    /// data (`data:`), waivers, defaults for these flags, and
    /// `environments:`.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// The configuration's environment to apply (`environments.<NAME>`);
    /// default: `SCHEMAGATE_ENV`.
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
}

impl SettingsFile {
    /// The configuration file this run reads, resolved for its environment.
    fn load(&self) -> Result<Option<schemagate::config::Config>, Problem> {
        let env = self.env.clone().or_else(|| {
            std::env::var("SCHEMAGATE_ENV")
                .ok()
                .filter(|e| !e.is_empty())
        });
        let path = match (&self.config, self.no_config) {
            (Some(p), _) => Some(p.clone()),
            (None, true) => None,
            (None, false) => std::env::current_dir()
                .ok()
                .and_then(|cwd| schemagate::config::discover(&cwd)),
        };
        match path {
            Some(p) => schemagate::config::read(&p, env.as_deref()).map(Some),
            None if env.is_some() => Err(Problem::general(format!(
                "--env {}: there is no configuration file (looked for schemagate.yaml from here up to the repository root)",
                env.unwrap_or_default()
            ))),
            None => Ok(None),
        }
    }
}

fn key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("expected key=value, got `{s}`"))
}

impl Target {
    fn options(&self) -> Result<CheckOptions, Problem> {
        let config = self.settings.load()?;
        let mut opts = match &config {
            Some(c) => from_config(c)?,
            None => CheckOptions::new(Vec::new(), Dialect::Postgres),
        };
        if !self.paths.is_empty() {
            opts.paths = self.paths.clone();
        }
        if opts.paths.is_empty() {
            return Err(Problem::general(
                "no changelog to check: name a file or folder, or set `changelog:` in schemagate.yaml",
            ));
        }
        if let Some(v) = &self.db_version {
            opts.db_version = v.clone();
        }
        opts.policy_paths.extend(self.policies.iter().cloned());
        opts.builtin_policies = !self.no_builtin;
        opts.no_waivers = self.no_waivers;
        opts.policy_timeout = self.policy_timeout;
        if self.changed_since.is_some() || self.applied.is_some() {
            opts.changed_since = self.changed_since.clone();
            opts.applied = self.applied.clone();
        }
        if !self.baselines.is_empty() {
            opts.baselines = self.baselines.clone();
        }
        let configured = config
            .as_ref()
            .is_some_and(|c| c.settings.dialect.is_some());
        let mut evidence_paths = opts.paths.clone();
        evidence_paths.extend(opts.baselines.iter().cloned());
        opts.dialect_choice = Some(self.dialect_choice(configured, opts.dialect, &evidence_paths));
        opts.dialect = opts
            .dialect_choice
            .as_ref()
            .map_or(opts.dialect, |c| c.dialect);
        let load = &mut opts.load;
        load.placeholders.extend(self.placeholders.iter().cloned());
        load.dialect = Some(opts.dialect);
        load.contexts = self.contexts.clone().or(load.contexts.take());
        load.labels = self.labels.clone().or(load.labels.take());
        load.search_paths = self.search_paths.clone();
        load.properties_file = self.properties_file.clone();
        // `check -`: SQL on standard input, as squawk reads it
        if opts
            .paths
            .iter()
            .any(|p| p.as_os_str() == schemagate::source::STDIN)
        {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                Problem::general(format!("cannot read SQL from standard input: {e}"))
            })?;
            opts.load.stdin = Some(text);
        }
        Ok(opts)
    }
}

impl Target {
    /// The flag's dialect, else the configuration's, else one guessed from
    /// the files, else PostgreSQL — and how it was chosen.
    fn dialect_choice(
        &self,
        configured: bool,
        from_config: Dialect,
        paths: &[PathBuf],
    ) -> DialectChoice {
        let chosen = |dialect, chosen_by, evidence| DialectChoice {
            dialect,
            chosen_by,
            evidence,
        };
        match (self.dialect, configured) {
            (Some(d), _) => chosen(d, "flag", None),
            (None, true) => chosen(from_config, "config", None),
            (None, false) => match schemagate::source::guess::dialect(paths) {
                Some(g) => chosen(g.dialect, "guessed", Some(g.evidence)),
                None => chosen(Dialect::Postgres, "default", None),
            },
        }
    }
}

/// The options a configuration file sets (its paths read from its folder).
fn from_config(c: &schemagate::config::Config) -> Result<CheckOptions, Problem> {
    let s = &c.settings;
    let at = |key: &str, msg: String| {
        let line = c.origins.get(key).map_or(0, |o| o.line as usize);
        Problem::at_path(&c.file, line, 1, format!("configuration `{key}`: {msg}"))
    };
    let dialect = match &s.dialect {
        Some(d) => d.value.parse::<Dialect>().map_err(|e| at("dialect", e))?,
        None => Dialect::Postgres,
    };
    let paths = s.changelog.iter().map(|p| c.path(&p.value)).collect();
    let mut opts = CheckOptions::new(paths, dialect);
    if let Some(v) = &s.db_version {
        let text = match &v.value {
            serde_json::Value::String(t) => t.clone(),
            other => other.to_string(),
        };
        opts.db_version = text.parse().map_err(|e| at("db_version", e))?;
    }
    opts.policy_paths = s
        .policies
        .iter()
        .flat_map(|p| p.value.iter())
        .map(|p| c.path(p))
        .collect();
    opts.baselines = s
        .baseline
        .iter()
        .flat_map(|b| b.value.items())
        .map(|p| c.path(&p))
        .collect();
    opts.applied = s.applied.as_ref().map(|a| c.path(&a.value));
    opts.changed_since = s.changed_since.as_ref().map(|r| r.value.clone());
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(t) => t.clone(),
        other => other.to_string(),
    };
    opts.load.placeholders = s
        .properties
        .iter()
        .chain(s.placeholders.iter())
        .flat_map(|m| m.value.iter())
        .map(|(k, v)| (k.clone(), scalar(v)))
        .collect::<BTreeMap<_, _>>();
    opts.load.contexts = s.contexts.as_ref().map(|v| v.value.clone());
    opts.load.labels = s.labels.as_ref().map(|v| v.value.clone());
    opts.fail_on_warnings = s
        .fail_on
        .as_ref()
        .is_some_and(|f| f.value == schemagate::config::FailOn::Warning);
    opts.config = c.policy_data();
    opts.config_path = Some(c.file.clone());
    opts.settings = Some(c.clone());
    opts.harness = s
        .harness
        .as_ref()
        .map(|h| h.value.clone())
        .unwrap_or_default();
    Ok(opts)
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
        Command::Input {
            target,
            ast,
            changeset,
            proposal,
            schema_version,
        } => {
            let mut opts = match target.options() {
                Ok(opts) => opts,
                Err(p) => return ExitCode::from(fail_on(vec![p], Default::default()) as u8),
            };
            opts.include_ast = ast || schemagate::check::policies_read_ast(&opts);
            let shown = InputShown {
                changeset,
                proposal,
                v1: schema_version == Some(1),
            };
            input(&opts, &shown)
        }
        Command::Test(args) => test(args),
        Command::Config { settings } => match settings.load() {
            Ok(Some(config)) => {
                print(&schemagate::config::render(&config));
                0
            }
            Ok(None) => {
                print(
                    "# no configuration file: looked for schemagate.yaml and .schemagate.yaml from here up to the repository root\n",
                );
                0
            }
            Err(p) => fail_on(vec![p], Default::default()),
        },
        Command::Init { dir, force } => init(dir, force),
        Command::Rules => rules(),
        Command::Explain { rule } => explain(&rule),
    };
    ExitCode::from(code as u8)
}

/// Which documents `schemagate input` prints.
struct InputShown {
    changeset: Option<String>,
    proposal: bool,
    v1: bool,
}

fn input(opts: &CheckOptions, shown: &InputShown) -> i32 {
    let needs = Needs {
        changesets: !shown.proposal && !shown.v1,
        proposal: shown.proposal,
        v1: shown.v1,
    };
    let mut sources = Default::default();
    let mut problems = Vec::new();
    let analyzed = analyze(opts, needs, &mut sources, &mut problems);
    let mut docs: Vec<serde_json::Value> = Vec::new();
    for a in analyzed {
        let inputs = a.inputs;
        if shown.proposal {
            docs.extend(inputs.proposal);
        } else if shown.v1 {
            docs.extend(inputs.v1);
        } else {
            docs.extend(inputs.changesets.into_iter().map(|(_, d)| d));
        }
    }
    let doc = if let Some(id) = &shown.changeset {
        let found = docs
            .into_iter()
            .find(|d| d["changeset"]["id"].as_str() == Some(id.as_str()));
        match found {
            Some(d) => d,
            None => {
                problems.push(Problem::general(format!(
                    "no proposed changeset with id `{id}`; `schemagate input` without --changeset lists them"
                )));
                serde_json::Value::Null
            }
        }
    } else if (shown.proposal || shown.v1) && docs.len() == 1 {
        docs.pop().unwrap_or_default()
    } else {
        serde_json::Value::Array(docs)
    };
    if !doc.is_null() {
        print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        ));
    }
    fail_on(problems, sources)
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

fn test(args: TestArgs) -> i32 {
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
    print(&match args.format {
        TestFormat::Human => report.render_with(args.verbose),
        TestFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        ),
        TestFormat::Junit => report.to_junit(),
    });
    let mut code = report.exit_code();
    if let (Some(min), Some(c)) = (args.threshold, &report.coverage)
        && c.percent() < min
    {
        eprintln!(
            "error: coverage {:.1}% is below the threshold of {min}%",
            c.percent()
        );
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

fn policy_problems(problems: Vec<Problem>) -> i32 {
    fail_on(
        problems.into_iter().map(Problem::in_policy).collect(),
        Default::default(),
    )
}

fn builtin_set() -> Result<schemagate::policy::engine::PolicySet, Vec<Problem>> {
    schemagate::policy::engine::PolicySet::load(builtin_policies(), serde_json::json!({}))
}

fn init(dir: Option<PathBuf>, force: bool) -> i32 {
    let opts = schemagate::init::InitOptions {
        root: dir.unwrap_or_else(|| PathBuf::from(".")),
        force,
    };
    match schemagate::init::run(&opts) {
        Ok(outcome) => {
            print(&schemagate::init::render(&outcome));
            0
        }
        Err(p) => fail_on(vec![p], Default::default()),
    }
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
