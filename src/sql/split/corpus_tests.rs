//! Sanity runs over the real-world corpus (`/work/shared/corpus`), ignored by
//! default: `cargo test --lib sql::split::corpus_tests -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::*;

const CORPUS: &str = "/work/shared/corpus";

/// Every `.sql` file of the corpus with the dialect the manifest gives it.
fn corpus_files() -> Vec<(PathBuf, Dialect)> {
    let Ok(manifest) = std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")) else {
        return Vec::new();
    };
    let entries: Vec<serde_json::Value> = serde_json::from_str(&manifest).unwrap_or_default();
    let mut out = Vec::new();
    for e in entries {
        let Some(dir) = e["dir"].as_str() else {
            continue;
        };
        let root = Path::new(CORPUS).join(dir);
        for f in walkdir::WalkDir::new(&root).into_iter().flatten() {
            let path = f.path();
            if path.extension().and_then(|x| x.to_str()) != Some("sql") {
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .to_string_lossy()
                .to_string();
            if let Some(name) = dialect_name(&e, &rel) {
                out.push((path.to_path_buf(), to_dialect(&name)));
            }
        }
    }
    out
}

fn dialect_name(e: &serde_json::Value, rel: &str) -> Option<String> {
    if let Some(map) = e["dialect_by_path"].as_object() {
        let rel_slash = format!("/{rel}");
        return map
            .iter()
            .find(|(k, _)| rel_slash.contains(k.as_str()))
            .map(|(_, v)| v.as_str().unwrap_or("generic").to_string())
            .or(Some("generic".into()));
    }
    if let Some(map) = e["dialect_by_property"].as_object() {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        return map
            .iter()
            .find(|(k, _)| name.split(['.', '_']).any(|part| part == k.as_str()))
            .and_then(|(_, v)| v.as_str().map(str::to_string));
    }
    e["dialect"].as_str().map(str::to_string)
}

fn to_dialect(name: &str) -> Dialect {
    match name {
        "sybase" => Dialect::Sqlserver,
        other => other.parse().unwrap_or(Dialect::Generic),
    }
}

#[test]
#[ignore]
fn corpus_parse_rates() {
    let files = corpus_files();
    assert!(!files.is_empty(), "corpus not found");
    // dialect -> (statements, parsed, files)
    let mut per: BTreeMap<Dialect, (usize, usize, usize)> = BTreeMap::new();
    let mut errors: BTreeMap<Dialect, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, dialect) in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let stmts = split(&text, *dialect, &SplitOptions::standard());
        let e = per.entry(*dialect).or_default();
        e.2 += 1;
        for s in &stmts {
            assert!(text.get(s.range.clone()).is_some(), "{}", path.display());
            e.0 += 1;
            match &s.ast {
                Ok(_) => e.1 += 1,
                Err(msg) => {
                    // group by the message up to the offending token
                    let key: String = msg.chars().take(70).collect();
                    *errors.entry(*dialect).or_default().entry(key).or_default() += 1;
                }
            }
        }
    }
    let (mut total, mut parsed) = (0, 0);
    for (dialect, (n, ok, files)) in &per {
        total += n;
        parsed += ok;
        println!(
            "{dialect:>11}: {files:>4} files {n:>6} statements {ok:>6} parsed ({:.1}%)",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
        let mut top: Vec<_> = errors.get(dialect).into_iter().flatten().collect();
        top.sort_by(|a, b| b.1.cmp(a.1));
        for (msg, count) in top.into_iter().take(6) {
            println!("             {count:>5}  {msg}");
        }
    }
    println!(
        "all: {total} statements, {parsed} parsed ({:.1}%)",
        100.0 * parsed as f64 / total.max(1) as f64
    );
}

