//! `--applied`: real exports of the tools' history tables (a real
//! `liquibase update` into PostgreSQL; Flyway's table created with
//! Flyway's DDL, see `tests/fixtures/history/README.md`) against the
//! changelog as the proposal has it: exactly which changesets are history,
//! proposed, edited, removed, out of order.

use std::path::Path;

use schemagate::dialect::Dialect;
use schemagate::history::applied::{self, AppliedRows};
use schemagate::history::{Basis, Classification};
use schemagate::source::{self, Changelog, LoadOptions};
use schemagate::span::SourceMap;

const DIR: &str = "tests/fixtures/history/applied";

fn load(rel: &str) -> Changelog {
    let mut sources = SourceMap::default();
    // the exports come from PostgreSQL: `dbms` preconditions decide as there
    let opts = LoadOptions {
        dialect: Some(Dialect::Postgres),
        ..Default::default()
    };
    let cl = source::load(&Path::new(DIR).join(rel), &opts, &mut sources);
    assert!(cl.problems.is_empty(), "{:?}", cl.problems);
    cl
}

fn classify(changelog: &str, export: &str) -> (Changelog, Classification) {
    let cl = load(changelog);
    let table = applied::read(&Path::new(DIR).join(export)).expect("export reads");
    let c = applied::classify(&cl, &SourceMap::default(), &table);
    (cl, c)
}

/// `id: history|proposed [edited was→now accepted] [out of order <latest>] [failed]`
fn render(cl: &Changelog, c: &Classification) -> Vec<String> {
    assert_eq!(c.basis, Basis::Applied);
    assert_eq!(c.changesets.len(), cl.changesets.len());
    cl.changesets
        .iter()
        .zip(&c.changesets)
        .map(|(cs, h)| {
            let mut s = format!(
                "{}: {}",
                cs.id,
                if h.proposed { "proposed" } else { "history" }
            );
            if let Some(e) = &h.edited {
                s += &format!(
                    ", edited {} -> {}{}",
                    e.checksum_was.as_deref().unwrap_or("?"),
                    e.checksum_now.as_deref().unwrap_or("?"),
                    if e.accepted { " (accepted)" } else { "" }
                );
            }
            if let Some(o) = &h.out_of_order {
                s += &format!(", out of order (latest {})", o.latest);
            }
            if h.failed.is_some() {
                s += ", failed";
            }
            s
        })
        .collect()
}

fn removed(c: &Classification) -> Vec<String> {
    c.removed
        .iter()
        .map(|r| format!("{} {} {}", r.file, r.id, r.author.as_deref().unwrap_or("-")))
        .collect()
}

const LIQUIBASE_EXPECTED: &[&str] = &[
    "1: history",
    // Liquibase's own `validate` refuses exactly this one
    // (liquibase/liquibase-validate-now.txt)
    "2: proposed, edited 9:b4d3b9674cad39877b289d2461739a98 -> 9:475d644929a0166ca8636170dd52a605",
    "3-view: proposed, edited 9:9d0e8d2d0f6fd8f5aea6945919364e45 -> 9:99b21c1bd1d602a446c4034e02a49902 (accepted)",
    "4-accepted: proposed, edited 9:2a86a4c71df0a2329e1bedbef79612fc -> 9:0005559f2e706b7353b6cbfcf8ebd863 (accepted)",
    "5-marked: history",
    "11-mssql-only: history",
    "9: proposed",
    "7: history",
    "8-always: proposed",
    "10: proposed",
];

fn check_liquibase(export: &str) {
    let (cl, c) = classify("liquibase/now/changelog.xml", export);
    // every "now" checksum is the one Liquibase computes for the new text
    // (liquibase/now-offline.csv)
    assert_eq!(render(&cl, &c), LIQUIBASE_EXPECTED);
    // 11-mssql-only ran as MARK_RAN and our reading marks it ran on
    // PostgreSQL too: history, not removed
    assert!(
        cl.changesets
            .iter()
            .any(|cs| cs.id == "11-mssql-only" && cs.marked_ran)
    );
    assert!(cl.skipped.is_empty());
    assert_eq!(removed(&c), ["changes/v1.xml 6-dropped-later carol"]);
}

#[test]
fn liquibase_psql_csv_export() {
    check_liquibase("liquibase/databasechangelog.csv");
}

#[test]
fn liquibase_psql_json_export() {
    check_liquibase("liquibase/databasechangelog.json");
}

#[test]
fn liquibase_tab_separated_upper_case_export() {
    check_liquibase("liquibase/databasechangelog.tsv");
}

#[test]
fn liquibase_history_as_it_ran_is_all_history() {
    let (cl, c) = classify(
        "liquibase/then/changelog.xml",
        "liquibase/databasechangelog.csv",
    );
    let got = render(&cl, &c);
    // runAlways runs on every update
    let proposed: Vec<&String> = got.iter().filter(|s| !s.ends_with("history")).collect();
    assert_eq!(proposed, ["8-always: proposed"]);
    assert!(c.removed.is_empty());
}

