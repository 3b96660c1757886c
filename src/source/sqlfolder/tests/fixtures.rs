//! Small folders under `tests/fixtures/folders/`, one per layout, with the
//! exact order, ids, roles, transaction modes, rollbacks and spans asserted.

use std::path::{Path, PathBuf};

use crate::error::ProblemAt;
use crate::source::{
    Change, ChangeBody, Changelog, Changeset, ChangesetRole, LoadOptions, RollbackKind,
    SourceFormat, TransactionMode,
};
use crate::span::{MappedText, SourceMap};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/folders")
        .join(case)
}

fn load_with(case: &str, opts: &LoadOptions) -> (Changelog, SourceMap) {
    let mut sources = SourceMap::default();
    let log = super::super::load(&fixture(case), opts, &mut sources);
    (log, sources)
}

fn load(case: &str) -> (Changelog, SourceMap) {
    load_with(case, &LoadOptions::default())
}

fn text(change: &Change) -> &MappedText {
    match &change.body {
        ChangeBody::Sql { text, .. } => text,
        ChangeBody::Node(_) => panic!("expected SQL"),
    }
}

fn sql(cs: &Changeset) -> &str {
    &text(&cs.changes[0]).text
}

fn ids(log: &Changelog) -> Vec<&str> {
    log.changesets.iter().map(|c| c.id.as_str()).collect()
}

fn find<'a>(log: &'a Changelog, id: &str) -> &'a Changeset {
    log.changesets
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no changeset {id}"))
}

/// Problems as `file name:line:column message`.
fn problems(log: &Changelog, sources: &SourceMap) -> Vec<String> {
    log.problems
        .iter()
        .map(|p| {
            let (file, line, col) = p.position(sources);
            let name = file.rsplit('/').next().unwrap_or("").to_string();
            format!("{name}:{line}:{col} {}", p.message)
        })
        .collect()
}

/// The file bytes a span of derived text points at.
fn source_of<'a>(sources: &'a SourceMap, t: &MappedText, range: std::ops::Range<usize>) -> &'a str {
    let span = t.span(range);
    &sources.get(span.file).text[span.range()]
}

#[test]
fn flyway_orders_versions_then_repeatables() {
    let (log, sources) = load("flyway");
    assert_eq!(problems(&log, &sources), Vec::<String>::new());
    assert_eq!(log.format, Some(SourceFormat::Flyway));
    // 1.10 after 1.9, a subfolder's script in version order, repeatables by
    // description after all versioned ones; U1_2 and afterMigrate.sql are not
    // forward changes
    assert_eq!(
        ids(&log),
        [
            "1",
            "1.2",
            "1.9",
            "1.10",
            "2",
            "R__a_functions.sql",
            "R__b_views.sql"
        ]
    );
    let roles: Vec<_> = log.changesets.iter().map(|c| c.role).collect();
    use ChangesetRole::*;
    assert_eq!(
        roles,
        [
            Versioned, Versioned, Versioned, Versioned, Versioned, Repeatable, Repeatable
        ]
    );
    let tx: Vec<_> = log.changesets.iter().map(|c| c.transaction).collect();
    use TransactionMode::{Implicit, None as NoTx};
    assert_eq!(
        tx,
        [
            Implicit, Implicit, Implicit, Implicit, NoTx, Implicit, Implicit
        ]
    );

    let orders = find(&log, "1.2");
    assert_eq!(orders.version.as_deref(), Some("1.2"));
    assert_eq!(orders.description.as_deref(), Some("add orders table"));
    assert_eq!(orders.rollback.kind, RollbackKind::Explicit);
    assert_eq!(
        text(&orders.rollback.changes[0]).text,
        "DROP TABLE app_data.orders;\n"
    );
    assert_eq!(orders.attributes["undo_file"], "U1_2__add_orders_table.sql");
    assert_eq!(find(&log, "1").rollback.kind, RollbackKind::None);

    let sub = find(&log, "1.9");
    assert_eq!(sub.attributes["path"], "sub/V1.9__in_subfolder.sql");
    let conc = find(&log, "2");
    assert_eq!(
        conc.attributes["conf"],
        serde_json::json!({"executeInTransaction": "false"})
    );
    let views = find(&log, "R__b_views.sql");
    assert_eq!(views.description.as_deref(), Some("b views"));
    assert_eq!(views.version, None);
}

