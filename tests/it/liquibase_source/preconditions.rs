//! Preconditions decided without a database: `dbms`, `changeLogPropertyDefined`
//! and `and`/`or`/`not` around them, with each `onFail`.

use schemagate::dialect::Dialect;
use schemagate::source::LoadOptions;

use super::{ids, load_with, problems};

fn run(rel: &str, dialect: Option<Dialect>) -> (Vec<String>, Vec<String>) {
    let opts = LoadOptions {
        dialect,
        ..LoadOptions::default()
    };
    let (cl, sources) = load_with(rel, &opts);
    // a changeset its preconditions mark ran is kept, without running
    let ids = ids(&cl)
        .into_iter()
        .zip(&cl.changesets)
        .map(|(i, cs)| {
            let id = i.trim_start_matches("dba:").to_string();
            if cs.marked_ran {
                format!("{id} (marked ran)")
            } else {
                id
            }
        })
        .collect();
    (ids, problems(&cl, &sources))
}

const FILE: &str = "tests/fixtures/liquibase/preconditions/changelog.xml";

#[test]
fn failing_static_preconditions_skip_warn_or_halt_by_on_fail() {
    let (kept, probs) = run("preconditions/changelog.xml", Some(Dialect::Mysql));
    // MARK_RAN keeps it marked ran, CONTINUE skips it; WARN runs anyway; a
    // condition that needs a database (tableExists) keeps the changeset
    assert_eq!(
        kept,
        [
            "pg-mark-ran (marked ran)",
            "pg-warn",
            "not-h2-or-hsqldb",
            "needs-db",
            "audit-on",
            "audit-off (marked ran)",
            "and-fails",
            "defined-later"
        ]
    );
    assert_eq!(
        probs,
        [format!(
            "{FILE}:6:10: preconditions of changeSet `pg-halt` fail on mysql: with onFail=HALT Liquibase stops the update here"
        )]
    );
}

#[test]
fn the_same_changelog_on_postgres_and_h2() {
    let (kept, probs) = run("preconditions/changelog.xml", Some(Dialect::Postgres));
    assert_eq!(
        kept,
        [
            "pg-halt",
            "pg-mark-ran",
            "pg-continue",
            "pg-warn",
            "not-h2-or-hsqldb",
            "needs-db (marked ran)",
            "audit-on",
            "audit-off (marked ran)",
            "defined-later"
        ]
    );
    assert_eq!(
        probs,
        [format!(
            "{FILE}:75:10: preconditions of changeSet `and-fails` fail on postgresql (mysql only): with onFail=HALT Liquibase stops the update here"
        )]
    );
    let (kept, _) = run("preconditions/changelog.xml", Some(Dialect::H2));
    assert!(!kept.contains(&"not-h2-or-hsqldb".to_string()));
    assert!(kept.contains(&"audit-on".to_string()));
}

#[test]
fn without_a_target_only_property_conditions_are_decided() {
    let (kept, probs) = run("preconditions/changelog.xml", None);
    assert_eq!(
        kept,
        [
            "pg-halt",
            "pg-mark-ran",
            "pg-continue",
            "pg-warn",
            "not-h2-or-hsqldb",
            "needs-db",
            "audit-on",
            "audit-off (marked ran)",
            "and-fails",
            "defined-later"
        ]
    );
    assert!(probs.is_empty(), "{probs:?}");
}

#[test]
fn yaml_settings_items_and_changelog_level_preconditions() {
    // the changelog-level `dbms oracle` fails with onFail=WARN: it only warns
    let (kept, probs) = run("preconditions/changelog.yaml", Some(Dialect::Mysql));
    assert_eq!(kept, ["yaml-mark-ran (marked ran)", "yaml-not-pg"]);
    assert!(probs.is_empty(), "{probs:?}");
    let (kept, _) = run("preconditions/changelog.yaml", Some(Dialect::Postgres));
    assert_eq!(kept, ["yaml-mark-ran", "yaml-not-pg (marked ran)"]);

    let (kept, probs) = run("preconditions/halting.xml", Some(Dialect::Postgres));
    assert_eq!(kept, ["1"]);
    assert_eq!(
        probs,
        [
            "tests/fixtures/liquibase/preconditions/halting.xml:3:6: preconditions of the changelog fail on postgresql: with onFail=HALT Liquibase stops the update here"
        ]
    );
    let (_, probs) = run("preconditions/halting.xml", Some(Dialect::Oracle));
    assert!(probs.is_empty(), "{probs:?}");
}
