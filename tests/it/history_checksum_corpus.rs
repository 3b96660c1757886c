//! Opt-in (`cargo test --test history_checksum_corpus -- --ignored
//! --nocapture`): our checksum of every changeset of the shared corpus's
//! Liquibase changelogs against the MD5SUM Liquibase 4.28 writes for it in
//! offline mode (`update-sql` into a fresh `databasechangelog.csv`).
//! Changesets our loader sets aside (a precondition skips them) count
//! too: Liquibase records them as MARK_RAN with their checksum.
//! Needs `/work/shared/corpus` (or `SCHEMAGATE_CORPUS`) and
//! `/opt/peers/bin/liquibase` (or `SCHEMAGATE_LIQUIBASE`); prints the
//! agreement per changelog and fails below the rate last measured.
//! Keycloak's and Fineract's `customChange` classes must load for
//! Liquibase to read them: `SCHEMAGATE_LIQUIBASE_CLASSPATH` names a jar of
//! stand-ins (any class with a setter per `param`; see
//! `tests/fixtures/history/README.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use schemagate::dialect::Dialect;
use schemagate::source::{LoadOptions, liquibase};
use schemagate::span::SourceMap;

/// One changelog of the corpus and how both tools read it.
struct Entry {
    folder: &'static str,
    changelog: &'static str,
    /// Liquibase's offline database.
    db: &'static str,
    dialect: Dialect,
    /// `--contexts` for both (Fineract's changelog only loads with one).
    contexts: Option<&'static str>,
    /// More Liquibase arguments (Keycloak declares an old XSD its files
    /// do not follow).
    args: &'static [&'static str],
}

const fn entry(
    folder: &'static str,
    changelog: &'static str,
    db: &'static str,
    dialect: Dialect,
) -> Entry {
    Entry {
        folder,
        changelog,
        db,
        dialect,
        contexts: None,
        args: &[],
    }
}

const ENTRIES: &[Entry] = &[
    Entry {
        args: &["--validate-xml-changelog-files=false"],
        ..entry(
            "keycloak-liquibase-xml",
            "META-INF/jpa-changelog-master.xml",
            "postgresql",
            Dialect::Postgres,
        )
    },
    Entry {
        contexts: Some("tenant_db"),
        ..entry(
            "fineract-liquibase-xml",
            "db/changelog/db.changelog-master.xml",
            "postgresql",
            Dialect::Postgres,
        )
    },
    Entry {
        contexts: Some("tenant_store_db"),
        ..entry(
            "fineract-liquibase-xml",
            "db/changelog/db.changelog-master.xml",
            "postgresql",
            Dialect::Postgres,
        )
    },
    entry(
        "openmrs-liquibase-xml",
        "liquibase-schema-only.xml",
        "mysql",
        Dialect::Mysql,
    ),
    entry(
        "openmrs-liquibase-xml",
        "liquibase-core-data.xml",
        "mysql",
        Dialect::Mysql,
    ),
    entry(
        "openmrs-liquibase-xml",
        "liquibase-update-to-latest.xml",
        "mysql",
        Dialect::Mysql,
    ),
    entry(
        "camunda-liquibase-xml",
        "db/liquibase/camunda-changelog.xml",
        "postgresql",
        Dialect::Postgres,
    ),
    entry(
        "spinnaker-keel-liquibase-yaml",
        "db/changelog-master.yml",
        "mysql",
        Dialect::Mysql,
    ),
    entry(
        "spinnaker-orca-liquibase-yaml",
        "db/changelog-master.yml",
        "mysql",
        Dialect::Mysql,
    ),
    entry(
        "liquibase-examples",
        "xml/example-changelog.xml",
        "h2",
        Dialect::H2,
    ),
    entry(
        "liquibase-examples",
        "yaml/example-changelog.yaml",
        "h2",
        Dialect::H2,
    ),
    entry(
        "liquibase-examples",
        "json/example-changelog.json",
        "h2",
        Dialect::H2,
    ),
    entry(
        "liquibase-examples",
        "sql/example-changelog.sql",
        "h2",
        Dialect::H2,
    ),
    entry(
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
    e: &Entry,
) -> Result<BTreeMap<Key, String>, String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let csv_path = tmp.path().join("databasechangelog.csv");
    let mut cmd = Command::new(liquibase);
    if let Ok(cp) = std::env::var("SCHEMAGATE_LIQUIBASE_CLASSPATH") {
        cmd.arg(format!("--classpath={cp}"));
    }
    let out = cmd
        .arg("--show-banner=false")
        .arg("--log-level=off")
        .arg(format!("--search-path={}", dir.display()))
        .arg(format!("--changelog-file={}", e.changelog))
        .arg(format!(
            "--url=offline:{}?changeLogFile={}",
            e.db,
            csv_path.display()
        ))
        .args(e.args)
        .args(e.contexts.map(|c| format!("--contexts={c}")))
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

fn our_sums(dir: &Path, e: &Entry) -> BTreeMap<Key, String> {
    let mut sources = SourceMap::default();
    let opts = LoadOptions {
        dialect: Some(e.dialect),
        contexts: e.contexts.map(str::to_string),
        search_paths: vec![dir.to_path_buf()],
        ..Default::default()
    };
    let cl = liquibase::load(&dir.join(e.changelog), &opts, &mut sources);
    // the ones a precondition skips are still recorded (MARK_RAN)
    cl.changesets
        .into_iter()
        .chain(cl.skipped)
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
    for e in ENTRIES {
        let dir = corpus.join(e.folder);
        let name = format!("{}/{} (contexts {:?})", e.folder, e.changelog, e.contexts);
        let want = match liquibase_sums(&lb, &dir, e) {
            Ok(w) => w,
            Err(err) => {
                println!("{name}: Liquibase failed: {err}");
                continue;
            }
        };
        let got = our_sums(&dir, e);
        let agree = want.iter().filter(|(k, v)| got.get(*k) == Some(*v)).count();
        let missing = want.keys().filter(|k| !got.contains_key(*k)).count();
        println!(
            "{name}: {agree}/{} agree ({missing} changesets not found by ours)",
            want.len()
        );
        for k in want.keys().filter(|k| !got.contains_key(*k)).take(3) {
            println!("    not found by ours: {}::{}::{}", k.0, k.1, k.2);
        }
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
