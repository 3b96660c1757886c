//! `schemagate rules --compat <tool>`: each rule of another tool, and the
//! rule of ours that covers it or why none does. The tools' rule lists are
//! committed in `src/policy/compat/<tool>.txt` (taken from their docs and
//! sources); which of our rules covers one is read from the rules'
//! `meta.aliases`, the same names the alias resolver accepts.

use serde::Serialize;

use super::meta::RuleMeta;

/// The tools with a committed rule list: name, list.
const LISTS: &[(&str, &str)] = &[
    ("squawk", include_str!("compat/squawk.txt")),
    ("atlas", include_str!("compat/atlas.txt")),
    ("liquibase", include_str!("compat/liquibase.txt")),
    ("bytebase", include_str!("compat/bytebase.txt")),
];

/// The tools `--compat` knows.
pub fn tools() -> Vec<&'static str> {
    LISTS.iter().map(|(t, _)| *t).collect()
}

/// One rule of the other tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Their name (`ban-char-field`, `DS103`, `ChangeDropColumnWarn`).
    pub name: String,
    /// Our rules whose `meta.aliases` name it; empty when not covered.
    pub rules: Vec<String>,
    /// Why it is not covered (from the list), when no rule covers it.
    pub reason: Option<String>,
}

/// The mapping for one tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compat {
    pub tool: String,
    pub covered: usize,
    pub total: usize,
    pub rules: Vec<Entry>,
}

/// `(name, reason)` of every line of a tool's list.
pub fn list(tool: &str) -> Option<Vec<(String, Option<String>)>> {
    let text = LISTS.iter().find(|(t, _)| *t == tool)?.1;
    Some(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| match l.split_once('|') {
                Some((name, why)) => (name.trim().to_string(), Some(why.trim().to_string())),
                None => (l.to_string(), None),
            })
            .collect(),
    )
}

/// The mapping of `tool`'s rules onto `rules` (`None`: no list for `tool`).
pub fn compat(tool: &str, rules: &[RuleMeta]) -> Option<Compat> {
    let prefix = format!("{tool}:");
    let rules_of = |name: &str| -> Vec<String> {
        rules
            .iter()
            .filter(|r| {
                r.aliases.iter().any(|a| {
                    a.strip_prefix(&prefix)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            })
            .map(|r| r.id.clone())
            .collect()
    };
    let entries: Vec<Entry> = list(tool)?
        .into_iter()
        .map(|(name, why)| {
            let ours = rules_of(&name);
            let reason = match (ours.is_empty(), why) {
                (false, _) => None,
                (true, Some(why)) => Some(why),
                (true, None) => Some("no rule yet".to_string()),
            };
            Entry {
                name,
                rules: ours,
                reason,
            }
        })
        .collect();
    Some(Compat {
        tool: tool.to_string(),
        covered: entries.iter().filter(|e| !e.rules.is_empty()).count(),
        total: entries.len(),
        rules: entries,
    })
}

/// The mapping as a table: their rule, then ours or `not covered: why`.
pub fn render(c: &Compat) -> String {
    let width = c
        .rules
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0)
        .max(12);
    let mut out = format!("{:<width$}  schemagate\n", format!("{} rule", c.tool));
    for e in &c.rules {
        let ours = match &e.reason {
            None => e.rules.join(", "),
            Some(why) => format!("not covered: {why}"),
        };
        out.push_str(&format!("{:<width$}  {ours}\n", e.name));
    }
    out.push_str(&format!(
        "\n{} of {} {} rules covered\n",
        c.covered, c.total, c.tool
    ));
    out
}
