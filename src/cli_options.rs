//! The `check`/`input` target arguments and how they, the configuration
//! file and the files' own evidence (the dialect) become [`CheckOptions`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use schemagate::check::CheckOptions;
use schemagate::dialect::{DbVersion, Dialect};
use schemagate::error::Problem;
use schemagate::limits;
use schemagate::source::guess::DialectChoice;
use schemagate::source::liquibase::{FilterKind, check_filter};

/// `5`, `0.5`, `5s`, `500ms` → a positive duration.
pub(crate) fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
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
pub(crate) struct Target {
    /// `.sql` files, migration folders or Liquibase changelogs (default: the
    /// configuration's `changelog`); `-` reads SQL from standard input.
    paths: Vec<PathBuf>,
    /// Target database (postgres, mysql, mariadb, sqlserver, sqlite, oracle,
    /// generic, snowflake, bigquery, redshift, duckdb, clickhouse, hive,
    /// databricks, h2, db2, cockroachdb); default: the configuration's, else
    /// postgres.
    #[arg(long)]
    dialect: Option<Dialect>,
    /// Server version, e.g. 11 or 16.2: changes what some statements lock,
    /// and the types Liquibase writes on it (MariaDB's `uuid` from 10.7, …).
    #[arg(long)]
    db_version: Option<DbVersion>,
    /// Additional policy file or folder (repeatable).
    #[arg(long = "policy")]
    policies: Vec<PathBuf>,
    /// Do not load the built-in rules.
    #[arg(long)]
    no_builtin: bool,
    /// Let a run that evaluates no rule pass (`--no-builtin` without a
    /// policy, a `--policy` folder with no policy in it, every rule turned
    /// off); without it such a run is an error (exit 2).
    #[arg(long)]
    allow_no_rules: bool,
    /// Evaluate the built-in rules' Rego with the interpreter instead of
    /// their ports in native Rust: slower, the same findings (tests hold
    /// the ports to them); for comparing.
    #[arg(long)]
    rego_builtins: bool,
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
    /// Threads evaluating the policies (default: one per core). Findings
    /// and their order are the same whatever the number.
    #[arg(long, value_name = "N", default_value = "0")]
    threads: usize,
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
    /// Harness Database DevOps: the database instance's identifier
    /// (`dbInstance.identifier`, and its `name` unless the configuration's
    /// `harness:` names it).
    #[arg(long, value_name = "IDENTIFIER")]
    db_instance: Option<String>,
    /// Harness: a tag of the database instance (`dbInstance.tags`),
    /// repeatable: `--db-instance-tag env=prod`.
    #[arg(long = "db-instance-tag", value_name = "KEY=VALUE", value_parser = key_value)]
    db_instance_tags: Vec<(String, String)>,
    /// Harness: the schema's identifier (`dbSchema.identifier`, and its
    /// `name` unless the configuration names it).
    #[arg(long, value_name = "IDENTIFIER")]
    db_schema: Option<String>,
    /// Table sizes of the target database (YAML or JSON: `tables:
    /// {"schema.table": {rows, bytes, indexes_bytes}}`, `server_version`;
    /// see docs/input-document.md): policies see `impact.size` and
    /// `impact.rows`; a table it does not list has an unknown size.
    #[arg(long, value_name = "FILE")]
    stats: Option<PathBuf>,
    /// `${key}` value for Flyway placeholders and Liquibase properties
    /// (repeatable): `--placeholder schema=app`.
    #[arg(long = "placeholder", alias = "property", value_parser = key_value)]
    placeholders: Vec<(String, String)>,
    /// Liquibase contexts, as `liquibase update --contexts`: names
    /// separated by commas (`prod,eu`); changesets whose `context`
    /// expression they satisfy run. A name holding expression syntax
    /// (`(`, `!`, `and`) is an error.
    #[arg(long, alias = "context-filter")]
    contexts: Option<String>,
    /// Liquibase label expression, as `liquibase update --label-filter`:
    /// names with `and`, `or`, `,`, `!`/`not` and parentheses
    /// (`v1 and !beta`); a malformed one is an error.
    #[arg(long, alias = "label-filter")]
    labels: Option<String>,
    /// Liquibase search path root (repeatable).
    #[arg(long = "search-path")]
    search_paths: Vec<PathBuf>,
    /// A `key=value` properties file for `${…}` substitution (Liquibase
    /// `liquibase.properties`, `parameter.key=value` lines included).
    #[arg(long = "properties-file", alias = "defaults-file")]
    properties_file: Option<PathBuf>,
    /// Largest file read (`64MB`, `512KB`, or bytes): a larger changelog,
    /// SQL or data file is an error naming it, and is not read. Default
    /// 64MB, or the configuration's `limits.max_file_size`.
    #[arg(long, value_name = "SIZE", value_parser = limits::parse_size)]
    max_file_size: Option<u64>,
    /// Longest single statement parsed (`4MB`, or bytes): a longer one is
    /// an error at its line, and is not parsed. Default 4MB, or the
    /// configuration's `limits.max_statement_size`.
    #[arg(long, value_name = "SIZE", value_parser = limits::parse_size)]
    max_statement_size: Option<u64>,
}

