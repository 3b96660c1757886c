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

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=dev", "-c", "user.email=dev@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Two revisions of one changelog: what the working tree adds to the
/// release branch's schema, and a revision git does not know (exit 2).
#[test]
fn against_a_revision_the_changes_since_it_are_drift() {
    let repo = tempfile::tempdir().expect("tempdir");
    let db = repo.path().join("db");
    std::fs::create_dir_all(&db).expect("mkdir");
    std::fs::write(db.join("V1__t.sql"), "CREATE TABLE t (id bigint NOT NULL);\n").expect("write");
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v1"]);
    git(repo.path(), &["tag", "release-1"]);
    std::fs::write(
        db.join("V2__note.sql"),
        "ALTER TABLE t ADD COLUMN note text;\nCREATE INDEX t_note_idx ON t (note);\n",
    )
    .expect("write");
    let run = common::run_in(
        repo.path(),
        &["diff", "db", "--against-rev", "release-1", "--no-config"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "  column \"t\".\"note\": in the changelog, not in release-1\n  \
         index \"t_note_idx\" on \"t\": in the changelog (db/V2__note.sql:1), not in release-1\n\n\
         ✖ drift: 2 differences between db and release-1\n"
    );
    let run = common::run_in(
        repo.path(),
        &["diff", "db", "--against-rev", "no-such-tag", "--no-config"],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("--against-rev no-such-tag: git knows no commit"),
        "{}",
        run.stderr
    );
}
