//! The run's configuration: one `schemagate.yaml` for every environment.
//!
//! Found by walking up from the working directory to the repository root
//! (`schemagate.yaml`, `.schemagate.yaml`, `schemagate.yml`), or given with
//! `--config FILE`. Its top level holds the settings; `environments:` holds
//! one override per environment, chosen with `--env NAME` (or
//! `SCHEMAGATE_ENV`). Command-line flags win over both.
//!
//! The file is read into typed settings that refuse unknown keys and wrong
//! types at their line and column; rule ids are checked once the policies
//! are loaded ([`Config::unknown_rules`]).

mod file;
mod merge;
pub mod rules;
mod show;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};
use serde_saphyr::Spanned;

use crate::error::Problem;
use crate::policy::aliases;

pub use file::{discover, read};
pub use show::render;

/// File names looked for, in order, in each folder walked.
pub const FILE_NAMES: [&str; 3] = ["schemagate.yaml", ".schemagate.yaml", "schemagate.yml"];

/// What findings fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Error findings fail it (the default).
    Error,
    /// Warnings fail it too.
    Warning,
}

/// How much a kind of drift counts (`drift:` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DriftLevel {
    /// Reported and fails `schemagate diff` (exit 1): the default.
    Error,
    /// Reported; does not fail.
    Warning,
    /// Not reported.
    Off,
}

/// A key of `drift:`: an object kind (`table`, `column`, `index`,
/// `constraint`, `view`, `materialized_view`, `sequence`), or one with a
/// change (`index.only_right`: in the database only; `only_left`: in the
/// changelog only; `type`, `not_null`, `default` for columns;
/// `not_compared`: one side could not follow the statements that touch
/// it). `not_compared` alone is every kind's; it is a warning unless set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct DriftKey(pub String);

/// Object kinds and changes a `drift:` key may name.
pub const DRIFT_KINDS: [&str; 7] = [
    "table",
    "column",
    "index",
    "constraint",
    "view",
    "materialized_view",
    "sequence",
];
pub const DRIFT_CHANGES: [&str; 6] = [
    "only_left",
    "only_right",
    "type",
    "not_null",
    "default",
    "not_compared",
];

impl<'de> Deserialize<'de> for DriftKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        let (kind, change) = match key.split_once('.') {
            Some((k, c)) => (k, Some(c)),
            None => (key.as_str(), None),
        };
        let kind_ok = DRIFT_KINDS.contains(&kind) || (kind == "not_compared" && change.is_none());
        if !kind_ok || change.is_some_and(|c| !DRIFT_CHANGES.contains(&c)) {
            return Err(serde::de::Error::custom(format!(
                "`{key}` is no kind of drift: use `not_compared`, or one of {} optionally followed by `.` and one of {}",
                DRIFT_KINDS.join(", "),
                DRIFT_CHANGES.join(", ")
            )));
        }
        Ok(DriftKey(key))
    }
}

/// One level of settings: the top level, or one environment's overrides.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub dialect: Option<Spanned<String>>,
    pub db_version: Option<Spanned<Value>>,
    /// The default changelog or migration folder, so `schemagate check`
    /// alone works.
    pub changelog: Option<Spanned<String>>,
    /// Extra policy folders or files.
    pub policies: Option<Spanned<Vec<String>>>,
    /// Schema dumps replayed before the changelog.
    pub baseline: Option<Spanned<OneOrMany>>,
    pub applied: Option<Spanned<String>>,
    /// Table sizes of the target database (`--stats`).
    pub stats: Option<Spanned<String>>,
    /// How fast the target works through a table (impact's `est_seconds`).
    pub throughput: Option<Spanned<crate::impact::numbers::Throughput>>,
    pub changed_since: Option<Spanned<String>>,
    /// Liquibase `--contexts` / `--labels` expressions.
    pub contexts: Option<Spanned<String>>,
    pub labels: Option<Spanned<String>>,
    /// Liquibase properties / Flyway placeholders (`${key}`).
    pub properties: Option<Spanned<BTreeMap<String, Value>>>,
    pub placeholders: Option<Spanned<BTreeMap<String, Value>>>,
    pub fail_on: Option<Spanned<FailOn>>,
    /// `schemagate diff`: how much each kind of difference counts, per
    /// object kind (`index`) or kind and change (`index.only_right`).
    pub drift: Option<Spanned<BTreeMap<DriftKey, DriftLevel>>>,
    /// Per rule id: `off | info | warning | error`, or `{severity, enabled,
    /// params}` (checked by [`rules`], so a bad one is set aside alone).
    pub rules: Option<Spanned<rules::Node>>,
    /// Rule parameters by rule id (also accepted inside `rules`).
    pub params: Option<Spanned<rules::Node>>,
    /// Anything the team's own policies read, as
    /// `data.schemagate.config.<key>`.
    pub data: Option<Spanned<Map<String, Value>>>,
    /// Waivers: `[{rule, changeset | file | object, reason, owner | ticket,
    /// expires}]`, checked by the waiver stage.
    pub waivers: Option<Spanned<Vec<Value>>>,
    /// Harness Database DevOps compatibility: `db_instance: {name,
    /// identifier, tags, type}` and `db_schema: {name, identifier}`, given
    /// to policies as `dbInstance`/`dbSchema`.
    pub harness: Option<Spanned<crate::policy::input::harness::Harness>>,
    /// What one input may cost: `max_file_size`, `max_statement_size`
    /// (`64MB`, `4MB`, or bytes).
    pub limits: Option<Spanned<LimitSettings>>,
    pub environments: Option<Spanned<BTreeMap<String, Spanned<Settings>>>>,
}

