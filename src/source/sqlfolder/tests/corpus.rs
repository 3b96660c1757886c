//! Loads every SQL-migration folder of the shared corpus: no panics, the
//! expected layout, sensible changesets, and no problems except those the
//! real tools would also raise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::ProblemAt;
use crate::source::{Changelog, ChangesetRole, LoadOptions, RollbackKind, SourceFormat, TransactionMode};
use crate::span::SourceMap;

/// The corpus beside the repository (`../shared/corpus`), or beside the
/// folder of git worktrees (`../../shared/corpus`).
fn corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|rel| manifest.join(rel))
        .find(|d| d.is_dir());
    if found.is_none() {
        println!("skipped: no corpus at {}", manifest.join("../shared/corpus").display());
    }
    found
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
    ("harness-golang-migrate-postgres", SourceFormat::GolangMigrate, 0, 0),
    ("authelia-migrations-postgres", SourceFormat::GolangMigrate, 26, 26),
    ("authelia-migrations-mysql", SourceFormat::GolangMigrate, 26, 26),
    ("authelia-migrations-sqlite", SourceFormat::GolangMigrate, 26, 26),
    ("supabase-auth-migrations", SourceFormat::GolangMigrate, 70, 0),
    ("supabase-postgres-dbmate", SourceFormat::Dbmate, 34, 0),
    ("diesel-test-migrations-postgres", SourceFormat::Diesel, 0, 0),
    ("diesel-test-migrations-mysql", SourceFormat::Diesel, 13, 13),
    ("diesel-test-migrations-sqlite", SourceFormat::Diesel, 15, 15),
    ("atuin-sqlx-postgres", SourceFormat::Sqlx, 0, 0),
    ("atuin-sqlx-sqlite", SourceFormat::Sqlx, 0, 0),
    ("temporal-schema-postgres", SourceFormat::PlainFolder, 48, 0),
    ("temporal-schema-mysql", SourceFormat::PlainFolder, 48, 0),
    ("temporal-schema-sqlite", SourceFormat::PlainFolder, 12, 0),
    ("omicron-crdb-schema", SourceFormat::PlainFolder, 843, 0),
    ("supabase-postgres-schema-dump", SourceFormat::PlainFolder, 3, 0),
    ("danbooru-structure-sql", SourceFormat::PlainFolder, 1, 0),
    ("dolphinscheduler-sql-mysql", SourceFormat::PlainFolder, 54, 0),
    ("dolphinscheduler-sql-postgresql", SourceFormat::PlainFolder, 48, 0),
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

#[test]
fn corpus_folders_load() {
    let Some(root) = corpus() else { return };
    let mut report = BTreeMap::new();
    for (dir, format, _, _) in FOLDERS {
        let (log, sources) = load(&root.join(dir), &LoadOptions::default());
        let rollbacks = log
            .changesets
            .iter()
            .filter(|c| c.rollback.kind == RollbackKind::Explicit)
            .count();
        let probs = problems(&log, &sources);
        println!(
            "{dir}: {:?} {} changesets, {} rollbacks, {} problems",
            log.format,
            log.changesets.len(),
            rollbacks,
            probs.len()
        );
        for p in probs.iter().take(5) {
            println!("    {p}");
        }
        report.insert(*dir, (log.format, log.changesets.len(), rollbacks, probs));
        assert_eq!(log.format, Some(*format), "{dir}");
    }
    let _ = report;
}
