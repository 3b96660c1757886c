//! Odd and random input: never a panic, ranges always in bounds, ordered and
//! non-empty.

use super::*;

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "'",
        "\"",
        "`",
        "[",
        "$$",
        "$a$ never closed",
        "/*",
        "--",
        "\\",
        "DELIMITER",
        "DELIMITER $$\n$$$$",
        "GO",
        "/",
        "COPY t FROM stdin;",
        "COPY t FROM stdin;\n",
        "E'\\",
        "é;é",
        "\u{feff}\u{feff}",
        "BEGIN",
        "CREATE OR REPLACE PROCEDURE",
        ";/\n",
        "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
    ];
    for text in inputs {
        for dialect in Dialect::ALL {
            for opts in [
                SplitOptions::standard(),
                SplitOptions {
                    end_delimiter: Some("$$".into()),
                    ..SplitOptions::standard()
                },
                SplitOptions {
                    split_statements: false,
                    ..SplitOptions::standard()
                },
            ] {
                for s in split(text, dialect, &opts) {
                    assert!(text.get(s.range.clone()).is_some(), "{text:?} {dialect}");
                }
            }
        }
    }
}

#[test]
fn random_fragments_give_ordered_in_bounds_ranges() {
    const FRAGMENTS: &[&str] = &[
        "'",
        "\"",
        "`",
        "[",
        "]",
        "$$",
        "$a$",
        "\n",
        "\r\n",
        "/",
        "\nGO\n",
        "\n/\n",
        "DELIMITER $$\n",
        "DELIMITER ;\n",
        "é",
        "表",
        ";",
        "--",
        "/*",
        "*/",
        "BEGIN",
        " END",
        "CREATE PROCEDURE p ",
        "COPY t FROM stdin;\n",
        "\\.\n",
        "\\",
        "SELECT 1",
        " ",
        "(",
        ")",
        "E'",
        "#",
        "DO $$",
        "DECLARE x",
        ";/\n",
        "\u{feff}",
        "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW ",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..300 {
        let len = next() % 24;
        let text: String = (0..len)
            .map(|_| FRAGMENTS[next() % FRAGMENTS.len()])
            .collect();
        for dialect in Dialect::ALL {
            for opts in [
                SplitOptions::standard(),
                SplitOptions {
                    end_delimiter: Some("\\n/\\s*\\n|\\n/\\s*$".into()),
                    ..SplitOptions::standard()
                },
                SplitOptions {
                    split_statements: false,
                    ..SplitOptions::standard()
                },
            ] {
                let mut prev_end = 0;
                for s in split(&text, dialect, &opts) {
                    let slice = text.get(s.range.clone());
                    assert!(slice.is_some(), "{text:?} {dialect} {:?}", s.range);
                    assert!(s.range.start >= prev_end, "{text:?} {dialect} overlap");
                    assert!(
                        !slice.unwrap_or_default().trim().is_empty(),
                        "{text:?} {dialect}"
                    );
                    prev_end = s.range.end;
                }
            }
        }
    }
}
