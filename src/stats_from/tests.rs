use std::time::{Duration, SystemTime};

use super::*;

#[test]
fn urls_parse_and_display_without_the_password() {
    let t = Target::parse("postgresql://read%40only:p%3Ass@db.example:6543/app").expect("parses");
    assert_eq!(t.family, Family::Postgres);
    assert_eq!(t.user.as_deref(), Some("read@only"));
    assert_eq!(t.password.as_ref().map(Secret::expose), Some("p:ss"));
    assert_eq!(t.host, "db.example");
    assert_eq!(t.port, 6543);
    assert_eq!(t.database.as_deref(), Some("app"));
    assert_eq!(t.display(), "postgresql://read%40only@db.example:6543/app");
    assert!(
        !format!("{t:?}").contains("p:ss"),
        "Debug hides the password"
    );

    let t = Target::parse("mariadb://root@127.0.0.1/shop").expect("parses");
    assert_eq!((t.family, t.port), (Family::Mysql, 3306));
    let t = Target::parse("postgres:///app?host=/run/postgresql&password=x").expect("parses");
    assert_eq!(t.host, "/run/postgresql");
    assert_eq!(t.display(), "postgresql://:5432/app?host=/run/postgresql");
}

#[test]
fn unsupported_urls_are_errors_that_do_not_repeat_them() {
    let e = Target::parse("oracle://u:hunter22@h/db").expect_err("scheme");
    assert!(
        e.message
            .contains("unsupported database URL scheme `oracle://`")
    );
    assert!(!e.message.contains("hunter22"));
    let e = Target::parse("db.example:5432").expect_err("no scheme");
    assert!(e.message.contains("not a database URL"), "{}", e.message);
    let e = Target::parse("postgres://u:hunter22@h/db?sslmode=require").expect_err("tls");
    assert!(e.message.contains("without TLS"), "{}", e.message);
    assert!(!e.message.contains("hunter22"));
    let e = Target::parse("postgres://u:hunter22@h/db?options=x").expect_err("param");
    assert!(e.message.contains("unknown URL parameter `options`"));
}

#[test]
fn scrub_removes_the_password_raw_and_encoded() {
    let p = Secret("s3cr:t!".to_string());
    assert_eq!(
        scrub("bad s3cr:t! and s3cr%3At%21", Some(&p)),
        "bad *** and ***"
    );
    assert_eq!(scrub("nothing", None), "nothing");
}

#[test]
fn the_password_file_is_read_as_libpq_does() {
    let target = |host: &str, db: &str| Target {
        family: Family::Postgres,
        user: Some("app".into()),
        password: None,
        host: host.into(),
        port: 5432,
        database: Some(db.into()),
    };
    let file = "# comment\nother:5432:*:app:no\ndb:5432:*:app:pa\\:ss\\\\word\n*:*:*:*:fallback\n";
    assert_eq!(
        pgpass::find(file, &target("db", "x")).as_deref(),
        Some("pa:ss\\word")
    );
    assert_eq!(
        pgpass::find(file, &target("elsewhere", "x")).as_deref(),
        Some("fallback")
    );
    assert_eq!(
        pgpass::find(
            "localhost:5432:app:app:sock\n",
            &target("/run/postgresql", "app")
        )
        .as_deref(),
        Some("sock"),
        "a socket folder matches `localhost`"
    );
}

#[test]
fn the_rendered_file_is_what_stats_reads() {
    let mut tables = BTreeMap::new();
    let mut orders = TableSnapshot::default();
    orders.stats.rows = Some(1000);
    orders.stats.bytes = Some(73_728);
    orders.stats.indexes_bytes = Some(40_960);
    orders.stats.columns.insert(
        "note".into(),
        crate::impact::stats::ColumnStats {
            null_fraction: Some(0.25),
            distinct: Some(-0.75),
        },
    );
    tables.insert("public.orders".to_string(), orders);
    tables.insert(
        "public.fresh".to_string(),
        TableSnapshot {
            never_analyzed: true,
            stats: TableStats {
                bytes: Some(0),
                ..TableStats::default()
            },
        },
    );
    let snapshot = Snapshot {
        source: "postgresql://ro@db:5432/app".into(),
        server_version: "16.2 (Debian 16.2-1)".into(),
        tables,
        catalog: "pg_class",
        notes: Vec::new(),
    };
    let taken = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let text = render(&snapshot, taken);
    assert!(
        text.starts_with(
            "# schemagate stats: table sizes of postgresql://ro@db:5432/app\n# taken 2023-11-14T22:13:20Z"
        ),
        "{text}"
    );
    assert!(text.contains("rows: null  # never analyzed"), "{text}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("stats.yaml");
    std::fs::write(&path, &text).expect("write");
    let stats = crate::impact::stats::Stats::load(&path).expect("loads");
    assert_eq!(
        stats.server_version,
        Some(crate::dialect::DbVersion(vec![16, 2]))
    );
    let table = crate::catalog::TableState {
        schema: Some("public".into()),
        name: "orders".into(),
        ..Default::default()
    };
    let found = stats
        .table(&table, crate::dialect::Dialect::Postgres)
        .expect("listed");
    assert_eq!(found.rows, Some(1000));
    assert_eq!(found.columns["note"].null_fraction, Some(0.25));
    let fresh = crate::catalog::TableState {
        name: "fresh".into(),
        ..table
    };
    let fresh = stats
        .table(&fresh, crate::dialect::Dialect::Postgres)
        .expect("listed");
    assert_eq!(fresh.rows, None, "never analyzed: unknown, not 0");
}

#[test]
fn timestamps_are_utc_calendar_dates() {
    let at = |s| utc_timestamp(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
    assert_eq!(at(0), "1970-01-01T00:00:00Z");
    assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59Z");
}
