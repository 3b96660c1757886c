//! Opt-in (needs `../shared/corpus`; `.ci/run` runs it with `--ignored`):
//! the real schema dumps of the corpus load as `--baseline` without an input
//! error, and the proposal sees their tables.

use schemagate::check::{CheckOptions, analyze};
use schemagate::dialect::Dialect;
use schemagate::policy::input::Needs;

mod common;

/// `(dump, a table it defines as schema.name)`.
const DUMPS: [(&str, &str, &str); 4] = [
    (
        "supabase-postgres-schema-dump/migrations/schema.sql",
        "auth",
        "users",
    ),
    (
        "supabase-postgres-schema-dump/migrations/schema-15.sql",
        "auth",
        "users",
    ),
    (
        "supabase-postgres-schema-dump/migrations/schema-16.sql",
        "auth",
        "users",
    ),
    ("danbooru-structure-sql/db/structure.sql", "public", "posts"),
];

#[test]
#[ignore = "needs ../shared/corpus; run with `cargo test --test corpus_baseline -- --ignored`"]
fn corpus_dumps_load_as_baselines() {
    let root = common::corpus().expect("../shared/corpus is not beside the repository");
    let dir = tempfile::TempDir::new().unwrap();
    for (dump, schema, table) in DUMPS {
        let migration = dir.path().join("V2__change.sql");
        std::fs::write(
            &migration,
            format!("ALTER TABLE {schema}.{table} ADD COLUMN note text;\n"),
        )
        .unwrap();
        let mut opts = CheckOptions::new(vec![migration], Dialect::Postgres);
        opts.baselines = vec![root.join(dump)];
        let mut problems = Vec::new();
        let needs = Needs {
            changesets: true,
            ..Needs::default()
        };
        let analyzed = analyze(&opts, needs, &mut Default::default(), &mut problems);
        assert!(problems.is_empty(), "{dump}: {problems:?}");
        let stmt = &analyzed[0].inputs.changesets[0].1["statements"][0];
        assert_eq!(stmt["table"]["known"], true, "{dump}: {stmt}");
        assert_eq!(stmt["table"]["new"], false, "{dump}");
    }
}
