//! Evaluating entry points on one document: which ones apply (the kind
//! index, conftest exceptions) and their values.

use regorus::{Engine, Value};
use serde_json::Value as Json;

use super::{EntryPoint, Scope, problem_from_rego, to_json};
use crate::error::Problem;

/// `(package, rule name)` pairs the packages' conftest `exception` rules
/// yield on the current input: `exception contains ["latest_tag"] if …`
/// turns `deny_latest_tag` of the same package off (`""` names the bare
/// `deny`/`warn`).
pub(super) fn exceptions<'a>(
    engine: &mut Engine,
    entries: &[&'a EntryPoint],
) -> Result<std::collections::HashSet<(&'a str, String)>, Problem> {
    let mut out = std::collections::HashSet::new();
    let mut seen = std::collections::HashSet::new();
    for entry in entries {
        let Some((path, (file, line))) = &entry.exception else {
            continue;
        };
        if !seen.insert(path) {
            continue;
        }
        // an error without a place of its own is the rule's, where it is
        // defined
        let bad = |msg: String| Problem::at_path(file, *line, 1, format!("{path}: {msg}"));
        let value = engine.eval_rule(path.clone()).map_err(|e| {
            let mut p = problem_from_rego(&format!("{e:#}"), "");
            if p.at == crate::error::ProblemAt::Nowhere {
                p.at = bad(String::new()).at;
            }
            p.message = format!("evaluating {path}: {}", p.message);
            p
        })?;
        let json = to_json(&value).map_err(bad)?;
        let items = match json {
            Json::Array(items) => items,
            Json::Null => Vec::new(),
            other => vec![other],
        };
        for item in items {
            // conftest yields arrays of names; a bare name is read the same
            let names = match item {
                Json::Array(names) => names,
                other => vec![other],
            };
            for name in names {
                let Json::String(name) = name else {
                    return Err(bad(format!(
                        "exceptions must be rule names (strings), found {name}"
                    )));
                };
                out.insert((entry.package.as_str(), name));
            }
        }
    }
    Ok(out)
}

/// The value of every entry point, in order. One query evaluates them
/// all, so helper rules (`lib.forward_statements`) are computed once per
/// document instead of once per rule (measured: 1.3 s instead of 2.5–3.2 s
/// for 10,000 statements, 0.85 ms instead of 1.4 ms for one). When it
/// fails, the entry points are evaluated one by one, so the one at fault is
/// named and the others still answer.
pub(super) fn eval_entries(
    engine: &mut Engine,
    entries: &[&EntryPoint],
) -> Vec<Result<Value, Problem>> {
    if entries.is_empty() {
        return Vec::new();
    }

    // `[v | v := rule]` is `[]` when the rule is undefined, where a bare
    // undefined element would make the whole array undefined.
    let query = entries
        .iter()
        .map(|e| format!("[__v | __v := {}]", e.path))
        .collect::<Vec<_>>()
        // one per line: regorus limits the length of a line
        .join(",\n");
    let combined = engine
        .eval_query(format!("[{query}]"), false)
        .ok()
        .and_then(|r| r.result.into_iter().next())
        .and_then(|r| r.expressions.into_iter().next())
        .and_then(|e| {
            let items = e.value.as_array().ok()?;
            items
                .iter()
                .map(|wrapped| {
                    let inner = wrapped.as_array().ok()?;
                    Some(inner.first().cloned().unwrap_or(Value::Undefined))
                })
                .collect::<Option<Vec<Value>>>()
        });
    if let Some(values) = combined.filter(|v| v.len() == entries.len()) {
        return values.into_iter().map(Ok).collect();
    }
    entries
        .iter()
        .map(|entry| {
            engine.eval_rule(entry.path.clone()).map_err(|e| {
                let mut p = problem_from_rego(&format!("{e:#}"), "");
                if p.at == crate::error::ProblemAt::Nowhere {
                    let (file, line) = &entry.declared;
                    p.at = crate::error::ProblemAt::Path {
                        path: file.into(),
                        line: *line,
                        column: 1,
                    };
                }
                p.message = format!("evaluating {}: {}", entry.path, p.message);
                p
            })
        })
        .collect()
}

/// The rules holding the values of every entry point of a scope, in
/// order: evaluating one needs no query to be parsed and analysed per
/// document (that was 13% of a run over the corpus), and helper rules are
/// still computed once per document.
pub(super) const COMBINED_PACKAGE: &str = "data.schemagate_internal.entries";

