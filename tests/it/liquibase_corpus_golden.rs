//! Our lowering of the corpus' real Liquibase changelogs (Keycloak,
//! Fineract, OpenMRS, Camunda, Spinnaker) against the SQL Liquibase 4.28
//! itself printed for them, changeset by changeset (issue 13).
//!
//! The golden files, `tests/fixtures/liquibase/golden/<project>.<db>.sql.gz`,
//! are written by `tools/liquibase-golden.py` (Liquibase's offline
//! `update-sql`); their first line names the corpus folder, changelog,
//! database, contexts and properties of the run, which this test repeats.
//! Liquibase's SQL of a changeset is cut into statements by our splitter;
//! ours are the forward statements of the same `file::id::author`.
//!
//! Statements are compared after [`normalise`]: whitespace, keyword and
//! identifier case, identifier quotes and the spacing around punctuation;
//! nothing else. Statements of a changeset are matched in order (longest
//! common subsequence), so one extra or missing statement costs only
//! itself. A changeset one side has and the other lacks costs all its
//! statements. Agreement is printed per project × database; a run below
//! its floor in [`FLOORS`] fails. `docs/liquibase-fidelity.md` lists what
//! is left and why.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use schemagate::dialect::Dialect;
use schemagate::source::{LoadOptions, SplitOptions};
use schemagate::span::SourceMap;
use schemagate::sql::{LowerOptions, Phase};

use crate::common::{corpus, dialect};

const GOLDEN: &str = "tests/fixtures/liquibase/golden";

/// Statements equal, in per cent, per `(project, database)`: the agreement
/// reached; a run that falls below fails the test. A run not listed must
/// agree fully. What is left is listed in `docs/liquibase-fidelity.md`.
const FLOORS: &[(&str, &str, f64)] = &[
    // foreign keys of a createTable in Liquibase's (hash) order
    ("keel", "mariadb", 99.55),
    ("keel", "mysql", 99.77),
];

/// Statements equal over every run, in per cent.
const FLOOR_ALL: f64 = 99.9;

/// What the header line of a golden file says about its run.
#[derive(Debug, Default)]
struct Run {
    folder: String,
    changelog: String,
    db: String,
    contexts: Option<String>,
    properties: BTreeMap<String, String>,
}

fn header(line: &str) -> Run {
    let mut run = Run::default();
    for word in line.split_whitespace() {
        let Some((k, v)) = word.split_once('=') else {
            continue;
        };
        match k {
            "folder" => run.folder = v.to_string(),
            "changelog" => run.changelog = v.to_string(),
            "db" => run.db = v.to_string(),
            "contexts" => run.contexts = Some(v.to_string()),
            "property" => {
                if let Some((pk, pv)) = v.split_once('=') {
                    run.properties.insert(pk.to_string(), pv.to_string());
                }
            }
            _ => {}
        }
    }
    run
}

/// One changeset as Liquibase printed it.
#[derive(Debug)]
struct Expected {
    key: String,
    exectype: String,
    sql: String,
}

fn read_golden(path: &Path) -> (Run, Vec<Expected>) {
    let bytes = std::fs::read(path).expect("golden file");
    let mut text = String::new();
    flate2_free_gunzip(&bytes, &mut text);
    let mut lines = text.lines();
    let run = header(lines.next().unwrap_or_default());
    let mut out: Vec<Expected> = Vec::new();
    for line in lines {
        if let Some(rest) = line.strip_prefix("-- changeset ") {
            let (key, exectype) = rest.rsplit_once(' ').unwrap_or((rest, "EXECUTED"));
            out.push(Expected {
                key: key.to_string(),
                exectype: exectype.to_string(),
                sql: String::new(),
            });
        } else if let Some(cs) = out.last_mut() {
            cs.sql.push_str(line);
            cs.sql.push('\n');
        }
    }
    (run, out)
}

