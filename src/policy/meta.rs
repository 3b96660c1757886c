//! Rule metadata: what every rule package declares in `meta := {...}` so the
//! catalogue, `schemagate rules` and reports can explain a rule without
//! running it; and the per-rule settings users apply on top of it
//! (`{"rules": {"<id>": {"enabled": false, "severity": "warning"}}}`).

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::Severity;
use super::engine::RawFinding;
use crate::error::Problem;

/// Per-rule settings from the policy data: disable a rule or change the
/// severity of its findings without editing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleConfig {
    rules: BTreeMap<String, RuleSetting>,
    /// Rules whose `meta.enabled` is false: off unless the configuration
    /// turns them on (`{"enabled": true}`).
    off_by_default: std::collections::BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RuleSetting {
    enabled: Option<bool>,
    severity: Option<Severity>,
}

impl RuleConfig {
    /// Reads `data.rules`; every other key of `data` is for the policies.
    pub fn from_data(data: &Json) -> Result<RuleConfig, Problem> {
        let bad = |msg: String| Problem::general(format!("policy configuration: {msg}"));
        let rules = match data.get("rules") {
            None | Some(Json::Null) => return Ok(RuleConfig::default()),
            Some(Json::Object(rules)) => rules,
            Some(other) => return Err(bad(format!("`rules` must be an object, found {other}"))),
        };
        let mut config = RuleConfig::default();
        for (id, setting) in rules {
            let Json::Object(setting) = setting else {
                return Err(bad(format!(
                    "`rules.{id}` must be an object, found {setting}"
                )));
            };
            let mut parsed = RuleSetting::default();
            for (key, value) in setting {
                match (key.as_str(), value) {
                    ("enabled", Json::Bool(b)) => parsed.enabled = Some(*b),
                    ("severity", Json::String(s)) => {
                        parsed.severity = Some(Severity::parse(s).ok_or_else(|| {
                            bad(format!(
                                "`rules.{id}.severity` must be \"error\", \"warning\" or \"info\", found \"{s}\""
                            ))
                        })?)
                    }
                    ("enabled", other) | ("severity", other) => {
                        return Err(bad(format!("`rules.{id}.{key}` has the wrong type: {other}")));
                    }
                    // other keys are free for policies to read
                    _ => {}
                }
            }
            config.rules.insert(id.clone(), parsed);
        }
        Ok(config)
    }

    /// Is the rule turned off (by the configuration, or by its `meta`
    /// when the configuration does not say)?
    pub fn is_disabled(&self, rule: &str) -> bool {
        match self.rules.get(rule).and_then(|s| s.enabled) {
            Some(enabled) => !enabled,
            None => self.off_by_default.contains(rule),
        }
    }

    /// Turns off the rules whose `meta.enabled` is false, unless the
    /// configuration turns them on.
    pub fn with_defaults(mut self, rules: &[RuleMeta]) -> RuleConfig {
        self.off_by_default = rules
            .iter()
            .filter(|r| !r.enabled)
            .map(|r| r.id.clone())
            .collect();
        self
    }

    /// The severity configured for a rule, if any.
    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.rules.get(rule).and_then(|s| s.severity)
    }

    /// Drops the findings of disabled rules and applies severity overrides.
    pub fn apply(&self, findings: Vec<RawFinding>) -> Vec<RawFinding> {
        findings
            .into_iter()
            .filter(|f| !self.is_disabled(&f.rule))
            .map(|mut f| {
                if let Some(s) = self.severity(&f.rule) {
                    f.severity = s;
                }
                f
            })
            .collect()
    }
}

/// The metadata of one rule package.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleMeta {
    /// Stable, kebab-case rule id (`require-concurrent-index-creation`).
    pub id: String,
    pub title: String,
    /// The default severity of its findings.
    #[serde(serialize_with = "severity_name")]
    pub severity: Severity,
    pub category: String,
    /// Why the change is dangerous.
    pub description: String,
    /// The safe alternative.
    pub help: String,
    /// Dialects the rule applies to; empty means all.
    pub dialects: Vec<String>,
    /// Statement kinds the rule looks at (`["alter_table"]`): it is only
    /// evaluated on documents holding one; empty means every document.
    pub kinds: Vec<String>,
    /// Document facts the rule's findings need (`["refusals"]`,
    /// [`super::facts::FACTS`]): with `kinds`, the rule is evaluated on the
    /// documents holding one of its kinds or one of its facts.
    pub facts: Vec<String>,
    /// `meta.params`: the parameters it reads with `lib.param`, by name, to
    /// their type (`integer`, `number`, `string`, `regex`, `boolean`, `array`,
    /// `object`); the configuration's values are checked against them.
    /// Empty: undeclared, any parameter is passed on.
    pub params: BTreeMap<String, String>,
    /// `meta.aliases`: other tools' names for the rule, `<tool>:<name>`
    /// (`squawk:ban-drop-column`, `atlas:DS103`); accepted wherever a rule
    /// id is ([`super::aliases`]).
    pub aliases: Vec<String>,
    /// `meta.enabled` (default true): false for a rule that is off until
    /// the configuration turns it on (`rules: {<id>: {enabled: true}}`), such
    /// as a style rule many schemas would break everywhere.
    pub enabled: bool,
    /// Rego package, without the `data.` prefix.
    pub package: String,
    /// File that declares `meta`.
    pub file: String,
}

