//! `schemagate diff`: a changelog's replay against a schema dump.
//! Fixtures: `tests/fixtures/diff/`.

use serde_json::Value;

use crate::common;

const DRIFTED: &str = "tests/fixtures/diff/prod-schema.sql";

#[test]
fn drift_between_the_changelog_and_a_dump_is_reported_per_object_with_exit_1() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        DRIFTED,
        "--no-config",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn the_json_report_names_each_difference_and_where_the_changelog_creates_it() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        DRIFTED,
        "--no-config",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(doc["drift"], true);
    let got: Vec<String> = doc["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {} {}",
                d["kind"].as_str().unwrap_or_default(),
                d["object"].as_str().unwrap_or_default(),
                d["part"].as_str().unwrap_or_default(),
                d["change"]["what"].as_str().unwrap_or_default(),
                d["changelog"]["line"]
                    .as_u64()
                    .map_or("-".into(), |l| format!(
                        "{}:{l}",
                        d["changelog"]["file"].as_str().unwrap_or_default()
                    )),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "column \"orders\" status type -",
            "column \"orders\" status not_null -",
            "column \"orders\" note only_right -",
            "index \"orders\" orders_status_idx only_left examples/flyway-postgres/V2__order_status.sql:1",
        ]
    );
}

/// The changelog against a dump of what it builds itself: no drift.
#[test]
fn a_dump_of_what_the_changelog_builds_is_no_drift() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = dir.path().join("same.sql");
    std::fs::write(
        &dump,
        "CREATE TABLE public.t (id bigint NOT NULL, name text);\n\
         CREATE INDEX t_name_idx ON public.t USING btree (name);\n",
    )
    .expect("write");
    let migration = dir.path().join("V1__t.sql");
    std::fs::write(
        &migration,
        "CREATE TABLE t (id bigint NOT NULL, name text);\nCREATE INDEX t_name_idx ON t (name);\n",
    )
    .expect("write");
    let run = common::run(&[
        "diff",
        migration.to_str().unwrap_or_default(),
        "--against",
        dump.to_str().unwrap_or_default(),
        "--no-config",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("✔ no drift"), "{}", run.stdout);
}

#[test]
fn a_dump_that_cannot_be_read_is_exit_2_naming_it() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        "tests/fixtures/diff/missing.sql",
        "--no-config",
    ]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("missing.sql"), "{}", run.stderr);
}

/// The corpus's real dumps: a dump against itself is no drift (a check of
/// the replay), and supabase's dbmate migrations against supabase's own
/// schema dump differ only by the view an extension creates (the dbmate
/// history table is the tool's, not drift).
#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn real_dumps_replay_to_what_they_dump() {
    let root = common::corpus();
    let at = |p: &str| root.join(p).to_string_lossy().into_owned();
    let danbooru = at("danbooru-structure-sql/db/structure.sql");
    let run = common::run(&["diff", &danbooru, "--against", &danbooru, "--no-config"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = common::run(&[
        "diff",
        &at("supabase-postgres-dbmate/migrations"),
        "--against",
        &at("supabase-postgres-schema-dump/migrations/schema-15.sql"),
        "--no-config",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    let got: Vec<String> = doc["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| format!("{} {} {}", d["kind"], d["object"], d["change"]["what"]))
        .collect();
    assert_eq!(
        got,
        [r#""view" "\"vault.decrypted_secrets\"" "only_right""#],
        "{}",
        run.stdout
    );
}
