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
mod show;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value, json};
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
    pub changed_since: Option<Spanned<String>>,
    /// Liquibase `--contexts` / `--labels` expressions.
    pub contexts: Option<Spanned<String>>,
    pub labels: Option<Spanned<String>>,
    /// Liquibase properties / Flyway placeholders (`${key}`).
    pub properties: Option<Spanned<BTreeMap<String, Value>>>,
    pub placeholders: Option<Spanned<BTreeMap<String, Value>>>,
    pub fail_on: Option<Spanned<FailOn>>,
    /// Per rule id: `off | info | warning | error`, or `{severity, enabled,
    /// params}`.
    pub rules: Option<Spanned<BTreeMap<String, Spanned<Value>>>>,
    /// Rule parameters by rule id (also accepted inside `rules`).
    pub params: Option<Spanned<BTreeMap<String, Value>>>,
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
    pub max_file_size: Option<Value>,
    /// Longest statement parsed.
    pub max_statement_size: Option<Value>,
}

impl LimitSettings {
    /// The limits these set over `limits`; `Err((key, message))`.
    pub fn apply(
        &self,
        mut limits: crate::limits::Limits,
    ) -> Result<crate::limits::Limits, (&'static str, String)> {
        let size = |key: &'static str, v: &Value| {
            let text = match v {
                Value::String(t) => t.clone(),
                other => other.to_string(),
            };
            crate::limits::parse_size(&text).map_err(|e| (key, e))
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
    pub fn policy_data(&self) -> Value {
        let s = &self.settings;
        let mut out = Map::new();
        if let Some(data) = &s.data {
            out.extend(data.value.clone());
        }
        let mut rules = Map::new();
        let mut params: Map<String, Value> = s
            .params
            .as_ref()
            .map(|p| p.value.clone().into_iter().collect())
            .unwrap_or_default();
        for (id, setting) in s.rules.iter().flat_map(|r| r.value.iter()) {
            // squawk's and Atlas's names work too
            let id = aliases::alias_of(id).map_or(id.clone(), str::to_string);
            let (rule, rule_params) = rule_setting(&setting.value);
            if let Some(p) = rule_params {
                params.insert(id.clone(), p);
            }
            rules.insert(id, rule);
        }
        out.insert("rules".into(), Value::Object(rules));
        out.insert("params".into(), Value::Object(params));
        if let Some(w) = &s.waivers {
            out.insert("waivers".into(), Value::Array(w.value.clone()));
        }
        Value::Object(out)
    }

    /// `(id, line, column)` of every rule id the file names that is not in
    /// `known`, with a near known id when there is one.
    pub fn unknown_rules(&self, known: &[String]) -> Vec<Problem> {
        let Some(rules) = &self.settings.rules else {
            return Vec::new();
        };
        rules
            .value
            .iter()
            .filter(|(id, _)| aliases::resolve(id, known).is_none())
            .map(|(id, setting)| {
                let origin = self.origins.get(&format!("rules.{id}"));
                let hint = aliases::did_you_mean(id, known)
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_else(|| "; `schemagate rules` lists them".to_string());
                Problem::at_path(
                    origin.map_or(&self.file, |o| &o.file),
                    origin.map_or(setting.referenced.line(), |o| o.line) as usize,
                    1,
                    format!("configuration: no rule `{id}`{hint}"),
                )
            })
            .collect()
    }
}

/// A rule's setting as the engine reads it (`{enabled, severity}`), and its
/// parameters. `off`/`false` turns it off; a level sets the severity.
fn rule_setting(value: &Value) -> (Value, Option<Value>) {
    match value {
        // YAML reads a bare `off`/`on` as a boolean
        Value::Bool(on) => (json!({"enabled": on}), None),
        Value::String(s) if s.eq_ignore_ascii_case("off") => (json!({"enabled": false}), None),
        Value::String(s) if s.eq_ignore_ascii_case("on") => (json!({"enabled": true}), None),
        Value::String(level) => (json!({"severity": level}), None),
        Value::Object(o) => {
            let mut rule = o.clone();
            let params = rule.remove("params");
            if let Some(level) = rule.remove("level") {
                rule.insert("severity".into(), level);
            }
            (Value::Object(rule), params)
        }
        other => (other.clone(), None),
    }
}

#[cfg(test)]
mod tests;
