//! Opt-in (needs `../shared/corpus`; `cargo test --features corpus`):
//! the real schema dumps of the corpus load as `--baseline` without an input
//! error, and the proposal sees their tables.

use schemagate::check::{CheckOptions, analyze};
use schemagate::dialect::Dialect;
use schemagate::policy::input::Needs;

use crate::common;

/// `(dump, dialect, a table it defines)`: pg_dump outputs, and SQL Server
/// and Oracle DDL scripts.
const DUMPS: [(&str, Dialect, &str); 6] = [
    (
        "supabase-postgres-schema-dump/migrations/schema.sql",
        Dialect::Postgres,
        "auth.users",
    ),
    (
        "supabase-postgres-schema-dump/migrations/schema-15.sql",
        Dialect::Postgres,
        "auth.users",
    ),
    (
        "supabase-postgres-schema-dump/migrations/schema-16.sql",
        Dialect::Postgres,
        "auth.users",
    ),
    (
        "danbooru-structure-sql/db/structure.sql",
        Dialect::Postgres,
        "public.posts",
    ),
    (
        "camunda-sql-mssql/db/create/activiti.mssql.create.engine.sql",
        Dialect::Sqlserver,
        "ACT_RU_TASK",
    ),
    (
        "camunda-sql-oracle/db/create/activiti.oracle.create.engine.sql",
        Dialect::Oracle,
        "ACT_RU_TASK",
    ),
];

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn corpus_dumps_load_as_baselines() {
    let root = common::corpus();
    let dir = tempfile::TempDir::new().unwrap();
    for (dump, dialect, table) in DUMPS {
        let migration = dir.path().join("V2__change.sql");
        let add = if dialect == Dialect::Postgres {
            "ADD COLUMN"
        } else {
            "ADD"
        };
        std::fs::write(
            &migration,
            format!("ALTER TABLE {table} {add} note_ varchar(20);\n"),
        )
        .unwrap();
        let mut opts = CheckOptions::new(vec![migration], dialect);
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
