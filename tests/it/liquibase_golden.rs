//! Our lowering of Liquibase change types against the SQL Liquibase itself
//! generated (its checked-in golden files, one per change type and database,
//! at `shared/corpus/liquibase-generated-sql-golden/`).
//!
//! Each golden header is rebuilt into a change node, lowered, and compared
//! by syntax tree: both sides are parsed with sqlparser and their printed
//! ASTs compared (which evens out whitespace and keyword case). Where
//! sqlparser cannot read Liquibase's SQL (procedural blocks, `ALTER
//! SEQUENCE`, `sp_rename`) the texts are compared after collapsing
//! whitespace, spacing around punctuation, case and the doubled `;;` that
//! Liquibase writes after a block that ends in its own `;`.
//!
//! Two documented normalisations:
//! - loadData: Liquibase 4.28 sends one multi-row INSERT on PostgreSQL,
//!   MySQL and SQL Server (`InsertSetStatement`); the golden files, written by
//!   its per-statement test harness, list one INSERT per row. A multi-row
//!   INSERT is compared as the single-row INSERTs it stands for.
//! - A missing golden file, an empty one, or Liquibase's offline
//!   placeholder `not supported. FIXME!!` means Liquibase generates nothing
//!   for that database; we agree when we return no SQL or refuse with
//!   `Unsupported`/`NeedsDatabase`.
//!
//! `sql` and `sqlFile` are raw SQL, handled by the splitter, not lowered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemagate::dialect::Dialect;
use schemagate::span::{FileId, MappedText};
use schemagate::sql::liquibase::{LowerErrorKind, golden, lower};
use sqlparser::ast::{SetExpr, Statement};
use sqlparser::parser::Parser;

/// The databases compared, with the golden file of each.
const TARGETS: [(Dialect, &str); 7] = [
    (Dialect::Postgres, "postgresql"),
    (Dialect::Mysql, "mysql"),
    (Dialect::Mariadb, "mariadb"),
    (Dialect::Sqlserver, "mssql"),
    (Dialect::Oracle, "oracle"),
    (Dialect::Sqlite, "sqlite"),
    (Dialect::H2, "h2"),
];

/// Agreement reached (matched, of total); a regression fails the test.
const FLOOR: [(Dialect, usize, usize); 7] = [
    (Dialect::Postgres, 39, 39),
    (Dialect::Mysql, 39, 39),
    (Dialect::Mariadb, 39, 39),
    (Dialect::Sqlserver, 39, 39),
    (Dialect::Oracle, 39, 39),
    (Dialect::Sqlite, 38, 39),
    (Dialect::H2, 39, 39),
];

/// The CSV the golden loadData/loadUpdateData files were generated from
/// (Liquibase's test resource `com/example/users.csv` of that version, as
/// its output shows: untrimmed values, no `pk_id` column).
const USERS_CSV: &str = "username, fullname\nnvoxland, Nathan Voxland\nbob, Bob Bobson\n";

/// The shared corpus sits beside the repository (CI, main checkout) or two
/// levels up (a worktree under `wt/`).
fn corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["..", "../.."]
        .iter()
        .map(|up| {
            manifest
                .join(up)
                .join("shared/corpus/liquibase-generated-sql-golden")
        })
        .find(|p| p.is_dir())
}

/// A multi-row INSERT as the single-row INSERTs it stands for.
fn expand_inserts(stmts: Vec<Statement>) -> Vec<Statement> {
    let mut out = Vec::new();
    for s in stmts {
        if let Statement::Insert(ins) = &s
            && let Some(src) = &ins.source
            && let SetExpr::Values(values) = src.body.as_ref()
            && values.rows.len() > 1
        {
            for row in &values.rows {
                let mut one = ins.clone();
                if let Some(q) = one.source.as_mut()
                    && let SetExpr::Values(v) = q.body.as_mut()
                {
                    v.rows = vec![row.clone()];
                }
                out.push(Statement::Insert(one));
            }
            continue;
        }
        out.push(s);
    }
    out
}

fn printed(dialect: Dialect, sql: &str) -> Option<Vec<String>> {
    let stmts = Parser::parse_sql(&*dialect.parser(), sql).ok()?;
    Some(
        expand_inserts(stmts)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )
}

fn normalise(sql: &str) -> String {
    let mut s = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    while s.contains(";;") {
        s = s.replace(";;", ";");
    }
    for p in [",", "(", ")", ";", "="] {
        s = s.replace(&format!(" {p}"), p).replace(&format!("{p} "), p);
    }
    s.to_lowercase()
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Ast,
    Text,
    Refused,
    Differs(String),
}

