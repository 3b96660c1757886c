//! The `schemagate` command line: parses arguments and calls the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: schemagate::allocator::Allocator = schemagate::allocator::Allocator;

mod check_cli;
mod cli_options;
mod spinner;
mod test_cli;
use cli_options::{SettingsFile, Target, parse_timeout};

use schemagate::check::{CheckOptions, analyze};
use schemagate::error::Problem;
use schemagate::policy::builtin::builtin_policies;
use schemagate::policy::input::Needs;
use schemagate::report::human::{ColorChoice, Style};
use schemagate::report::{self, Outcome, Output};

#[derive(Parser)]
#[command(name = "schemagate", version, about = "Policy-as-code gate for database changes", long_about = None)]
struct Cli {
    /// Colour in reports and error messages: `auto` (on a terminal, unless
    /// NO_COLOR is set), `always`, `never`.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

/// `--color`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The `--color` of this run, set once at start.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// The `--color` of this run.
fn color() -> ColorChoice {
    COLOR.get().copied().unwrap_or_default()
}

#[derive(Subcommand)]
enum Command {
    /// Check changelogs or migration folders against the policies.
    Check {
        #[command(flatten)]
        target: Target,
        /// Report format, repeatable: `NAME` writes to standard output (at
        /// most one), `NAME=PATH` to a file. Default: human, or github when
        /// GITHUB_ACTIONS=true. NAME: human, json,
        /// sarif, junit, markdown, github, gitlab.
        /// Example: `--format human --format json=reports/schemagate.json`.
        #[arg(long, value_name = "NAME[=PATH]", value_parser = Output::parse)]
        format: Vec<Output>,
        /// The folder report paths are relative to in the machine-read
        /// formats (default: the repository root, the nearest folder above
        /// the working directory holding `.git`; else the working
        /// directory).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Print only the summary line of the human report on standard
        /// output, and no progress; report files and the other formats are
        /// unchanged.
        #[arg(short, long)]
        quiet: bool,
        /// Base URL of the built-in rules' documentation in the SARIF
        /// report (each rule's `helpUri` is BASE/policies/<category>/<rule>.rego);
        /// default: this version's tag of the schemagate repository. For
        /// a mirror reachable where github.com is not.
        #[arg(long, value_name = "BASE", value_parser = check_cli::rule_docs_url)]
        rule_docs_url: Option<String>,
    },
    /// Print the input documents policies receive: by default a JSON array
    /// with the document of every proposed changeset (what `deny`/`warn`
    /// see).
    Input {
        #[command(flatten)]
        target: Target,
        /// Include each statement's raw syntax tree as `ast` (sqlparser's
        /// node, or schemagate's own kind where sqlparser has none).
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
    Test(test_cli::TestArgs),
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
    /// Per proposed changeset, what each statement does to the running
    /// database: lock, what it blocks, rows, estimated time and risk (with
    /// `--stats`, from the target's table sizes), and the rollback.
    Impact {
        #[command(flatten)]
        target: Target,
        /// `human` (a table per changeset) or `json`.
        #[arg(long, value_enum, default_value = "human")]
        format: ImpactFormat,
    },
    /// Drift: what the changelog builds (every changeset replayed) against
    /// what a database has (a schema dump: `pg_dump --schema-only`,
    /// `mysqldump --no-data`). Exit 1 when they differ.
    Diff {
        #[command(flatten)]
        target: Target,
        /// The schema dump of the database to compare with (repeatable: read
        /// in order).
        #[arg(
            long,
            value_name = "DUMP",
            required_unless_present = "against_rev",
            conflicts_with = "against_rev"
        )]
        against: Vec<PathBuf>,
        /// Compare with the same changelog at this git revision
        /// (`origin/release-2.3`, a tag, a sha) instead of a dump.
        #[arg(long, value_name = "REV")]
        against_rev: Option<String>,
        /// `human` (a line per difference), `json`, or `markdown` (a table,
        /// for a pull-request comment or a CI summary).
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormat,
    },
    /// Write a stats file for `--stats` from a live database, with catalog
    /// reads only (PostgreSQL: pg_class, pg_stats; MySQL/MariaDB:
    /// information_schema.tables) in a read-only transaction. The password
    /// comes from the URL, PGPASSWORD/MYSQL_PWD or ~/.pgpass (PGPASSFILE)
    /// and is never printed.
    Stats(StatsArgs),
    /// List the built-in rules, or with `--compat TOOL` another tool's
    /// rules and the built-in rule covering each (or why none does).
    Rules {
        /// squawk, atlas, liquibase or bytebase: map that tool's rules
        /// (their names are accepted as `<tool>:<name>` wherever a rule id is).
        #[arg(long, value_enum)]
        compat: Option<CompatTool>,
        /// `human` (a table) or `json`.
        #[arg(long, value_enum, default_value = "human")]
        format: ImpactFormat,
    },
    /// Show a rule's documentation: why it fires and what to do instead.
    Explain {
        /// Rule id, e.g. `require-concurrent-index-creation`.
        rule: String,
    },
}