/// `limits:` of the configuration (see [`crate::limits`]).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Largest file read.
    pub max_file_size: Option<Spanned<Value>>,
    /// Longest statement parsed.
    pub max_statement_size: Option<Spanned<Value>>,
}

impl LimitSettings {
    /// The limits these set over `limits`; `Err((key, where, message))`.
    pub fn apply(
        &self,
        mut limits: crate::limits::Limits,
    ) -> Result<crate::limits::Limits, (&'static str, serde_saphyr::Location, String)> {
        let size = |key: &'static str, v: &Spanned<Value>| {
            let text = match &v.value {
                Value::String(t) => t.clone(),
                other => other.to_string(),
            };
            crate::limits::parse_size(&text).map_err(|e| (key, v.referenced, e))
        };
        if let Some(v) = &self.max_file_size {
            limits.max_file_bytes = size("limits.max_file_size", v)?;
        }
        if let Some(v) = &self.max_statement_size {
            let n = size("limits.max_statement_size", v)?;
            limits.max_statement_bytes = usize::try_from(n).unwrap_or(usize::MAX);
        }
        Ok(limits)
    }
}

/// A path or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Where a setting came from, for `schemagate config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: u64,
    /// `Some(env)` when an environment's override set it.
    pub environment: Option<String>,
}

/// A configuration file read and resolved for one environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: PathBuf,
    /// The environment chosen, if any.
    pub environment: Option<String>,
    /// The top level with the environment's overrides applied.
    pub settings: Settings,
    /// Per setting key (`dialect`, `rules.ban-drop-table`, …): where its
    /// value came from.
    pub origins: BTreeMap<String, Origin>,
    /// Bad values under `rules`/`params` (of every environment), each at
    /// its line and column: set aside, the rest of the file applies.
    pub problems: Vec<Problem>,
    /// Every rule id and parameter the file names, in every environment,
    /// checked against the loaded policies ([`Config::unknown_rules`],
    /// [`Config::param_problems`]).
    named: Named,
}

/// The rule ids and parameters a file names, at their places.
#[derive(Debug, Clone, Default)]
struct Named {
    rule_ids: Vec<Spanned<String>>,
    params: Vec<(Spanned<String>, Spanned<String>, Spanned<rules::Node>)>,
}

impl Named {
    /// What `s` and its environments name.
    fn of(s: &Settings) -> Named {
        let mut named = Named::default();
        let levels = std::iter::once(s).chain(
            s.environments
                .iter()
                .flat_map(|e| e.value.values().map(|env| &env.value)),
        );
        for level in levels {
            let ids = level.rules.iter().chain(level.params.iter());
            named
                .rule_ids
                .extend(ids.flat_map(|r| r.value.entries().iter().map(|(k, _)| k.clone())));
            named.params.extend(rules::given_params(
                level.rules.as_ref(),
                level.params.as_ref(),
            ));
        }
        named
    }
}

impl Config {
    /// The folder relative paths in the file are read from.
    pub fn dir(&self) -> PathBuf {
        match self.file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// A path written in the file, as the run reads it.
    pub fn path(&self, written: &str) -> PathBuf {
        let p = Path::new(written);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir().join(p)
        }
    }

