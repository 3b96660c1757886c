//! Loads every SQL-migration folder of the shared corpus: no panics, the
//! expected layout, sensible changesets, and no problems except those the
//! real tools would also raise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::source::{
    ChangeBody, Changelog, ChangesetRole, LoadOptions, RollbackKind, SourceFormat, TransactionMode,
};
use crate::span::SourceMap;

/// The corpus beside the repository (`../shared/corpus`), or beside the
/// folder of git worktrees (`../../shared/corpus`); these tests are opt-in
/// (`--features corpus`), so a missing corpus fails them.
fn corpus() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|rel| manifest.join(rel))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "--features corpus: no corpus at {}",
                manifest.join("../shared/corpus").display()
            )
        })
}

fn load(dir: &Path, opts: &LoadOptions) -> (Changelog, SourceMap) {
    let mut sources = SourceMap::default();
    let log = super::super::load(dir, opts, &mut sources);
    (log, sources)
}

/// The problems as `file:line:col message`, for assertions and output.
fn problems(log: &Changelog, sources: &SourceMap) -> Vec<String> {
    log.problems
        .iter()
        .map(|p| {
            let (file, line, col) = p.position(sources);
            let file = file.rsplit('/').next().unwrap_or("").to_string();
            format!("{file}:{line}:{col} {}", p.message)
        })
        .collect()
}

/// (directory, expected format, expected changesets, expected rollbacks)
const FOLDERS: &[(&str, SourceFormat, usize, usize)] = &[
    ("conductor-flyway-postgres", SourceFormat::Flyway, 24, 0),
    ("conductor-flyway-mysql", SourceFormat::Flyway, 12, 0),
    ("conductor-flyway-sqlite", SourceFormat::Flyway, 9, 0),
    (
        "harness-golang-migrate-postgres",
        SourceFormat::GolangMigrate,
        209,
        180,
    ),
    (
        "authelia-migrations-postgres",
        SourceFormat::GolangMigrate,
        26,
        26,
    ),
    (
        "authelia-migrations-mysql",
        SourceFormat::GolangMigrate,
        26,
        26,
    ),
    (
        "authelia-migrations-sqlite",
        SourceFormat::GolangMigrate,
        26,
        26,
    ),
    (
        "supabase-auth-migrations",
        SourceFormat::GolangMigrate,
        70,
        0,
    ),
    ("supabase-postgres-dbmate", SourceFormat::Dbmate, 34, 34),
    (
        "diesel-test-migrations-postgres",
        SourceFormat::Diesel,
        23,
        23,
    ),
    ("diesel-test-migrations-mysql", SourceFormat::Diesel, 13, 13),
    (
        "diesel-test-migrations-sqlite",
        SourceFormat::Diesel,
        15,
        15,
    ),
    ("atuin-sqlx-postgres", SourceFormat::Sqlx, 20, 0),
    ("atuin-sqlx-sqlite", SourceFormat::Sqlx, 29, 3),
    ("temporal-schema-postgres", SourceFormat::PlainFolder, 44, 0),
    ("temporal-schema-mysql", SourceFormat::PlainFolder, 48, 0),
    ("temporal-schema-sqlite", SourceFormat::PlainFolder, 12, 0),
    ("omicron-crdb-schema", SourceFormat::PlainFolder, 843, 0),
    (
        "supabase-postgres-schema-dump",
        SourceFormat::PlainFolder,
        3,
        0,
    ),
    ("danbooru-structure-sql", SourceFormat::PlainFolder, 1, 0),
    (
        "dolphinscheduler-sql-mysql",
        SourceFormat::PlainFolder,
        54,
        0,
    ),
    (
        "dolphinscheduler-sql-postgresql",
        SourceFormat::PlainFolder,
        48,
        0,
    ),
    ("dolphinscheduler-sql-h2", SourceFormat::PlainFolder, 1, 0),
    ("quartz-jdbcjobstore-ddl", SourceFormat::PlainFolder, 25, 0),
    ("camunda-sql-postgres", SourceFormat::PlainFolder, 80, 0),
    ("camunda-sql-mysql", SourceFormat::PlainFolder, 84, 0),
    ("camunda-sql-mssql", SourceFormat::PlainFolder, 86, 0),
    ("camunda-sql-oracle", SourceFormat::PlainFolder, 82, 0),
    ("camunda-sql-db2", SourceFormat::PlainFolder, 87, 0),
    ("camunda-sql-h2", SourceFormat::PlainFolder, 81, 0),
    ("sqlserver-samples-tsql", SourceFormat::PlainFolder, 257, 0),
    ("ranger-sql-mysql", SourceFormat::PlainFolder, 83, 0),
    ("ranger-sql-postgres", SourceFormat::PlainFolder, 61, 0),
    ("ranger-sql-sqlserver", SourceFormat::PlainFolder, 60, 0),
    ("ranger-sql-oracle", SourceFormat::PlainFolder, 75, 0),
];

