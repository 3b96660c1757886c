//! Hostile and mistaken usage (issue 9): what used to pass silently — a
//! malformed context or label filter, a configuration value of the wrong
//! type, a run with no rule, a missing path flag, a file outside the
//! project read through a symbolic link, a policy result of the wrong
//! type, a closed output pipe — is an error that says where, and the rest
//! of the report survives.

use std::path::Path;

use serde_json::Value;

use crate::common::{Run, run, run_in};

const DIR: &str = "tests/fixtures/hostile/usage";

/// A `--format json` report.
fn json_report(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// `file:line:column: message` of every error, the fixture folder left out.
fn errors(report: &Value) -> Vec<String> {
    report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            let file = e["file"].as_str().unwrap_or_default();
            let file = file.strip_prefix(&format!("{DIR}/")).unwrap_or(file);
            format!(
                "{file}:{}:{}: {}",
                e["line"],
                e["column"],
                e["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// `rule file:line` of every finding, the fixture folder left out.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default();
            let file = file.strip_prefix(&format!("{DIR}/")).unwrap_or(file);
            format!(
                "{} {file}:{}",
                f["rule"].as_str().unwrap_or_default(),
                f["line"]
            )
        })
        .collect()
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let r = run(&[&["check", "--format", "json", "--no-config"], args].concat());
    let report = json_report(&r);
    (r.code, report)
}

#[test]
fn malformed_filters_on_the_command_line_are_usage_errors() {
    let changelog = format!("{DIR}/filters/changelog.xml");
    let cases = [
        (
            "--contexts",
            "(((prod",
            "--contexts `(((prod`: `(((prod` is not a name: names are separated by commas",
        ),
        (
            "--contexts",
            "!dev",
            "--contexts `!dev`: `!dev` is not a name",
        ),
        (
            "--labels",
            "(((v1",
            "--labels `(((v1`: the `(` at character 3 is never closed",
        ),
        (
            "--labels",
            "v1 and",
            "--labels `v1 and`: nothing follows the `and` at character 4",
        ),
        (
            "--labels",
            "v1 v2",
            "--labels `v1 v2`: unexpected `v2` at character 4",
        ),
    ];
    for (flag, value, expected) in cases {
        let (code, report) = check_json(&[&changelog, flag, value]);
        assert_eq!(code, 2, "{flag} {value}");
        let errors = errors(&report);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!(":0:0: {expected}")),
            "{errors:?}"
        );
    }
    // well-formed ones are taken (the fixture's own malformed attributes
    // are still errors, at their places)
    let (code, report) = check_json(&[&changelog, "--contexts", "prod, eu", "--labels", "!beta"]);
    assert_eq!(code, 2);
    let errors = errors(&report);
    assert!(
        errors.iter().all(|e| e.starts_with("filters/")),
        "{errors:?}"
    );
}

#[test]
fn malformed_filters_in_changelogs_are_errors_at_their_place_and_filter_nothing() {
    let (code, report) = check_json(&[
        &format!("{DIR}/filters/changelog.xml"),
        "--contexts",
        "prod",
    ]);
    assert_eq!(code, 2);
    let errors = errors(&report);
    let expected = [
        "filters/changelog.xml:3:41: malformed `context` expression `a b`: unexpected `b` at character 3",
        "filters/changelog.xml:4:41: malformed `context` expression `(((prod`: the `(` at character 3 is never closed",
        "filters/changelog.xml:7:40: malformed `labels` list `v1 and v2`: `v1 and v2` is not a name",
        "filters/changelog.xml:13:42: malformed `context` expression `prod and`: nothing follows the `and` at character 6",
        "filters/included.yaml:2:15: malformed `context` expression `eu or`: nothing follows the `or` at character 4",
        "filters/included.yaml:6:16: malformed `context` expression `prod)`: the `)` at character 5 closes nothing",
        "filters/formatted.sql:3:25: malformed `context` expression `!`: nothing follows the `!` at character 1",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (got, want) in errors.iter().zip(expected) {
        assert!(got.starts_with(want), "{got}\nwanted {want}");
    }
    // what the malformed filters guard is judged; `context="dev"` is not
    // under --contexts prod
    let drops: Vec<String> = findings(&report)
        .into_iter()
        .filter(|f| f.starts_with("ban-drop-table"))
        .collect();
    assert_eq!(
        drops,
        [
            "ban-drop-table filters/changelog.xml:5",
            "ban-drop-table filters/changelog.xml:8",
            "ban-drop-table filters/included.yaml:9",
            "ban-drop-table filters/formatted.sql:4",
        ]
    );
}

/// A temporary repository holding `schemagate.yaml` and a changelog that
/// drops a table.
fn repo_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("drop.sql"), "DROP TABLE users;\n").unwrap();
    std::fs::write(dir.path().join("schemagate.yaml"), config).unwrap();
    dir
}