#[test]
#[ignore]
fn throughput_vs_parse_sql() {
    let texts: Vec<String> = corpus_files()
        .into_iter()
        .filter(|(_, d)| *d == Dialect::Postgres)
        .filter_map(|(p, _)| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let pg = sqlparser::dialect::PostgreSqlDialect {};
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let rounds = 5;

    let t = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for text in &texts {
            n += split(text, Dialect::Postgres, &SplitOptions::standard()).len();
        }
    }
    let split_s = t.elapsed().as_secs_f64() / rounds as f64;

    let t = Instant::now();
    let pd = Dialect::Postgres.parser();
    for _ in 0..rounds {
        for text in &texts {
            let pieces = scan::pieces(text, Dialect::Postgres, &*pd, &SplitOptions::standard());
            std::hint::black_box(pieces);
        }
    }
    let scan_s = t.elapsed().as_secs_f64() / rounds as f64;

    // parse_sql stops at a file's first error, so also time only the files
    // it parses whole, where both do the same work
    let t = Instant::now();
    let mut whole = Vec::new();
    for _ in 0..rounds {
        whole.clear();
        for text in &texts {
            if sqlparser::parser::Parser::parse_sql(&pg, text).is_ok() {
                whole.push(text);
            }
        }
    }
    let parse_all_s = t.elapsed().as_secs_f64() / rounds as f64;

    let whole_mb = whole.iter().map(|t| t.len()).sum::<usize>() as f64 / (1024.0 * 1024.0);
    let t = Instant::now();
    for _ in 0..rounds {
        for text in &whole {
            let _ = split(text, Dialect::Postgres, &SplitOptions::standard());
        }
    }
    let split_whole_s = t.elapsed().as_secs_f64() / rounds as f64;
    let t = Instant::now();
    for _ in 0..rounds {
        for text in &whole {
            let _ = sqlparser::parser::Parser::parse_sql(&pg, text);
        }
    }
    let parse_whole_s = t.elapsed().as_secs_f64() / rounds as f64;

    println!(
        "postgres corpus: {} files, {mb:.2} MiB, {} statements",
        texts.len(),
        n / rounds
    );
    println!("lexical boundary scan alone: {:.2} MiB/s", mb / scan_s);
    println!(
        "all files:  split {:.2} MiB/s, parse_sql {:.2} MiB/s (stops at first error)",
        mb / split_s,
        mb / parse_all_s
    );
    println!(
        "{} files parse_sql reads whole ({whole_mb:.2} MiB): split {:.2} MiB/s, parse_sql {:.2} MiB/s",
        whole.len(),
        whole_mb / split_whole_s,
        whole_mb / parse_whole_s
    );
}

/// `SPLIT_ERR=<message part> SPLIT_DIALECT=<name>`: prints statements whose
/// error contains it.
#[test]
#[ignore]
fn corpus_error_examples() {
    let needle = std::env::var("SPLIT_ERR").unwrap_or_default();
    let only: Option<Dialect> = std::env::var("SPLIT_DIALECT")
        .ok()
        .and_then(|d| d.parse().ok());
    let mut shown = 0;
    for (path, dialect) in corpus_files() {
        if only.is_some_and(|d| d != dialect) {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).to_string();
        for s in split(&text, dialect, &SplitOptions::standard()) {
            if let Err(msg) = &s.ast
                && msg.contains(&needle)
                && shown < 6
            {
                shown += 1;
                let body: String = text[s.range.clone()].chars().take(400).collect();
                println!("== {} {:?}\n{msg}\n{body}\n", path.display(), s.range);
            }
        }
    }
}

/// `SPLIT_FILE=<path> SPLIT_DIALECT=<name>`: prints every statement of a file.
#[test]
#[ignore]
fn print_file() {
    let (Ok(path), Ok(dialect)) = (std::env::var("SPLIT_FILE"), std::env::var("SPLIT_DIALECT"))
    else {
        return;
    };
    let dialect: Dialect = dialect.parse().unwrap_or(Dialect::Generic);
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).to_string();
    for s in split(&text, dialect, &SplitOptions::standard()) {
        let body: String = text[s.range.clone()].chars().take(300).collect();
        println!("---- {:?} {:?}\n{body}", s.range, s.ast.as_ref().err());
    }
}
