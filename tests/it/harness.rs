//! Harness Database DevOps policies run unchanged: `schemagate check` with
//! the Rego v0 examples of `examples/harness` and a configuration giving
//! `dbInstance`/`dbSchema`.

use std::path::Path;

use crate::common;
use crate::common::Run;

fn schemagate(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args)
}

const CONFIG: &str = "\
dialect: postgres
harness:
  db_instance:
    name: orders-db
    tags: {env: prod}
  db_schema:
    name: customer_relationship_management_core
";

/// A Flyway folder: V1 is history-free and fine on its own; V2 drops a
/// table, truncates, and reads pg_catalog: 7 statements in all.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    std::fs::create_dir(&db).expect("db dir");
    std::fs::write(
        db.join("V1__create.sql"),
        "CREATE TABLE orders (id int PRIMARY KEY);\nCREATE TABLE items (id int PRIMARY KEY);\nCREATE TABLE notes (id int PRIMARY KEY);\n",
    )
    .expect("V1");
    std::fs::write(
        db.join("V2__cleanup.sql"),
        "DROP TABLE notes;\nTRUNCATE items;\nSELECT relname FROM pg_catalog.pg_class;\nCREATE TABLE audit (id int PRIMARY KEY);\n",
    )
    .expect("V2");
    std::fs::write(dir.path().join("schemagate.yaml"), CONFIG).expect("config");
    dir
}

fn policies() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/harness")
        .display()
        .to_string()
}

#[test]
fn harness_policies_find_what_harness_would() {
    let dir = project();
    let run = schemagate(
        dir.path(),
        &[
            "check",
            "db",
            "--config",
            "schemagate.yaml",
            "--no-builtin",
            "--policy",
            &policies(),
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr));
    let mut found: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{} {}",
                f["rule"].as_str().unwrap_or("?"),
                f["severity"].as_str().unwrap_or("?"),
                f["file"].as_str().unwrap_or("-"),
                f["line"]
                    .as_u64()
                    .map_or("-".to_string(), |l| l.to_string()),
                f["message"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    found.sort();
    let expected = [
        "db_sql.deny error -:- DB schema name customer_relationship_management_core is longer than 30 characters.",
        "db_sql.deny error -:- Dropping of table is not allowed. Statement: DROP TABLE notes matches: drop\\s+table",
        "db_sql.deny error -:- Large transaction: 7 statements for orders-db, at most 5 allowed.",
        "db_sql.deny error -:- SELECT from a system catalog is not allowed: SELECT relname FROM pg_catalog.pg_class",
        "db_sql.deny error -:- jdbc:postgresql forbids \\btruncate\\b: TRUNCATE items",
    ];
    assert_eq!(found, expected, "{}", run.stdout);
}

#[test]
fn harness_fields_reach_the_input() {
    let dir = project();
    let run = schemagate(
        dir.path(),
        &[
            "input",
            "db",
            "--config",
            "schemagate.yaml",
            "--schema-version",
            "1",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr));
    assert_eq!(
        doc["dbInstance"],
        serde_json::json!({"type": "jdbc:postgresql", "name": "orders-db", "tags": {"env": "prod"}})
    );
    assert_eq!(
        doc["dbSchema"],
        serde_json::json!({"name": "customer_relationship_management_core"})
    );
    assert_eq!(doc["sqlStatements"].as_array().map(Vec::len), Some(7));
    assert_eq!(doc["sqlStatements"][3], "DROP TABLE notes");
}

/// The pipeline step knows the instance and schema: flags set them over the
/// configuration (identifier; name when the configuration gives none; tags
/// added to the configuration's).
#[test]
fn harness_fields_from_flags_override_the_configuration() {
    let dir = project();
    let run = schemagate(
        dir.path(),
        &[
            "input",
            "db",
            "--config",
            "schemagate.yaml",
            "--schema-version",
            "1",
            "--db-instance",
            "orders_db_eu",
            "--db-instance-tag",
            "region=eu",
            "--db-schema",
            "crm",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        doc["dbInstance"],
        serde_json::json!({"type": "jdbc:postgresql", "name": "orders-db", "identifier": "orders_db_eu",
            "tags": {"env": "prod", "region": "eu"}})
    );
    assert_eq!(
        doc["dbSchema"],
        serde_json::json!({"name": "customer_relationship_management_core", "identifier": "crm"})
    );
}

#[test]
fn harness_examples_pass_their_own_tests() {
    let run = schemagate(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["test", "examples/harness"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("PASS: 15/15"), "{}", run.stdout);
}

/// `test -v` and `--format json` say which syntax each file was read as:
/// Harness's `deny[msg] { … }` files as v0, the library as v1.
#[test]
fn each_file_says_the_rego_syntax_it_was_read_as() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = schemagate(root, &["test", "examples/harness", "-v"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("\n  examples/harness/drop_table.rego (Rego v0)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n  policies/lib/schemagate.rego (Rego v1)\n"),
        "{}",
        run.stdout
    );
    let json = schemagate(root, &["test", "examples/harness", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(doc["syntax"]["examples/harness/drop_table_test.rego"], "v0");
    assert_eq!(doc["syntax"]["policies/lib/schemagate.rego"], "v1");
}

#[test]
fn unknown_harness_keys_are_refused_at_their_place() {
    let dir = project();
    std::fs::write(
        dir.path().join("schemagate.yaml"),
        "harness:\n  db_instance:\n    nmae: x\n",
    )
    .expect("config");
    let run = schemagate(dir.path(), &["check", "db", "--config", "schemagate.yaml"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("schemagate.yaml:3:5"), "{all}");
}

#[test]
fn the_proposal_document_carries_them_too() {
    let dir = project();
    std::fs::write(
        dir.path().join("schemagate.yaml"),
        "harness:\n  db_instance:\n    tags: [\"env:prod\"]\n    type: jdbc:oracle:thin\n",
    )
    .expect("config");
    let run = schemagate(
        dir.path(),
        &["input", "db", "--config", "schemagate.yaml", "--proposal"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", run.stdout, run.stderr));
    let doc = doc.as_array().and_then(|a| a.first()).unwrap_or(&doc);
    assert_eq!(
        doc["dbInstance"],
        serde_json::json!({"type": "jdbc:oracle:thin", "tags": {"env": "prod"}})
    );
    assert_eq!(doc["dbSchema"], serde_json::json!({}));
    assert_eq!(doc["sqlStatements"].as_array().map(Vec::len), Some(7));
}