#[test]
fn flyway_placeholders_substitute_and_map_back() {
    let mut opts = LoadOptions::default();
    // the command line wins over flyway.conf
    opts.placeholders.insert("owner".into(), "cli_owner".into());
    let (log, sources) = load_with("flyway", &opts);
    assert!(log.problems.is_empty());

    let users = find(&log, "1");
    let t = text(&users.changes[0]);
    assert_eq!(
        t.text,
        "-- users\nCREATE TABLE app_data.users (id bigint PRIMARY KEY);\n"
    );
    let at = t.text.find("app_data").expect("substituted value");
    assert_eq!(
        source_of(&sources, t, at..at + "app_data".len()),
        "${schema}"
    );
    // a finding on part of the value still points at the whole placeholder
    assert_eq!(source_of(&sources, t, at + 2..at + 4), "${schema}");
    // text after the placeholder maps byte for byte
    let after = t.text.find(".users").expect("verbatim text");
    assert_eq!(source_of(&sources, t, after..after + 6), ".users");
    let span = t.span(after..after + 6);
    assert_eq!(sources.locate(span).line, 2);
    assert_eq!(
        sources.locate(span).column,
        "CREATE TABLE ${schema}".len() + 1
    );

    assert_eq!(
        sql(find(&log, "1.2")),
        "CREATE TABLE app_data.orders (id bigint, user_id bigint);\nALTER TABLE app_data.orders OWNER TO cli_owner;\n"
    );
    // Flyway's built-ins: defaultSchema and table from the config, the file
    // name; the run-time timestamp stays as written
    assert_eq!(
        sql(find(&log, "1.10")),
        "ALTER TABLE public.users ADD COLUMN email text;\n"
    );
    assert_eq!(
        sql(find(&log, "1.9")),
        "INSERT INTO flyway_schema_history_audit VALUES ('V1.9__in_subfolder.sql', '${flyway:timestamp}');\n"
    );
}

#[test]
fn flyway_problems_have_positions() {
    let (log, sources) = load("flyway_unknown");
    assert_eq!(
        problems(&log, &sources),
        [
            "V1__x.sql:2:18 no value for placeholder `missing` (Flyway fails on it): pass --placeholder missing=VALUE or set flyway.placeholders.missing",
            "V2__y.sql.conf:1:1 `executeInTransaction` must be true or false, not `maybe`",
            "U3__orphan.sql:1:1 undo script U3__orphan.sql has no versioned migration with version 3",
        ]
    );
    // the script is still read, its placeholder left as written
    assert_eq!(ids(&log), ["1", "2"]);
    assert_eq!(
        sql(find(&log, "1")),
        "CREATE TABLE t (\n  id int DEFAULT ${missing}\n);\n"
    );
    // an invalid value does not switch the transaction off
    assert_eq!(find(&log, "2").transaction, TransactionMode::Implicit);
}

#[test]
fn flyway_toml_config() {
    let (log, sources) = load("flyway_toml");
    assert_eq!(problems(&log, &sources), Vec::<String>::new());
    assert_eq!(
        sql(find(&log, "1")),
        "GRANT USAGE ON SCHEMA toml_schema TO deployer; -- shop\n"
    );
}

#[test]
fn golang_migrate_pairs_down_scripts_as_rollbacks() {
    let (log, sources) = load("golang");
    assert!(log.problems.is_empty(), "{:?}", problems(&log, &sources));
    assert_eq!(log.format, Some(SourceFormat::GolangMigrate));
    assert_eq!(ids(&log), ["001", "2", "3", "10"]);
    assert!(
        log.changesets
            .iter()
            .all(|c| c.transaction == TransactionMode::Implicit)
    );
    let rb: Vec<_> = log.changesets.iter().map(|c| c.rollback.kind).collect();
    assert_eq!(
        rb,
        [
            RollbackKind::Explicit,
            RollbackKind::None,
            RollbackKind::Explicit,
            RollbackKind::Explicit,
        ]
    );
    // golang-migrate pairs by version: a misspelt down name still belongs
    let renamed = find(&log, "3");
    assert_eq!(renamed.attributes["down_file"], "3_drop_join_id.down.sql");
    let late = find(&log, "10");
    assert_eq!(text(&late.rollback.changes[0]).text, "DROP INDEX a_b;\n");
    assert_eq!(late.attributes["down_file"], "10_late.down.sql");
    assert_eq!(late.description.as_deref(), Some("late"));
    assert_eq!(sql(late), "CREATE INDEX a_b ON a (b);\n");
}

