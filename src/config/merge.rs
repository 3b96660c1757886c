//! One environment's overrides over the top level, and where each value came
//! from.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::rules::Node;
use super::{Config, Origin, Settings};
use crate::error::Problem;

/// The top level with `environment`'s overrides applied: a value the
/// environment sets replaces the top level's; `rules`, `params`, `data`,
/// `properties` and `placeholders` merge key by key; `policies` and
/// `waivers` add to the top level's.
pub(super) fn resolve(
    path: &Path,
    mut top: Settings,
    environment: Option<&str>,
) -> Result<Config, Problem> {
    let problems = super::shape_problems(path, &top);
    let named = super::Named::of(&top);
    let environments = top.environments.take();
    let mut origins = BTreeMap::new();
    let at = |line: u64, env: Option<&str>| Origin {
        file: path.to_path_buf(),
        line,
        environment: env.map(str::to_string),
    };
    record(&top, &mut origins, &|line| at(line, None));
    let Some(name) = environment else {
        return Ok(Config {
            file: path.to_path_buf(),
            environment: None,
            settings: top,
            origins,
            problems,
            named,
        });
    };
    let envs = environments.map(|e| e.value).unwrap_or_default();
    let Some(env) = envs.get(name) else {
        let known: Vec<&str> = envs.keys().map(String::as_str).collect();
        return Err(Problem::at_path(
            path,
            1,
            1,
            format!(
                "no environment `{name}` in the config file ({})",
                if known.is_empty() {
                    "it has no `environments:`".to_string()
                } else {
                    format!("it has {}", known.join(", "))
                }
            ),
        ));
    };
    let env = env.value.clone();
    if let Some(nested) = &env.environments {
        return Err(Problem::at_path(
            path,
            nested.referenced.line() as usize,
            nested.referenced.column() as usize,
            format!("environment `{name}` cannot hold `environments` of its own"),
        ));
    }
    record(&env, &mut origins, &|line| at(line, Some(name)));
    let settings = over(top, env);
    Ok(Config {
        file: path.to_path_buf(),
        environment: Some(name.to_string()),
        settings,
        origins,
        problems,
        named,
    })
}

/// `env` over `top`.
fn over(top: Settings, env: Settings) -> Settings {
    fn replace<T>(top: Option<T>, env: Option<T>) -> Option<T> {
        env.or(top)
    }
    fn keyed<K: Ord, V: Clone>(
        top: Option<Spanned<BTreeMap<K, V>>>,
        env: Option<Spanned<BTreeMap<K, V>>>,
    ) -> Option<Spanned<BTreeMap<K, V>>> {
        match (top, env) {
            (Some(mut t), Some(e)) => {
                t.value.extend(e.value);
                Some(t)
            }
            (t, e) => e.or(t),
        }
    }
    fn added<V>(
        top: Option<Spanned<Vec<V>>>,
        env: Option<Spanned<Vec<V>>>,
    ) -> Option<Spanned<Vec<V>>> {
        match (top, env) {
            (Some(mut t), Some(e)) => {
                t.value.extend(e.value);
                Some(t)
            }
            (t, e) => e.or(t),
        }
    }
    fn nodes(top: Option<Spanned<Node>>, env: Option<Spanned<Node>>) -> Option<Spanned<Node>> {
        match (top, env) {
            (Some(mut t), Some(e)) => {
                t.value = t.value.merged(e.value);
                Some(t)
            }
            (t, e) => e.or(t),
        }
    }
    let data = match (top.data, env.data) {
        (Some(mut t), Some(e)) => {
            t.value.extend(e.value);
            Some(t)
        }
        (t, e) => e.or(t),
    };
    Settings {
        dialect: replace(top.dialect, env.dialect),
        db_version: replace(top.db_version, env.db_version),
        changelog: replace(top.changelog, env.changelog),
        policies: added(top.policies, env.policies),
        baseline: replace(top.baseline, env.baseline),
        applied: replace(top.applied, env.applied),
        stats: replace(top.stats, env.stats),
        throughput: replace(top.throughput, env.throughput),
        changed_since: replace(top.changed_since, env.changed_since),
        contexts: replace(top.contexts, env.contexts),
        labels: replace(top.labels, env.labels),
        properties: keyed(top.properties, env.properties),
        placeholders: keyed(top.placeholders, env.placeholders),
        fail_on: replace(top.fail_on, env.fail_on),
        drift: keyed(top.drift, env.drift),
        rules: nodes(top.rules, env.rules),
        params: nodes(top.params, env.params),
        data,
        waivers: added(top.waivers, env.waivers),
        harness: replace(top.harness, env.harness),
        limits: replace(top.limits, env.limits),
        environments: None,
    }
}

/// Notes where each setting of `s` is written (a later call overrides).
fn record(s: &Settings, origins: &mut BTreeMap<String, Origin>, at: &dyn Fn(u64) -> Origin) {
    let mut put = |key: &str, line: Option<u64>| {
        if let Some(line) = line {
            origins.insert(key.to_string(), at(line));
        }
    };
    fn line<T>(v: &Option<Spanned<T>>) -> Option<u64> {
        v.as_ref().map(|s| s.referenced.line())
    }
    put("dialect", line(&s.dialect));
    put("db_version", line(&s.db_version));
    put("changelog", line(&s.changelog));
    put("policies", line(&s.policies));
    put("baseline", line(&s.baseline));
    put("applied", line(&s.applied));
    put("stats", line(&s.stats));
    put("throughput", line(&s.throughput));
    put("changed_since", line(&s.changed_since));
    put("contexts", line(&s.contexts));
    put("labels", line(&s.labels));
    put("properties", line(&s.properties));
    put("placeholders", line(&s.placeholders));
    put("fail_on", line(&s.fail_on));
    put("drift", line(&s.drift));
    put("params", line(&s.params));
    put("data", line(&s.data));
    put("waivers", line(&s.waivers));
    put("harness", line(&s.harness));
    put("limits", line(&s.limits));
    for (id, setting) in s.rules.iter().flat_map(|r| r.value.entries()) {
        put(
            &format!("rules.{}", id.value),
            Some(setting.referenced.line()),
        );
    }
}
