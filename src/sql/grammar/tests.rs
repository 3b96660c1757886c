//! The grammar's plumbing; each target's constructs are tested in
//! `tests/it/parse_coverage.rs` and beside their parser.

use super::*;

/// Parses `sql` (one statement) with the target's grammar.
pub(crate) fn parse(dialect: Dialect, sql: &str) -> Result<Ast, String> {
    let grammar = dialect.parser();
    let mut p = Parser::new(&*grammar)
        .try_with_sql(sql)
        .map_err(|e| e.to_string())?;
    let ast = parse_ast(&grammar, &mut p).map_err(|e| e.to_string())?;
    while p.consume_token(&Token::SemiColon) {}
    match p.peek_token_ref().token {
        Token::EOF => Ok(ast),
        ref t => Err(format!("left over: {t}")),
    }
}

/// Every method of sqlparser's `Dialect` trait is delegated: a sqlparser
/// upgrade that adds one must regenerate `delegate.rs` (see its header).
/// Reads the trait from sqlparser's source in the cargo registry; skipped
/// when that is not where this build found it.
#[test]
fn every_dialect_method_is_delegated() {
    let ours = include_str!("delegate.rs");
    let home = std::env::var("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| std::path::Path::new(&h).join(".cargo")));
    let Ok(home) = home else { return };
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        eprintln!("no cargo registry: skipped");
        return;
    };
    let version = sqlparser_version();
    for registry in registries.flatten() {
        let trait_src = registry
            .path()
            .join(format!("sqlparser-{version}/src/dialect/mod.rs"));
        let Ok(src) = std::fs::read_to_string(&trait_src) else {
            continue;
        };
        let body = src
            .split("pub trait Dialect: Debug + Any {")
            .nth(1)
            .expect("the Dialect trait");
        let body = &body[..body.find("\n}\n").expect("the end of the trait")];
        let methods: Vec<&str> = body
            .lines()
            .filter_map(|l| l.strip_prefix("    fn "))
            .filter_map(|l| l.split(['(', '<']).next())
            .collect();
        assert!(methods.len() > 100, "read {} methods", methods.len());
        for m in methods {
            assert!(
                ours.contains(&format!("    fn {m}(")),
                "`{m}` of sqlparser's Dialect is not delegated: regenerate delegate.rs"
            );
        }
        return;
    }
    eprintln!("sqlparser {version} source not found: skipped");
}

/// The sqlparser version Cargo.lock pins.
fn sqlparser_version() -> String {
    let lock = include_str!("../../../Cargo.lock");
    let at = lock
        .find("name = \"sqlparser\"\nversion = \"")
        .expect("sqlparser in Cargo.lock");
    let rest = &lock[at + "name = \"sqlparser\"\nversion = \"".len()..];
    rest[..rest.find('"').expect("a version")].to_string()
}

#[test]
fn wraps_the_base_dialect_identity() {
    use sqlparser::dialect::{MsSqlDialect, PostgreSqlDialect};
    let g = Dialect::Sqlserver.parser();
    let d: &dyn ParserDialect = &*g;
    assert!(d.is::<MsSqlDialect>());
    let g = Dialect::Postgres.parser();
    let d: &dyn ParserDialect = &*g;
    assert!(d.is::<PostgreSqlDialect>());
    // what the base does, the wrapper does
    assert_eq!(
        d.supports_filter_during_aggregation(),
        PostgreSqlDialect {}.supports_filter_during_aggregation()
    );
}

/// The statement reads as `expected` (its SQL as our grammar displays it).
fn reads_as(dialect: Dialect, sql: &str, expected: &str) {
    match parse(dialect, sql) {
        Ok(ast) => assert_eq!(ast.to_string(), expected, "{sql}"),
        Err(e) => panic!("{sql}: {e}"),
    }
}

#[test]
fn tsql_index_keeps_its_type_and_options() {
    reads_as(
        Dialect::Sqlserver,
        "CREATE UNIQUE NONCLUSTERED INDEX [ix] ON [dbo].[t] ([a] ASC) INCLUDE ([b]) \
         WHERE [a] > 0 WITH (PAD_INDEX = OFF, ONLINE = ON) ON [PRIMARY]",
        "CREATE UNIQUE INDEX [ix] ON [dbo].[t] USING NONCLUSTERED ([a] ASC) INCLUDE ([b]) \
         WITH (PAD_INDEX = OFF, ONLINE = ON) WHERE [a] > 0",
    );
    reads_as(
        Dialect::Sqlserver,
        "CREATE CLUSTERED COLUMNSTORE INDEX cci ON dbo.t",
        "CREATE INDEX cci ON dbo.t USING CLUSTERED COLUMNSTORE ()",
    );
}