const FLYWAY_EXPECTED: &[&str] = &[
    // below the baseline (0.5): Flyway ignores it
    "0.1: history",
    "1: history",
    "1.5: proposed, out of order (latest 3)",
    // now values cross-checked with Python's zlib.crc32 over the lines
    "2: proposed, edited 1039075224 -> 215428366",
    "3.1: proposed, failed",
    "4: proposed",
    // a BOM and CRLF as written when it ran: unchanged
    "R__funcs.sql: history",
    "R__views.sql: proposed, edited -440445222 -> -545949747 (accepted)",
];

fn check_flyway(export: &str) {
    let (cl, c) = classify("flyway/now", export);
    assert_eq!(render(&cl, &c), FLYWAY_EXPECTED);
    assert_eq!(removed(&c), ["V3__index.sql 3 -"]);
}

#[test]
fn flyway_psql_csv_export() {
    check_flyway("flyway/flyway_schema_history.csv");
}

#[test]
fn flyway_psql_json_export() {
    check_flyway("flyway/flyway_schema_history.json");
}

#[test]
fn flyway_history_as_it_ran_is_all_history_but_the_failed_one() {
    let (cl, c) = classify("flyway/then", "flyway/flyway_schema_history.csv");
    let proposed: Vec<String> = render(&cl, &c)
        .into_iter()
        .filter(|s| !s.ends_with("history"))
        .collect();
    assert_eq!(proposed, ["3.1: proposed, failed"]);
    assert!(c.removed.is_empty());
}

#[test]
fn the_exports_read_as_the_tables_they_are() {
    let t = applied::read(&Path::new(DIR).join("liquibase/databasechangelog.json")).unwrap();
    let AppliedRows::Liquibase(rows) = &t.rows else {
        panic!("not read as DATABASECHANGELOG")
    };
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[5].exectype.as_deref(), Some("MARK_RAN"));
    assert_eq!(rows[5].order_executed, Some(6));
    let t = applied::read(&Path::new(DIR).join("flyway/flyway_schema_history.json")).unwrap();
    let AppliedRows::Flyway(rows) = &t.rows else {
        panic!("not read as flyway_schema_history")
    };
    assert_eq!(rows.len(), 7);
    assert!(!rows[4].success);
    assert_eq!(rows[0].kind, "BASELINE");
}

/// The real CSV export with its text changed, read as if from `name`.
fn edited_export(name: &str, edit: impl Fn(String) -> String) -> applied::AppliedTable {
    let text = std::fs::read_to_string(Path::new(DIR).join("liquibase/databasechangelog.csv"))
        .expect("fixture");
    applied::parse(Path::new(name), &edit(text)).expect("export reads")
}

#[test]
fn recorded_paths_match_with_classpath_a_leading_slash_or_another_root() {
    let cl = load("liquibase/now/changelog.xml");
    let want = render(
        &cl,
        &applied::classify(&cl, &SourceMap::default(), &edited_export("x.csv", |t| t)),
    );
    for recorded in [
        "classpath:/changes/v1.xml",
        "/changes/v1.xml",
        "src/main/resources/changes/v1.xml",
    ] {
        let table = edited_export("x.csv", |t| t.replace("changes/v1.xml", recorded));
        let c = applied::classify(&cl, &SourceMap::default(), &table);
        assert_eq!(render(&cl, &c), want, "{recorded}");
        assert_eq!(c.removed.len(), 1, "{recorded}");
    }
    // another file of the same name elsewhere is not this one
    let table = edited_export("x.csv", |t| t.replace("changes/v1.xml", "other/v1.xml"));
    let c = applied::classify(&cl, &SourceMap::default(), &table);
    assert!(c.changesets[0].proposed);
}

#[test]
fn checksums_of_another_version_or_cleared_are_not_called_edits() {
    let cl = load("liquibase/now/changelog.xml");
    for stored in ["8:0123456789abcdef0123456789abcdef", ""] {
        let table = edited_export("x.csv", |t| {
            t.replace("9:b4d3b9674cad39877b289d2461739a98", stored)
        });
        let c = applied::classify(&cl, &SourceMap::default(), &table);
        // changeSet 2: Liquibase recomputes an old version / refills NULL
        assert_eq!(render(&cl, &c)[1], "2: history", "{stored:?}");
    }
}

#[test]
fn an_empty_json_export_means_nothing_ran() {
    let cl = load("liquibase/now/changelog.xml");
    let table = applied::parse(Path::new("empty.json"), "\n").expect("empty export");
    assert!(matches!(table.rows, AppliedRows::Empty));
    let c = applied::classify(&cl, &SourceMap::default(), &table);
    assert!(
        c.changesets
            .iter()
            .all(|h| h.proposed && h.edited.is_none())
    );
    assert!(c.removed.is_empty());
}