/// The problems a folder may have: each is what the real tool would also
/// stop on.
fn expected_problems(dir: &str) -> Vec<String> {
    match dir {
        // conductor configures these placeholders in Spring properties, not
        // beside the scripts; Flyway fails without them (see
        // `conductor_placeholders_from_options` for the run with values)
        "conductor-flyway-postgres" => [
            "22:28 tableName",
            "30:13 tableName",
            "35:53 tableName",
            "41:38 maxDataYears",
            "41:64 maxDataMonths",
            "41:90 maxDataDays",
            "43:35 tableName",
            "43:51 maxDataRows",
            "44:38 tableName",
            "46:21 tableName",
            "47:57 tableName",
            "55:21 tableName",
        ]
        .iter()
        .map(|p| {
            let (pos, name) = p.split_once(' ').unwrap_or_default();
            format!(
                "R__initial_schema.sql:{pos} no value for placeholder `{name}` (Flyway fails on it): pass --placeholder {name}=VALUE or set flyway.placeholders.{name}"
            )
        })
        .collect(),
        _ => Vec::new(),
    }
}

/// Spans stay inside their files; verbatim texts are exactly the bytes their
/// span covers; versions never go down inside one folder.
fn check_invariants(dir: &str, log: &Changelog, sources: &SourceMap, substituted: bool) {
    use super::super::natural_order::version_cmp;
    let mut last_version: BTreeMap<String, String> = BTreeMap::new();
    for cs in &log.changesets {
        let file_len = sources.get(cs.span.file).text.len();
        assert!(cs.span.end <= file_len, "{dir} {}", cs.id);
        let changes = cs.changes.iter().chain(&cs.rollback.changes);
        for change in changes {
            let ChangeBody::Sql { text, .. } = &change.body else {
                panic!("{dir}: not SQL");
            };
            let whole = text.span(0..text.text.len());
            let src = &sources.get(whole.file).text;
            assert!(whole.end <= src.len(), "{dir} {}", cs.id);
            if !substituted && log.format != Some(SourceFormat::Flyway) {
                assert_eq!(&src[change.span.range()], text.text, "{dir} {}", cs.id);
            }
        }
        let path = cs
            .attributes
            .get("path")
            .and_then(|p| p.as_str())
            .unwrap_or("");
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        if let (Some(v), ChangesetRole::Versioned) = (&cs.version, cs.role) {
            if let Some(prev) = last_version.get(&folder) {
                assert!(version_cmp(prev, v).is_le(), "{dir}: {prev} before {v}");
            }
            last_version.insert(folder, v.clone());
        }
    }
}