/// The rule of [`COMBINED_PACKAGE`] for a scope's entry points.
pub(super) fn combined_rule(scope: Scope) -> Option<&'static str> {
    match scope {
        Scope::Changeset => Some("changeset"),
        Scope::Proposal => Some("proposal"),
        Scope::V1 => None,
    }
}

/// The module of [`COMBINED_PACKAGE`] over `entries` (every entry point, in
/// order): in the rule of its scope, element `i` is `[value]` (the value
/// possibly repeated, see [`guard`]), or `[]` when the rule is undefined, the document holds none of its `meta.kinds`
/// and none of its `meta.facts` (when it declares either), or its target is
/// none of its `meta.dialects` (the index, as [`super::PolicySet::evaluate`]
/// applies it; the facts only here, where they are computed).
pub(super) fn combined_module(
    entries: &[EntryPoint],
    off: impl Fn(&EntryPoint) -> bool,
) -> (String, String) {
    let mut text = String::from(
        "package schemagate_internal.entries\n\nimport rego.v1\n\n\
         kinds := {s.kind | some s in input.statements}\n\n\
         applies(ks, fs) if {\n\tsome k in ks\n\tkinds[k]\n}\n\n\
         applies(ks, fs) if {\n\tsome f in fs\n\tfacts[f]\n}\n\n\
         dialect := object.get(input, [\"target\", \"dialect\"], \"generic\")\n",
    );
    text.push_str(&crate::policy::facts::rego());
    for scope in [Scope::Changeset, Scope::Proposal] {
        let Some(rule) = combined_rule(scope) else {
            continue;
        };
        text.push_str(&format!("\n{rule} := [\n"));
        for entry in entries.iter().filter(|e| e.scope == scope) {
            // a rule the configuration turns off is not evaluated (its
            // findings would be dropped anyway)
            if off(entry) {
                text.push_str("\t[],\n");
                continue;
            }
            let guard = guard(entry);
            text.push_str(&format!("\t[__v | {guard}__v := {}],\n", entry.path));
        }
        text.push_str("]\n");
    }
    ("schemagate:internal/entries.rego".into(), text)
}

/// The conditions under which the combined rule evaluates `entry` (each
/// followed by `; `): its dialects, then its kinds or facts. They are
/// written inline, not as function calls: a call per entry point per
/// document was 5% of a run over the corpus (`applies`, for a rule
/// declaring both, is the one call left). A document
/// holding several of the kinds repeats the (cached) value, which is why
/// only the first element is read.
fn guard(entry: &EntryPoint) -> String {
    let json = |v: &Vec<String>| Json::from(v.clone());
    let any_of = |set: &str, names: &Vec<String>| match names.as_slice() {
        [one] => format!("{set}[{}]; ", Json::from(one.as_str())),
        _ => format!("some __n in {}; {set}[__n]; ", json(names)),
    };
    let mut guard = String::new();
    if let Some(dialects) = &entry.dialects {
        guard.push_str(&format!("dialect in {}; ", json(dialects)));
    }
    match (&entry.kinds, &entry.facts) {
        (Some(k), Some(f)) => guard.push_str(&format!("applies({}, {}); ", json(k), json(f))),
        (Some(k), None) => guard.push_str(&any_of("kinds", k)),
        (None, Some(f)) => guard.push_str(&any_of("facts", f)),
        (None, None) => {}
    }
    guard
}

/// The values of `entries` (positions among the entry points of `scope`,
/// with the entry points) from its combined rule; `None` when it fails
/// (then each is evaluated on its own, so the one at fault is named).
pub(super) fn eval_combined(
    engine: &mut Engine,
    scope: Scope,
    entries: &[(usize, &EntryPoint)],
) -> Option<Vec<Result<Value, Problem>>> {
    let rule = combined_rule(scope)?;
    let all = engine
        .eval_rule(format!("{COMBINED_PACKAGE}.{rule}"))
        .ok()?;
    let all = all.as_array().ok()?;
    entries
        .iter()
        .map(|(i, _)| {
            let wrapped = all.get(*i)?.as_array().ok()?;
            Some(Ok(wrapped.first().cloned().unwrap_or(Value::Undefined)))
        })
        .collect()
}