/// Gunzips with miniz_oxide (the library's own dependency).
fn flate2_free_gunzip(bytes: &[u8], out: &mut String) {
    // a gzip member: 10-byte header (no optional fields: the generator
    // writes none), deflate data, 8-byte trailer
    assert!(
        bytes.len() > 18 && bytes[0] == 0x1f && bytes[1] == 0x8b && bytes[3] == 0,
        "a plain gzip file"
    );
    let data = miniz_oxide::inflate::decompress_to_vec(&bytes[10..bytes.len() - 8])
        .expect("valid deflate data");
    data.as_slice()
        .read_to_string(out)
        .expect("the golden SQL is UTF-8");
}

/// Our side of one changeset.
#[derive(Debug, Default)]
struct Ours {
    statements: Vec<String>,
    marked_ran: bool,
}

fn ours(root: &Path, run: &Run) -> (BTreeMap<String, Ours>, Vec<String>) {
    let dir = root.join(&run.folder);
    let d = dialect(&run.db);
    let load = LoadOptions {
        dialect: Some(d),
        contexts: run.contexts.clone(),
        placeholders: run.properties.clone(),
        search_paths: vec![dir.clone()],
        ..LoadOptions::default()
    };
    let mut sources = SourceMap::default();
    let changelog = schemagate::source::load(&dir.join(&run.changelog), &load, &mut sources);
    let lowered = schemagate::sql::lower(&changelog, d, LowerOptions::default());
    let mut out: BTreeMap<String, Ours> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, cs) in changelog.changesets.iter().enumerate() {
        let k = key(cs);
        order.push(k.clone());
        out.entry(k).or_default().marked_ran = lowered.marked_ran.get(i).copied().unwrap_or(false);
    }
    for s in &lowered.statements {
        // a change that runs no SQL (customChange) is kept as a statement
        // without text, for policies; Liquibase prints nothing for it
        if s.phase != Phase::Forward || s.within.is_some() || s.sql.trim().is_empty() {
            continue;
        }
        let k = key(&changelog.changesets[s.changeset]);
        out.entry(k).or_default().statements.push(s.sql.clone());
    }
    for p in &changelog.problems {
        eprintln!(
            "{}/{}: input problem: {}",
            run.folder, run.changelog, p.message
        );
    }
    (out, order)
}

/// `file::id::author`, as Liquibase names a changeset.
fn key(cs: &schemagate::source::Changeset) -> String {
    let file = cs
        .attributes
        .get("filePath")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    format!(
        "{file}::{}::{}",
        cs.id,
        cs.author.as_deref().unwrap_or_default()
    )
}

/// Liquibase's SQL of a changeset cut into statements by our splitter.
fn split(sql: &str, d: Dialect) -> Vec<String> {
    schemagate::sql::split::split(sql, d, &SplitOptions::standard())
        .iter()
        .map(|s| sql[s.range.clone()].to_string())
        .collect()
}

/// What two renderings of the same statement may differ in: whitespace,
/// case, identifier quotes, the spacing around punctuation and a final `;`.
fn normalise(sql: &str) -> String {
    let mut s: String = sql
        .chars()
        .filter(|c| !matches!(c, '"' | '`'))
        .collect::<String>()
        .to_lowercase();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for p in [",", "(", ")", "="] {
        s = s.replace(&format!(" {p}"), p).replace(&format!("{p} "), p);
    }
    s.trim_end_matches([';', ' ']).to_string()
}

