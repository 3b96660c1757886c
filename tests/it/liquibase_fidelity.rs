//! The SQL we judge is the SQL Liquibase runs (issue 13): changelogs under
//! `tests/fixtures/liquibase/fidelity/<case>/`, each beside what Liquibase
//! 4.28 itself printed for it (`<changelog>.<database>[.<flags>].sql`,
//! written by `lb-offline-sql --db <database> <changelog> [flags] | grep -v
//! DATABASECHANGELOG`), run through the binary as a user runs it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::run;

const FIXTURES: &str = "tests/fixtures/liquibase/fidelity";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(rel)
}

/// The statements of `phase` (`forward`, `rollback`) of every changeset
/// `schemagate input` gives for `changelog` on `dialect`, with `flags`.
fn ours(changelog: &str, dialect: &str, flags: &[&str], phase: &str) -> Vec<String> {
    let path = fixture(changelog);
    let path = path.to_string_lossy();
    let mut args = vec!["input", "--no-config", "--dialect", dialect, &path];
    args.extend_from_slice(flags);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs: Vec<Value> = serde_json::from_str(&out.stdout).expect("a JSON array");
    docs.iter()
        .flat_map(|d| d["statements"].as_array().cloned().unwrap_or_default())
        .filter(|s| s["phase"] == phase)
        .map(|s| spaced(s["sql"].as_str().unwrap_or_default()))
        .collect()
}

/// The statements of Liquibase's output beside the changelog, without its
/// SQL Server `GO` lines (none of these fixtures holds a `;` inside a
/// statement).
fn liquibase(expected: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture(expected)).expect("Liquibase's output");
    let text: Vec<&str> = text.lines().filter(|l| l.trim() != "GO").collect();
    text.join("\n")
        .split(';')
        .map(spaced)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whitespace runs as one space: Liquibase writes `ALTER COLUMN  c`.
fn spaced(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Our forward statements equal Liquibase's for `changelog` on each
/// `(liquibase database, our dialect)`.
fn agrees(changelog: &str, targets: &[(&str, &str)], flags: &[&str]) {
    for (db, dialect) in targets {
        let suffix: String = flags
            .iter()
            .map(|f| format!(".{}", f.trim_start_matches("--").replace(' ', "=")))
            .collect();
        let expected = liquibase(&format!("{changelog}.{db}{suffix}.sql"));
        assert_eq!(
            ours(changelog, dialect, flags, "forward"),
            expected,
            "{changelog} on {db} {flags:?}"
        );
    }
}

const PG_MYSQL: &[(&str, &str)] = &[("postgresql", "postgres"), ("mysql", "mysql")];

#[test]
fn modify_sql_edits_every_statement_as_liquibase_does() {
    // append / prepend / replace / regExpReplace, each block's dbms and
    // context, a raw sql change split into statements, XML and YAML
    agrees("modify_sql/changelog.xml", PG_MYSQL, &[]);
    agrees("modify_sql/changelog.yaml", PG_MYSQL, &[]);
    agrees(
        "modify_sql/changelog.xml",
        &[("postgresql", "postgres")],
        &["--contexts=now"],
    );
}

#[test]
fn modify_sql_reaches_the_rollback_only_when_asked() {
    // Liquibase's `rollback-count-sql --count=1` prints `DROP INDEX t_uu`:
    // the applyToRollback replace, not the prepend
    let rollback = ours("modify_sql/changelog.xml", "postgres", &[], "rollback");
    assert_eq!(rollback.last().map(String::as_str), Some("DROP INDEX t_uu"));
    assert!(rollback.iter().all(|s| !s.contains("t_w")), "{rollback:?}");
}

#[test]
fn computed_index_columns_are_written_as_expressions() {
    // `valueComputed` is not read; a name holding `(` is an expression
    // unless `computed="false"`, `computed="true"` always is one
    agrees(
        "computed_index/changelog.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("oracle", "oracle"),
        ],
        &[],
    );
}

#[test]
fn add_not_null_constraint_updates_the_nulls_first() {
    // blank, empty and numeric values are string literals; a boolean
    // column's is the database's boolean; `null` updates nothing
    agrees(
        "not_null_default/changelog.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("mssql", "sqlserver"),
        ],
        &[],
    );
    agrees("not_null_default/changelog.yaml", PG_MYSQL, &[]);
}

/// Every database Liquibase's output is kept for, with our dialect.
const ALL: &[(&str, &str)] = &[
    ("postgresql", "postgres"),
    ("mysql", "mysql"),
    ("mariadb", "mariadb"),
    ("mssql", "sqlserver"),
    ("oracle", "oracle"),
];

#[test]
fn uuid_is_char_36_on_mysql() {
    agrees("types/uuid.xml", ALL, &[]);
}

#[test]
fn default_value_numeric_goes_through_the_column_type() {
    // PostgreSQL's BOOLEAN DEFAULT FALSE (not 0, which it refuses), a text
    // column's '5', a decimal's 0.000000 read as 0
    agrees(
        "types/default_numeric.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("mssql", "sqlserver"),
        ],
        &[],
    );
}

