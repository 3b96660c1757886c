//! Other tools' names for our rules: squawk's, Atlas's, Liquibase's policy
//! checks and Bytebase's, so their ignore comments (`-- squawk-ignore
//! ban-drop-column`, `-- atlas:nolint DS103`) and a team's habits keep
//! working anywhere a rule id is accepted (configuration, waivers, inline
//! comments). A name is written `<tool>:<name>` (`squawk:prefer-timestamp-tz`,
//! `atlas:DS103`, `liquibase:ChangeDropColumnWarn`); squawk's and Atlas's
//! names also bare, as their own comments write them.
//!
//! The names live in each rule's `meta.aliases`, next to the rule: this
//! module only reads them from the loaded rules ([`RuleNames`]), so there is
//! no second table to keep in step.

use serde_json::{Map, Value};

use super::meta::RuleMeta;

/// The tools whose names are accepted, as prefixes.
pub const TOOLS: &[&str] = &["squawk", "atlas", "liquibase", "bytebase"];

/// Tools whose names are also accepted without their prefix.
const BARE: &[&str] = &["squawk", "atlas"];

/// Splits `tool:name` when `tool` is one of [`TOOLS`] (any case): the tool
/// as [`TOOLS`] spells it, and the name.
pub fn split(alias: &str) -> Option<(&'static str, &str)> {
    let (tool, theirs) = alias.split_once(':')?;
    let tool = TOOLS.iter().find(|t| t.eq_ignore_ascii_case(tool))?;
    (!theirs.is_empty()).then_some((*tool, theirs))
}

/// The rule ids a run knows and the other tools' names for them, read from
/// the rules' `meta.aliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleNames {
    ids: Vec<String>,
    /// `(tool, their name, our id)`.
    aliases: Vec<(&'static str, String, String)>,
}

impl RuleNames {
    /// The ids and aliases of `rules`, and `other` ids (rules without
    /// `meta`, the waiver stage's own findings) that have no aliases.
    pub fn new(rules: &[RuleMeta], other: impl IntoIterator<Item = String>) -> RuleNames {
        let mut names = RuleNames::default();
        for rule in rules {
            names.ids.push(rule.id.clone());
            for alias in &rule.aliases {
                if let Some((tool, theirs)) = split(alias) {
                    names
                        .aliases
                        .push((tool, theirs.to_string(), rule.id.clone()));
                }
            }
        }
        names.ids.extend(other);
        names
    }

    /// The rule ids.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Our id for another tool's name (`None` when `name` is no alias):
    /// `tool:name`, or a bare squawk or Atlas name.
    pub fn alias_of(&self, name: &str) -> Option<&str> {
        self.ids_of_alias(name).first().copied()
    }

    /// Does `name` name rule `id`: its id, or an alias of it (one name of
    /// another tool may stand for several of our rules: Bytebase's
    /// `statement.where.require.update-delete`)?
    pub fn names(&self, name: &str, id: &str) -> bool {
        name == id || (!self.ids.iter().any(|k| k == name) && self.ids_of_alias(name).contains(&id))
    }

    /// Every rule `name` is an alias of, in load order.
    fn ids_of_alias(&self, name: &str) -> Vec<&str> {
        let (tools, theirs): (Vec<&str>, &str) = match split(name) {
            Some((tool, theirs)) => (vec![tool], theirs),
            None if name.contains(':') => return Vec::new(),
            None => (BARE.to_vec(), name),
        };
        self.aliases
            .iter()
            .filter(|(t, alias, _)| tools.contains(t) && alias.eq_ignore_ascii_case(theirs))
            .map(|(_, _, ours)| ours.as_str())
            .collect()
    }