/// How many of `a` and `b` pair up in order (longest common subsequence).
fn common(a: &[String], b: &[String]) -> usize {
    if a == b {
        return a.len();
    }
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

#[derive(Debug, Default)]
struct Tally {
    changesets: usize,
    changesets_equal: usize,
    statements: usize,
    statements_equal: usize,
    differences: Vec<String>,
}

fn compare(root: &Path, golden: &Path) -> Tally {
    let (run, expected) = read_golden(golden);
    let d = dialect(&run.db);
    let (mut ours, order) = ours(root, &run);
    let mut t = Tally::default();
    for e in &expected {
        let want: Vec<String> = split(&e.sql, d).iter().map(|s| normalise(s)).collect();
        let mark_ran = e.exectype == "MARK_RAN";
        let (got, got_mark): (Vec<String>, bool) = match ours.remove(&e.key) {
            Some(o) => (
                o.statements.iter().map(|s| normalise(s)).collect(),
                o.marked_ran,
            ),
            // skipped (onFail CONTINUE): neither runs nor records it
            None if e.exectype == "SKIPPED" => {
                t.changesets += 1;
                t.changesets_equal += 1;
                continue;
            }
            None => {
                t.changesets += 1;
                t.statements += want.len().max(1);
                t.differences
                    .push(format!("{}: missing from ours ({})", e.key, e.exectype));
                continue;
            }
        };
        let same = common(&want, &got);
        t.changesets += 1;
        t.statements += want.len().max(got.len());
        t.statements_equal += same;
        if same == want.len() && same == got.len() && mark_ran == got_mark {
            t.changesets_equal += 1;
        } else {
            let mut msg = format!("{}:", e.key);
            if mark_ran != got_mark {
                msg.push_str(&format!(
                    " marked ran: Liquibase {mark_ran}, ours {got_mark}"
                ));
            }
            for w in want.iter().filter(|w| !got.contains(w)) {
                msg.push_str(&format!("\n    - {w}"));
            }
            for g in got.iter().filter(|g| !want.contains(g)) {
                msg.push_str(&format!("\n    + {g}"));
            }
            t.differences.push(msg);
        }
    }
    for k in order.iter().filter(|k| ours.contains_key(*k)) {
        let o = &ours[k];
        t.changesets += 1;
        t.statements += o.statements.len().max(1);
        t.differences.push(format!(
            "{k}: only in ours ({} statements)",
            o.statements.len()
        ));
    }
    t
}

fn goldens() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the golden folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".sql.gz"))
        .collect();
    out.sort();
    out
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn lowering_agrees_with_liquibase_on_the_corpus_changelogs() {
    let root = corpus();
    let only = std::env::var("GOLDEN_ONLY").unwrap_or_default();
    let mut below = Vec::new();
    let (mut all, mut all_equal) = (0, 0);
    println!(
        "{:<28} {:>10} {:>8} {:>10} {:>8}",
        "project.database", "changesets", "equal", "statements", "equal"
    );
    let files = goldens();
    assert!(
        !only.is_empty() || files.len() >= 24,
        "golden files: {files:?}"
    );
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".sql.gz").to_string())
            .unwrap_or_default();
        if !only.is_empty() && !name.contains(&only) {
            continue;
        }
        let t = compare(&root, &path);
        let share = 100.0 * t.statements_equal as f64 / t.statements.max(1) as f64;
        println!(
            "{name:<28} {:>10} {:>7.1}% {:>10} {:>7.2}%",
            t.changesets,
            100.0 * t.changesets_equal as f64 / t.changesets.max(1) as f64,
            t.statements,
            share
        );
        if std::env::var_os("GOLDEN_DIFFS").is_some() {
            for d in &t.differences {
                println!("  {d}");
            }
        }
        all += t.statements;
        all_equal += t.statements_equal;
        let (project, db) = name.split_once('.').unwrap_or((&name, ""));
        let floor = FLOORS
            .iter()
            .find(|(p, d, _)| *p == project && *d == db)
            .map_or(100.0, |f| f.2);
        if share + 1e-9 < floor {
            below.push(format!(
                "{name}: {share:.2}% < {floor}%, first differences:\n  {}",
                t.differences[..t.differences.len().min(5)].join("\n  ")
            ));
        }
    }
    println!(
        "all: {all_equal} of {all} statements equal ({:.2}%)",
        100.0 * all_equal as f64 / all.max(1) as f64
    );
    let share_all = 100.0 * all_equal as f64 / all.max(1) as f64;
    if only.is_empty() && share_all + 1e-9 < FLOOR_ALL {
        below.push(format!("all: {share_all:.2}% < {FLOOR_ALL}%"));
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}
