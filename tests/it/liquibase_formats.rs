//! The holdout check: the same changes written as Liquibase XML, YAML, JSON
//! and formatted SQL give the same findings, each pointing at the change in
//! its own file. Changeset 1 creates `customers`; `orders` is a table the
//! database had before the changelog, so the changes to it are judged.

use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/liquibase-formats"
);

/// `(rule, severity, changeset, line)` of every finding.
fn findings(file: &str) -> Vec<(String, String, String, usize)> {
    let outcome = check(&CheckOptions::new(
        vec![format!("{DIR}/{file}").into()],
        Dialect::Postgres,
    ));
    assert!(
        outcome.problems.is_empty(),
        "{file}: {:?}",
        outcome.problems
    );
    outcome
        .findings
        .iter()
        .map(|f| {
            let line = f.span.map_or(0, |s| outcome.sources.locate(s).line);
            (
                f.rule.clone(),
                f.severity.name().to_string(),
                f.changeset.clone().unwrap_or_default(),
                line,
            )
        })
        .collect()
}

fn without_lines(v: &[(String, String, String, usize)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(r, s, c, _)| (r.clone(), s.clone(), c.clone()))
        .collect()
}

#[test]
fn xml_yaml_json_and_formatted_sql_agree() {
    let xml = findings("changelog.xml");
    let expected: Vec<(String, String, String)> = [
        ("adding-required-field", "error", "2"),
        ("require-lock-timeout", "warning", "2"),
        ("require-concurrent-index-creation", "error", "2"),
        ("ban-drop-column", "error", "3"),
        ("require-lock-timeout", "warning", "3"),
    ]
    .iter()
    .map(|(r, s, c)| (r.to_string(), s.to_string(), c.to_string()))
    .collect();
    // Rollbacks differ by nature: Liquibase derives one for addColumn and
    // createIndex, never for the raw SQL of a formatted changelog, and for
    // dropColumn in none.
    let split = |all: Vec<(String, String, String)>| -> (Vec<_>, Vec<String>) {
        let (missing, rest): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|f| f.0 == "rollback-missing");
        (rest, missing.into_iter().map(|f| f.2).collect())
    };
    let (rest, missing) = split(without_lines(&xml));
    assert_eq!(rest, expected);
    assert_eq!(missing, ["3"]);
    for other in ["changelog.yaml", "changelog.json", "changelog.sql"] {
        let (rest, missing) = split(without_lines(&findings(other)));
        assert_eq!(rest, expected, "{other}");
        let derived: &[&str] = if other == "changelog.sql" {
            &["2", "3"]
        } else {
            &["3"]
        };
        assert_eq!(missing, derived, "{other}");
    }
}

#[test]
fn findings_point_at_the_change_element_in_each_format() {
    let lines = |file: &str| -> Vec<usize> {
        findings(file)
            .into_iter()
            .filter(|f| f.1 == "error")
            .map(|f| f.3)
            .collect()
    };
    // <addColumn>, <createIndex>, <dropColumn>
    assert_eq!(lines("changelog.xml"), vec![18, 23, 29]);
    // - addColumn:, - createIndex:, - dropColumn:
    assert_eq!(lines("changelog.yaml"), vec![22, 30, 40]);
    assert_eq!(lines("changelog.json"), vec![10, 13, 18]);
    // the SQL statements themselves
    assert_eq!(lines("changelog.sql"), vec![8, 9, 12]);
}

#[test]
fn the_human_report_shows_the_changelog_snippet() {
    let outcome = check(&CheckOptions::new(
        vec![format!("{DIR}/changelog.xml").into()],
        Dialect::Postgres,
    ));
    let text =
        schemagate::report::human::render(&outcome, &schemagate::report::human::Style::plain());
    assert!(text.contains("changelog.xml:18:9"), "{text}");
    assert!(text.contains(r#"<addColumn tableName="orders">"#), "{text}");
}

const PROPOSAL: schemagate::policy::input::Needs = schemagate::policy::input::Needs {
    changesets: false,
    proposal: true,
    v1: false,
};

#[test]
fn rollback_is_explicit_or_derived_per_changeset() {
    let mut sources = Default::default();
    let mut problems = Vec::new();
    let opts = CheckOptions::new(
        vec![format!("{DIR}/changelog.xml").into()],
        Dialect::Postgres,
    );
    let analyzed = schemagate::check::analyze(&opts, PROPOSAL, &mut sources, &mut problems);
    let input = analyzed[0].inputs.proposal.as_ref().unwrap();
    let kinds: Vec<&str> = input["changesets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rollback"].as_str().unwrap())
        .collect();
    // createTable and addColumn+createIndex invert; dropColumn does not
    assert_eq!(kinds, ["automatic", "automatic", "none"]);
    let rollback: Vec<&str> = input["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["phase"] == "rollback")
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(rollback, ["drop_table", "drop_index", "alter_table"]);
    let sql = schemagate::check::analyze(
        &CheckOptions::new(
            vec![format!("{DIR}/changelog.sql").into()],
            Dialect::Postgres,
        ),
        PROPOSAL,
        &mut Default::default(),
        &mut Vec::new(),
    );
    let kinds: Vec<&str> = sql[0].inputs.proposal.as_ref().unwrap()["changesets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rollback"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["explicit", "none", "none"]);
}
