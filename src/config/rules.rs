//! `rules:` and `params:`: read as YAML that keeps the place of every part,
//! and checked here rather than by serde, so a bad value is an error at its
//! own line and column that sets that one setting aside, and the run goes
//! on with every other rule as configured.

use std::collections::BTreeMap;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value, json};
use serde_saphyr::Spanned;

use crate::policy::Severity;

/// A YAML value with the place of each key and value in it.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar(Value),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    /// The plain JSON value.
    pub fn to_json(&self) -> Value {
        match self {
            Node::Scalar(v) => v.clone(),
            Node::Seq(items) => Value::Array(items.iter().map(|i| i.value.to_json()).collect()),
            Node::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The entries of a mapping (none for anything else).
    pub fn entries(&self) -> &[(Spanned<String>, Spanned<Node>)] {
        match self {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    /// What a value is, as messages name it.
    fn kind(&self) -> &'static str {
        match self {
            Node::Scalar(v) => json_kind(v),
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }

    /// `self` with `other`'s entries over it, key by key (mappings); else
    /// `other`.
    pub fn merged(self, other: Node) -> Node {
        match (self, other) {
            (Node::Map(mut mine), Node::Map(theirs)) => {
                for (k, v) in theirs {
                    mine.retain(|(key, _)| key.value != k.value);
                    mine.push((k, v));
                }
                Node::Map(mine)
            }
            (_, other) => other,
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(json!(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(json!(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(json!(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A problem found in `rules`/`params`: its message, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

fn bad<T>(at: &Spanned<T>, message: String) -> Bad {
    Bad {
        message,
        line: at.referenced.line() as usize,
        column: at.referenced.column() as usize,
    }
}

/// One rule's setting as the engine reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSetting {
    pub enabled: Option<bool>,
    pub severity: Option<String>,
    pub params: Option<Value>,
}

impl RuleSetting {
    /// `{"enabled": …, "severity": …}` for `data.schemagate.config.rules`.
    pub fn engine_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(e) = self.enabled {
            out.insert("enabled".into(), Value::Bool(e));
        }
        if let Some(s) = &self.severity {
            out.insert("severity".into(), Value::String(s.clone()));
        }
        Value::Object(out)
    }
}

const LEVELS: &str = "`off`, `on`, `info`, `warning` or `error`";

/// A level: `error`, `warning`, `info`.
fn level(node: &Spanned<Node>, key: &str) -> Result<String, Bad> {
    match &node.value {
        Node::Scalar(Value::String(s)) if Severity::parse(s).is_some() => {
            Ok(s.to_ascii_lowercase())
        }
        other => Err(bad(
            node,
            format!(
                "`{key}` must be `error`, `warning` or `info`, found {}",
                shown(other)
            ),
        )),
    }
}

/// A value as messages quote it.
fn shown(node: &Node) -> String {
    match node {
        Node::Scalar(Value::String(s)) => format!("`{s}`"),
        Node::Scalar(v) => format!("`{v}`"),
        other => other.kind().to_string(),
    }
}

/// One `rules.<id>` value: `off|on|info|warning|error`, a boolean, or
/// `{severity | level, enabled, params}`. What is wrong is left out of the
/// setting and returned.
pub fn parse_rule(node: &Spanned<Node>) -> (RuleSetting, Vec<Bad>) {
    let mut setting = RuleSetting::default();
    let mut problems = Vec::new();
    match &node.value {
        // YAML reads a bare `off`/`on` as a boolean
        Node::Scalar(Value::Bool(on)) => setting.enabled = Some(*on),
        Node::Scalar(Value::String(s)) if s.eq_ignore_ascii_case("off") => {
            setting.enabled = Some(false);
        }
        Node::Scalar(Value::String(s)) if s.eq_ignore_ascii_case("on") => {
            setting.enabled = Some(true);
        }
        Node::Scalar(Value::String(s)) if Severity::parse(s).is_some() => {
            setting.severity = Some(s.to_ascii_lowercase());
        }
        Node::Map(entries) => {
            for (key, value) in entries {
                let parsed = match key.value.as_str() {
                    "severity" | "level" => level(value, &key.value).map(|l| {
                        setting.severity = Some(l);
                    }),
                    "enabled" => match &value.value {
                        Node::Scalar(Value::Bool(b)) => {
                            setting.enabled = Some(*b);
                            Ok(())
                        }
                        other => Err(bad(
                            value,
                            format!("`enabled` must be true or false, found {}", shown(other)),
                        )),
                    },
                    "params" => match &value.value {
                        Node::Map(_) => {
                            setting.params = Some(value.value.to_json());
                            Ok(())
                        }
                        other => Err(bad(
                            value,
                            format!("`params` must be a mapping, found {}", other.kind()),
                        )),
                    },
                    other => Err(bad(
                        key,
                        format!(
                            "unknown key `{other}` in a rule's setting (expected severity, enabled or params; values for your own policies go under `data:`)"
                        ),
                    )),
                };
                problems.extend(parsed.err());
            }
        }
        other => problems.push(bad(
            node,
            format!(
                "a rule's setting must be {LEVELS}, or a mapping of severity, enabled and params; found {}",
                shown(other)
            ),
        )),
    }
    (setting, problems)
}

/// Checks the shape of `rules:` (ids to settings) and `params:` (ids to
/// mappings of parameters); which ids and parameters exist is checked once
/// the policies are loaded.
pub fn check_shape(rules: Option<&Spanned<Node>>, params: Option<&Spanned<Node>>) -> Vec<Bad> {
    let mut problems = Vec::new();
    for (key, node) in [("rules", rules), ("params", params)] {
        let Some(node) = node else { continue };
        match &node.value {
            Node::Map(entries) => {
                for (id, value) in entries {
                    if key == "rules" {
                        problems.extend(parse_rule(value).1.into_iter().map(|mut b| {
                            b.message = format!("`rules.{}`: {}", id.value, b.message);
                            b
                        }));
                    } else if !matches!(value.value, Node::Map(_)) {
                        problems.push(bad(
                            value,
                            format!(
                                "`params.{}` must be a mapping of parameter names to values, found {}",
                                id.value,
                                value.value.kind()
                            ),
                        ));
                    }
                }
            }
            Node::Scalar(Value::Null) => {}
            other => problems.push(bad(
                node,
                format!(
                    "`{key}` must be a mapping of rule ids, found {}",
                    other.kind()
                ),
            )),
        }
    }
    problems
}

/// The type a rule declares for a parameter (`meta.params`).
pub fn type_matches(declared: &str, value: &Value) -> bool {
    match declared {
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "regex" => value.as_str().is_some_and(|p| regex_error(p).is_none()),
        "boolean" => value.is_boolean(),
        "array" | "list" => value.is_array(),
        "object" | "mapping" => value.is_object(),
        _ => true,
    }
}

/// Why `pattern` is not a regular expression the policies can use, as
/// regorus compiles one for `regex.match` (the `regex` crate, at most 100
/// KiB compiled): `None` when it is one. A pattern that fails there stops
/// the rule with an error at every evaluation; the configuration says so
/// once, at its line.
pub fn regex_error(pattern: &str) -> Option<String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(100 * 1024)
        .build()
        .err()
        .map(|e| e.to_string())
}

/// The parameters one rule is given: `(rule id key, parameter name key,
/// value)` for each, from `rules.<id>.params` and `params.<id>`.
pub fn given_params(
    rules: Option<&Spanned<Node>>,
    params: Option<&Spanned<Node>>,
) -> Vec<(Spanned<String>, Spanned<String>, Spanned<Node>)> {
    let mut out = Vec::new();
    for (id, setting) in rules.map_or(&[][..], |r| r.value.entries()) {
        for (key, value) in setting.value.entries() {
            if key.value == "params" {
                for (name, v) in value.value.entries() {
                    out.push((id.clone(), name.clone(), v.clone()));
                }
            }
        }
    }
    for (id, value) in params.map_or(&[][..], |p| p.value.entries()) {
        for (name, v) in value.value.entries() {
            out.push((id.clone(), name.clone(), v.clone()));
        }
    }
    out
}

/// Parameters by rule id for `data.schemagate.config.params`: `params.<id>`
/// with `rules.<id>.params` over it.
pub fn params_json(
    rules: &BTreeMap<String, RuleSetting>,
    params: Option<&Spanned<Node>>,
) -> Map<String, Value> {
    let mut out: Map<String, Value> = params
        .map_or(&[][..], |p| p.value.entries())
        .iter()
        .filter(|(_, v)| matches!(v.value, Node::Map(_)))
        .map(|(k, v)| (k.value.clone(), v.value.to_json()))
        .collect();
    for (id, setting) in rules {
        if let Some(p) = &setting.params {
            out.insert(id.clone(), p.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Doc {
        rules: Spanned<Node>,
    }

    fn rules(text: &str) -> Spanned<Node> {
        serde_saphyr::from_str::<Doc>(text).unwrap().rules
    }

    #[test]
    fn keys_and_values_keep_their_place() {
        let r = rules("rules:\n  a: {severity: critical}\n  b:\n    enabled: \"no\"\n");
        let entries = r.value.entries();
        assert_eq!(entries[0].0.value, "a");
        assert_eq!(
            (
                entries[0].0.referenced.line(),
                entries[0].0.referenced.column()
            ),
            (2, 3)
        );
        let problems = check_shape(Some(&r), None);
        assert_eq!(
            problems,
            [
                Bad {
                    message:
                        "`rules.a`: `severity` must be `error`, `warning` or `info`, found `critical`"
                            .into(),
                    line: 2,
                    column: 17
                },
                Bad {
                    message: "`rules.b`: `enabled` must be true or false, found `no`".into(),
                    line: 4,
                    column: 14
                },
            ]
        );
    }

    #[test]
    fn settings_read_as_the_engine_wants_them() {
        let r = rules(
            "rules:\n  a: off\n  b: Warning\n  c: {level: info, enabled: true, params: {max: 3}}\n  d: critical\n  e: [x]\n  f: {typo: 1}\n",
        );
        let parsed: Vec<(RuleSetting, usize)> = r
            .value
            .entries()
            .iter()
            .map(|(_, v)| {
                let (s, bad) = parse_rule(v);
                (s, bad.len())
            })
            .collect();
        assert_eq!(parsed[0].0.engine_json(), json!({"enabled": false}));
        assert_eq!(parsed[1].0.engine_json(), json!({"severity": "warning"}));
        assert_eq!(
            parsed[2].0.engine_json(),
            json!({"enabled": true, "severity": "info"})
        );
        assert_eq!(parsed[2].0.params, Some(json!({"max": 3})));
        assert_eq!(
            parsed[3..]
                .iter()
                .map(|(s, n)| (s.engine_json(), *n))
                .collect::<Vec<_>>(),
            [(json!({}), 1), (json!({}), 1), (json!({}), 1)]
        );
    }

    #[test]
    fn declared_types() {
        assert!(type_matches("integer", &json!(50)));
        assert!(!type_matches("integer", &json!("fifty")));
        assert!(!type_matches("integer", &json!(1.5)));
        assert!(type_matches("number", &json!(1.5)));
        assert!(type_matches("array", &json!(["a"])));
    }
}
