//! `--format junit`: a test suite per changelog file (per folder of
//! migrations), a test case per proposed changeset, a failure per finding
//! that fails the gate.

use super::{FLYWAY, WAIVERS, run};

fn junit(base: &[&str]) -> (i32, String) {
    let r = run(base, &["--format", "junit"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    (r.code, r.stdout)
}

/// The document is well-formed XML with the JUnit shape.
fn check_shape(xml: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    for suite in root.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let cases = suite.children().filter(|n| n.is_element()).count();
        assert_eq!(suite.attribute("tests"), Some(cases.to_string().as_str()));
    }
    doc
}

#[test]
fn a_migration_folder_is_one_suite_with_a_case_per_migration() {
    let (code, xml) = junit(FLYWAY);
    assert_eq!(code, 1);
    let doc = check_shape(&xml);
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(
        suites[0].attribute("name"),
        Some("examples/flyway-postgres")
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn a_liquibase_changelog_has_a_suite_per_file_and_a_case_per_changeset() {
    let (_, xml) = junit(&[
        "check",
        "tests/fixtures/liquibase/includes/master.xml",
        "--dialect",
        "postgres",
    ]);
    check_shape(&xml);
    insta::assert_snapshot!(xml);
}

#[test]
fn waived_findings_and_warnings_do_not_fail_a_case() {
    let (_, xml) = junit(WAIVERS);
    check_shape(&xml);
    insta::assert_snapshot!(xml);
}

#[test]
fn an_input_error_is_an_error_of_the_schemagate_suite() {
    let r = run(
        &["check", "tests/fixtures/bad/typo.sql"],
        &["--format", "junit"],
    );
    assert_eq!(r.code, 2);
    let doc = check_shape(&r.stdout);
    let errors: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert!(!errors.is_empty(), "{}", r.stdout);
    assert_eq!(
        doc.root_element().attribute("errors"),
        Some(errors.len().to_string().as_str())
    );
}