#[test]
fn sqlx_simple_and_reversible() {
    let (log, _) = load("sqlx");
    assert!(log.problems.is_empty());
    assert_eq!(log.format, Some(SourceFormat::Sqlx));
    assert_eq!(
        ids(&log),
        ["20231231000000", "20240101000000", "20240102000000"]
    );
    let tx: Vec<_> = log.changesets.iter().map(|c| c.transaction).collect();
    assert_eq!(
        tx,
        [
            TransactionMode::Implicit,
            TransactionMode::None,
            TransactionMode::Implicit
        ]
    );
    assert_eq!(
        text(&find(&log, "20240102000000").rollback.changes[0]).text,
        "DROP TABLE s;\n"
    );
}

#[test]
fn dbmate_sections_keep_file_offsets() {
    let (log, sources) = load("dbmate");
    assert_eq!(log.format, Some(SourceFormat::Dbmate));
    // dbmate refuses a migration without an up section
    assert_eq!(
        problems(&log, &sources),
        [
            "20240103000000_no_markers.sql:1:1 20240103000000_no_markers.sql has no `-- migrate:up` section (dbmate requires one)"
        ]
    );
    assert_eq!(ids(&log), ["20240101000000", "20240102000000"]);

    let create = find(&log, "20240101000000");
    let change = &create.changes[0];
    let t = text(change);
    assert_eq!(t.text, "CREATE TABLE d (id int);\n\n");
    // the section starts after the marker line
    assert_eq!(change.span.start, "-- migrate:up\n".len());
    assert_eq!(
        &sources.get(change.span.file).text[change.span.range()],
        t.text
    );
    let table = t.text.find("d (").expect("table name");
    let loc = sources.locate(t.span(table..table + 1));
    assert_eq!((loc.line, loc.column), (2, 14));
    assert_eq!(create.span.start, 0);
    assert_eq!(create.transaction, TransactionMode::Implicit);
    let down = &create.rollback.changes[0];
    assert_eq!(text(down).text, "DROP TABLE d;\n");
    assert_eq!(sources.locate(down.span).line, 5);

    let index = find(&log, "20240102000000");
    assert_eq!(index.transaction, TransactionMode::None);
    assert_eq!(sql(index), "CREATE INDEX CONCURRENTLY d_id ON d (id);\n");
}

#[test]
fn diesel_directories() {
    let (log, _) = load("diesel");
    assert!(log.problems.is_empty());
    assert_eq!(log.format, Some(SourceFormat::Diesel));
    assert_eq!(
        ids(&log),
        ["20240101000000", "20240102000000", "20240103000000"]
    );
    let tx: Vec<_> = log.changesets.iter().map(|c| c.transaction).collect();
    assert_eq!(
        tx,
        [
            TransactionMode::Implicit,
            TransactionMode::None,
            TransactionMode::Implicit
        ]
    );
    let rb: Vec<_> = log.changesets.iter().map(|c| c.rollback.kind).collect();
    assert_eq!(
        rb,
        [
            RollbackKind::Explicit,
            RollbackKind::Explicit,
            RollbackKind::None
        ]
    );
    assert_eq!(
        log.changesets[0].description.as_deref(),
        Some("create users")
    );
    assert_eq!(
        log.changesets[0].attributes["path"],
        "2024-01-01-000000_create_users/up.sql"
    );
}

#[test]
fn plain_folder_in_natural_order() {
    let (log, sources) = load("plain");
    assert!(log.problems.is_empty());
    assert_eq!(log.format, Some(SourceFormat::PlainFolder));
    assert_eq!(ids(&log), ["2_x.sql", "10_x.sql", "sub/1_a.sql"]);
    assert!(
        log.changesets
            .iter()
            .all(|c| c.transaction == TransactionMode::None)
    );
    // the byte order mark is not SQL, but spans still count it
    let t = text(&log.changesets[0].changes[0]);
    assert_eq!(t.text, "SELECT 2;\n");
    assert_eq!(t.span(0..6).start, 3);
    assert_eq!(source_of(&sources, t, 0..6), "SELECT");
}

#[test]
fn non_utf8_file_is_a_problem_and_the_rest_loads() {
    let (log, _) = load("bad_utf8");
    assert_eq!(ids(&log), ["1_ok.sql"]);
    assert_eq!(log.problems.len(), 1);
    let p = &log.problems[0];
    match &p.at {
        ProblemAt::Path { path, line, column } => {
            assert!(path.ends_with("2_bad.sql"));
            assert_eq!((*line, *column), (2, 12));
        }
        other => panic!("expected a path, got {other:?}"),
    }
    assert!(p.message.contains("2_bad.sql") && p.message.contains("UTF-8"));
}

