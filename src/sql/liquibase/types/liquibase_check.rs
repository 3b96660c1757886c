//! Every row of the type table and of the computed-value table against
//! Liquibase 4.28's own output (`tests/fixtures/liquibase/types/*.tsv`,
//! written by `tools/liquibase-types.py`). A difference names its row and
//! database: the fix is that row's entry. `types.tsv` names the version
//! Liquibase was told on each line (`-`: none); ours is lowered at the same
//! version, so each (type, database, version) is checked.
//!
//! Compared as the golden test compares statements: case and runs of
//! whitespace aside.

use super::super::functions::{CLOCKS, database_function};
use super::super::{Gen, Version};
use super::table::{TypeRow, rows};
use super::{Identity, On, auto_increment_clause, map, split};
use crate::dialect::Dialect;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/liquibase/types"
);

/// Differences we keep, each with its reason: `(database, written, why)`.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "*",
        "national character(5)",
        "Liquibase reads `national` (an NVarcharType alias) and keeps `character` as extra words",
    ),
    (
        "*",
        "character set",
        "Liquibase reads `character` (CharType) with `set` as extra words; not a type anyone writes",
    ),
];

/// The tab-separated fields of each line of a fixture, `width` of them.
fn lines(name: &str, width: usize) -> Vec<Vec<String>> {
    let path = format!("{FIXTURES}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(str::to_string).collect();
            assert_eq!(f.len(), width, "{name}: {l}");
            f
        })
        .collect()
}

/// `(database, written, Liquibase's output)` of a fixture.
fn fixture(name: &str) -> Vec<(String, String, String)> {
    lines(name, 3)
        .into_iter()
        .map(|f| (f[0].clone(), f[1].clone(), f[2].clone()))
        .collect()
}

/// One line of `types.tsv`: the database, the version Liquibase was told
/// (`None`: none, offline's own), the written type and Liquibase's column.
struct TypeLine {
    db: String,
    version: Option<Version>,
    written: String,
    liquibase: String,
}

fn type_lines() -> Vec<TypeLine> {
    lines("types.tsv", 4)
        .into_iter()
        .map(|f| TypeLine {
            db: f[0].clone(),
            version: (f[1] != "-").then(|| {
                let v: crate::dialect::DbVersion =
                    f[1].parse().unwrap_or_else(|e| panic!("types.tsv: {e}"));
                Version::from(&v)
            }),
            written: f[2].clone(),
            liquibase: f[3].clone(),
        })
        .collect()
}

/// Liquibase's database name as our dialect.
fn dialect(db: &str) -> Dialect {
    match db {
        "postgresql" => Dialect::Postgres,
        "mysql" => Dialect::Mysql,
        "mariadb" => Dialect::Mariadb,
        "mssql" => Dialect::Sqlserver,
        "oracle" => Dialect::Oracle,
        "h2" => Dialect::H2,
        "sqlite" => Dialect::Sqlite,
        other => panic!("a database the fixture should not have: {other}"),
    }
}

fn normal(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

fn known(db: &str, written: &str) -> bool {
    KNOWN
        .iter()
        .any(|(d, w, _)| (*d == "*" || *d == db) && *w == written)
}

/// The column definition we write for a `createTable` column of `written`
/// type: its type, and the identity clause of a `serial` one (which
/// `table::create_table` appends).
fn our_column(g: &Gen, written: &str) -> String {
    let ty = map(g, written);
    match ty.auto_increment {
        true => format!(
            "{} {}",
            ty.sql,
            auto_increment_clause(g, &Identity::default())
        ),
        false => ty.sql,
    }
}

fn row_name(written: &str) -> String {
    let name = split(written).name;
    rows()
        .find(|r| r.names.contains(&name.as_str()) || r.serials.contains(&name.as_str()))
        .map_or_else(|| "UnknownType".to_string(), |r| r.class.to_string())
}

#[test]
fn every_type_row_writes_what_liquibase_writes() {
    let mut differences = Vec::new();
    let mut stale = Vec::new();
    let mut versions = 0;
    for line in type_lines() {
        let TypeLine {
            db,
            version,
            written,
            liquibase,
        } = &line;
        // Liquibase refuses it on this database; we lower it as written.
        if liquibase == "!refused" {
            continue;
        }
        versions += usize::from(version.is_some() && db != "oracle");
        let ours = our_column(&Gen::at(dialect(db), *version), written);
        let same = normal(&ours) == normal(liquibase);
        let at = version.map_or_else(String::new, |v| {
            format!(" {}.{}.{}", v.major, v.minor, v.patch)
        });
        match (same, known(db, written)) {
            (false, false) => differences.push(format!(
                "row {} on {db}{at}: `{written}` is `{ours}`, Liquibase writes `{liquibase}`",
                row_name(written)
            )),
            (true, true) => stale.push(format!("{db}{at} `{written}`")),
            _ => {}
        }
    }
    // the version-dependent spellings were run at other versions too
    assert!(
        versions > 100,
        "types.tsv has {versions} lines at a version"
    );
    assert!(
        differences.is_empty(),
        "{} differences from Liquibase:\n{}",
        differences.len(),
        differences.join("\n")
    );
    assert!(stale.is_empty(), "KNOWN entries that now agree: {stale:?}");
}

#[test]
fn every_computed_value_row_writes_what_liquibase_writes() {
    let mut differences = Vec::new();
    for (db, written, liquibase) in fixture("computed.tsv") {
        let ours = database_function(&Gen::new(dialect(&db)), &written);
        if normal(&ours) != normal(&liquibase) {
            differences.push(format!(
                "clock row of {db}: `{written}` is `{ours}`, Liquibase writes `{liquibase}`"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences from Liquibase:\n{}",
        differences.len(),
        differences.join("\n")
    );
    for row in CLOCKS {
        assert!(row.on != On::Else, "a clock row names its database");
    }
}

/// Every name of every row is in the fixture on every database, so every
/// row is checked; and every row says what the other databases get.
#[test]
fn every_row_and_name_is_checked_against_liquibase() {
    let fixture: Vec<(String, String)> = type_lines()
        .into_iter()
        .filter(|l| l.version.is_none() || l.db == "oracle")
        .map(|l| (l.db, l.written))
        .collect();
    let databases = [
        "postgresql",
        "mysql",
        "mariadb",
        "mssql",
        "oracle",
        "h2",
        "sqlite",
    ];
    let mut missing = Vec::new();
    for row in rows() {
        check_has_else(row);
        for name in row.names.iter().chain(row.serials) {
            for db in databases {
                let found = fixture
                    .iter()
                    .any(|(d, w)| d == db && split(w).name == *name);
                if !found {
                    missing.push(format!("{} `{name}` on {db}", row.class));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "names without Liquibase's output (add them to tools/liquibase-types.py): {missing:?}"
    );
}

fn check_has_else(row: &TypeRow) {
    assert!(
        row.forms.iter().any(|(on, _)| *on == On::Else),
        "row {} has no `Else` entry",
        row.class
    );
}
