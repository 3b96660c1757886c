//! Our checksums against the ones the real tools recorded: every fixture
//! changelog under `tests/fixtures/history/checksum/` has the
//! DATABASECHANGELOG Liquibase 4.28 wrote for it in `captured/<name>.csv`
//! (how: `tests/fixtures/history/README.md`), and every changeset's
//! checksum must equal Liquibase's.

use std::collections::BTreeMap;
use std::path::Path;

use schemagate::dialect::Dialect;
use schemagate::history::checksum::{
    flyway, liquibase_file_checksums, liquibase_file_checksums_on,
};
use schemagate::source::{LoadOptions, liquibase};
use schemagate::span::SourceMap;

const DIR: &str = "tests/fixtures/history/checksum";

/// `(id, author)` → MD5SUM from a captured DATABASECHANGELOG CSV.
fn captured(name: &str) -> BTreeMap<(String, String), String> {
    let path = Path::new(DIR).join("captured").join(format!("{name}.csv"));
    let mut rd = csv::Reader::from_path(&path).expect("captured csv");
    let headers = rd.headers().expect("header").clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(n))
            .expect(n)
    };
    let (id, author, md5) = (col("ID"), col("AUTHOR"), col("MD5SUM"));
    rd.records()
        .map(|r| {
            let r = r.expect("row");
            (
                (r[id].to_string(), r[author].to_string()),
                r[md5].to_string(),
            )
        })
        .collect()
}

fn ours(name: &str) -> BTreeMap<(String, String), String> {
    let mut sources = SourceMap::default();
    // captured offline against PostgreSQL: `dbms` filters apply as there
    let opts = LoadOptions {
        dialect: Some(Dialect::Postgres),
        ..Default::default()
    };
    let cl = liquibase::load(&Path::new(DIR).join(name), &opts, &mut sources);
    assert!(cl.problems.is_empty(), "{:?}", cl.problems);
    cl.changesets
        .into_iter()
        .map(|c| {
            (
                (c.id, c.author.unwrap_or_default()),
                c.checksum.expect("a Liquibase changeset has a checksum"),
            )
        })
        .collect()
}

fn assert_same(name: &str) {
    let want = captured(name);
    let got = ours(name);
    assert_eq!(got.len(), want.len(), "{name}: changeset count");
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| got.get(*k) != Some(*v))
        .map(|(k, v)| format!("{}:{} liquibase {v}, ours {:?}", k.1, k.0, got.get(k)))
        .collect();
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

#[test]
fn xml_changes_match_liquibase() {
    assert_same("changelog.xml");
}

#[test]
fn yaml_and_json_changes_match_liquibase() {
    assert_same("changelog.yaml");
    assert_same("changelog.json");
    // the same changes written in YAML and JSON record the same checksums
    assert_eq!(captured("changelog.yaml"), captured("changelog.json"));
}

#[test]
fn formatted_sql_matches_liquibase() {
    assert_same("changelog.sql");
}

#[test]
fn modify_sql_views_sequences_and_dbms_filters_match_liquibase() {
    assert_same("extras.xml");
}

