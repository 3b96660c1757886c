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
