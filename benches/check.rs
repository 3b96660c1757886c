//! `check` on the PostgreSQL part of the corpus against a parse-only
//! baseline measured in the same run.
//!
//! Run: `cargo bench --bench check`. The ratio `check / parse_only` is the
//! figure to watch (target: within 2x); statements/s and MB/s come from the
//! counters divan prints.
//!
//! `pr_*`: the pull-request gate on `../shared/tools/make-pr-scenario.py`'s
//! repository (1,000 migrations and changesets of history, 5 proposed), as
//! `check --changed-since HEAD~1` on its Flyway folder and Liquibase
//! changelog; `pr_check / pr_analyze_only` is its figure (target: 1.3).

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use schemagate::check::{CheckOptions, check, load_policies};
use schemagate::dialect::Dialect;
use schemagate::source::{LoadOptions, load};
use schemagate::span::SourceMap;

// the binary's allocator and its settings: the figures are the binary's
#[global_allocator]
static ALLOCATOR: schemagate::allocator::Allocator = schemagate::allocator::Allocator;

fn main() {
    schemagate::allocator::tune();
    divan::main();
}

/// Postgres SQL folders of the corpus (not Liquibase): path, bytes, statements.
struct Corpus {
    paths: Vec<PathBuf>,
    bytes: u64,
    statements: u64,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let manifest: serde_json::Value = std::fs::read_to_string(root.join("manifest.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut paths = Vec::new();
    for e in manifest.as_array().into_iter().flatten() {
        let dialect = e["dialect"].as_str().unwrap_or_default();
        let format = e["format"].as_str().unwrap_or_default();
        if dialect == "postgresql"
            && !format.starts_with("liquibase")
            && let Some(dir) = e["dir"].as_str()
        {
            paths.push(root.join(dir));
        }
    }
    let opts = CheckOptions::new(paths.clone(), Dialect::Postgres);
    let mut sources = SourceMap::default();
    let mut problems = Vec::new();
    let analyzed = schemagate::check::analyze(&opts, needs(), &mut sources, &mut problems);
    let bytes = sources.files().map(|(_, f)| f.text.len() as u64).sum();
    let statements = analyzed.iter().map(|a| a.statements.len() as u64).sum();
    Corpus {
        paths,
        bytes,
        statements,
    }
});

/// Baseline: read the files, split and parse every statement.
#[divan::bench]
fn parse_only(b: Bencher) {
    let c = &*CORPUS;
    b.counter(BytesCount::new(c.bytes))
        .counter(ItemsCount::new(c.statements))
        .bench(|| {
            let mut sources = SourceMap::default();
            let mut n = 0;
            for p in &c.paths {
                let changelog = load(p, &LoadOptions::default(), &mut sources);
                n += schemagate::sql::lower(&changelog, Dialect::Postgres, Default::default())
                    .statements
                    .len();
            }
            n
        });
}

/// The whole gate: parse, replay, impact, input document, every built-in rule.
#[divan::bench]
fn check_all(b: Bencher) {
    let c = &*CORPUS;
    let opts = CheckOptions::new(c.paths.clone(), Dialect::Postgres);
    b.counter(BytesCount::new(c.bytes))
        .counter(ItemsCount::new(c.statements))
        .bench(|| check(&opts).findings.len());
}

/// Loading and validating the built-in policies: the fixed cost of a run.
#[divan::bench]
fn load_builtin_policies() -> usize {
    let opts = CheckOptions::new(Vec::new(), Dialect::Postgres);
    load_policies(&opts).map(|p| p.rules().len()).unwrap_or(0)
}

/// Everything before the policies: parse, replay, impact, input document.
#[divan::bench]
fn analyze_only(b: Bencher) {
    let c = &*CORPUS;
    let opts = CheckOptions::new(c.paths.clone(), Dialect::Postgres);
    let needs = needs();
    b.counter(BytesCount::new(c.bytes))
        .counter(ItemsCount::new(c.statements))
        .bench(|| {
            let mut sources = SourceMap::default();
            let mut problems = Vec::new();
            schemagate::check::analyze(&opts, needs, &mut sources, &mut problems).len()
        });
}

/// The documents the built-in rules read.
fn needs() -> schemagate::policy::input::Needs {
    load_policies(&CheckOptions::new(Vec::new(), Dialect::Postgres))
        .map(|p| p.needs())
        .unwrap_or_default()
}

/// The PR scenario's repository, made once per run.
static PR_SCENARIO: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/make-pr-scenario.py");
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(dir.path().join("repo"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs make-pr-scenario.py");
    assert!(status.success(), "make-pr-scenario.py failed");
    dir
});

fn pr_options() -> CheckOptions {
    let repo = PR_SCENARIO.path().join("repo");
    let mut opts = CheckOptions::new(
        vec![repo.join("flyway"), repo.join("liquibase/changelog.xml")],
        Dialect::Postgres,
    );
    opts.changed_since = Some("HEAD~1".into());
    opts
}

/// The PR gate before the policies: both histories read, parsed and
/// replayed, the merge base read from git, the proposal's documents built.
#[divan::bench]
fn pr_analyze_only(b: Bencher) {
    let opts = pr_options();
    let needs = needs();
    b.bench(|| {
        let mut sources = SourceMap::default();
        let mut problems = Vec::new();
        schemagate::check::analyze(&opts, needs, &mut sources, &mut problems).len()
    });
}

/// The whole PR gate.
#[divan::bench]
fn pr_check(b: Bencher) {
    let opts = pr_options();
    b.bench(|| {
        let outcome = check(&opts);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        outcome.findings.len()
    });
}