fn compare(dialect: Dialect, change_type: &str, path: &Path) -> Outcome {
    let nothing = |result: Result<Vec<String>, schemagate::sql::liquibase::LowerError>| match result
    {
        Ok(v) if v.is_empty() => Outcome::Refused,
        Err(e)
            if matches!(
                e.kind,
                LowerErrorKind::Unsupported | LowerErrorKind::NeedsDatabase
            ) =>
        {
            Outcome::Refused
        }
        Ok(v) => Outcome::Differs(format!("Liquibase generates nothing; we: {v:?}")),
        Err(e) => Outcome::Differs(format!("Liquibase generates nothing; we fail: {e}")),
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        // No golden file: Liquibase refuses the change on this database.
        let node = match std::fs::read_to_string(path.with_file_name("postgresql.sql"))
            .map_err(|e| e.to_string())
            .and_then(|t| golden::parse(change_type, &t))
        {
            Ok(g) => g.node,
            Err(e) => return Outcome::Differs(format!("no golden to borrow parameters: {e}")),
        };
        return nothing(lower(&with_csv(node), dialect));
    };
    let g = match golden::parse(change_type, &text) {
        Ok(g) => g,
        Err(e) => return Outcome::Differs(format!("bad golden header: {e}")),
    };
    let ours = lower(&with_csv(g.node), dialect);
    let body = g.body.trim();
    if body.is_empty() || body.starts_with("not supported. FIXME!!") {
        return nothing(ours);
    }
    let ours = match ours {
        Ok(v) => v,
        Err(e) => return Outcome::Differs(format!("we fail: {e:?}")),
    };
    let rendered = golden::render(&ours);
    if let Some(expected) = printed(dialect, body) {
        return match printed(dialect, &rendered) {
            Some(got) if got == expected => Outcome::Ast,
            Some(got) => Outcome::Differs(format!(
                "AST differs:\n  golden: {expected:?}\n  ours:   {got:?}"
            )),
            None => Outcome::Differs(format!("ours does not parse: {rendered}")),
        };
    }
    if normalise(body) == normalise(&rendered) {
        Outcome::Text
    } else {
        Outcome::Differs(format!(
            "text differs:\n  golden: {body}\n  ours:   {rendered}"
        ))
    }
}

fn with_csv(mut node: schemagate::source::ParsedNode) -> schemagate::source::ParsedNode {
    if node.name == "loadData" || node.name == "loadUpdateData" {
        node.text = Some(MappedText::verbatim(FileId(0), USERS_CSV.to_string(), 0));
    }
    node
}

#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn lowering_agrees_with_liquibase_golden_sql() {
    let Some(root) = corpus() else {
        panic!(
            "--features corpus: the golden corpus (../shared/corpus/liquibase-generated-sql-golden) is not beside the repository"
        );
    };
    let mut change_types: Vec<String> = std::fs::read_dir(&root)
        .expect("corpus readable")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "sql" && n != "sqlFile")
        .collect();
    change_types.sort();

    // (agree, total, by AST, by text, differing, compared as text)
    type Row = (usize, usize, usize, usize, Vec<String>, Vec<String>);
    let mut table: BTreeMap<Dialect, Row> = BTreeMap::new();
    for (dialect, file) in TARGETS {
        let entry = table.entry(dialect).or_default();
        for ct in &change_types {
            let outcome = compare(dialect, ct, &root.join(ct).join(format!("{file}.sql")));
            entry.1 += 1;
            match outcome {
                Outcome::Ast => {
                    entry.0 += 1;
                    entry.2 += 1;
                }
                Outcome::Text => {
                    entry.0 += 1;
                    entry.3 += 1;
                    entry.5.push(ct.clone());
                }
                Outcome::Refused => entry.0 += 1,
                Outcome::Differs(why) => {
                    eprintln!("[{dialect}] {ct}: {why}");
                    entry.4.push(ct.clone());
                }
            }
        }
    }
    println!(
        "\n{:<10} {:>9} {:>5} {:>5}  differing",
        "dialect", "agree", "ast", "text"
    );
    for (d, (ok, total, ast, text, diff, texts)) in &table {
        println!(
            "{:<10} {:>4}/{:<4} {:>5} {:>5}  {}",
            d.name(),
            ok,
            total,
            ast,
            text,
            diff.join(", ")
        );
        println!("{:<10} compared as text: {}", "", texts.join(", "));
    }
    for (d, floor, total) in FLOOR {
        let (ok, n, ..) = &table[&d];
        assert_eq!(*n, total, "{d}: number of change types compared changed");
        assert!(
            *ok >= floor,
            "{d}: agreement fell to {ok}/{n} (floor {floor})"
        );
    }
}