/// The values a folder needs, as its notes say: supabase/auth renders
/// `{{ index .Options "Namespace" }}` with its schema, `auth`.
fn options(dir: &str) -> LoadOptions {
    let mut opts = LoadOptions::default();
    if dir == "supabase-auth-migrations" {
        opts.placeholders.insert("Namespace".into(), "auth".into());
    }
    opts
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn corpus_folders_load() {
    let root = corpus();
    for (dir, format, count, rollbacks) in FOLDERS {
        let opts = options(dir);
        let started = std::time::Instant::now();
        let (log, sources) = load(&root.join(dir), &opts);
        let elapsed = started.elapsed();
        let with_rollback = log
            .changesets
            .iter()
            .filter(|c| c.rollback.kind == RollbackKind::Explicit)
            .count();
        let no_tx = log
            .changesets
            .iter()
            .filter(|c| c.transaction == TransactionMode::None)
            .count();
        println!(
            "{dir}: {:?}, {} changesets, {with_rollback} with rollback, {no_tx} outside a transaction, {} problems, {elapsed:.1?}",
            log.format,
            log.changesets.len(),
            log.problems.len()
        );
        assert_eq!(log.format, Some(*format), "{dir}");
        assert_eq!(problems(&log, &sources), expected_problems(dir), "{dir}");
        assert_eq!(
            (log.changesets.len(), with_rollback),
            (*count, *rollbacks),
            "{dir}"
        );
        check_invariants(dir, &log, &sources, !opts.placeholders.is_empty());
    }
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn conductor_placeholders_from_options() {
    let root = corpus();
    let mut opts = LoadOptions::default();
    for (k, v) in [
        ("tableName", "external_payload"),
        ("maxDataRows", "1000000"),
        ("maxDataDays", "0"),
        ("maxDataMonths", "0"),
        ("maxDataYears", "1"),
    ] {
        opts.placeholders.insert(k.into(), v.into());
    }
    let (log, sources) = load(&root.join("conductor-flyway-postgres"), &opts);
    assert_eq!(problems(&log, &sources), Vec::<String>::new());
    let ids: Vec<&str> = log.changesets.iter().map(|c| c.id.as_str()).collect();
    // the external-storage, persistence (+ data, notify) folders share one
    // version sequence; the scheduler's V1/V2 clash with it, so it is its own
    // location after it
    assert_eq!(
        ids,
        [
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "10",
            "10.1",
            "11",
            "12",
            "13.1",
            "13.2",
            "14",
            "15",
            "16",
            "17",
            "18",
            "18.1",
            "R__initial_schema.sql",
            "1",
            "2"
        ]
    );
    let repeatable = &log.changesets[21];
    assert_eq!(repeatable.role, ChangesetRole::Repeatable);
    let ChangeBody::Sql { text, .. } = &repeatable.changes[0].body else {
        panic!("not SQL");
    };
    let at = text
        .text
        .find("CREATE TABLE IF NOT EXISTS external_payload")
        .map(|i| i + 27);
    let at = at.expect("substituted table name");
    let span = text.span(at..at + "external_payload".len());
    assert_eq!(&sources.get(span.file).text[span.range()], "${tableName}");
    assert_eq!(sources.locate(span).line, 22);
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn pop_template_options() {
    let root = corpus();
    let dir = root.join("supabase-auth-migrations");
    // without a value every `{{ index .Options "Namespace" }}` is a problem
    // at its own position (287 in 70 files)
    let (log, sources) = load(&dir, &LoadOptions::default());
    let probs = problems(&log, &sources);
    assert_eq!(probs.len(), 287);
    assert!(probs.iter().all(|p| p.ends_with(
        "no value for the pop template option `Namespace`: pass --placeholder Namespace=VALUE"
    )));
    assert!(probs[0].starts_with("00_init_auth_schema.up.sql:3:28 "));

    let (log, sources) = load(&dir, &options("supabase-auth-migrations"));
    assert!(log.problems.is_empty());
    let first = &log.changesets[0];
    assert_eq!(first.id, "00");
    let ChangeBody::Sql { text, .. } = &first.changes[0].body else {
        panic!("not SQL");
    };
    assert!(!text.text.contains("{{"));
    let create = "CREATE TABLE IF NOT EXISTS auth.users (";
    let at = text.text.find(create).expect("rendered schema") + 27;
    let span = text.span(at..at + 4);
    assert_eq!(sources.locate(span).line, 3);
    assert_eq!(
        &sources.get(span.file).text[span.range()],
        "{{ index .Options \"Namespace\" }}"
    );
}