#[test]
fn computed_defaults_name_the_databases_own_clock() {
    // current_timestamp() is NOW() on PostgreSQL and MySQL (NOW(3) keeps a
    // precision there), GETDATE() on SQL Server, SYSTIMESTAMP on Oracle;
    // MySQL's addDefaultValue keeps it as written
    agrees("types/default_computed.xml", ALL, &[]);
}

#[test]
fn generated_primary_key_names_are_cut_only_where_liquibase_cuts_them() {
    // PK_ACCOUNT_TRANSFER_STANDING_INSTRUCTIONS on MySQL, MariaDB and SQL
    // Server; 30 characters on Oracle
    agrees("names/primary_key.xml", ALL, &[]);
}

#[test]
fn drop_table_cascade_is_written_only_where_liquibase_writes_it() {
    // no CASCADE on MySQL, MariaDB and SQL Server; CASCADE CONSTRAINTS on
    // Oracle
    agrees("drop_table/cascade.xml", ALL, &[]);
}

#[test]
fn date_values_that_are_not_dates_are_written_as_is() {
    // defaultValueDate: '"RESOURCE"' is DEFAULT "RESOURCE" (Keycloak), an
    // ISO date-time each database's literal of it
    let targets = &[
        ("postgresql", "postgres"),
        ("mysql", "mysql"),
        ("mssql", "sqlserver"),
        ("oracle", "oracle"),
    ];
    agrees("types/default_date.xml", targets, &[]);
    agrees("types/default_date.yml", targets, &[]);
}

/// `schemagate check --format json` on a fixture (a path relative to the
/// repository): its exit code and `file:line:column: message` of each
/// input error.
fn refusals(changelog: &str, dialect: &str, flags: &[&str]) -> (i32, Vec<String>) {
    let path = format!("{FIXTURES}/{changelog}");
    let mut args = vec![
        "check",
        "--no-config",
        "--format",
        "json",
        "--dialect",
        dialect,
    ];
    args.push(&path);
    args.extend_from_slice(flags);
    let out = run(&args);
    let report: Value = serde_json::from_str(&out.stdout).expect("a JSON report");
    let errors = report["errors"].as_array().cloned().unwrap_or_default();
    let errors = errors
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}: {}",
                e["file"].as_str().unwrap_or_default(),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    (out.code, errors)
}

/// The reason Liquibase printed when it refused `changelog` (its
/// `<changelog>.<database>.err` beside it), without the changeset name.
fn liquibase_reason(file: &str) -> String {
    let text = std::fs::read_to_string(fixture(file)).expect("Liquibase's error");
    let line = text.lines().next().unwrap_or_default().trim();
    line.split(',').next().unwrap_or_default().to_string()
}

#[test]
fn placing_a_column_where_the_database_cannot_is_refused() {
    let reason = liquibase_reason("refusals/after_column.yml.postgresql.err");
    assert_eq!(reason, "addAfterColumn is not allowed on postgresql");
    let (code, errors) = refusals("refusals/after_column.yml", "postgres", &[]);
    assert_eq!(code, 2, "{errors:?}");
    assert_eq!(
        errors,
        [format!(
            "{FIXTURES}/refusals/after_column.yml:13:59: addColumn: {reason} \
             (Liquibase refuses the changeset)"
        )]
    );
    // MySQL places it: `ADD b INT NULL AFTER id`
    agrees("refusals/after_column.yml", &[("mysql", "mysql")], &[]);
}

#[test]
fn duplicate_identifiers_that_differ_only_by_context_are_refused() {
    // Liquibase: "1 changesets had duplicate identifiers
    // duplicate_by_context.xml::1::t" without --contexts, on every database
    let text = std::fs::read_to_string(fixture("refusals/duplicate_by_context.xml.postgresql.err"))
        .expect("Liquibase's error");
    assert!(text.contains("duplicate_by_context.xml::1::t"), "{text}");
    let (code, errors) = refusals("refusals/duplicate_by_context.xml", "postgres", &[]);
    assert_eq!(code, 2, "{errors:?}");
    assert_eq!(
        errors,
        [format!(
            "{FIXTURES}/refusals/duplicate_by_context.xml:4:3: duplicate changeset \
             duplicate_by_context.xml::1::t (first declared at \
             {FIXTURES}/refusals/duplicate_by_context.xml:3:3); Liquibase refuses it: \
             changesets had duplicate identifiers"
        )]
    );
    // a context picks one of them: no duplicate, Liquibase runs it
    agrees(
        "refusals/duplicate_by_context.xml",
        &[("postgresql", "postgres")],
        &["--contexts=mysql"],
    );
}