fn severity_name<S: serde::Serializer>(severity: &Severity, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(severity.name())
}

impl RuleMeta {
    /// Reads a `meta` value. `id` is required; the other fields default to
    /// empty so a user's small policy needs only an id.
    pub fn from_json(value: &Json, package: &str, file: &str) -> Result<RuleMeta, String> {
        let Json::Object(obj) = value else {
            return Err(format!("`meta` of package `{package}` must be an object"));
        };
        let text = |key: &str| -> Result<String, String> {
            match obj.get(key) {
                None | Some(Json::Null) => Ok(String::new()),
                Some(Json::String(s)) => Ok(s.clone()),
                Some(other) => Err(format!(
                    "`meta.{key}` of package `{package}` must be a string, found {other}"
                )),
            }
        };
        let id = text("id")?;
        if id.is_empty() {
            return Err(format!("`meta` of package `{package}` has no `id`"));
        }
        let severity = match obj.get("severity") {
            None | Some(Json::Null) => Severity::Error,
            Some(Json::String(s)) => Severity::parse(s).ok_or_else(|| {
                format!(
                    "`meta.severity` of package `{package}` must be \"error\", \"warning\" or \"info\", found \"{s}\""
                )
            })?,
            Some(other) => {
                return Err(format!(
                    "`meta.severity` of package `{package}` must be a string, found {other}"
                ));
            }
        };
        let strings = |key: &str| -> Result<Vec<String>, String> {
            match obj.get(key) {
                None | Some(Json::Null) => Ok(Vec::new()),
                Some(Json::Array(items)) => items
                    .iter()
                    .map(|d| {
                        d.as_str().map(str::to_string).ok_or_else(|| {
                            format!(
                                "`meta.{key}` of package `{package}` must hold strings, found {d}"
                            )
                        })
                    })
                    .collect(),
                Some(other) => Err(format!(
                    "`meta.{key}` of package `{package}` must be an array, found {other}"
                )),
            }
        };
        let dialects = strings("dialects")?;
        let kinds = strings("kinds")?;
        // a name that can never match would make the rule never evaluated:
        // a silent pass
        if let Some(bad) = kinds
            .iter()
            .find(|k| !crate::sql::facts::KINDS.contains(&k.as_str()))
        {
            return Err(format!(
                "`meta.kinds` of package `{package}`: `{bad}` is not a statement kind (docs/input-document.md lists them)"
            ));
        }
        let facts = strings("facts")?;
        if let Some(bad) = facts.iter().find(|f| !super::facts::known(f)) {
            return Err(format!(
                "`meta.facts` of package `{package}`: `{bad}` is not a fact; the facts are {}",
                super::facts::names()
            ));
        }
        let params = params(obj.get("params"), package)?;
        let aliases = strings("aliases")?;
        if let Some(bad) = aliases.iter().find(|a| super::aliases::split(a).is_none()) {
            return Err(format!(
                "`meta.aliases` of package `{package}`: `{bad}` is not `<tool>:<name>` with a tool among {}",
                super::aliases::TOOLS.join(", ")
            ));
        }
        let enabled = match obj.get("enabled") {
            None | Some(Json::Null) => true,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                return Err(format!(
                    "`meta.enabled` of package `{package}` must be true or false, found {other}"
                ));
            }
        };
        Ok(RuleMeta {
            id,
            title: text("title")?,
            severity,
            category: text("category")?,
            description: text("description")?,
            help: text("help")?,
            dialects,
            kinds,
            facts,
            params,
            aliases,
            enabled,
            package: package.to_string(),
            file: file.to_string(),
        })
    }
}