#[derive(Args)]
struct StatsArgs {
    /// `postgres://user[:password]@host:port/db`, `mysql://…` or
    /// `mariadb://…`.
    #[arg(long, value_name = "URL")]
    from: String,
    /// Only this schema (MySQL: database); repeatable. Default: every user
    /// schema (MySQL: the URL's database, else every user database).
    #[arg(long, value_name = "SCHEMA")]
    schema: Vec<String>,
    /// Write the file here instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Limit of connecting and of each catalog query (`30`, `500ms`).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_timeout)]
    timeout: std::time::Duration,
}

/// `schemagate impact --format`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ImpactFormat {
    Human,
    Json,
}

/// `schemagate rules --compat`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum CompatTool {
    Squawk,
    Atlas,
    Liquibase,
    Bytebase,
}

impl CompatTool {
    fn name(self) -> &'static str {
        match self {
            CompatTool::Squawk => "squawk",
            CompatTool::Atlas => "atlas",
            CompatTool::Liquibase => "liquibase",
            CompatTool::Bytebase => "bytebase",
        }
    }
}

/// `schemagate diff --format`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
}

/// regorus's parser makes and drops `anyhow` errors as part of its normal
/// work (a parse it tries and abandons), on every policy file loaded. With
/// `RUST_BACKTRACE=1`, which many CI setups export, each of those captured
/// a stack trace: a fifth of a one-file check. `RUST_LIB_BACKTRACE`
/// governs only such library errors, so panics keep their backtraces; a
/// user who sets it keeps their choice.
fn no_backtraces_in_errors() {
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        // SAFETY: the first thing `main` does, before any thread exists.
        unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };
    }
}

fn main() -> ExitCode {
    schemagate::allocator::tune();
    no_backtraces_in_errors();
    let cli = Cli::parse();
    let _ = COLOR.set(match cli.color {
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    });
    let code = match cli.command {
        Command::Check {
            target,
            format,
            root,
            quiet,
            rule_docs_url,
        } => check_cli::run(target, format, root, (quiet, rule_docs_url)),
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
        Command::Test(args) => test_cli::run(args),
        Command::Config { settings } => match settings.load() {
            Ok(Some(config)) => {
                let shown = emit(&schemagate::config::render(&config), 0);
                shown.max(fail_on(config.problems, Default::default()))
            }
            Ok(None) => emit(
                "# no configuration file: looked for schemagate.yaml and .schemagate.yaml from here up to the repository root\n",
                0,
            ),
            Err(p) => fail_on(vec![p], Default::default()),
        },
        Command::Init { dir, force } => init(dir, force),
        Command::Diff {
            target,
            against,
            against_rev,
            format,
        } => match target.options() {
            Ok(opts) => {
                let against = match against_rev {
                    Some(rev) => schemagate::diff::Against::Rev(rev),
                    None => schemagate::diff::Against::Dumps(against),
                };
                diff(&opts, &against, format)
            }
            Err(p) => fail_on(vec![p], Default::default()),
        },
        Command::Impact { target, format } => match target.options() {
            Ok(opts) => impact(&opts, format),
            Err(p) => fail_on(vec![p], Default::default()),
        },
        Command::Stats(args) => stats(args),
        Command::Rules { compat, format } => rules(compat, format),
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
    let mut problems: Vec<Problem> = opts
        .settings
        .iter()
        .flat_map(|c| c.problems.iter().cloned())
        .collect();
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
    let printed = if doc.is_null() {
        0
    } else {
        emit(
            &format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ),
            0,
        )
    };
    printed.max(fail_on(problems, sources))
}

