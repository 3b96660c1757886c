//! Other tools' names for our rules: squawk's and Atlas's, so their ignore
//! comments (`-- squawk-ignore ban-drop-column`, `-- atlas:nolint DS103`)
//! keep working, and anywhere else a rule id is accepted. One table, read
//! by waivers today and by configuration later.

/// `(their name, our id)`. Names equal to ours need no entry.
pub const ALIASES: &[(&str, &str)] = &[
    // squawk (https://squawkhq.com/docs/rules)
    ("require-timeout-settings", "require-lock-timeout"),
    (
        "disallowed-unique-constraint",
        "add-constraint-without-using-index",
    ),
    ("prefer-timestamp-tz", "prefer-timestamptz"),
    (
        "ban-concurrent-index-creation-in-transaction",
        "ban-concurrently-in-transaction",
    ),
    // Atlas (https://atlasgo.io/lint/analyzers)
    ("DS101", "ban-drop-schema"),
    ("DS102", "ban-drop-table"),
    ("DS103", "ban-drop-column"),
    ("BC101", "renaming-table"),
    ("BC102", "renaming-column"),
];

/// Our id for `name`: itself when it is one of `known`, else the rule it
/// is an alias of (Atlas codes in any case).
pub fn resolve<'a>(name: &'a str, known: &[String]) -> Option<&'a str> {
    if known.iter().any(|k| k == name) {
        return Some(name);
    }
    ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map(|(_, ours)| *ours)
        .filter(|ours| known.iter().any(|k| k == ours))
}

/// The known id or alias closest to `name`, when it is a likely typo.
pub fn did_you_mean(name: &str, known: &[String]) -> Option<String> {
    let candidates = known
        .iter()
        .map(String::as_str)
        .chain(ALIASES.iter().map(|(a, _)| *a));
    candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// Our id for another tool's name, whatever rules are loaded (`None` when
/// `name` is no alias).
pub fn alias_of(name: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map(|(_, ours)| *ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        ["require-lock-timeout", "ban-drop-column"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn aliases_resolve_to_loaded_rules_only() {
        let k = known();
        assert_eq!(resolve("ban-drop-column", &k), Some("ban-drop-column"));
        assert_eq!(
            resolve("require-timeout-settings", &k),
            Some("require-lock-timeout")
        );
        assert_eq!(resolve("ds103", &k), Some("ban-drop-column"));
        assert_eq!(resolve("DS102", &k), None);
        assert_eq!(
            did_you_mean("ban-drop-colum", &k).as_deref(),
            Some("ban-drop-column")
        );
        assert_eq!(did_you_mean("something-else-entirely", &k), None);
    }
}