#[test]
fn tsql_alter_table_forms() {
    reads_as(
        Dialect::Sqlserver,
        "ALTER TABLE [dbo].[a] WITH NOCHECK ADD CONSTRAINT [fk] FOREIGN KEY([b]) REFERENCES [dbo].[b] ([id])",
        "ALTER TABLE [dbo].[a] ADD CONSTRAINT [fk] FOREIGN KEY ([b]) REFERENCES [dbo].[b]([id]) NOT VALID",
    );
    reads_as(
        Dialect::Sqlserver,
        "ALTER TABLE t ALTER COLUMN c nvarchar(10) NOT NULL",
        "ALTER TABLE t MODIFY COLUMN c NVARCHAR(10) NOT NULL",
    );
    reads_as(
        Dialect::Sqlserver,
        "ALTER TABLE t WITH CHECK CHECK CONSTRAINT fk",
        "ALTER TABLE t WITH CHECK CHECK CONSTRAINT fk",
    );
    reads_as(
        Dialect::Sqlserver,
        "ALTER TABLE t NOCHECK CONSTRAINT ALL",
        "ALTER TABLE t NOCHECK CONSTRAINT ALL",
    );
}

#[test]
fn postgres_alter_sequence_and_refusals() {
    reads_as(
        Dialect::Postgres,
        "ALTER SEQUENCE public.s OWNED BY public.t.id",
        "ALTER SEQUENCE public.s OWNED BY public.t.id",
    );
    reads_as(
        Dialect::Postgres,
        "ALTER SEQUENCE s RESTART",
        "ALTER SEQUENCE s RESTART",
    );
    let err = parse(Dialect::Postgres, "DROP INDEX job_group_id ON jobs").unwrap_err();
    assert!(err.contains("found: ON"), "{err}");
    // MySQL and SQL Server take it
    parse(Dialect::Mysql, "DROP INDEX job_group_id ON jobs").unwrap();
    parse(Dialect::Sqlserver, "DROP INDEX job_group_id ON jobs").unwrap();
    // PostgreSQL refuses `IF NOT EXISTS` on CREATE USER; CockroachDB takes it
    assert!(parse(Dialect::Postgres, "CREATE USER IF NOT EXISTS u").is_err());
    parse(Dialect::Cockroachdb, "CREATE USER IF NOT EXISTS u").unwrap();
}

#[test]
fn do_block_bodies() {
    let body = |sql: &str| match parse(Dialect::Postgres, sql).unwrap() {
        Ast::Ext(ExtStatement::Do(d)) => d,
        other => panic!("{other:?}"),
    };
    let d = body("DO $$ BEGIN DROP TABLE a; UPDATE b SET x = 1; END $$");
    let inner: Vec<String> = d
        .statements
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(inner, ["DROP TABLE a", "UPDATE b SET x = 1"]);
    assert_eq!(&d.body[d.places[0].range.clone()], "DROP TABLE a");
    let d = body(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE ROLE r; ELSE RAISE NOTICE 'x'; END IF; \
         EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    );
    assert_eq!(d.statements.unwrap().len(), 1);
    assert!(d.places[0].conditional);
    // declarations, loops, PERFORM: opaque
    for opaque in [
        "DO $$ DECLARE n int; BEGIN n := 1; END $$",
        "DO $$ BEGIN PERFORM f(); END $$",
        "DO $$ BEGIN FOR r IN SELECT 1 LOOP NULL; END LOOP; END $$",
        "DO $$ BEGIN DROP TABLE a; EXCEPTION WHEN others THEN DROP TABLE b; END $$",
        "DO LANGUAGE plpython3u $$ BEGIN DROP TABLE a; END $$",
    ] {
        assert!(body(opaque).statements.is_none(), "{opaque}");
    }
}

#[test]
fn oracle_constraint_states_after_a_default() {
    reads_as(
        Dialect::Oracle,
        "CREATE TABLE g (s NUMBER(11,0) DEFAULT '0' NOT NULL ENABLE, n VARCHAR2(10) NOT NULL ENABLE)",
        "CREATE TABLE g (s NUMBER(11, 0) DEFAULT '0' NOT NULL ENABLE, n VARCHAR2(10) NOT NULL ENABLE)",
    );
}

#[test]
fn oracle_table_constraint_enabled() {
    reads_as(
        Dialect::Oracle,
        "CREATE TABLE g (id NUMBER(20,0), CONSTRAINT g_fk FOREIGN KEY (id) REFERENCES u (id) ENABLE)",
        "CREATE TABLE g (id NUMBER(20, 0), CONSTRAINT g_fk FOREIGN KEY (id) REFERENCES u(id))",
    );
    assert!(
        parse(
            Dialect::Oracle,
            "CREATE TABLE g (id NUMBER, CONSTRAINT g_fk FOREIGN KEY (id) REFERENCES u (id) DISABLE)"
        )
        .is_err()
    );
}
