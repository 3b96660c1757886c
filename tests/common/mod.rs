//! Helpers shared by the corpus tests.
// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use schemagate::dialect::Dialect;

/// `../shared/corpus` beside the repository (or beside the folder of git
/// worktrees). The suites that read it are opt-in (`--features corpus`), so
/// a missing corpus fails them loudly.
pub fn corpus() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|rel| manifest.join(rel))
        .find(|root| root.join("manifest.json").exists())
        .unwrap_or_else(|| {
            panic!(
                "--features corpus: no corpus at {} (its manifest.json is missing)",
                manifest.join("../shared/corpus").display()
            )
        })
}

/// The corpus manifest.
pub fn manifest(root: &Path) -> serde_json::Value {
    let text =
        std::fs::read_to_string(root.join("manifest.json")).expect("manifest.json is readable");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

/// The corpus' database names to ours; databases sqlparser has no dialect
/// for are read with the generic one.
pub fn dialect(name: &str) -> Dialect {
    match name {
        "postgresql" => Dialect::Postgres,
        "cockroachdb" => Dialect::Cockroachdb,
        "mysql" => Dialect::Mysql,
        "mariadb" => Dialect::Mariadb,
        "mssql" => Dialect::Sqlserver,
        "sqlite" => Dialect::Sqlite,
        "oracle" => Dialect::Oracle,
        "h2" => Dialect::H2,
        "db2" => Dialect::Db2,
        _ => Dialect::Generic,
    }
}
