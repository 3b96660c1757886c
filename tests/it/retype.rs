//! A type change PostgreSQL makes in the catalog only (a longer varchar,
//! varchar to text, more numeric precision at the same scale) is told from
//! a rewrite when the replay knows the column's type before: its impact
//! has no rewrite and `changing-column-type` does not fire; squawk flags
//! them all.

use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/retype");

#[test]
fn widening_is_metadata_only_and_narrowing_rewrites() {
    let mut opts = CheckOptions::new(vec![format!("{DIR}/db").into()], Dialect::Postgres);
    opts.baselines = vec![format!("{DIR}/schema.sql").into()];
    let outcome = check(&opts);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let got: Vec<(usize, String)> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "changing-column-type")
        .map(|f| {
            let at = f.span.map(|s| outcome.sources.locate(s).line).unwrap_or(0);
            (at, f.message.clone())
        })
        .collect();
    assert_eq!(
        got,
        [
            (4, "Changing the type of column \"name\" of table \"orders\" to VARCHAR(10) rewrites \"orders\" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes".to_string()),
            (5, "Changing the type of column \"amount\" of table \"orders\" to NUMERIC(12,4) rewrites \"orders\" and all its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes".to_string()),
        ]
    );
    // and without the schema the replay cannot tell: every change is flagged
    let mut blind = CheckOptions::new(vec![format!("{DIR}/db").into()], Dialect::Postgres);
    blind.threads = 1;
    let flagged = check(&blind)
        .findings
        .iter()
        .filter(|f| f.rule == "changing-column-type")
        .count();
    assert_eq!(flagged, 5);
}