    /// Our id for `name`: itself when it is a rule id, else the rule it is
    /// an alias of.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        match self.ids.iter().find(|k| *k == name) {
            Some(id) => Some(id.as_str()),
            None => self.alias_of(name),
        }
    }

    /// Every name of another tool for our rule `id`, prefixed (`squawk:…`).
    pub fn names_of(&self, id: &str) -> Vec<String> {
        self.aliases
            .iter()
            .filter(|(_, _, ours)| ours == id)
            .map(|(tool, theirs, _)| format!("{tool}:{theirs}"))
            .collect()
    }

    /// The id or alias closest to `name`, when it is a likely typo.
    pub fn did_you_mean(&self, name: &str) -> Option<String> {
        let prefixed: Vec<String> = self
            .aliases
            .iter()
            .map(|(tool, theirs, _)| format!("{tool}:{theirs}"))
            .collect();
        let candidates = self
            .ids
            .iter()
            .map(String::as_str)
            .chain(self.aliases.iter().map(|(_, a, _)| a.as_str()))
            .chain(prefixed.iter().map(String::as_str));
        candidates
            .map(|c| (strsim::levenshtein(name, c), c))
            .filter(|(d, c)| *d <= 3.max(c.len() / 4))
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c.to_string())
    }

    /// The policy data with the aliases under `rules` and `params` written
    /// as our ids, so the engine and `lib.param` find them by `meta.id`. A
    /// setting given under both names keeps the one under our id.
    pub fn canonical_data(&self, data: &Value) -> Value {
        let mut data = data.clone();
        for key in ["rules", "params"] {
            let Some(Value::Object(entries)) = data.get_mut(key) else {
                continue;
            };
            if !entries.keys().any(|k| self.is_alias(k)) {
                continue;
            }
            let mut out = Map::new();
            let (ours, theirs): (Vec<_>, Vec<_>) = std::mem::take(entries)
                .into_iter()
                .partition(|(k, _)| !self.is_alias(k));
            for (k, v) in theirs {
                for id in self.ids_of_alias(&k) {
                    out.insert(id.to_string(), v.clone());
                }
            }
            out.extend(ours);
            *entries = out;
        }
        data
    }

    fn is_alias(&self, name: &str) -> bool {
        !self.ids.iter().any(|k| k == name) && self.alias_of(name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(id: &str, aliases: &[&str]) -> RuleMeta {
        let value = json!({"id": id, "aliases": aliases});
        RuleMeta::from_json(&value, "p", "p.rego").unwrap()
    }

    fn known() -> RuleNames {
        RuleNames::new(
            &[
                meta(
                    "require-lock-timeout",
                    &[
                        "squawk:require-timeout-settings",
                        "squawk:require-lock-timeout",
                    ],
                ),
                meta(
                    "ban-drop-column",
                    &[
                        "squawk:ban-drop-column",
                        "atlas:DS103",
                        "liquibase:ChangeDropColumnWarn",
                    ],
                ),
                meta("require-primary-key", &["bytebase:table.require-pk"]),
            ],
            ["team-rule".to_string()],
        )
    }

    #[test]
    fn aliases_resolve_to_loaded_rules_only() {
        let k = known();
        assert_eq!(k.resolve("ban-drop-column"), Some("ban-drop-column"));
        assert_eq!(k.resolve("team-rule"), Some("team-rule"));
        assert_eq!(
            k.resolve("require-timeout-settings"),
            Some("require-lock-timeout")
        );
        assert_eq!(k.resolve("ds103"), Some("ban-drop-column"));
        assert_eq!(k.resolve("DS102"), None);
        assert_eq!(
            k.did_you_mean("ban-drop-colum").as_deref(),
            Some("ban-drop-column")
        );
        assert_eq!(k.did_you_mean("something-else-entirely"), None);
    }

    #[test]
    fn prefixed_names_of_each_tool_resolve() {
        let k = known();
        assert_eq!(
            k.resolve("squawk:require-timeout-settings"),
            Some("require-lock-timeout")
        );
        assert_eq!(k.resolve("SQUAWK:ban-drop-column"), Some("ban-drop-column"));
        assert_eq!(k.resolve("atlas:DS103"), Some("ban-drop-column"));
        assert_eq!(
            k.resolve("liquibase:ChangeDropColumnWarn"),
            Some("ban-drop-column")
        );
        assert_eq!(
            k.alias_of("bytebase:table.require-pk"),
            Some("require-primary-key")
        );
        // Liquibase's and Bytebase's names only with their prefix; no
        // unknown prefix, no name of another tool
        assert_eq!(k.alias_of("ChangeDropColumnWarn"), None);
        assert_eq!(k.alias_of("table.require-pk"), None);
        assert_eq!(k.alias_of("flyway:DS103"), None);
        assert_eq!(k.alias_of("atlas:require-timeout-settings"), None);
        assert_eq!(
            k.names_of("ban-drop-column"),
            [
                "squawk:ban-drop-column",
                "atlas:DS103",
                "liquibase:ChangeDropColumnWarn"
            ]
        );
    }

    #[test]
    fn one_name_of_another_tool_may_stand_for_several_rules() {
        let k = RuleNames::new(
            &[
                meta(
                    "ban-update-without-where",
                    &["bytebase:statement.where.require.update-delete"],
                ),
                meta(
                    "ban-delete-without-where",
                    &["bytebase:statement.where.require.update-delete"],
                ),
            ],
            [],
        );
        let name = "bytebase:statement.where.require.update-delete";
        assert!(k.names(name, "ban-update-without-where"));
        assert!(k.names(name, "ban-delete-without-where"));
        assert!(!k.names(
            "statement.where.require.update-delete",
            "ban-delete-without-where"
        ));
        assert_eq!(
            k.canonical_data(&json!({"rules": {name: {"enabled": false}}})),
            json!({"rules": {
                "ban-update-without-where": {"enabled": false},
                "ban-delete-without-where": {"enabled": false},
            }})
        );
    }

    #[test]
    fn configuration_under_an_alias_reaches_the_rule_by_its_id() {
        let k = known();
        let data = json!({
            "rules": {"atlas:DS103": {"enabled": false}, "team-rule": {"severity": "info"}},
            "params": {"squawk:require-timeout-settings": {"x": 1}, "require-lock-timeout": {"x": 2}},
            "protected_tables": ["orders"],
        });
        assert_eq!(
            k.canonical_data(&data),
            json!({
                "rules": {"ban-drop-column": {"enabled": false}, "team-rule": {"severity": "info"}},
                "params": {"require-lock-timeout": {"x": 2}},
                "protected_tables": ["orders"],
            })
        );
    }
}