/// Which configuration file, and which of its environments.
#[derive(Args)]
pub(crate) struct SettingsFile {
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
    pub(crate) fn load(&self) -> Result<Option<schemagate::config::Config>, Problem> {
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
    /// `--db-instance`, `--db-instance-tag`, `--db-schema` over the
    /// configuration's `harness:`.
    fn harness_flags(&self, harness: &mut schemagate::policy::input::harness::Harness) {
        use schemagate::policy::input::harness::Tags;
        if self.db_instance.is_some() || !self.db_instance_tags.is_empty() {
            let instance = harness.db_instance.get_or_insert_with(Default::default);
            if let Some(id) = &self.db_instance {
                instance.identifier = Some(id.clone());
                instance.name.get_or_insert_with(|| id.clone());
            }
            if !self.db_instance_tags.is_empty() {
                let mut tags = match instance.tags.take() {
                    Some(tags) => tags.into_map(),
                    None => Default::default(),
                };
                tags.extend(self.db_instance_tags.iter().cloned());
                instance.tags = Some(Tags::Map(tags));
            }
        }
        if let Some(id) = &self.db_schema {
            let schema = harness.db_schema.get_or_insert_with(Default::default);
            schema.identifier = Some(id.clone());
            schema.name.get_or_insert_with(|| id.clone());
        }
    }

    pub(crate) fn options(&self) -> Result<CheckOptions, Problem> {
        self.check_path_flags()?;
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
        opts.allow_no_rules = self.allow_no_rules;
        opts.native_rules = !self.rego_builtins;
        opts.no_waivers = self.no_waivers;
        opts.policy_timeout = self.policy_timeout;
        opts.threads = self.threads;
        if self.changed_since.is_some() || self.applied.is_some() {
            opts.changed_since = self.changed_since.clone();
            opts.applied = self.applied.clone();
        }
        if !self.baselines.is_empty() {
            opts.baselines = self.baselines.clone();
        }
        if self.stats.is_some() {
            opts.stats = self.stats.clone();
        }
        self.harness_flags(&mut opts.harness);
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
        for (flag, value, kind) in [
            ("--contexts", &self.contexts, FilterKind::List),
            ("--labels", &self.labels, FilterKind::Expression),
        ] {
            if let Some(v) = value {
                check_filter(v, kind)
                    .map_err(|e| Problem::general(format!("{flag} `{v}`: {e}")))?;
            }
        }
        load.contexts = self.contexts.clone().or(load.contexts.take());
        load.labels = self.labels.clone().or(load.labels.take());
        load.search_paths = self.search_paths.clone();
        load.properties_file = self.properties_file.clone();
        if let Some(n) = self.max_file_size {
            load.limits.max_file_bytes = n;
        }
        if let Some(n) = self.max_statement_size {
            load.limits.max_statement_bytes = usize::try_from(n).unwrap_or(usize::MAX);
        }
        // `check -`: SQL on standard input, as squawk reads it
        if opts
            .paths
            .iter()
            .any(|p| p.as_os_str() == schemagate::source::STDIN)
        {
            let max = opts.load.limits.max_file_bytes;
            let mut text = String::new();
            let stdin = std::io::Read::take(std::io::stdin(), max.saturating_add(1));
            std::io::Read::read_to_string(&mut { stdin }, &mut text).map_err(|e| {
                Problem::general(format!("cannot read SQL from standard input: {e}"))
            })?;
            if text.len() as u64 > max {
                return Err(Problem::general(format!(
                    "standard input holds more than the {} limit for one file (--max-file-size)",
                    limits::human(max)
                )));
            }
            opts.load.stdin = Some(text);
        }
        Ok(opts)
    }
}

impl Target {
    /// Path flags the run would otherwise read only for some changelog
    /// formats, or skip when missing: a missing one is a usage error.
    /// (`--baseline`, `--applied`, `--policy`, `--config` and the paths
    /// checked are errors when missing wherever they are read.)
    fn check_path_flags(&self) -> Result<(), Problem> {
        let missing = |flag: &str, path: &std::path::Path, e: std::io::Error| {
            Problem::general(format!("{flag} `{}`: {e}", path.display()))
        };
        if let Some(p) = &self.properties_file {
            let meta = std::fs::metadata(p).map_err(|e| missing("--properties-file", p, e))?;
            if !meta.is_file() {
                return Err(Problem::general(format!(
                    "--properties-file `{}`: not a file",
                    p.display()
                )));
            }
        }
        for p in &self.search_paths {
            let meta = std::fs::metadata(p).map_err(|e| missing("--search-path", p, e))?;
            if !meta.is_dir() {
                return Err(Problem::general(format!(
                    "--search-path `{}`: not a folder",
                    p.display()
                )));
            }
        }
        Ok(())
    }

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

/// An error in the configuration's `key`, at `place`.
fn config_error(
    c: &schemagate::config::Config,
    key: &str,
    place: &serde_saphyr::Location,
    msg: String,
) -> Problem {
    Problem::at_path(
        &c.file,
        place.line() as usize,
        place.column() as usize,
        format!("configuration `{key}`: {msg}"),
    )
}

/// The options a configuration file sets (its paths read from its folder).
fn from_config(c: &schemagate::config::Config) -> Result<CheckOptions, Problem> {
    let s = &c.settings;
    let at =
        |key: &str, place: &serde_saphyr::Location, msg: String| config_error(c, key, place, msg);
    let dialect = match &s.dialect {
        Some(d) => d
            .value
            .parse::<Dialect>()
            .map_err(|e| at("dialect", &d.referenced, e))?,
        None => Dialect::Postgres,
    };
    let paths = s.changelog.iter().map(|p| c.path(&p.value)).collect();
    let mut opts = CheckOptions::new(paths, dialect);
    if let Some(v) = &s.db_version {
        let text = match &v.value {
            serde_json::Value::String(t) => t.clone(),
            other => other.to_string(),
        };
        opts.db_version = text
            .parse()
            .map_err(|e| at("db_version", &v.referenced, e))?;
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
    opts.stats = s.stats.as_ref().map(|p| c.path(&p.value));
    if let Some(t) = &s.throughput {
        if !t.value.is_valid() {
            return Err(at(
                "throughput",
                &t.referenced,
                "every throughput must be a number above 0".into(),
            ));
        }
        opts.throughput = t.value;
    }
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
    for (key, value, kind) in [
        ("contexts", &s.contexts, FilterKind::List),
        ("labels", &s.labels, FilterKind::Expression),
    ] {
        if let Some(v) = value {
            check_filter(&v.value, kind)
                .map_err(|e| config_error(c, key, &v.referenced, format!("`{}`: {e}", v.value)))?;
        }
    }
    opts.load.contexts = s.contexts.as_ref().map(|v| v.value.clone());
    opts.load.labels = s.labels.as_ref().map(|v| v.value.clone());
    opts.fail_on_warnings = s
        .fail_on
        .as_ref()
        .is_some_and(|f| f.value == schemagate::config::FailOn::Warning);
    opts.config = c.policy_data();
    opts.config_path = Some(c.file.clone());
    opts.settings = Some(c.clone());
    if let Some(l) = &s.limits {
        opts.load.limits = l
            .value
            .apply(opts.load.limits)
            .map_err(|(key, place, e)| at(key, &place, e))?;
    }
    opts.harness = s
        .harness
        .as_ref()
        .map(|h| h.value.clone())
        .unwrap_or_default();
    Ok(opts)
}