/// `schemagate impact`: the impact table of the proposed changesets.
fn impact(opts: &CheckOptions, format: ImpactFormat) -> i32 {
    let needs = Needs {
        changesets: true,
        proposal: false,
        v1: false,
    };
    let mut sources = Default::default();
    let mut problems = Vec::new();
    let docs: Vec<serde_json::Value> = analyze(opts, needs, &mut sources, &mut problems)
        .into_iter()
        .flat_map(|a| a.inputs.changesets.into_iter().map(|(_, d)| d))
        .collect();
    use schemagate::report::impact_table;
    let text = match format {
        ImpactFormat::Human => impact_table::render(&docs),
        ImpactFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&impact_table::to_json(&docs)).unwrap_or_default()
        ),
    };
    emit(&text, 0).max(fail_on(problems, sources))
}

/// `schemagate diff`: the changelog's schema against a dump's.
fn diff(opts: &CheckOptions, against: &schemagate::diff::Against, format: DiffFormat) -> i32 {
    let mut outcome = schemagate::diff::diff(opts, against);
    let text = match format {
        DiffFormat::Human => schemagate::diff::render_human(&outcome),
        DiffFormat::Markdown => schemagate::diff::render_markdown(&outcome),
        DiffFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&schemagate::diff::to_json(&outcome)).unwrap_or_default()
        ),
    };
    let code = outcome.exit_code();
    let problems = std::mem::take(&mut outcome.problems);
    emit(&text, code).max(fail_on(problems, outcome.sources))
}

/// `schemagate stats --from`: the snapshot, to standard output or a file.
fn stats(args: StatsArgs) -> i32 {
    let opts = schemagate::stats_from::FromOptions {
        url: args.from,
        schemas: args.schema,
        timeout: args.timeout,
    };
    let snapshot = match schemagate::stats_from::take(&opts) {
        Ok(s) => s,
        Err(p) => {
            warn(&format!("error: {}\n", p.message));
            return 2;
        }
    };
    for note in &snapshot.notes {
        warn(&format!("note: {note}\n"));
    }
    let text = schemagate::stats_from::render(&snapshot, std::time::SystemTime::now());
    match args.output {
        None => emit(&text, 0),
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => {
                warn(&format!(
                    "wrote the sizes of {} tables to {}\n",
                    snapshot.tables.len(),
                    path.display()
                ));
                0
            }
            Err(e) => {
                warn(&format!("error: cannot write `{}`: {e}\n", path.display()));
                2
            }
        },
    }
}

/// Writes `s` to standard output and returns `code`; when the write fails
/// (a closed pipe, a full disk) the output was not delivered: a message on
/// standard error and exit code 2, never a panic.
fn emit(s: &str, code: i32) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => code,
        Err(e) => {
            warn(&format!(
                "error: cannot write the output to standard output: {e}\n"
            ));
            2
        }
    }
}

/// Writes to standard error; a failure there has nowhere left to be told.
fn warn(s: &str) {
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
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
    use std::io::IsTerminal;
    let style = Style::choose(color(), std::io::stderr().is_terminal());
    warn(&report::human::render(&outcome, &style));
    2
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
        Ok(outcome) => emit(&schemagate::init::render(&outcome), 0),
        Err(p) => fail_on(vec![p], Default::default()),
    }
}

