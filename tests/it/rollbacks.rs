//! Rollbacks that are proven (issue 12): `changeset.rollback_check` in the
//! input document, and the rules that read it, through the binary.

use std::path::Path;

use serde_json::Value;

use crate::common::run_in;

/// Writes `files` into a fresh folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The per-changeset input documents of `target` in `dir`.
fn documents(dir: &Path, target: &str) -> Vec<Value> {
    let run = run_in(dir, &["input", target, "--dialect", "postgres"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    match serde_json::from_str(&run.stdout).unwrap() {
        Value::Array(docs) => docs,
        other => panic!("not an array: {other}"),
    }
}

/// The rollback check of the changeset whose id is `id`.
fn check_of(docs: &[Value], id: &str) -> Value {
    docs.iter()
        .find(|d| d["changeset"]["id"] == id)
        .unwrap_or_else(|| panic!("no changeset {id}"))["changeset"]["rollback_check"]
        .clone()
}

const CREATE: &str =
    "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'new', note text);\n";

#[test]
fn a_flyway_undo_script_that_restores_is_proven() {
    let dir = folder(&[
        ("V1__create.sql", CREATE),
        (
            "V2__memo.sql",
            "ALTER TABLE orders ADD COLUMN memo text;\nCREATE INDEX orders_memo_idx ON orders (memo);\n",
        ),
        (
            "U2__memo.sql",
            "DROP INDEX orders_memo_idx;\nALTER TABLE orders DROP COLUMN memo;\n",
        ),
    ]);
    let docs = documents(dir.path(), ".");
    let check = check_of(&docs, "2");
    assert_eq!(check["proven"], true, "{check}");
    assert_eq!(check["differences"], serde_json::json!([]));
    assert_eq!(check["lossy"], serde_json::json!([]));
    // No undo script: no check.
    assert_eq!(check_of(&docs, "1"), Value::Null);
}

#[test]
fn every_kind_of_difference_is_named() {
    let dir = folder(&[
        ("V1__create.sql", CREATE),
        (
            "V2__change.sql",
            "ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);\n\
             ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\n\
             ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n\
             CREATE INDEX orders_note_idx ON orders (note);\n\
             CREATE TABLE audit (id bigint);\n",
        ),
        (
            "U2__change.sql",
            "ALTER TABLE orders ALTER COLUMN note TYPE varchar(100);\n",
        ),
    ]);
    let check = check_of(&documents(dir.path(), "."), "2");
    assert_eq!(check["proven"], false, "{check}");
    let differences: Vec<&str> = check["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        differences,
        [
            r#"column "orders"."status" has no default after the rollback, had a default before the changeset"#,
            r#"column "orders"."note" is VARCHAR(100) after the rollback, TEXT before the changeset"#,
            r#"column "orders"."note" is NOT NULL after the rollback, nullable before the changeset"#,
            r#"index "orders_note_idx" on "orders" exists after the rollback, but not before the changeset"#,
            r#"table "audit" exists after the rollback, but not before the changeset"#,
        ]
    );
}

#[test]
fn a_rollback_the_database_would_refuse_is_a_difference() {
    let dir = folder(&[
        ("V1__create.sql", CREATE),
        ("V2__memo.sql", "ALTER TABLE orders ADD COLUMN memo text;\n"),
        ("U2__memo.sql", "ALTER TABLE orders DROP COLUMN mem;\n"),
    ]);
    let check = check_of(&documents(dir.path(), "."), "2");
    assert_eq!(check["proven"], false, "{check}");
    let first = check["differences"][0].as_str().unwrap();
    assert!(
        first.starts_with("the rollback would fail at statement 2:"),
        "{first}"
    );
}

#[test]
fn what_the_model_cannot_follow_is_not_proven() {
    // A table the changelog never shows, and a DO block.
    let dir = folder(&[
        ("V2__memo.sql", "ALTER TABLE orders ADD COLUMN memo text;\n"),
        ("U2__memo.sql", "ALTER TABLE orders DROP COLUMN note;\n"),
        ("V3__create.sql", CREATE),
        (
            "V4__do.sql",
            "DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN x int'; END $$;\n",
        ),
        ("U4__do.sql", "ALTER TABLE orders DROP COLUMN x;\n"),
    ]);
    let docs = documents(dir.path(), ".");
    for id in ["2", "4"] {
        let check = check_of(&docs, id);
        assert_eq!(check["proven"], Value::Null, "{id}: {check}");
        assert_eq!(check["differences"], serde_json::json!([]), "{id}");
        assert!(check["unproven"].is_string(), "{id}: {check}");
    }
}

#[test]
fn a_guarded_liquibase_changeset_is_not_proven() {
    let dir = folder(&[(
        "changelog.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="dba">
    <createTable tableName="orders"><column name="id" type="bigint"/><column name="note" type="text"/></createTable>
  </changeSet>
  <changeSet id="2" author="dba">
    <preconditions onFail="MARK_RAN"><tableExists tableName="orders"/></preconditions>
    <addColumn tableName="orders"><column name="memo" type="text"/></addColumn>
    <rollback><dropColumn tableName="orders" columnName="note"/></rollback>
  </changeSet>
</databaseChangeLog>
"#,
    )]);
    let docs = documents(dir.path(), "changelog.xml");
    assert_eq!(check_of(&docs, "1")["proven"], true);
    let check = check_of(&docs, "2");
    assert_eq!(check["proven"], Value::Null, "{check}");
    assert!(
        check["unproven"].as_str().unwrap().contains("may not run"),
        "{check}"
    );
}

#[test]
fn lossy_names_the_statement_and_what_is_lost() {
    let dir = folder(&[
        ("001_create.up.sql", CREATE),
        ("001_create.down.sql", "DROP TABLE orders;\n"),
        (
            "002_shrink.up.sql",
            "ALTER TABLE orders DROP COLUMN note;\nALTER TABLE orders ALTER COLUMN id TYPE integer;\n",
        ),
        (
            "002_shrink.down.sql",
            "ALTER TABLE orders ALTER COLUMN id TYPE bigint;\nALTER TABLE orders ADD COLUMN note text;\n",
        ),
    ]);
    let docs = documents(dir.path(), ".");
    let check = check_of(&docs, "002");
    assert_eq!(check["proven"], true, "{check}");
    assert_eq!(
        check["lossy"],
        serde_json::json!([
            {"statement": 2, "reason": "column \"orders\".\"note\" is dropped with its data: the rollback can add the column back, not its values"},
            {"statement": 3, "reason": "column \"orders\".\"id\" narrows from BIGINT to INTEGER: values that do not fit are cut or refused, and the rollback cannot widen them back"},
        ])
    );
    let run = run_in(dir.path(), &["check", ".", "--dialect", "postgres"]);
    assert!(run.stdout.contains("rollback-lossy"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("rollback-does-not-restore"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_rules_fire_through_check_with_their_exit_codes() {
    let dir = folder(&[
        ("001_create.up.sql", CREATE),
        ("001_create.down.sql", "DROP TABLE orders;\n"),
        (
            "002_memo.up.sql",
            "ALTER TABLE orders ADD COLUMN memo text;\n",
        ),
        (
            "002_memo.down.sql",
            "ALTER TABLE orders DROP COLUMN note;\n",
        ),
        (
            "003_more.up.sql",
            "ALTER TABLE orders ADD COLUMN more text;\n",
        ),
    ]);
    let run = run_in(
        dir.path(),
        &["check", ".", "--dialect", "postgres", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("rollback-"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("rollback-does-not-restore".to_string(), "error".to_string()),
            ("rollback-missing".to_string(), "warning".to_string()),
        ]
    );
}
