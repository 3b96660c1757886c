//! `--stats FILE` (and `stats:` in schemagate.yaml): table sizes of the
//! target database reach the input documents as `impact.size` and
//! `impact.rows`; a table the snapshot does not list has an unknown size.

use crate::common::{self, Run};

fn statements(run: &Run) -> Vec<serde_json::Value> {
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    doc["statements"].as_array().expect("statements").clone()
}

#[test]
fn sizes_reach_the_input_document_of_each_statement() {
    let run = common::run(&[
        "input",
        "examples/flyway-postgres",
        "--dialect",
        "postgres",
        "--applied",
        "examples/prod/flyway_schema_history.csv",
        "--stats",
        "examples/prod/stats.yaml",
        "--changeset",
        "2",
    ]);
    let found: Vec<_> = statements(&run)
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap_or_default().to_string(),
                s["impact"]["size"]["rows"].clone(),
                s["impact"]["rows"].clone(),
            )
        })
        .collect();
    let rows = serde_json::json!(2_400_000);
    let null = serde_json::Value::Null;
    assert_eq!(
        found,
        [
            // ADD COLUMN … NOT NULL without a default rewrites nothing
            ("alter_table".into(), rows.clone(), null.clone()),
            // a plain CREATE INDEX reads the whole table
            ("create_index".into(), rows.clone(), rows.clone()),
            ("drop_index".into(), null.clone(), null.clone()),
            ("alter_table".into(), rows, null),
        ]
    );
}

#[test]
fn without_a_snapshot_or_for_an_unlisted_table_the_size_is_unknown() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("stats.yaml"),
        "tables:\n  other: {rows: 5}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("V1__t.sql"),
        "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n",
    )
    .unwrap();
    for extra in [&[][..], &["--stats", "stats.yaml"][..]] {
        let args = [&["input", "V1__t.sql", "--dialect", "postgres"][..], extra].concat();
        let run = common::run_in(dir.path(), &args);
        let docs: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
        let impact = &docs[0]["statements"][0]["impact"];
        assert_eq!(impact["rewrite"], true, "{impact}");
        assert_eq!(impact["size"], serde_json::Value::Null, "{extra:?}");
        assert_eq!(impact["rows"], serde_json::Value::Null, "{extra:?}");
    }
}

#[test]
fn the_snapshot_version_is_the_database_version_unless_one_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("stats.yaml"), "server_version: '10.23'\n").unwrap();
    // PostgreSQL 10 rewrites the table for a column with a default; 11 does not
    std::fs::write(
        dir.path().join("V1__t.sql"),
        "ALTER TABLE orders ADD COLUMN flag boolean DEFAULT false;\n",
    )
    .unwrap();
    let rewrite = |extra: &[&str]| {
        let args = [&["input", "V1__t.sql", "--dialect", "postgres"][..], extra].concat();
        let run = common::run_in(dir.path(), &args);
        let docs: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
        docs[0]["statements"][0]["impact"]["rewrite"].clone()
    };
    assert_eq!(rewrite(&["--stats", "stats.yaml"]), true);
    assert_eq!(
        rewrite(&["--stats", "stats.yaml", "--db-version", "16"]),
        false
    );
}

#[test]
fn a_broken_snapshot_is_an_error_at_its_line_and_the_report_survives() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("stats.yaml"),
        "tables:\n  orders: {rows: 10, byts: 3}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("V1__t.sql"), "DROP TABLE orders;\n").unwrap();
    let run = common::run_in(
        dir.path(),
        &[
            "check",
            "V1__t.sql",
            "--dialect",
            "postgres",
            "--stats",
            "stats.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let error = &report["errors"][0];
    assert_eq!(error["file"], "stats.yaml", "{error}");
    assert_eq!(error["line"], 2, "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("byts"),
        "{error}"
    );
    let rules: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default())
        .collect();
    assert!(rules.contains(&"ban-drop-table"), "{rules:?}");

    let missing = common::run_in(
        dir.path(),
        &[
            "check",
            "V1__t.sql",
            "--dialect",
            "postgres",
            "--stats",
            "nope.yaml",
        ],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("cannot read stats file `nope.yaml`")
            || missing
                .stdout
                .contains("cannot read stats file `nope.yaml`"),
        "{}{}",
        missing.stdout,
        missing.stderr
    );
}

#[test]
fn the_configuration_names_the_snapshot_per_environment() {
    let run = common::run(&[
        "config",
        "--config",
        "examples/schemagate.yaml",
        "--env",
        "prod",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("stats") && l.contains("prod/stats.yaml")),
        "{}",
        run.stdout
    );
}

#[test]
fn impact_prints_rows_time_and_risk_per_proposed_changeset() {
    let run = common::run(&[
        "impact",
        "--config",
        "examples/schemagate.yaml",
        "--env",
        "prod",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let backfill = doc
        .as_array()
        .expect("changesets")
        .iter()
        .find(|c| c["changeset"] == "3")
        .expect("changeset 3");
    let impact = &backfill["statements"][0]["impact"];
    // UPDATE without WHERE: every one of 2,400,000 rows at 20,000 rows/s
    assert_eq!(impact["rows"], 2_400_000, "{impact}");
    assert_eq!(impact["rows_method"], "table", "{impact}");
    assert_eq!(impact["est_seconds"], 120.0, "{impact}");
    assert_eq!(impact["risk"], "high", "{impact}");
}

#[test]
fn throughput_comes_from_the_configuration_and_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("stats.yaml"),
        "tables:\n  orders: {rows: 1000, bytes: 104857600}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("V1__t.sql"),
        "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n",
    )
    .unwrap();
    let seconds = |config: &str| {
        std::fs::write(dir.path().join("schemagate.yaml"), config).unwrap();
        let run = common::run_in(dir.path(), &["input", "V1__t.sql", "--stats", "stats.yaml"]);
        (run.code, run.stdout, run.stderr)
    };
    let (code, out, err) = seconds("dialect: postgres\nthroughput: {rewrite_mb_per_s: 10}\n");
    assert_eq!(code, 0, "{out}{err}");
    let docs: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON");
    // 100 MB rewritten at 10 MB/s
    assert_eq!(docs[0]["statements"][0]["impact"]["est_seconds"], 10.0);
    let (code, out, err) = seconds("dialect: postgres\nthroughput: {rewrite_mb_per_s: 0}\n");
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("schemagate.yaml:2") && err.contains("throughput"),
        "{err}"
    );
}
