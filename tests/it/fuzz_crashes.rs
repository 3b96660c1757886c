//! Inputs the fuzz targets (`fuzz/`) crashed on, replayed as the targets
//! read them: the first byte picks the dialect, the second holds flags, the
//! rest is the text. The file name says which target found it.
//! Fixtures: `tests/fixtures/hostile/fuzz-crashes/`.

use schemagate::dialect::Dialect;
use schemagate::source::SplitOptions;
use schemagate::sql::split::split_each;

const DIR: &str = "tests/fixtures/hostile/fuzz-crashes";

fn replay(target: &str, dialect: Dialect, text: &str) {
    match target {
        "sql_split" => {
            let mut n = 0;
            split_each(
                text,
                dialect,
                &SplitOptions::default(),
                usize::MAX,
                &mut |_| n += 1,
            );
            assert!(n > 0, "no statement read");
        }
        "formatted_sql" => {
            let path = std::path::Path::new("changelog.sql");
            if let Ok(changesets) =
                schemagate::source::liquibase::file_changesets(path, text, Some(dialect))
            {
                let changelog = schemagate::source::Changelog {
                    format: Some(schemagate::source::SourceFormat::Liquibase),
                    root: path.into(),
                    changesets,
                    ..Default::default()
                };
                schemagate::sql::lower(&changelog, dialect, Default::default());
            }
        }
        other => panic!("no replay for fuzz target {other}"),
    }
}

/// SQL Server's CREATE TABLE went back token by token to where it started
/// when the text is not `CREATE TABLE name (`; with only whitespace and a
/// comment before it, it ran past the first token (sqlparser's
/// `prev_token` asserts).
#[test]
fn every_crash_the_fuzzer_found_replays_without_panic() {
    let mut replayed = 0;
    for entry in std::fs::read_dir(DIR).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let target = name.split('-').next().unwrap_or_default();
        let bytes = std::fs::read(&path).expect("read");
        let [d, _flags, rest @ ..] = bytes.as_slice() else {
            panic!("{name}: shorter than its header");
        };
        let text = String::from_utf8_lossy(rest);
        // the dialect the fuzzer used, then every other one
        let first = Dialect::ALL[usize::from(*d) % Dialect::ALL.len()];
        replay(target, first, &text);
        for dialect in Dialect::ALL {
            replay(target, dialect, &text);
        }
        replayed += 1;
    }
    assert!(replayed >= 2, "the crash fixtures are missing");
}