#[test]
fn dbms_on_a_change_filters_only_the_change_types_liquibase_filters() {
    // Liquibase 4.28 reads `dbms` only on sql, sqlFile, insert and
    // createProcedure (DbmsTargetedChange): Spinnaker orca's createIndex
    // with dbms: mysql is created on PostgreSQL, the DELETE is not run
    agrees("dbms_on_change/changelog.yml", PG_MYSQL, &[]);
    let path = format!("{FIXTURES}/dbms_on_change/changelog.yml");
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--dialect",
        "postgres",
        &path,
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("a JSON report");
    let found: Vec<String> = report["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["file"].as_str().unwrap_or_default(),
                f["line"],
                f["rule"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        found.contains(&format!("{path}:6 require-concurrent-index-creation")),
        "{found:?}"
    );
}

#[test]
fn update_sets_its_columns_in_name_order() {
    // UpdateStatement's SortedMap: SET b = 'x', c = 2, id = '1'
    agrees("minor/update_order.xml", PG_MYSQL, &[]);
}

#[test]
fn mysql_drops_several_columns_in_one_statement_as_liquibase_writes_it() {
    // `ALTER TABLE t DROP b, DROP c` (Spinnaker keel)
    agrees(
        "minor/drop_columns.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("mariadb", "mariadb"),
        ],
        &[],
    );
}

#[test]
fn insert_and_update_values_are_strings_whatever_the_column_type() {
    // SET a = '1', b = 'true'; now() stays a call where it is the
    // database's clock (PostgreSQL, MySQL), a string on SQL Server
    agrees(
        "minor/values_quoted.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("mssql", "sqlserver"),
        ],
        &[],
    );
}

#[test]
fn on_validation_fail_mark_ran_skips_a_refused_changeset() {
    // Liquibase prints only the CREATE TABLE: changeset 2 is marked ran
    agrees(
        "refusals/after_column_mark_ran.yml",
        &[("postgresql", "postgres")],
        &[],
    );
    let path = fixture("refusals/after_column_mark_ran.yml");
    let path = path.to_string_lossy();
    let out = run(&["input", "--no-config", "--dialect", "postgres", &path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs: Vec<Value> = serde_json::from_str(&out.stdout).expect("a JSON array");
    let marked: Vec<(String, bool)> = docs
        .iter()
        .map(|d| {
            let cs = &d["changeset"];
            let id = cs["id"].as_str().unwrap_or_default().to_string();
            (id, cs["marked_ran"] == true)
        })
        .collect();
    assert_eq!(marked, [("1".to_string(), false), ("2".to_string(), true)]);
}

#[test]
fn preconditions_that_mark_ran_keep_the_changeset_without_statements() {
    // Liquibase (its DATABASECHANGELOG beside the changelog): 1 EXECUTED,
    // 2 MARK_RAN, 3 not recorded (onFail CONTINUE), 4 EXECUTED
    agrees(
        "preconditions/mark_ran.xml",
        &[("postgresql", "postgres")],
        &[],
    );
    let history =
        std::fs::read_to_string(fixture("preconditions/mark_ran.xml.postgresql.history.csv"))
            .expect("Liquibase's history");
    let expected: Vec<(String, bool)> = history
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').map(|c| c.trim_matches('"')).collect();
            (cells[0].to_string(), cells[3] == "MARK_RAN")
        })
        .collect();
    let path = fixture("preconditions/mark_ran.xml");
    let path = path.to_string_lossy();
    let out = run(&["input", "--no-config", "--dialect", "postgres", &path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs: Vec<Value> = serde_json::from_str(&out.stdout).expect("a JSON array");
    let ours: Vec<(String, bool)> = docs
        .iter()
        .map(|d| {
            let cs = &d["changeset"];
            let id = cs["id"].as_str().unwrap_or_default().to_string();
            (id, cs["marked_ran"] == true)
        })
        .collect();
    assert_eq!(ours, expected);
    let marked = docs
        .iter()
        .find(|d| d["changeset"]["id"] == "2")
        .expect("changeset 2");
    assert_eq!(marked["statements"], serde_json::json!([]), "{marked}");
}

#[test]
fn booleans_are_tinyint_1_on_mariadb() {
    // Keycloak's boolean columns: TINYINT(1) on MariaDB, TINYINT on MySQL
    agrees(
        "types/boolean.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("mariadb", "mariadb"),
        ],
        &[],
    );
}

#[test]
fn period_is_quoted_on_mariadb_only() {
    // Keycloak's CREDENTIAL.PERIOD: MariaDB 10.11 refuses it unquoted
    agrees(
        "names/reserved.xml",
        &[
            ("postgresql", "postgres"),
            ("mysql", "mysql"),
            ("mariadb", "mariadb"),
        ],
        &[],
    );
}

#[test]
fn unknown_types_are_upper_case_and_empty_remarks_a_mysql_comment() {
    // clouddriver's `json` (its modifySql `replace json with jsonb` finds
    // nothing in Liquibase's `JSON`); Fineract's `remarks=""`
    agrees("types/unknown.xml", PG_MYSQL, &[]);
}

#[test]
fn remove_change_set_property_takes_after_column_off_where_it_says() {
    // Spinnaker orca: no AFTER on PostgreSQL (which would refuse it), kept
    // on MySQL
    agrees("remove_property/changelog.yml", PG_MYSQL, &[]);
}
