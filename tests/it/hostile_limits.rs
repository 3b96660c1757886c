//! Inputs that used to bring the process down with no report (a stack
//! overflow, an allocation of gigabytes): each is now an error at its
//! place, exit 2, and the rest of the run's findings survive. The big
//! inputs are generated here, in a temporary folder, and kept small enough
//! to run in seconds; the large-scale figures are in the commit messages.

use std::path::Path;

use serde_json::Value;

use crate::common::{Run, run_in};

/// `check --format json` in `dir`, with its report.
fn check(dir: &Path, args: &[&str]) -> (Run, Value) {
    let mut all = vec!["check", "--format", "json", "--no-config"];
    all.extend_from_slice(args);
    let run = run_in(dir, &all);
    let report = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}), exit {}:\n{}\n{}",
            run.code, run.stdout, run.stderr
        )
    });
    (run, report)
}

/// The report's error whose message holds `needle`.
fn error<'a>(report: &'a Value, needle: &str) -> &'a Value {
    report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["message"].as_str().is_some_and(|m| m.contains(needle)))
        .unwrap_or_else(|| panic!("no error with `{needle}` in {report:#}"))
}

/// `(file, line, column)` of an error.
fn place(e: &Value) -> (String, u64, u64) {
    (
        e["file"].as_str().unwrap_or_default().to_string(),
        e["line"].as_u64().unwrap_or(0),
        e["column"].as_u64().unwrap_or(0),
    )
}

fn rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect()
}

const CHANGELOG_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
"#;