    /// `data.schemagate.config` for the policies: `rules` (severity, on/off),
    /// `params`, `waivers`, and the `data` keys at the top level, where
    /// policies read them (`data.schemagate.config.protected_tables`).
    /// Settings found bad ([`Config::problems`]) are left out.
    pub fn policy_data(&self) -> Value {
        let s = &self.settings;
        let mut out = Map::new();
        if let Some(data) = &s.data {
            out.extend(data.value.clone());
        }
        let settings: BTreeMap<String, rules::RuleSetting> = s
            .rules
            .iter()
            .flat_map(|r| r.value.entries())
            // another tool's name stays as written: the engine, which knows
            // the rules' `meta.aliases`, reads it as our id
            .map(|(id, node)| (id.value.clone(), rules::parse_rule(node).0))
            .collect();
        let params = rules::params_json(&settings, s.params.as_ref());
        let rules: Map<String, Value> = settings
            .iter()
            .map(|(id, setting)| (id.clone(), setting.engine_json()))
            .collect();
        out.insert("rules".into(), Value::Object(rules));
        out.insert("params".into(), Value::Object(params));
        if let Some(w) = &s.waivers {
            out.insert("waivers".into(), Value::Array(w.value.clone()));
        }
        Value::Object(out)
    }

    /// A problem at `line`:`column` of the file.
    fn at(&self, line: u64, column: u64, message: String) -> Problem {
        Problem::at_path(&self.file, line as usize, column as usize, message)
    }

    /// A problem for every rule id the file names (under `rules` or
    /// `params`, in any environment) that is not in `known`, with a near
    /// known id when there is one.
    pub fn unknown_rules(&self, known: &aliases::RuleNames) -> Vec<Problem> {
        let mut seen = std::collections::HashSet::new();
        self.named
            .rule_ids
            .iter()
            .filter(|id| known.resolve(&id.value).is_none())
            .filter(|id| seen.insert((id.referenced.line(), id.referenced.column())))
            .map(|id| {
                let hint = known
                    .did_you_mean(&id.value)
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_else(|| "; `schemagate rules` lists them".to_string());
                let at = &id.referenced;
                self.at(
                    at.line(),
                    at.column(),
                    format!("configuration: no rule `{}`{hint}", id.value),
                )
            })
            .collect()
    }

    /// A problem for every parameter given to a rule that declares its
    /// parameters (`meta.params`) and has no such parameter, or of another
    /// type.
    pub fn param_problems(&self, rules: &[crate::policy::meta::RuleMeta]) -> Vec<Problem> {
        let mut out = Vec::new();
        let names = aliases::RuleNames::new(rules, []);
        for (id, name, value) in &self.named.params {
            let canonical = names.resolve(&id.value).unwrap_or(&id.value);
            let Some(meta) = rules.iter().find(|r| r.id == canonical) else {
                continue;
            };
            if meta.params.is_empty() {
                continue;
            }
            let message = match meta.params.get(&name.value) {
                None => {
                    let names: Vec<&str> = meta.params.keys().map(String::as_str).collect();
                    let (at, msg) = (
                        &name.referenced,
                        format!(
                            "configuration: rule `{}` has no parameter `{}` (it has {})",
                            meta.id,
                            name.value,
                            names.join(", ")
                        ),
                    );
                    out.push(self.at(at.line(), at.column(), msg));
                    continue;
                }
                Some(declared)
                    if declared == "regex"
                        && let Some(error) =
                            value.value.to_json().as_str().and_then(rules::regex_error) =>
                {
                    format!(
                        "configuration: parameter `{}` of rule `{}` is not a valid regular expression: {}",
                        name.value,
                        meta.id,
                        error
                            .lines()
                            .last()
                            .unwrap_or_default()
                            .trim()
                            .trim_start_matches("error: ")
                    )
                }
                Some(declared) if !rules::type_matches(declared, &value.value.to_json()) => {
                    format!(
                        "configuration: parameter `{}` of rule `{}` must be {}, found {}",
                        name.value,
                        meta.id,
                        declared,
                        value.value.to_json()
                    )
                }
                Some(_) => continue,
            };
            let at = &value.referenced;
            out.push(self.at(at.line(), at.column(), message));
        }
        out
    }
}

/// The shape problems of `rules`/`params` in `s` and its environments.
fn shape_problems(path: &Path, s: &Settings) -> Vec<Problem> {
    let levels = std::iter::once(s).chain(
        s.environments
            .iter()
            .flat_map(|e| e.value.values().map(|env| &env.value)),
    );
    levels
        .flat_map(|level| rules::check_shape(level.rules.as_ref(), level.params.as_ref()))
        .map(|b| {
            Problem::at_path(
                path,
                b.line,
                b.column,
                format!("configuration: {}", b.message),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
