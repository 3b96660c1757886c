//! The grammar reads what each database accepts and refuses what it
//! refuses (issue 11).
//!
//! - Fixtures (`tests/fixtures/parse/<name>.sql`, first line `-- dialect:
//!   X`): every statement's place, kind, whether it is parsed and analyzed,
//!   and its facts, compared with `<name>.json`. `SCHEMAGATE_BLESS=1`
//!   writes the `.json` files (review the diff).
//! - Real servers' verdicts (`tests/fixtures/parse/verdicts.tsv`: dialect,
//!   `accepted` or `refused`, statement), written by `verdicts.sh` against
//!   throwaway PostgreSQL and MariaDB: a statement the server refuses with
//!   a syntax error (SQLSTATE 42601, MySQL error 1064) must not parse, every
//!   other must.

use std::path::{Path, PathBuf};

use schemagate::dialect::Dialect;
use schemagate::source::{LoadOptions, SplitOptions, load};
use schemagate::span::SourceMap;
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse")
}

/// The statements of a fixture as the test compares them.
fn statements(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let dialect: Dialect = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("-- dialect: "))
        .unwrap_or_else(|| panic!("{}: first line `-- dialect: X`", path.display()))
        .trim()
        .parse()
        .unwrap();
    let mut sources = SourceMap::default();
    let opts = LoadOptions {
        dialect: Some(dialect),
        ..LoadOptions::default()
    };
    let changelog = load(path, &opts, &mut sources);
    assert!(changelog.problems.is_empty(), "{:?}", changelog.problems);
    let lowered = schemagate::sql::lower(&changelog, dialect, Default::default());
    let out: Vec<Value> = lowered
        .statements
        .iter()
        .map(|s| {
            let at = sources.locate(s.span);
            let mut facts = serde_json::to_value(&s.facts).unwrap();
            // shown once, above
            if let Value::Object(o) = &mut facts {
                o.remove("kind");
            }
            json!({
                "line": at.line,
                "kind": s.facts.kind,
                "parsed": s.parsed(),
                "analyzed": s.analyzed(),
                "within": s.within,
                "parse_error": s.ast.as_ref().err(),
                "facts": facts,
            })
        })
        .collect();
    Value::Array(out)
}

#[test]
fn fixtures_give_the_statements_and_facts_expected() {
    let bless = std::env::var_os("SCHEMAGATE_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 7, "{cases:?}");
    let mut failed = Vec::new();
    for sql in cases {
        let got = statements(&sql);
        let expected_path = sql.with_extension("json");
        let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
        if bless {
            std::fs::write(&expected_path, &pretty).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != pretty {
            failed.push(format!(
                "{}: got\n{pretty}",
                expected_path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "SCHEMAGATE_BLESS=1 rewrites the expectations\n{}",
        failed.join("\n")
    );
}

/// The facts a fixture's statements must show, beyond the snapshot: the
/// ones issue 11 names.
#[test]
fn named_constructs_have_their_facts() {
    let ss = statements(&fixtures().join("sqlserver-ddl.sql"));
    let by_line = |v: &Value, line: u64| -> Value {
        v.as_array()
            .unwrap()
            .iter()
            .find(|s| s["line"] == line)
            .cloned()
            .unwrap_or_else(|| panic!("no statement at line {line}"))
    };
    // every statement of the T-SQL fixture is read
    for s in ss.as_array().unwrap() {
        assert_eq!(s["parsed"], true, "{s}");
    }
    let index = by_line(&ss, 13);
    assert_eq!(index["kind"], "create_index");
    assert_eq!(index["facts"]["clustered"], false);
    assert_eq!(index["facts"]["online"], true);
    assert_eq!(index["facts"]["using"], "nonclustered");
    assert_eq!(by_line(&ss, 16)["facts"]["clustered"], true);
    let fk = by_line(&ss, 19);
    assert_eq!(fk["facts"]["ops"][0]["op"], "add_constraint");
    assert_eq!(fk["facts"]["ops"][0]["constraint"]["type"], "foreign_key");
    assert_eq!(fk["facts"]["ops"][0]["constraint"]["not_valid"], false);
    assert_eq!(
        by_line(&ss, 24)["facts"]["ops"][0]["constraint"]["not_valid"],
        true
    );
    assert_eq!(
        by_line(&ss, 22)["facts"]["ops"][0]["op"],
        "enable_constraint"
    );

    let pg = statements(&fixtures().join("postgres-do.sql"));
    let list = pg.as_array().unwrap();
    // the first DO is read: its statements follow it, at their own lines
    assert_eq!(list[0]["analyzed"], true);
    assert_eq!(list[1]["kind"], "alter_table");
    assert_eq!(list[1]["line"], 4);
    assert_eq!(list[1]["within"], 0);
    assert_eq!(list[2]["kind"], "create_role");
    // the second keeps its body (a variable) to itself
    assert_eq!(list[3]["kind"], "do");
    assert_eq!(list[3]["analyzed"], false);
    assert_eq!(list.len(), 4);
}

#[test]
fn the_grammar_agrees_with_the_servers() {
    let table = std::fs::read_to_string(fixtures().join("verdicts.tsv")).unwrap();
    let mut disagreements = Vec::new();
    let mut rows = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut cols = line.splitn(3, '\t');
        let (Some(dialect), Some(verdict), Some(sql)) = (cols.next(), cols.next(), cols.next())
        else {
            panic!("bad row: {line}");
        };
        let dialect: Dialect = dialect.parse().unwrap();
        let sql = sql.replace("\\n", "\n");
        let got = schemagate::sql::split::split(&sql, dialect, &SplitOptions::standard());
        let parsed = got.len() == 1 && got[0].ast.is_ok();
        let accepted = verdict == "accepted";
        if parsed != accepted {
            let why = got
                .iter()
                .filter_map(|s| s.ast.as_ref().err())
                .cloned()
                .collect::<Vec<_>>();
            disagreements.push(format!("{dialect} {verdict}: {sql} {why:?}"));
        }
        rows += 1;
    }
    assert!(rows >= 30, "{rows} rows");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