#[test]
fn xml_nested_thousands_deep_is_refused_at_the_element() {
    let dir = tempfile::tempdir().unwrap();
    // 7,500 levels in 52 KB overflowed the stack
    let depth = 7_500;
    let text = format!(
        "{CHANGELOG_HEAD}{}{}</databaseChangeLog>\n",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    std::fs::write(dir.path().join("deep.xml"), text).unwrap();
    let (run, report) = check(dir.path(), &["deep.xml", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "elements nested more than 256 deep");
    // the 256th <a> is the 257th element: line 3, after 255 `<a>`s
    assert_eq!(place(e), ("deep.xml".into(), 3, 766));
}

#[test]
fn an_include_chain_deeper_than_100_is_refused_at_the_include() {
    let dir = tempfile::tempdir().unwrap();
    // 5,750 levels overflowed the stack; 120 are enough to pass the limit
    for i in 0..120 {
        let body = format!(
            r#"  <include file="c{}.xml" relativeToChangelogFile="true"/>"#,
            i + 1
        );
        let text = format!("{CHANGELOG_HEAD}{body}\n</databaseChangeLog>\n");
        std::fs::write(dir.path().join(format!("c{i}.xml")), text).unwrap();
    }
    let (run, report) = check(dir.path(), &["c0.xml", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "includes nested more than 100 deep");
    assert_eq!(place(e), ("c99.xml".into(), 3, 18));
    assert!(
        e["message"]
            .as_str()
            .unwrap_or_default()
            .contains("c0.xml -> c1.xml -> … -> c100.xml"),
        "{e}"
    );
}

#[test]
fn yaml_and_json_nested_deep_are_errors_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let json = format!(
        r#"{{"databaseChangeLog": {}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    std::fs::write(dir.path().join("deep.json"), json).unwrap();
    let yaml = format!(
        "databaseChangeLog:\n  - {}1{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    std::fs::write(dir.path().join("deep.yaml"), yaml).unwrap();
    for file in ["deep.json", "deep.yaml"] {
        let (run, report) = check(dir.path(), &[file, "--dialect", "postgres"]);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        let e = error(&report, "malformed YAML/JSON");
        assert_eq!(place(e).0, file, "{e}");
        assert!(place(e).1 >= 1 && place(e).2 > 1, "{e}");
    }
}

/// A statement before and after the hostile one: both still reported.
fn around(middle: &str) -> String {
    format!("DROP TABLE before_it;\n{middle}\nDROP TABLE after_it;\n")
}

#[test]
fn an_operator_chain_that_overflowed_the_stack_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // 200,000 terms in a 400 KB file overflowed the stack, in a query and
    // in a column default (read again by the facts of a failed statement)
    let chain = vec!["1"; 200_000].join("+");
    let sql = around(&format!(
        "SELECT {chain};\nCREATE TABLE t (a int DEFAULT {chain});"
    ));
    std::fs::write(dir.path().join("chain.sql"), sql).unwrap();
    let (run, report) = check(dir.path(), &["chain.sql", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    let places: Vec<_> = errors
        .iter()
        .filter(|e| {
            e["message"]
                .as_str()
                .unwrap_or_default()
                .contains("operators in a row")
        })
        .map(place)
        .collect();
    // at the 10,001st operator of each
    assert_eq!(
        places,
        [
            ("chain.sql".into(), 2, 20_009),
            ("chain.sql".into(), 3, 20_032)
        ]
    );
    let found = rules(&report);
    assert_eq!(
        found.iter().filter(|r| *r == "ban-drop-table").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn nesting_past_the_parser_recursion_limit_is_an_error_at_the_statement() {
    let dir = tempfile::tempdir().unwrap();
    let sql = around(&format!(
        "SELECT {}1{};",
        "(".repeat(5_000),
        ")".repeat(5_000)
    ));
    std::fs::write(dir.path().join("parens.sql"), sql).unwrap();
    let (run, report) = check(dir.path(), &["parens.sql", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "recursion limit");
    let (file, line, column) = place(e);
    assert_eq!((file.as_str(), line), ("parens.sql", 2));
    assert!(column > 40 && column < 60, "{e}");
    assert_eq!(
        rules(&report)
            .iter()
            .filter(|r| *r == "ban-drop-table")
            .count(),
        2
    );
}

#[test]
fn a_file_above_the_size_limit_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.sql"), "SELECT 1;\n".repeat(300)).unwrap();
    std::fs::write(dir.path().join("small.sql"), "DROP TABLE t;\n").unwrap();
    let (run, report) = check(
        dir.path(),
        &[
            "big.sql",
            "small.sql",
            "--dialect",
            "postgres",
            "--max-file-size",
            "2KB",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "above the 2 KiB limit for one file");
    assert_eq!(e["file"], "big.sql");
    assert!(
        e["message"]
            .as_str()
            .unwrap_or_default()
            .contains("the file is 2.9 KiB"),
        "{e}"
    );
    assert_eq!(rules(&report), ["ban-drop-table", "require-lock-timeout"]);

    // the same from the configuration; the flag wins over it
    std::fs::write(
        dir.path().join("limits.yaml"),
        "limits:\n  max_file_size: 2KB\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["check", "big.sql", "--config", "limits.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("above the 2 KiB limit for one file"),
        "{}",
        run.stdout
    );
    let args = [
        "check",
        "big.sql",
        "--config",
        "limits.yaml",
        "--max-file-size",
        "1MB",
    ];
    assert_eq!(run_in(dir.path(), &args).code, 0);

    std::fs::write(
        dir.path().join("bad.yaml"),
        "limits:\n  max_file_size: huge\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["check", "big.sql", "--config", "bad.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("bad.yaml:2:1"), "{}", run.stdout);
}

#[test]
fn a_formatted_sql_changelog_above_the_size_limit_is_refused_as_a_liquibase_changelog() {
    // Its header still tells it from plain SQL: the Liquibase reader
    // refuses it, once, naming it; the plain file beside it is analyzed.
    let dir = tempfile::tempdir().unwrap();
    let changesets: String = (0..60)
        .map(|i| format!("--changeset dev:{i}\nSELECT {i};\n"))
        .collect();
    std::fs::write(
        dir.path().join("big.sql"),
        format!("--liquibase formatted sql\n{changesets}"),
    )
    .unwrap();
    std::fs::write(dir.path().join("small.sql"), "DROP TABLE t;\n").unwrap();
    let (run, report) = check(
        dir.path(),
        &[
            "big.sql",
            "small.sql",
            "--dialect",
            "postgres",
            "--max-file-size",
            "1KB",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "above the 1 KiB limit for one file");
    assert_eq!(e["file"], "big.sql");
    let errors = report["errors"].as_array().map_or(0, Vec::len);
    assert_eq!(errors, 1, "{report}");
    assert_eq!(rules(&report), ["ban-drop-table", "require-lock-timeout"]);
    // under the limit, its changesets are read as Liquibase's
    let run = run_in(
        dir.path(),
        &[
            "check",
            "big.sql",
            "--dialect",
            "postgres",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["stats"]["changesets"], 60, "{report}");
}

#[test]
fn a_statement_above_the_size_limit_is_refused_and_the_others_analyzed() {
    let dir = tempfile::tempdir().unwrap();
    let values = vec!["(1)"; 1_000].join(",");
    let sql = around(&format!("INSERT INTO t (a) VALUES {values};"));
    std::fs::write(dir.path().join("long.sql"), sql).unwrap();
    let (run, report) = check(
        dir.path(),
        &[
            "long.sql",
            "--dialect",
            "postgres",
            "--max-statement-size",
            "2KB",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "above the 2 KiB limit for one statement");
    assert_eq!(place(e), ("long.sql".into(), 2, 1));
    assert_eq!(
        rules(&report)
            .iter()
            .filter(|r| *r == "ban-drop-table")
            .count(),
        2
    );
    // under the default limit it is parsed
    let (run, _) = check(dir.path(), &["long.sql", "--dialect", "postgres"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

/// A changelog of `properties` then one changeset using `${top}`.
fn properties_changelog(properties: &str, top: &str) -> String {
    format!(
        r#"{CHANGELOG_HEAD}{properties}  <changeSet id="1" author="a">
    <sql>DROP TABLE t_${{{top}}};</sql>
  </changeSet>
</databaseChangeLog>
"#
    )
}

#[test]
fn property_expansion_that_doubles_is_capped_naming_the_property() {
    let dir = tempfile::tempdir().unwrap();
    // each level twice the one before: 1.4 KB made 4 GB in 10 s
    let mut props = String::from("  <property name=\"p0\" value=\"xxxxxxxxxxxxxxxx\"/>\n");
    for i in 1..40 {
        props.push_str(&format!(
            "  <property name=\"p{i}\" value=\"${{p{j}}}${{p{j}}}\"/>\n",
            j = i - 1
        ));
    }
    let text = properties_changelog(&props, "p39");
    std::fs::write(dir.path().join("double.xml"), text).unwrap();
    let (run, report) = check(dir.path(), &["double.xml", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "past its 64 MiB limit");
    assert!(
        e["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("`${p21}` (32 MiB)"),
        "{e}"
    );
    // at the placeholder, in the definition of p22
    assert_eq!(place(e), ("double.xml".into(), 25, 31));
    // the changeset is still judged, `${p39}` left as written
    assert!(
        rules(&report).contains(&"ban-drop-table".to_string()),
        "{report:#}"
    );
}

#[test]
fn properties_defined_from_properties_too_deep_are_refused_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut props = String::from("  <property name=\"p0\" value=\"x\"/>\n");
    for i in 1..40 {
        props.push_str(&format!(
            "  <property name=\"p{i}\" value=\"${{p{}}}\"/>\n",
            i - 1
        ));
    }
    std::fs::write(
        dir.path().join("deep.xml"),
        properties_changelog(&props, "p39"),
    )
    .unwrap();
    let (run, report) = check(dir.path(), &["deep.xml", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(
        &report,
        "property `p33` is defined from properties nested more than 32 deep",
    );
    assert_eq!(place(e), ("deep.xml".into(), 36, 31));
}

#[test]
fn a_doctype_is_refused_before_its_entities_are_expanded() {
    let dir = tempfile::tempdir().unwrap();
    // nested internal entities: a 160 KB file expanded to 3.9 GB
    let mut dtd = String::from("<!DOCTYPE databaseChangeLog [\n  <!ENTITY e0 \"lol\">\n");
    for i in 1..12 {
        let refs = format!("&e{};", i - 1).repeat(10);
        dtd.push_str(&format!("  <!ENTITY e{i} \"{refs}\">\n"));
    }
    dtd.push_str("]>\n");
    let text = format!(
        "<?xml version=\"1.0\"?>\n{dtd}<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <changeSet id=\"1\" author=\"a\"><sql>&e11;</sql></changeSet>\n</databaseChangeLog>\n"
    );
    std::fs::write(dir.path().join("laughs.xml"), text).unwrap();
    let (run, report) = check(dir.path(), &["laughs.xml", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "DOCTYPE declarations are not allowed");
    assert_eq!(place(e), ("laughs.xml".into(), 2, 1));
}

#[test]
fn a_context_expression_nested_deep_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}prod{}", "(".repeat(100_000), ")".repeat(100_000));
    let text = format!(
        "{CHANGELOG_HEAD}  <changeSet id=\"1\" author=\"a\" context=\"{deep}\">\n    <sql>DROP TABLE t;</sql>\n  </changeSet>\n</databaseChangeLog>\n"
    );
    std::fs::write(dir.path().join("ctx.xml"), text).unwrap();
    let (run, report) = check(dir.path(), &["ctx.xml", "--dialect", "postgres"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    error(&report, "more than 100 nested parentheses or negations");
    // an argument is at most 128 KB
    let deep = format!("{}prod{}", "(".repeat(20_000), ")".repeat(20_000));
    let run = run_in(
        dir.path(),
        &["check", "ctx.xml", "--no-config", "--contexts", &deep],
    );
    assert!(matches!(run.code, 0..=2), "{}", run.stderr);
}

/// A team policy in `dir/team/` beside a changelog that drops a table.
fn with_policy(rego: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("team")).unwrap();
    std::fs::write(dir.path().join("team/huge.rego"), rego).unwrap();
    std::fs::write(dir.path().join("drop.sql"), "DROP TABLE t;\n").unwrap();
    dir
}

#[test]
fn a_policy_building_a_huge_range_is_an_error_at_its_call() {
    let dir = with_policy(
        "package team.huge\nimport rego.v1\n\ndeny contains msg if {\n\tinput.statements[0]\n\tn := count(numbers.range(1, 1e8))\n\tmsg := sprintf(\"%d\", [n])\n}\n",
    );
    let (run, report) = check(
        dir.path(),
        &["drop.sql", "--dialect", "postgres", "--policy", "team"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "numbers.range would build 100000000 elements");
    // where regorus places the call
    assert_eq!(place(e), ("team/huge.rego".into(), 6, 29));
    assert_eq!(rules(&report), ["ban-drop-table", "require-lock-timeout"]);
}

#[test]
fn a_runaway_comprehension_stops_at_the_time_limit_keeping_the_rest() {
    let dir = with_policy(
        "package team.huge\nimport rego.v1\n\ndeny contains msg if {\n\tinput.statements[0]\n\txs := [[a, b, c] | some a in numbers.range(1, 3000); some b in numbers.range(1, 3000); some c in numbers.range(1, 3000)]\n\tmsg := sprintf(\"%d\", [count(xs)])\n}\n",
    );
    let (run, report) = check(
        dir.path(),
        &[
            "drop.sql",
            "--dialect",
            "postgres",
            "--policy",
            "team",
            "--policy-timeout",
            "300ms",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let e = error(&report, "time limit");
    assert_eq!(place(e).0, "team/huge.rego", "{e}");
    assert_eq!(rules(&report), ["ban-drop-table", "require-lock-timeout"]);
}