#[test]
fn one_file_on_its_own_gives_the_same_checksums_with_lines() {
    let path = Path::new(DIR).join("changelog.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let got = liquibase_file_checksums(&path, &text).expect("parses");
    let want = captured("changelog.yaml");
    let as_map: BTreeMap<(String, String), String> = got
        .iter()
        .map(|c| {
            (
                (c.id.clone(), c.author.clone().unwrap_or_default()),
                c.checksum.clone(),
            )
        })
        .collect();
    assert_eq!(as_map, want);
    let lines: Vec<usize> = got.iter().map(|c| c.line).collect();
    assert_eq!(lines, [5, 11, 19, 39, 55]);

    // an edit shows in the old text's checksum; whitespace in SQL does not
    let edited = text.replace("create table t1 (id int);", "create table t1 (id bigint);");
    let old = liquibase_file_checksums(&path, &edited).expect("parses");
    assert_ne!(old[0].checksum, got[0].checksum);
    let spaced = text.replace("create table t1 (id int);", "create  table t1(id int) ;");
    assert_eq!(
        liquibase_file_checksums(&path, &spaced).expect("parses")[0].checksum,
        got[0].checksum
    );
}

#[test]
fn a_broken_file_is_a_problem_at_its_line() {
    let p = liquibase_file_checksums(
        Path::new("db/changelog.xml"),
        "<databaseChangeLog>\n  <changeSet id=\"1\" author=\"a\">\n</databaseChangeLog>\n",
    )
    .expect_err("unclosed element");
    let (file, line, _) = p.position(&SourceMap::default());
    assert_eq!((file.as_str(), line), ("db/changelog.xml", 3), "{p:?}");
}

#[test]
fn flyway_checksums_match_what_flyway_records() {
    // CRC32 of the line bytes "create table t (id int);" with no line break,
    // as Java prints `(int) crc.getValue()`
    let crc = crc32_reference(b"create table t (id int);");
    assert_eq!(flyway("create table t (id int);\n"), crc);
    assert_eq!(flyway("\u{feff}create table t (id int);\r\n"), crc);
}

/// A bitwise CRC-32 (IEEE), independent of the crate the library uses.
fn crc32_reference(bytes: &[u8]) -> i32 {
    let mut crc = 0xffff_ffff_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    (!crc) as i32
}

#[test]
fn what_liquibase_ignores_converts_or_defaults_matches_liquibase() {
    // non-parameters, dates and numbers that are really functions,
    // a deprecated no-op parameter, `output`'s default target
    assert_same("quirks.yaml");
}

#[test]
fn included_raw_sql_sql_files_and_procedure_files_match_liquibase() {
    // a plain .sql include is one changeset; sqlFile is hashed as written,
    // a createProcedure file with its properties substituted
    assert_same("includes.xml");
}

/// Every Flyway script of the fixtures: `Changeset::checksum` equals what
/// Flyway's procedure gives on the JDK's own `BufferedReader.readLine` and
/// `CRC32` (`captured/flyway-java.tsv`, from `tools/FlywayChecksum.java`):
/// lone CRs, CRLF, a BOM, non-ASCII text, blank lines, an empty file.
#[test]
fn flyway_script_checksums_match_the_jdk_computation() {
    let base = Path::new(DIR).join("flyway");
    let tsv = std::fs::read_to_string(Path::new(DIR).join("captured/flyway-java.tsv"))
        .expect("captured values");
    let want: BTreeMap<String, String> = tsv
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(sum, file)| (file.to_string(), sum.to_string()))
        .collect();
    let mut got = BTreeMap::new();
    for (folder, prefix) in [
        (base.clone(), ""),
        (
            base.join("../../applied/flyway/then"),
            "../../applied/flyway/then/",
        ),
        (
            base.join("../../applied/flyway/now"),
            "../../applied/flyway/now/",
        ),
    ] {
        let mut sources = SourceMap::default();
        let cl = schemagate::source::load(&folder, &LoadOptions::default(), &mut sources);
        assert_eq!(cl.format, Some(schemagate::source::SourceFormat::Flyway));
        for cs in cl.changesets {
            let path = cs.attributes["path"].as_str().expect("path").to_string();
            got.insert(
                format!("{prefix}{path}"),
                cs.checksum.expect("a Flyway checksum"),
            );
        }
    }
    assert_eq!(got, want);
}

#[test]
fn one_file_on_its_own_on_a_target_leaves_out_its_other_dbms_changes() {
    // extras.xml: dbms-filtered has a mssql and a postgresql sql change;
    // captured offline against PostgreSQL
    let path = Path::new(DIR).join("extras.xml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let want = captured("extras.xml");
    let on_pg = liquibase_file_checksums_on(&path, &text, Some(Dialect::Postgres)).expect("parses");
    let everywhere = liquibase_file_checksums(&path, &text).expect("parses");
    let find = |v: &[schemagate::history::checksum::FileChecksum]| {
        v.iter()
            .find(|c| c.id == "dbms-filtered")
            .map(|c| c.checksum.clone())
    };
    let key = ("dbms-filtered".to_string(), "erin".to_string());
    assert_eq!(find(&on_pg).as_ref(), want.get(&key));
    assert_ne!(find(&everywhere).as_ref(), want.get(&key));
}

#[test]
fn database_properties_are_those_of_a_real_connection() {
    // captured from a real `liquibase update` into PostgreSQL (offline
    // mode leaves ${database.defaultSchemaName} unexpanded; a connection
    // gives `public`, as we do)
    assert_same("schema-property.xml");
}
