//! Opt-in (`cargo test --test history_checksum_corpus -- --ignored
//! --nocapture`): our checksum of every changeset of the shared corpus's
//! Liquibase changelogs against the MD5SUM Liquibase 4.28 writes for it in
//! offline mode (`update-sql` into a fresh `databasechangelog.csv`).
//! Needs `/work/shared/corpus` (or `SCHEMAGATE_CORPUS`) and
//! `/opt/peers/bin/liquibase` (or `SCHEMAGATE_LIQUIBASE`); prints the
//! agreement per changelog and fails below the rate last measured.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use schemagate::dialect::Dialect;
use schemagate::source::{LoadOptions, liquibase};
use schemagate::span::SourceMap;

/// `(corpus folder, changelog, offline database, our dialect)`.
const ENTRIES: &[(&str, &str, &str, Dialect)] = &[
    (
        "keycloak-liquibase-xml",
        "META-INF/jpa-changelog-master.xml",
        "postgresql",
        Dialect::Postgres,
    ),
    (
        "fineract-liquibase-xml",
        "db/changelog/db.changelog-master.xml",
        "postgresql",
        Dialect::Postgres,
    ),
    (
        "openmrs-liquibase-xml",
        "liquibase-schema-only.xml",
        "mysql",
        Dialect::Mysql,
    ),
    (
        "openmrs-liquibase-xml",
        "liquibase-core-data.xml",
        "mysql",
        Dialect::Mysql,
    ),
    (
        "openmrs-liquibase-xml",
        "liquibase-update-to-latest.xml",
        "mysql",
        Dialect::Mysql,
    ),
    (
        "camunda-liquibase-xml",
        "db/liquibase/camunda-changelog.xml",
        "postgresql",
        Dialect::Postgres,
    ),
    (
        "spinnaker-keel-liquibase-yaml",
        "db/changelog-master.yml",
        "mysql",
        Dialect::Mysql,
    ),
    (
        "spinnaker-orca-liquibase-yaml",
        "db/changelog-master.yml",
        "mysql",
        Dialect::Mysql,
    ),
    (
        "spinnaker-clouddriver-liquibase-yaml",
        "db/changelog-master.yml",
        "mysql",
        Dialect::Mysql,
    ),
];

type Key = (String, String, String);

/// `(FILENAME, ID, AUTHOR)` → MD5SUM as Liquibase wrote them.
fn liquibase_sums(
    liquibase: &Path,
    dir: &Path,
    changelog: &str,
    db: &str,
) -> Result<BTreeMap<Key, String>, String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let csv_path = tmp.path().join("databasechangelog.csv");
    let out = Command::new(liquibase)
        .arg("--show-banner=false")
        .arg("--log-level=off")
        .arg(format!("--search-path={}", dir.display()))
        .arg(format!("--changelog-file={changelog}"))
        .arg(format!(
            "--url=offline:{db}?changeLogFile={}",
            csv_path.display()
        ))
        .arg("update-sql")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err
            .lines()
            .filter(|l| l.contains("ERROR") || l.contains("rror"))
            .take(3)
            .collect::<Vec<_>>()
            .join(" | "));
    }
    let mut rd = csv::Reader::from_path(&csv_path).map_err(|e| e.to_string())?;
    let mut sums = BTreeMap::new();
    for r in rd.records() {
        let r = r.map_err(|e| e.to_string())?;
        sums.insert(
            (r[2].to_string(), r[0].to_string(), r[1].to_string()),
            r[6].to_string(),
        );
    }
    Ok(sums)
}

fn our_sums(dir: &Path, changelog: &str, dialect: Dialect) -> BTreeMap<Key, String> {
    let mut sources = SourceMap::default();
    let opts = LoadOptions {
        dialect: Some(dialect),
        search_paths: vec![dir.to_path_buf()],
        ..Default::default()
    };
    let cl = liquibase::load(&dir.join(changelog), &opts, &mut sources);
    cl.changesets
        .into_iter()
        .map(|c| {
            let file = c
                .attributes
                .get("filePath")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            (
                (file, c.id, c.author.unwrap_or_default()),
                c.checksum.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs the shared corpus and Liquibase 4.28"]
fn corpus_checksums_agree_with_liquibase() {
    let corpus = PathBuf::from(
        std::env::var("SCHEMAGATE_CORPUS").unwrap_or_else(|_| "/work/shared/corpus".into()),
    );
    let lb = PathBuf::from(
        std::env::var("SCHEMAGATE_LIQUIBASE").unwrap_or_else(|_| "/opt/peers/bin/liquibase".into()),
    );
    assert!(
        corpus.is_dir() && lb.is_file(),
        "corpus or liquibase missing"
    );
    let (mut total, mut same) = (0usize, 0usize);
    for &(folder, changelog, db, dialect) in ENTRIES {
        let dir = corpus.join(folder);
        let want = match liquibase_sums(&lb, &dir, changelog, db) {
            Ok(w) => w,
            Err(e) => {
                println!("{folder}/{changelog}: Liquibase failed: {e}");
                continue;
            }
        };
        let got = our_sums(&dir, changelog, dialect);
        let agree = want.iter().filter(|(k, v)| got.get(*k) == Some(*v)).count();
        let missing = want.keys().filter(|k| !got.contains_key(*k)).count();
        println!(
            "{folder}/{changelog}: {agree}/{} agree ({missing} changesets not found by ours)",
            want.len()
        );
        for (k, v) in want
            .iter()
            .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
            .take(5)
        {
            println!(
                "    differs: {}::{}::{} liquibase {v} ours {}",
                k.0, k.1, k.2, got[k]
            );
        }
        total += want.len();
        same += agree;
    }
    let rate = same as f64 / total.max(1) as f64;
    println!("total: {same}/{total} = {:.2}%", rate * 100.0);
    assert!(total > 0);
    assert!(rate >= 0.95, "agreement fell to {:.2}%", rate * 100.0);
}