fn check_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let r = run_in(dir, &[&["check", "--format", "json"], args].concat());
    let report = json_report(&r);
    (r.code, report)
}

#[test]
fn configuration_mistakes_are_errors_at_their_line_and_column_and_findings_survive() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "rules:\n  ban-drop-table: critical\n",
            &[],
            "schemagate.yaml:2:19: configuration: `rules.ban-drop-table`: a rule's setting must be `off`, `on`, `info`, `warning` or `error`",
        ),
        (
            "rules:\n  ban-drop-table: {severity: critical}\n",
            &[],
            "schemagate.yaml:2:30: configuration: `rules.ban-drop-table`: `severity` must be `error`, `warning` or `info`, found `critical`",
        ),
        (
            "rules:\n  ban-drop-table:\n    enabled: \"no\"\n",
            &[],
            "schemagate.yaml:3:14: configuration: `rules.ban-drop-table`: `enabled` must be true or false, found `no`",
        ),
        (
            "rules:\n  ban-drop-table: {severity: error, reason: x}\n",
            &[],
            "schemagate.yaml:2:37: configuration: `rules.ban-drop-table`: unknown key `reason` in a rule's setting",
        ),
        (
            "rules:\n  identifier-too-long:\n    params:\n      max_length: \"fifty\"\n",
            &[],
            "schemagate.yaml:4:19: configuration: parameter `max_length` of rule `identifier-too-long` must be integer, found \"fifty\"",
        ),
        // a pattern regorus could not compile would stop the rule at every
        // evaluation (and its native port could only find nothing)
        (
            "params:\n  drop-table-name-pattern:\n    pattern: \"(_old\"\n",
            &[],
            "schemagate.yaml:3:14: configuration: parameter `pattern` of rule `drop-table-name-pattern` is not a valid regular expression: unclosed group",
        ),
        (
            "params:\n  identifier-too-long:\n    max_lenght: 30\n",
            &[],
            "schemagate.yaml:3:5: configuration: rule `identifier-too-long` has no parameter `max_lenght` (it has max_length)",
        ),
        (
            "params:\n  identifer-too-long: {max_length: 30}\n",
            &[],
            "schemagate.yaml:2:3: configuration: no rule `identifer-too-long`; did you mean `identifier-too-long`?",
        ),
        (
            "rules: [ban-drop-table]\n",
            &[],
            "schemagate.yaml:1:8: configuration: `rules` must be a mapping of rule ids, found a list",
        ),
        // an environment not chosen is checked too
        (
            "environments:\n  prod:\n    rules:\n      ban-drop-table: {enabled: 1}\n",
            &[],
            "schemagate.yaml:4:33: configuration: `rules.ban-drop-table`: `enabled` must be true or false, found `1`",
        ),
        (
            "environments:\n  prod:\n    rules:\n      ban-drop-tabel: off\n",
            &["--env", "prod"],
            "schemagate.yaml:4:7: configuration: no rule `ban-drop-tabel`; did you mean `ban-drop-table`?",
        ),
    ];
    for (config, extra, expected) in cases {
        let dir = repo_with_config(config);
        let (code, report) = check_in(dir.path(), &[&["drop.sql"], *extra].concat());
        assert_eq!(code, 2, "{config}");
        let errors = errors(&report);
        assert_eq!(errors.len(), 1, "{config}\n{errors:#?}");
        assert!(errors[0].starts_with(expected), "{config}\n{errors:#?}");
        // the bad setting is set aside: the rule still fires, at its default
        let drop = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "ban-drop-table")
            .unwrap_or_else(|| panic!("{config}: {report:#}"));
        assert_eq!(drop["severity"], "error", "{config}");
        assert_eq!(report["stats"]["statements"], 1, "{config}");
    }
}

