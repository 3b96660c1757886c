//! `schemagate config`: the effective configuration, each value with where it
//! came from.

use super::Config;

/// One line per setting: `key: value   # file:line (environment)`, in the
/// order the file documents them.
pub fn render(config: &Config) -> String {
    let s = &config.settings;
    let mut out = format!(
        "# {}{}\n",
        crate::span::display_name(&config.file),
        config
            .environment
            .as_ref()
            .map(|e| format!(", environment `{e}`"))
            .unwrap_or_default()
    );
    let mut line = |key: &str, value: Option<String>| {
        let Some(value) = value else { return };
        let origin = config
            .origins
            .get(key)
            .map(|o| {
                format!(
                    "  # {}:{}{}",
                    crate::span::display_name(&o.file),
                    o.line,
                    o.environment
                        .as_ref()
                        .map(|e| format!(" (environments.{e})"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        out.push_str(&format!("{key}: {value}{origin}\n"));
    };
    fn json<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap_or_default()
    }
    line("dialect", s.dialect.as_ref().map(|v| v.value.clone()));
    line("db_version", s.db_version.as_ref().map(|v| json(&v.value)));
    line("changelog", s.changelog.as_ref().map(|v| v.value.clone()));
    line("policies", s.policies.as_ref().map(|v| json(&v.value)));
    line(
        "baseline",
        s.baseline.as_ref().map(|v| json(&v.value.items())),
    );
    line("applied", s.applied.as_ref().map(|v| v.value.clone()));
    line("stats", s.stats.as_ref().map(|v| v.value.clone()));
    line(
        "throughput",
        s.throughput
            .as_ref()
            .and_then(|v| serde_json::to_string(&v.value).ok()),
    );
    line(
        "changed_since",
        s.changed_since.as_ref().map(|v| v.value.clone()),
    );
    line("contexts", s.contexts.as_ref().map(|v| v.value.clone()));
    line("labels", s.labels.as_ref().map(|v| v.value.clone()));
    line("properties", s.properties.as_ref().map(|v| json(&v.value)));
    line(
        "placeholders",
        s.placeholders.as_ref().map(|v| json(&v.value)),
    );
    line("fail_on", s.fail_on.as_ref().map(|v| json(&v.value)));
    line("drift", s.drift.as_ref().map(|v| json(&v.value)));
    for (id, setting) in s.rules.iter().flat_map(|r| r.value.entries()) {
        line(
            &format!("rules.{}", id.value),
            Some(json(&setting.value.to_json())),
        );
    }
    line(
        "params",
        s.params.as_ref().map(|v| json(&v.value.to_json())),
    );
    line("data", s.data.as_ref().map(|v| json(&v.value)));
    line("harness", s.harness.as_ref().map(|v| json(&v.value)));
    line("limits", s.limits.as_ref().map(|v| json(&v.value)));
    line(
        "waivers",
        s.waivers
            .as_ref()
            .map(|v| format!("{} waiver(s)", v.value.len())),
    );
    out
}
