//! Other tools' names for our rules: squawk's, Atlas's, Liquibase's policy
//! checks and Bytebase's, so their ignore comments (`-- squawk-ignore
//! ban-drop-column`, `-- atlas:nolint DS103`) and a team's habits keep
//! working anywhere a rule id is accepted (configuration, waivers, inline
//! comments). A name is written `<tool>:<name>` (`squawk:prefer-timestamp-tz`,
//! `atlas:DS103`, `liquibase:ChangeDropColumnWarn`); squawk's and Atlas's
//! names also bare, as their own comments write them.

/// The tools whose names are accepted, as prefixes.
pub const TOOLS: &[&str] = &["squawk", "atlas", "liquibase", "bytebase"];

/// `(tool, their name, our id)` where the names differ. Names are compared
/// without regard to case.
pub const ALIASES: &[(&str, &str, &str)] = &[
    // squawk (https://squawkhq.com/docs/rules)
    ("squawk", "require-timeout-settings", "require-lock-timeout"),
    (
        "squawk",
        "disallowed-unique-constraint",
        "add-constraint-without-using-index",
    ),
    ("squawk", "prefer-timestamp-tz", "prefer-timestamptz"),
    (
        "squawk",
        "ban-concurrent-index-creation-in-transaction",
        "ban-concurrently-in-transaction",
    ),
    // Atlas (https://atlasgo.io/lint/analyzers)
    ("atlas", "DS101", "ban-drop-schema"),
    ("atlas", "DS102", "ban-drop-table"),
    ("atlas", "DS103", "ban-drop-column"),
    ("atlas", "BC101", "renaming-table"),
    ("atlas", "BC102", "renaming-column"),
    // Liquibase policy checks (`shortName`)
    ("liquibase", "ChangeDropColumnWarn", "ban-drop-column"),
    ("liquibase", "ChangeDropTableWarn", "ban-drop-table"),
    ("liquibase", "ChangeTruncateTableWarn", "ban-truncate"),
    ("liquibase", "ModifyDataTypeWarn", "changing-column-type"),
    ("liquibase", "RollbackRequired", "rollback-missing"),
    (
        "liquibase",
        "PrimaryKeyOnCreateTable",
        "require-primary-key",
    ),
    (
        "liquibase",
        "MaxAffectedRowsAllowedUpdate",
        "max-affected-rows",
    ),
    (
        "liquibase",
        "MaxAffectedRowsAllowedDelete",
        "max-affected-rows",
    ),
    // Bytebase SQL review rule types
    ("bytebase", "table.require-pk", "require-primary-key"),
    (
        "bytebase",
        "statement.affected-row-limit",
        "max-affected-rows",
    ),
];

/// squawk rules named as ours (each accepted by squawk 2.70's `--exclude`).
const SQUAWK_SAME: &[&str] = &[
    "adding-field-with-default",
    "adding-not-nullable-field",
    "adding-required-field",
    "ban-drop-column",
    "ban-drop-database",
    "ban-drop-not-null",
    "ban-drop-schema",
    "ban-drop-table",
    "changing-column-type",
    "constraint-missing-not-valid",
    "prefer-timestamptz",
    "renaming-column",
    "renaming-table",
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
    "require-lock-timeout",
];

/// Our id for another tool's name, whatever rules are loaded (`None` when
/// `name` is no alias): `tool:name`, or a bare squawk or Atlas name.
pub fn alias_of(name: &str) -> Option<&'static str> {
    match name.split_once(':') {
        Some((tool, theirs)) if TOOLS.iter().any(|t| t.eq_ignore_ascii_case(tool)) => {
            named(tool, theirs).or_else(|| {
                let same = tool.eq_ignore_ascii_case("squawk");
                same.then(|| SQUAWK_SAME.iter().find(|s| **s == theirs).copied())?
            })
        }
        Some(_) => None,
        None => ["squawk", "atlas"].iter().find_map(|t| named(t, name)),
    }
}

fn named(tool: &str, theirs: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(t, alias, _)| t.eq_ignore_ascii_case(tool) && alias.eq_ignore_ascii_case(theirs))
        .map(|(_, _, ours)| *ours)
}

/// Our id for `name`: itself when it is one of `known`, else the rule it
/// is an alias of, when that rule is loaded.
pub fn resolve<'a>(name: &'a str, known: &[String]) -> Option<&'a str> {
    if known.iter().any(|k| k == name) {
        return Some(name);
    }
    alias_of(name).filter(|ours| known.iter().any(|k| k == ours))
}

/// Every name of another tool for our rule `id`, prefixed (`squawk:…`).
pub fn names_of(id: &str) -> Vec<String> {
    let same = SQUAWK_SAME
        .iter()
        .filter(|s| **s == id)
        .map(|s| format!("squawk:{s}"));
    ALIASES
        .iter()
        .filter(|(_, _, ours)| *ours == id)
        .map(|(tool, theirs, _)| format!("{tool}:{theirs}"))
        .chain(same)
        .collect()
}

/// The known id or alias closest to `name`, when it is a likely typo.
pub fn did_you_mean(name: &str, known: &[String]) -> Option<String> {
    let prefixed: Vec<String> = ALIASES
        .iter()
        .map(|(tool, theirs, _)| format!("{tool}:{theirs}"))
        .collect();
    let candidates = known
        .iter()
        .map(String::as_str)
        .chain(ALIASES.iter().map(|(_, a, _)| *a))
        .chain(prefixed.iter().map(String::as_str));
    candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
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

    #[test]
    fn prefixed_names_of_each_tool_resolve() {
        let k = known();
        assert_eq!(
            resolve("squawk:require-timeout-settings", &k),
            Some("require-lock-timeout")
        );
        // squawk's rules named as ours, prefixed
        assert_eq!(
            resolve("squawk:ban-drop-column", &k),
            Some("ban-drop-column")
        );
        assert_eq!(resolve("atlas:DS103", &k), Some("ban-drop-column"));
        assert_eq!(
            resolve("liquibase:ChangeDropColumnWarn", &k),
            Some("ban-drop-column")
        );
        assert_eq!(
            alias_of("bytebase:table.require-pk"),
            Some("require-primary-key")
        );
        // Liquibase's and Bytebase's names only with their prefix; no
        // unknown prefix, no name of another tool
        assert_eq!(alias_of("ChangeDropColumnWarn"), None);
        assert_eq!(alias_of("flyway:DS103"), None);
        assert_eq!(alias_of("atlas:require-timeout-settings"), None);
        assert!(
            names_of("ban-drop-column").contains(&"liquibase:ChangeDropColumnWarn".to_string())
        );
        assert!(names_of("ban-drop-column").contains(&"squawk:ban-drop-column".to_string()));
    }
}
