//! The schema model's refusals, statement by statement: each test replays
//! a few changesets and checks exactly which statements are refused.

use sqlparser::parser::Parser;

use super::{RefusalKind, Schema};
use crate::dialect::Dialect;
use crate::sql::facts::{self, Facts};

/// Facts of one statement, as the sql stage gives them (unparsed: from its
/// leading tokens).
fn facts(sql: &str, dialect: Dialect) -> (Facts, bool) {
    match Parser::parse_sql(&*dialect.parser(), sql) {
        Ok(mut stmts) if stmts.len() == 1 => match stmts.pop() {
            Some(ast) => (facts::from_ast(&ast, dialect), true),
            None => (facts::from_tokens(sql, dialect), false),
        },
        _ => (facts::from_tokens(sql, dialect), false),
    }
}

/// Replays changesets (one statement each) over a fresh model; returns the
/// refusal kinds of each statement.
fn replay_in(dialect: Dialect, complete: bool, statements: &[&str]) -> Vec<Vec<RefusalKind>> {
    let mut schema = Schema::new(dialect, complete);
    let label = |i: Option<usize>| format!("changeset {i:?}");
    let mut out = Vec::new();
    for (i, sql) in statements.iter().enumerate() {
        let (f, parsed) = facts(sql, dialect);
        let refusals = schema.step(&f, parsed, Some(i), false, &label);
        out.push(refusals.iter().map(|r| r.kind).collect());
    }
    out
}

fn replay(dialect: Dialect, statements: &[&str]) -> Vec<Vec<RefusalKind>> {
    replay_in(dialect, false, statements)
}

/// Indexes of the refused statements.
fn refused(results: &[Vec<RefusalKind>]) -> Vec<usize> {
    (0..results.len())
        .filter(|&i| !results[i].is_empty())
        .collect()
}

use RefusalKind::{AlreadyExists, ColumnDoesNotExist, DoesNotExist, DropsLastColumn};

#[test]
fn pr_scenario_an_index_name_history_used_is_refused() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t3 (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
            "CREATE INDEX t3_name_idx ON t3 (name)",
            "CREATE INDEX t3_name_idx ON t3 (created_at)",
            "CREATE INDEX IF NOT EXISTS t3_name_idx ON t3 (created_at)",
        ],
    );
    assert_eq!(r[2], vec![AlreadyExists]);
    assert_eq!(refused(&r), vec![2]);
}

#[test]
fn postgres_relations_share_one_namespace_mysql_indexes_live_per_table() {
    let sql = [
        "CREATE TABLE a (id int, x int)",
        "CREATE TABLE b (id int, x int)",
        "CREATE INDEX x_idx ON a (x)",
        "CREATE INDEX x_idx ON b (x)",
        "CREATE INDEX y_idx ON a (x)",
        "CREATE VIEW y_idx AS SELECT 1",
    ];
    assert_eq!(refused(&replay(Dialect::Postgres, &sql)), vec![3, 5]);
    assert_eq!(refused(&replay(Dialect::Mysql, &sql)), Vec::<usize>::new());
}

#[test]
fn names_fold_as_the_dialect_folds_them() {
    let sql = [
        "CREATE TABLE orders (id int)",
        "CREATE TABLE \"Orders\" (id int)",
        "CREATE TABLE ORDERS (id int)",
    ];
    // PostgreSQL: "Orders" is another table, ORDERS is orders.
    assert_eq!(refused(&replay(Dialect::Postgres, &sql)), vec![2]);
    // Oracle folds unquoted names up: ORDERS is orders, "Orders" is not.
    assert_eq!(refused(&replay(Dialect::Oracle, &sql)), vec![2]);
    // MySQL: table names are files (case depends on the OS, so only the
    // exact name is claimed); column names ignore case.
    let mysql = [
        "CREATE TABLE orders (id int)",
        "CREATE TABLE `Orders` (id int)",
        "CREATE TABLE orders (id int)",
        "CREATE TABLE items (id int)",
        "ALTER TABLE items ADD COLUMN ID int",
    ];
    assert_eq!(refused(&replay(Dialect::Mysql, &mysql)), vec![2, 4]);
}

#[test]
fn if_not_exists_creates_what_surely_was_not_there() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE IF NOT EXISTS t (a int)",
            "CREATE INDEX IF NOT EXISTS t_a ON t (a)",
            "CREATE INDEX t_a ON t (a)",
            "CREATE TABLE t (a int)",
        ],
    );
    assert_eq!(refused(&r), vec![2, 3]);
}

#[test]
fn a_refused_statement_changes_nothing() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int, b int)",
            "CREATE INDEX i ON t (a)",
            "CREATE INDEX i ON t (b)",
            "DROP INDEX i",
            "CREATE INDEX i ON t (b)",
        ],
    );
    assert_eq!(refused(&r), vec![2]);
}

#[test]
fn after_a_refusal_the_refused_object_is_not_vouched_for() {
    // If the second CREATE ran after all (history the model got wrong),
    // which index i is there is unknown: neither drop is claimed.
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int, b int)",
            "CREATE INDEX i ON t (a)",
            "CREATE INDEX i ON t (b)",
            "DROP INDEX i",
            "CREATE TABLE u (a int)",
            "CREATE INDEX u_x ON u (x)",
            "CREATE INDEX u_y ON u (y)",
        ],
    );
    assert_eq!(refused(&r), vec![2, 5]);
}

