//! `schemagate rules --compat <tool>`: the committed rule lists of squawk,
//! Atlas, Liquibase and Bytebase against the built-in rules' `meta.aliases`.

use schemagate::check::{CheckOptions, load_policies};
use schemagate::dialect::Dialect;
use schemagate::policy::aliases;
use schemagate::policy::compat;

use crate::common::run;

fn rules() -> Vec<schemagate::policy::meta::RuleMeta> {
    load_policies(&CheckOptions::new(vec![], Dialect::Postgres))
        .unwrap()
        .rules()
}

/// Every name of a list is covered by a rule or says why not, never both
/// (a reason left behind once a rule covers it is stale); every alias a
/// built-in rule declares is a name of its tool's list (a typo in
/// `meta.aliases` would otherwise resolve nothing anyone writes).
#[test]
fn the_lists_and_the_rules_aliases_agree() {
    let rules = rules();
    let mut problems = Vec::new();
    for tool in compat::tools() {
        let list = compat::list(tool).unwrap();
        let mapping = compat::compat(tool, &rules).unwrap();
        for ((name, why), entry) in list.iter().zip(&mapping.rules) {
            match (entry.rules.is_empty(), why) {
                (true, None) => problems.push(format!("{tool}:{name}: no rule and no reason")),
                (false, Some(_)) => problems.push(format!(
                    "{tool}:{name}: covered by {:?} but the list says why not",
                    entry.rules
                )),
                _ => {}
            }
        }
        let mut names: Vec<&String> = list.iter().map(|(n, _)| n).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        if names.len() != before {
            problems.push(format!("{tool}: a name is listed twice"));
        }
    }
    for rule in &rules {
        for alias in &rule.aliases {
            let (tool, name) = aliases::split(alias).unwrap();
            let listed = compat::list(tool)
                .unwrap()
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name));
            if !listed {
                problems.push(format!("{}: alias {alias} is in no list", rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn squawk_mapping_human() {
    let out = run(&["rules", "--compat", "squawk"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn squawk_mapping_json() {
    let out = run(&["rules", "--compat", "squawk", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value["tool"], "squawk");
    insta::assert_json_snapshot!(value);
}

#[test]
fn atlas_liquibase_and_bytebase_mappings_human() {
    for tool in ["atlas", "liquibase", "bytebase"] {
        let out = run(&["rules", "--compat", tool]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        insta::assert_snapshot!(format!("{tool}_mapping_human"), out.stdout);
    }
}

/// The name of another tool works with `explain` too.
#[test]
fn explain_takes_another_tools_name_and_shows_the_aliases() {
    let out = run(&["explain", "atlas:DS103"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("ban-drop-column — "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("aliases:  squawk:ban-drop-column, atlas:DS103, liquibase:ChangeDropColumnWarn, bytebase:column.disallow-drop, bytebase:schema.backward-compatibility\n"),
        "{}",
        out.stdout
    );
    let unknown = run(&["rules", "--compat", "flyway"]);
    assert_eq!(unknown.code, 2);
}