fn rules(compat: Option<CompatTool>, format: ImpactFormat) -> i32 {
    use schemagate::policy::compat;
    let set = match builtin_set() {
        Ok(set) => set,
        Err(p) => return fail_on(p, Default::default()),
    };
    let rules = set.rules();
    let json = |value: serde_json::Result<String>| match value {
        Ok(text) => emit(&format!("{text}\n"), 0),
        Err(e) => fail_on(
            vec![schemagate::error::Problem::general(format!("{e}"))],
            Default::default(),
        ),
    };
    match (compat, format) {
        (Some(tool), format) => {
            let Some(mapping) = compat::compat(tool.name(), &rules) else {
                return fail_on(
                    vec![schemagate::error::Problem::general(format!(
                        "no rule list for {}",
                        tool.name()
                    ))],
                    Default::default(),
                );
            };
            match format {
                ImpactFormat::Human => emit(&compat::render(&mapping), 0),
                ImpactFormat::Json => json(serde_json::to_string_pretty(&mapping)),
            }
        }
        (None, ImpactFormat::Json) => json(serde_json::to_string_pretty(&rules)),
        (None, ImpactFormat::Human) => {
            let mut out = String::new();
            for r in &rules {
                out.push_str(&format!(
                    "{:<40} {:<8} {:<14} {}\n",
                    r.id,
                    r.severity.name(),
                    r.category,
                    r.title
                ));
            }
            emit(&out, 0)
        }
    }
}

/// The rule named `name`: its id, or another tool's name for it
/// (`explain squawk:ban-char-field`).
fn find_rule(
    rules: Vec<schemagate::policy::meta::RuleMeta>,
    name: &str,
) -> Option<schemagate::policy::meta::RuleMeta> {
    let names = schemagate::policy::aliases::RuleNames::new(&rules, []);
    let id = names.resolve(name).unwrap_or(name).to_string();
    rules.into_iter().find(|r| r.id == id)
}

/// Where the index evaluates a rule, from its `meta.kinds` and
/// `meta.facts`: "on every changeset", or on those holding one of them.
fn evaluated_on(r: &schemagate::policy::meta::RuleMeta) -> String {
    let mut holding = Vec::new();
    if !r.kinds.is_empty() {
        holding.push(format!("a statement of kind {}", r.kinds.join(" or ")));
    }
    if !r.facts.is_empty() {
        holding.push(format!("the fact {}", r.facts.join(" or ")));
    }
    if holding.is_empty() {
        "on every changeset".into()
    } else {
        format!("only on changesets holding {}", holding.join(", or "))
    }
}

fn explain(rule: &str) -> i32 {
    match builtin_set() {
        Ok(set) => match find_rule(set.rules(), rule) {
            Some(mut r) if set.native_rule_ids().contains(&r.id) => {
                // the source line then names the reference the port follows
                r.file = format!("{} (evaluated by its port in native Rust)", r.file);
                explain_rule(&r)
            }
            Some(r) => explain_rule(&r),
            None => unknown_rule(rule),
        },
        Err(p) => fail_on(p, Default::default()),
    }
}

fn explain_rule(r: &schemagate::policy::meta::RuleMeta) -> i32 {
    emit(
        &format!(
            "{} — {}\n\nseverity: {}\ncategory: {}\ndialects: {}\nevaluated: {}\n{}{}source:   {}\n\nWhy\n{}\n\nInstead\n{}\n",
            r.id,
            r.title,
            r.severity.name(),
            r.category,
            if r.dialects.is_empty() {
                "all".to_string()
            } else {
                r.dialects.join(", ")
            },
            evaluated_on(r),
            if r.aliases.is_empty() {
                String::new()
            } else {
                format!("aliases:  {}\n", r.aliases.join(", "))
            },
            if r.params.is_empty() {
                String::new()
            } else {
                let params: Vec<String> =
                    r.params.iter().map(|(k, t)| format!("{k} ({t})")).collect();
                format!(
                    "params:   {} — set under `params: {{{}: {{…}}}}` in schemagate.yaml\n",
                    params.join(", "),
                    r.id
                )
            },
            r.file,
            r.description,
            r.help
        ),
        0,
    )
}

fn unknown_rule(rule: &str) -> i32 {
    warn(&format!(
        "error: no built-in rule `{rule}`; `schemagate rules` lists them\n"
    ));
    2
}