#[test]
fn dropping_twice_and_using_what_was_renamed_away_are_refused() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int)",
            "ALTER TABLE t RENAME TO u",
            "ALTER TABLE t ADD COLUMN b int",
            "DROP TABLE u",
            "DROP TABLE u",
            "DROP TABLE IF EXISTS u",
        ],
    );
    assert_eq!(r[2], vec![DoesNotExist]);
    assert_eq!(r[4], vec![DoesNotExist]);
    assert_eq!(refused(&r), vec![2, 4]);
}

#[test]
fn a_table_never_seen_is_unknown_unless_the_model_is_complete() {
    let sql = ["CREATE INDEX i ON ghosts (x)", "DROP TABLE phantoms"];
    assert_eq!(
        refused(&replay(Dialect::Postgres, &sql)),
        Vec::<usize>::new()
    );
    let complete = replay_in(Dialect::Postgres, true, &sql);
    assert_eq!(complete, vec![vec![DoesNotExist], vec![DoesNotExist]]);
}

#[test]
fn columns_are_only_missing_from_a_fully_known_table() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int)",
            "CREATE INDEX t_b ON t (b)",
            "CREATE TABLE c AS SELECT 1 AS a",
            "CREATE INDEX c_b ON c (b)",
            "ALTER TABLE t ADD COLUMN b int",
            "CREATE INDEX t_b2 ON t (b, \"B\")",
        ],
    );
    assert_eq!(r[1], vec![ColumnDoesNotExist]);
    assert_eq!(refused(&r), vec![1]);
}

#[test]
fn an_unparsed_statement_naming_a_table_makes_its_columns_unknown() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int)",
            "ALTER TABLE t SOMETHING sqlparser CANNOT READ",
            "CREATE INDEX t_b ON t (b)",
        ],
    );
    assert_eq!(refused(&r), Vec::<usize>::new());
}

#[test]
fn a_do_block_makes_the_model_forget_everything() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int)",
            "DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$",
            "CREATE TABLE t (a int)",
        ],
    );
    assert_eq!(refused(&r), Vec::<usize>::new());
}

#[test]
fn dropping_a_column_takes_its_indexes_along() {
    // PostgreSQL drops index i with column a, so its name is free again.
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (a int, b int)",
            "CREATE INDEX i ON t (a)",
            "ALTER TABLE t DROP COLUMN a",
            "CREATE INDEX i ON t (b)",
        ],
    );
    assert_eq!(refused(&r), Vec::<usize>::new());
}

#[test]
fn constraint_names_the_database_made_up_are_not_claimed_missing() {
    let r = replay(
        Dialect::Postgres,
        &[
            "CREATE TABLE t (id int PRIMARY KEY)",
            "ALTER TABLE t DROP CONSTRAINT t_pkey",
            "CREATE TABLE u (id int, CONSTRAINT u_pk PRIMARY KEY (id))",
            "ALTER TABLE u DROP CONSTRAINT u_pk",
            "ALTER TABLE u DROP CONSTRAINT u_pk",
        ],
    );
    assert_eq!(r[4], vec![DoesNotExist]);
    assert_eq!(refused(&r), vec![4]);
}

#[test]
fn the_last_column_may_only_go_where_the_database_allows_it() {
    let sql = ["CREATE TABLE t (a int)", "ALTER TABLE t DROP COLUMN a"];
    assert_eq!(replay(Dialect::Mysql, &sql)[1], vec![DropsLastColumn]);
    assert_eq!(replay(Dialect::Sqlite, &sql)[1], vec![DropsLastColumn]);
    assert_eq!(
        refused(&replay(Dialect::Postgres, &sql)),
        Vec::<usize>::new()
    );
}

#[test]
fn a_guarded_changeset_makes_what_it_names_uncertain() {
    let mut schema = Schema::new(Dialect::Postgres, false);
    let label = |i: Option<usize>| format!("{i:?}");
    let (create, _) = facts("CREATE TABLE t (a int)", Dialect::Postgres);
    schema.follow(&create, true, Some(0), false);
    // Liquibase: preconditions may have skipped this drop.
    let (drop, _) = facts("DROP TABLE t", Dialect::Postgres);
    schema.follow(&drop, true, Some(1), true);
    let (again, _) = facts("DROP TABLE t", Dialect::Postgres);
    assert!(schema.refusals(&again, &label).is_empty());
    assert!(schema.refusals(&create, &label).is_empty());
}

/// A schema built by replaying `dump`, then used as a complete baseline.
fn baseline(dump: &[&str]) -> Schema {
    let mut schema = Schema::new(Dialect::Postgres, false);
    let label = |i: Option<usize>| format!("{i:?}");
    for (i, sql) in dump.iter().enumerate() {
        let (f, parsed) = facts(sql, Dialect::Postgres);
        schema.step(&f, parsed, Some(i), false, &label);
    }
    schema.into_complete_baseline()
}

#[test]
fn a_whole_schema_dump_makes_the_model_complete_unless_it_could_not_be_followed() {
    let label = |i: Option<usize>| format!("{i:?}");
    let (drop, _) = facts("DROP TABLE ghosts", Dialect::Postgres);
    let (index, _) = facts("CREATE INDEX o_t ON orders (total)", Dialect::Postgres);
    let schema = baseline(&["CREATE TABLE orders (id int, total numeric)"]);
    let refused = schema.refusals(&drop, &label);
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].reason,
        "table \"ghosts\" does not exist: the schema model holds the whole schema and has no such object"
    );
    assert!(schema.refusals(&index, &label).is_empty());
    let opaque = baseline(&["CREATE TABLE orders (id int)", "DO $$ BEGIN NULL; END $$"]);
    assert!(opaque.refusals(&drop, &label).is_empty());
}
