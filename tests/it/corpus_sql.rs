//! Every SQL migration folder of the shared corpus goes through the whole
//! pipeline without a panic; prints the share of statements parsed per
//! dialect (a figure we raise over time).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::{corpus, dialect, manifest};
use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;

#[derive(Default)]
struct Tally {
    statements: usize,
    parsed: usize,
    problems: usize,
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn every_sql_folder_is_analyzed_without_panic() {
    let root = corpus();
    let manifest = manifest(&root);
    let mut per_dialect: BTreeMap<Dialect, Tally> = BTreeMap::new();
    let mut folders = 0;
    for entry in manifest.as_array().unwrap() {
        let format = entry["format"].as_str().unwrap_or_default();
        if format.starts_with("liquibase") || format == "reference-config" {
            continue;
        }
        let dir = root.join(entry["dir"].as_str().unwrap());
        // Folders holding one schema per database are checked file by file.
        let runs: Vec<(PathBuf, Dialect)> = match entry["dialect_by_path"].as_object() {
            Some(by_path) => by_path
                .iter()
                .map(|(file, d)| (dir.join(file), dialect(d.as_str().unwrap_or_default())))
                .filter(|(p, _)| p.exists())
                .collect(),
            None => vec![(
                dir.clone(),
                dialect(entry["dialect"].as_str().unwrap_or_default()),
            )],
        };
        for (path, d) in runs {
            let outcome = check(&CheckOptions::new(vec![path.clone()], d));
            let tally = per_dialect.entry(d).or_default();
            tally.statements += outcome.stats.statements;
            tally.parsed += outcome.stats.statements_parsed;
            tally.problems += outcome.problems.len();
            assert!(
                outcome.stats.statements > 0,
                "{}: no statements found",
                path.display()
            );
            for p in outcome.problems.iter().take(3) {
                let (file, line, col) = p.position(&outcome.sources);
                eprintln!("  problem {file}:{line}:{col}: {}", p.message);
            }
        }
        folders += 1;
    }
    assert!(
        folders >= 30,
        "expected the corpus' SQL folders, found {folders}"
    );
    println!(
        "{:<12} {:>10} {:>10} {:>8} {:>9}",
        "dialect", "statements", "parsed", "share", "problems"
    );
    for (d, t) in &per_dialect {
        let share = 100.0 * t.parsed as f64 / t.statements.max(1) as f64;
        println!(
            "{:<12} {:>10} {:>10} {:>7.1}% {:>9}",
            d.name(),
            t.statements,
            t.parsed,
            share,
            t.problems
        );
    }
}