/// Parameter types `meta.params` may declare.
pub const PARAM_TYPES: [&str; 7] = [
    "integer", "number", "string", "boolean", "array", "object", "regex",
];

/// `meta.params`: `{"name": "type"}` or `{"name": {"type": …, "description": …}}`.
fn params(value: Option<&Json>, package: &str) -> Result<BTreeMap<String, String>, String> {
    let bad = |what: String| format!("`meta.params` of package `{package}`: {what}");
    let obj = match value {
        None | Some(Json::Null) => return Ok(BTreeMap::new()),
        Some(Json::Object(o)) => o,
        Some(other) => return Err(bad(format!("must be an object, found {other}"))),
    };
    let mut out = BTreeMap::new();
    for (name, decl) in obj {
        let ty = match decl {
            Json::String(t) => t.as_str(),
            Json::Object(o) => o.get("type").and_then(Json::as_str).unwrap_or_default(),
            _ => "",
        };
        if !PARAM_TYPES.contains(&ty) {
            return Err(bad(format!(
                "`{name}` must name a type ({}), found {decl}",
                PARAM_TYPES.join(", ")
            )));
        }
        out.insert(name.clone(), ty.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::At;
    use serde_json::json;

    fn raw(rule: &str) -> RawFinding {
        RawFinding {
            rule: rule.into(),
            severity: Severity::Error,
            message: "m".into(),
            help: None,
            at: At::Nothing,
        }
    }

    #[test]
    fn config_disables_and_overrides() {
        let c = RuleConfig::from_data(&json!({"rules": {
            "a": {"enabled": false}, "b": {"severity": "warning"}, "c": {"enabled": true}}}))
        .unwrap();
        let out = c.apply(vec![raw("a"), raw("b"), raw("c")]);
        let got: Vec<(&str, Severity)> =
            out.iter().map(|f| (f.rule.as_str(), f.severity)).collect();
        assert_eq!(got, [("b", Severity::Warning), ("c", Severity::Error)]);
    }

    #[test]
    fn config_rejects_bad_values() {
        let e = RuleConfig::from_data(&json!({"rules": {"a": {"severity": "loud"}}})).unwrap_err();
        assert!(e.message.contains("rules.a.severity"), "{}", e.message);
        let e = RuleConfig::from_data(&json!({"rules": {"a": {"enabled": "no"}}})).unwrap_err();
        assert!(e.message.contains("rules.a.enabled"), "{}", e.message);
        assert!(RuleConfig::from_data(&json!({"rules": []})).is_err());
    }

    /// A kind or fact that can never match would leave the rule never
    /// evaluated: both are refused, naming the bad one.
    #[test]
    fn refuses_unknown_kinds_and_facts() {
        let meta = |extra: serde_json::Value| {
            let mut v = json!({"id": "x"});
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            RuleMeta::from_json(&v, "p.x", "x.rego")
        };
        let m = meta(json!({"kinds": ["create_index"], "facts": ["refusals", "stats"]})).unwrap();
        assert_eq!(
            (m.kinds, m.facts),
            (
                vec!["create_index".to_string()],
                vec!["refusals".to_string(), "stats".to_string()]
            )
        );
        let e = meta(json!({"kinds": ["create_idx"]})).unwrap_err();
        assert!(e.contains("`create_idx` is not a statement kind"), "{e}");
        let e = meta(json!({"facts": ["refusal"]})).unwrap_err();
        assert!(
            e.contains("`refusal` is not a fact; the facts are refusals, rewrite"),
            "{e}"
        );
        assert!(meta(json!({"facts": "refusals"})).is_err());
    }

    #[test]
    fn reads_every_field() {
        let m = RuleMeta::from_json(
            &json!({"id": "ban-x", "title": "T", "severity": "warning", "category": "c",
                    "description": "d", "help": "h", "dialects": ["postgres"]}),
            "p.x",
            "x.rego",
        )
        .unwrap();
        assert_eq!(m.id, "ban-x");
        assert_eq!(m.severity, Severity::Warning);
        assert_eq!(m.dialects, ["postgres"]);
        assert_eq!((m.package.as_str(), m.file.as_str()), ("p.x", "x.rego"));
    }

    #[test]
    fn rejects_missing_id_and_bad_severity() {
        let e = RuleMeta::from_json(&json!({"title": "T"}), "p", "f").unwrap_err();
        assert_eq!(e, "`meta` of package `p` has no `id`");
        let e =
            RuleMeta::from_json(&json!({"id": "a", "severity": "fatal"}), "p", "f").unwrap_err();
        assert!(e.contains("\"fatal\""), "{e}");
    }
}