#[test]
fn single_files() {
    let mut sources = SourceMap::default();
    let opts = LoadOptions::default();
    let log = super::super::load(&fixture("single/V3__one.sql"), &opts, &mut sources);
    // read as the folder would read it: a Flyway migration
    assert_eq!(log.format, Some(SourceFormat::Flyway));
    assert!(log.problems.is_empty());
    assert_eq!(ids(&log), ["V3__one.sql"]);
    // recognisably a Flyway migration: Flyway's transaction and version
    assert_eq!(log.changesets[0].transaction, TransactionMode::Implicit);
    assert_eq!(log.changesets[0].version.as_deref(), Some("3"));

    let log = super::super::load(&fixture("single/script.sql"), &opts, &mut sources);
    assert_eq!(log.format, Some(SourceFormat::SqlFile));
    assert_eq!(ids(&log), ["script.sql"]);
    assert_eq!(log.changesets[0].transaction, TransactionMode::None);
    assert_eq!(sql(&log.changesets[0]), "SELECT 1;\n");

    // a lone down script is still read, with no complaint about its up script
    let log = super::super::load(&fixture("single/001_one.down.sql"), &opts, &mut sources);
    assert!(log.problems.is_empty());
    assert_eq!(ids(&log), ["001_one.down.sql"]);
    assert_eq!(sql(&log.changesets[0]), "DROP TABLE one;\n");

    // an up script given alone is paired with the down script beside it
    let log = super::super::load(&fixture("single/001_one.up.sql"), &opts, &mut sources);
    assert!(log.problems.is_empty());
    assert_eq!(log.format, Some(SourceFormat::GolangMigrate));
    assert_eq!(ids(&log), ["001_one.up.sql"]);
    assert_eq!(log.changesets[0].rollback.kind, RollbackKind::Explicit);

    let log = super::super::load(&fixture("single/U3__one.sql"), &opts, &mut sources);
    assert!(log.problems.is_empty());
    assert_eq!(log.changesets[0].transaction, TransactionMode::None);

    let log = super::super::load(&fixture("single/absent.sql"), &opts, &mut sources);
    assert!(log.changesets.is_empty());
    assert_eq!(log.problems.len(), 1);
}

#[test]
fn flyway_locations_split_on_clashing_versions() {
    let (log, sources) = load("flyway_locations");
    // app/ and app/nested/ are one location (Flyway recurses); scheduler/
    // reuses version 1, so it is a location of its own, after app/
    // equal versions keep natural path order
    assert_eq!(ids(&log), ["1", "1.1", "1", "01"]);
    let paths: Vec<_> = log
        .changesets
        .iter()
        .map(|c| {
            c.attributes["path"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "app/V1__create.sql",
            "app/nested/V1.1__alter.sql",
            "scheduler/V1__create.sql",
            "scheduler/V01__duplicate.sql",
        ]
    );
    // the same version twice in one folder is Flyway's own error
    assert_eq!(
        problems(&log, &sources),
        [
            "V01__duplicate.sql:1:1 more than one Flyway migration with version 1: scheduler/V1__create.sql and scheduler/V01__duplicate.sql"
        ]
    );
}

#[test]
fn flyway_placeholder_replacement_off_and_duplicate_repeatables() {
    let (log, sources) = load("flyway_noreplace");
    assert_eq!(
        problems(&log, &sources),
        [
            "R__a_b.sql:1:1 more than one Flyway repeatable migration with description `a b`: R__a b.sql and R__a_b.sql"
        ]
    );
    assert_eq!(sql(find(&log, "1")), "SELECT '${not_a_placeholder}';\n");
}

#[test]
fn forced_format_overrides_detection() {
    let opts = LoadOptions {
        format: Some(SourceFormat::Sqlx),
        ..LoadOptions::default()
    };
    let (log, _) = load_with("plain", &opts);
    assert_eq!(log.format, Some(SourceFormat::Sqlx));
    // each folder is its own sqlx set: the top folder, then sub/
    assert_eq!(ids(&log), ["2", "10", "1"]);
    assert!(
        log.changesets
            .iter()
            .all(|c| c.transaction == TransactionMode::Implicit)
    );
}

#[test]
fn folder_without_sql_is_a_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("README.md"), "# nothing here\n").expect("write");
    // hidden folders are not migrations either
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::write(dir.path().join(".git/V1__x.sql"), "SELECT 1;\n").expect("write");
    let mut sources = SourceMap::default();
    let log = super::super::load(dir.path(), &LoadOptions::default(), &mut sources);
    assert_eq!(log.format, Some(SourceFormat::PlainFolder));
    assert!(log.changesets.is_empty());
    assert_eq!(log.problems.len(), 1);
    assert!(
        log.problems[0]
            .message
            .starts_with("no .sql files found in ")
    );
}