#[test]
fn schemagate_config_shows_the_file_and_its_mistakes() {
    let dir = repo_with_config("rules:\n  ban-drop-table: {enabled: \"no\"}\n");
    let r = run_in(dir.path(), &["config"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains("rules.ban-drop-table: {\"enabled\":\"no\"}"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("schemagate.yaml:2:29: configuration: `rules.ban-drop-table`: `enabled` must be true or false"),
        "{}",
        r.stderr
    );
}

#[test]
fn configuration_filters_are_checked_at_their_place() {
    for (config, expected) in [
        (
            "contexts: \"(((prod\"\n",
            "schemagate.yaml:1:11: configuration `contexts`: `(((prod`: `(((prod` is not a name",
        ),
        (
            "labels: \"v1 and (v2\"\n",
            "schemagate.yaml:1:9: configuration `labels`: `v1 and (v2`: the `(` at character 8 is never closed",
        ),
    ] {
        let dir = repo_with_config(config);
        let (code, report) = check_in(dir.path(), &["drop.sql"]);
        assert_eq!(code, 2, "{config}");
        let errors = errors(&report);
        assert!(errors[0].starts_with(expected), "{errors:#?}");
    }
}

#[test]
fn a_run_that_evaluates_no_rule_is_an_error_unless_allowed() {
    let empty = tempfile::tempdir().unwrap();
    let empty = empty.path().to_str().unwrap();
    let sql = format!("{DIR}/drop.sql");
    let one = format!("{DIR}/one-rule");

    let (code, report) = check_json(&[&sql, "--no-builtin"]);
    assert_eq!(code, 2);
    assert_eq!(
        errors(&report),
        [
            ":0:0: no rule to evaluate (--no-builtin, and no --policy (nor `policies:` in the configuration)): a gate that checks nothing would pass anything; pass --allow-no-rules if that is meant"
        ]
    );

    let (code, report) = check_json(&[&sql, "--no-builtin", "--policy", empty]);
    assert_eq!(code, 2);
    assert!(
        errors(&report)[0]
            .contains("holds no policy: no `*.rego` file other than `*_test.rego` tests"),
        "{report:#}"
    );

    // with the built-in rules, an empty policy folder is still an error,
    // and the built-in findings are kept
    let (code, report) = check_json(&[&sql, "--policy", empty]);
    assert_eq!(code, 2);
    assert!(findings(&report).contains(&"ban-drop-table drop.sql:1".to_string()));

    // every rule turned off
    let dir = repo_with_config("rules:\n  team-one: off\n");
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "drop.sql",
            "--no-builtin",
            "--policy",
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(&one)
                .to_string_lossy(),
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        errors(&json_report(&r))[0]
            .contains("no rule to evaluate (the configuration turns every rule off)"),
        "{}",
        r.stdout
    );

    // --allow-no-rules: meant
    for args in [
        vec![sql.as_str(), "--no-builtin", "--allow-no-rules"],
        vec![
            sql.as_str(),
            "--no-builtin",
            "--policy",
            empty,
            "--allow-no-rules",
        ],
    ] {
        let (code, report) = check_json(&args);
        assert_eq!(code, 0, "{args:?}: {report:#}");
    }
    // a policy with a rule: fine
    let (code, report) = check_json(&[&sql, "--no-builtin", "--policy", &one]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["team-one :null"]);
}

#[test]
fn missing_path_flags_are_usage_errors_naming_the_flag() {
    let sql = format!("{DIR}/drop.sql");
    for (args, expected) in [
        (
            vec!["--properties-file", "no/such.properties"],
            "--properties-file `no/such.properties`: No such file or directory",
        ),
        (
            vec!["--properties-file", DIR],
            "--properties-file `tests/fixtures/hostile/usage`: not a file",
        ),
        (
            vec!["--search-path", "no/such/folder"],
            "--search-path `no/such/folder`: No such file or directory",
        ),
        (
            vec!["--search-path", DIR, "--search-path", &sql],
            "--search-path `tests/fixtures/hostile/usage/drop.sql`: not a folder",
        ),
    ] {
        let (code, report) = check_json(&[&[sql.as_str()][..], &args].concat());
        assert_eq!(code, 2, "{args:?}");
        let errors = errors(&report);
        assert!(
            errors[0].starts_with(&format!(":0:0: {expected}")),
            "{errors:?}"
        );
    }
}

#[test]
fn a_policy_result_of_the_wrong_type_is_an_error_at_the_rule_and_the_rest_survives() {
    let (code, report) = check_json(&[
        &format!("{DIR}/drop.sql"),
        "--policy",
        &format!("{DIR}/rego-results"),
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        errors(&report),
        [
            "rego-results/exception.rego:5:1: data.team.excepted.exception: exceptions must be rule names (strings), found 7",
            "rego-results/results.rego:6:1: data.team.results.deny: each result must be a message string or an object with `msg`, found 5",
            "rego-results/results.rego:11:1: data.team.results.warn: each result must be a message string or an object with `msg`, found 1",
        ]
    );
    assert!(
        report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "policy")
    );
    let found = findings(&report);
    for rule in [
        "ban-drop-table drop.sql:1",
        "team.results.violation :null",
        "team.excepted.deny :null",
    ] {
        assert!(found.contains(&rule.to_string()), "{rule}: {found:?}");
    }
}

#[test]
fn a_closed_output_pipe_is_an_error_on_stderr_not_a_silent_end() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .args(["check", "--format", "json", "--no-config"])
        .arg(format!("{DIR}/drop.sql"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot write the output to standard output: Broken pipe"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A project with a changelog that reaches outside through `..` and
/// symbolic links, every way a changelog names a file, and one that
/// stays inside.
#[cfg(unix)]
fn project_with_escapes() -> tempfile::TempDir {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    let db = dir.path().join("project/db");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(db.join("all")).unwrap();
    std::fs::create_dir_all(db.join("here")).unwrap();
    std::fs::write(outside.join("secret.sql"), "SELECT 'TOP-SECRET-LINE';\n").unwrap();
    std::fs::write(outside.join("secret.csv"), "id\nTOP-SECRET-LINE\n").unwrap();
    std::fs::write(outside.join("secret.properties"), "p=TOP-SECRET-LINE\n").unwrap();
    let other = "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <changeSet id=\"o\" author=\"x\"><sql>DROP TABLE secret_table;</sql></changeSet>\n</databaseChangeLog>\n";
    std::fs::write(outside.join("other.xml"), other).unwrap();
    for (link, target) in [
        ("link.sql", "secret.sql"),
        ("link.csv", "secret.csv"),
        ("link.properties", "secret.properties"),
        ("link.xml", "other.xml"),
        ("all/link.xml", "other.xml"),
    ] {
        symlink(outside.join(target), db.join(link)).unwrap();
    }
    symlink(&outside, db.join("linkdir")).unwrap();
    std::fs::write(
        db.join("here/inside.xml"),
        other
            .replace("o\"", "i\"")
            .replace("secret_table", "inside_table"),
    )
    .unwrap();
    let master = r#"<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <property file="link.properties" relativeToChangelogFile="true"/>
  <changeSet id="1" author="a"><sqlFile path="link.sql" relativeToChangelogFile="true"/></changeSet>
  <changeSet id="2" author="a"><createProcedure path="link.sql" relativeToChangelogFile="true"/></changeSet>
  <changeSet id="3" author="a"><loadData tableName="t" file="link.csv" relativeToChangelogFile="true"/></changeSet>
  <include file="link.xml" relativeToChangelogFile="true"/>
  <include file="../../outside/other.xml" relativeToChangelogFile="true"/>
  <includeAll path="linkdir" relativeToChangelogFile="true"/>
  <includeAll path="all" relativeToChangelogFile="true" errorIfMissingOrEmpty="false"/>
  <includeAll path="." relativeToChangelogFile="true" endsWithFilter="inside.xml"/>
  <changeSet id="4" author="a"><sql>DROP TABLE users;</sql></changeSet>
</databaseChangeLog>
"#;
    std::fs::write(db.join("master.xml"), master).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn every_file_a_changelog_names_stays_inside_the_project() {
    let dir = project_with_escapes();
    let project = dir.path().join("project");
    let r = run_in(
        &project,
        &["check", "--format", "json", "--no-config", "db/master.xml"],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    // nothing from outside is read, let alone shown
    assert!(!r.stdout.contains("TOP-SECRET-LINE"), "{}", r.stdout);
    assert!(!r.stdout.contains("secret_table"), "{}", r.stdout);
    let report = json_report(&r);
    let errors: Vec<String> = errors(&report)
        .into_iter()
        .map(|e| {
            e.split(": it resolves to")
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let outside = "is outside the project root";
    assert_eq!(
        errors,
        [
            format!("db/master.xml:3:19: properties file `link.properties` {outside}"),
            format!("db/master.xml:4:47: file `link.sql` referenced by sqlFile {outside}"),
            format!("db/master.xml:5:55: file `link.sql` referenced by createProcedure {outside}"),
            format!("db/master.xml:6:62: file `link.csv` referenced by loadData {outside}"),
            format!("db/master.xml:7:18: included file `link.xml` {outside}"),
            format!("db/master.xml:8:18: included file `../../outside/other.xml` {outside}"),
            format!("db/master.xml:9:21: includeAll folder `linkdir` {outside}"),
            format!("db/master.xml:10:21: includeAll file `link.xml` {outside}"),
            // and the changes that needed them say they were not analyzed
            "db/master.xml:5:55: createProcedure: the procedure file `link.sql` was not read, so its statements are not analyzed: Liquibase fails when it runs this change if the file is missing".to_string(),
            "db/master.xml:6:62: loadData: the contents of `loadData`'s CSV file were not read".to_string(),
        ]
    );
    // what is inside is read: includeAll path="." with its own changelog
    // filtered out, and the changesets beside the refused files
    let found = findings(&report);
    for want in [
        "ban-drop-table db/master.xml:12",
        "ban-drop-table db/here/inside.xml:2",
    ] {
        assert!(found.contains(&want.to_string()), "{want}: {found:?}");
    }
}

#[test]
fn include_all_of_the_changelog_s_own_folder_is_liquibase_s_circular_reference() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    std::fs::create_dir_all(db.join("here")).unwrap();
    let changelog = |body: &str| {
        format!(
            "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  {body}\n</databaseChangeLog>\n"
        )
    };
    std::fs::write(
        db.join("master.xml"),
        changelog("<includeAll path=\"here/..\" relativeToChangelogFile=\"true\" maxDepth=\"1\"/>"),
    )
    .unwrap();
    std::fs::write(
        db.join("sibling.xml"),
        changelog("<changeSet id=\"s\" author=\"a\"><sql>DROP TABLE users;</sql></changeSet>"),
    )
    .unwrap();
    let r = run_in(
        &db,
        &["check", "--format", "json", "--no-config", "master.xml"],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    let report = json_report(&r);
    assert_eq!(
        errors(&report),
        [
            "master.xml:2:21: includeAll folder `here/..` holds the changelog that includes it (`master.xml`): Liquibase stops with \"Circular reference detected\"; leave it out with endsWithFilter or minDepth, or move it out of the folder"
        ]
    );
    // its siblings are still read
    assert!(findings(&report).contains(&"ban-drop-table sibling.xml:2".to_string()));
}
