//! `schemagate stats --from URL`: a stats file from a live database.
//!
//! The tests against real servers are behind `--features live-db`; they
//! read `SCHEMAGATE_TEST_PG_URL` and `SCHEMAGATE_TEST_MYSQL_URL` (set by
//! `.ci/db-servers.sh`, which starts throwaway servers) and fail when one
//! is missing. The others need no server.

use std::path::Path;

use crate::common::Run;

/// Runs the binary in `dir` with extra environment variables (and none of
/// the caller's database passwords).
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_schemagate"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SCHEMAGATE_ENV")
        .env_remove("PGPASSWORD")
        .env_remove("MYSQL_PWD")
        .env("PGPASSFILE", dir.join("no-such-pgpass"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn assert_secret_kept(run: &Run, secret: &str) {
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "the password was printed:\n{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn an_unsupported_scheme_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_env(
        dir.path(),
        &["stats", "--from", "sqlserver://sa:Hunter2Secret@db/app"],
        &[],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("unsupported database URL scheme `sqlserver://`"),
        "{}",
        run.stderr
    );
    assert_secret_kept(&run, "Hunter2Secret");
}

#[test]
fn an_unreachable_server_is_exit_2_without_the_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    // port 1 on loopback: nothing listens there
    for url in [
        "postgres://app:Unreachable-Pw-8812@127.0.0.1:1/app",
        "mysql://app:Unreachable-Pw-8812@127.0.0.1:1/app",
    ] {
        let run = run_env(dir.path(), &["stats", "--from", url, "--timeout", "5"], &[]);
        assert_eq!(run.code, 2, "{url}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(run.stderr.contains("@127.0.0.1:1/app"), "{}", run.stderr);
        if cfg!(feature = "stats-from") {
            assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
        } else {
            assert!(
                run.stderr
                    .contains("built without the `stats-from` feature"),
                "{}",
                run.stderr
            );
        }
        assert_secret_kept(&run, "Unreachable-Pw-8812");
    }
}

#[test]
fn a_password_from_the_environment_is_not_printed_either() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_env(
        dir.path(),
        &[
            "stats",
            "--from",
            "postgresql://app@127.0.0.1:1/app",
            "--timeout",
            "5",
        ],
        &[("PGPASSWORD", "Env-Pw-5531")],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_secret_kept(&run, "Env-Pw-5531");
}

#[cfg(feature = "live-db")]
mod live {
    use std::path::Path;

    use schemagate::catalog::TableState;
    use schemagate::dialect::Dialect;
    use schemagate::impact::stats::{Stats, TableStats};

    use super::{assert_secret_kept, run_env};

    /// The URL of a live server, or a loud failure: these tests were asked
    /// for (`--features live-db`) and must never pass without a server.
    fn url(var: &str) -> url::Url {
        let text = std::env::var(var).unwrap_or_else(|_| {
            panic!(
                "--features live-db: {var} is not set; `.ci/db-servers.sh cargo test --features live-db` starts the servers and sets it"
            )
        });
        let url = url::Url::parse(&text).unwrap_or_else(|e| panic!("{var}: {e}"));
        assert!(
            url.password().is_some(),
            "{var} must carry a password (the tests check it is never printed)"
        );
        url
    }

    fn with_password(url: &url::Url, password: Option<&str>) -> String {
        let mut url = url.clone();
        url.set_password(password).expect("a URL with a host");
        url.to_string()
    }

    fn table<'a>(stats: &'a Stats, schema: &str, name: &str, dialect: Dialect) -> &'a TableStats {
        let t = TableState {
            schema: Some(schema.into()),
            name: name.into(),
            ..TableState::default()
        };
        stats
            .table(&t, dialect)
            .unwrap_or_else(|| panic!("{schema}.{name} is in the snapshot"))
    }

    /// `stats --from` into `dir/stats.yaml`; the file as `--stats` loads it.
    fn snapshot(dir: &Path, url: &str, schema: &str, secret: &str) -> (String, Stats) {
        let run = run_env(
            dir,
            &[
                "stats",
                "--from",
                url,
                "--schema",
                schema,
                "--output",
                "stats.yaml",
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert_secret_kept(&run, secret);
        let text = std::fs::read_to_string(dir.join("stats.yaml")).expect("written");
        assert!(!text.contains(secret), "{text}");
        assert!(
            text.starts_with("# schemagate stats: table sizes of "),
            "{text}"
        );
        let stats = Stats::load(&dir.join("stats.yaml")).expect("--stats reads it");
        (text, stats)
    }

    /// `check` and `input` read the snapshot: the index build is on the
    /// table's rows.
    fn check_reads_it(dir: &Path, dialect: &str, index_sql: &str, rows: u64) {
        std::fs::write(dir.join("V1__index.sql"), index_sql).expect("write");
        let args = |cmd| {
            vec![
                cmd,
                "V1__index.sql",
                "--dialect",
                dialect,
                "--stats",
                "stats.yaml",
            ]
        };
        let run = run_env(dir, &args("check"), &[]);
        assert!(
            run.code == 0 || run.code == 1,
            "check --stats: {}{}",
            run.stdout,
            run.stderr
        );
        let run = run_env(dir, &args("input"), &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let docs: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(
            docs[0]["statements"][0]["impact"]["size"]["rows"],
            serde_json::json!(rows),
            "{}",
            run.stdout
        );
    }

    #[test]
    fn postgres_snapshot_has_rows_sizes_and_null_fractions() {
        let url = url("SCHEMAGATE_TEST_PG_URL");
        let secret = url.password().expect("checked").to_string();
        let mut client =
            postgres::Client::connect(url.as_str(), postgres::NoTls).expect("connects");
        client
            .batch_execute(
                "DROP SCHEMA IF EXISTS sg_live CASCADE;
                 CREATE SCHEMA sg_live;
                 CREATE TABLE sg_live.orders (id int PRIMARY KEY, note text, status int);
                 INSERT INTO sg_live.orders
                   SELECT g, CASE WHEN g % 4 = 0 THEN NULL ELSE 'n' || g END, g % 5
                     FROM generate_series(1, 1000) g;
                 CREATE TABLE sg_live.customers (id int PRIMARY KEY, name text);
                 INSERT INTO sg_live.customers SELECT g, 'c' || g FROM generate_series(1, 10) g;
                 CREATE TABLE sg_live.fresh (id int);
                 ANALYZE sg_live.orders;
                 ANALYZE sg_live.customers;",
            )
            .expect("loads");
        let dir = tempfile::tempdir().expect("tempdir");
        let (text, stats) = snapshot(dir.path(), url.as_str(), "sg_live", &secret);
        let pg = Dialect::Postgres;
        let orders = table(&stats, "sg_live", "orders", pg);
        assert_eq!(orders.rows, Some(1000), "{text}");
        assert!(orders.bytes.unwrap_or(0) > 0, "{text}");
        assert!(orders.indexes_bytes.unwrap_or(0) > 0, "{text}");
        assert_eq!(orders.columns["note"].null_fraction, Some(0.25), "{text}");
        assert_eq!(orders.columns["status"].distinct, Some(5.0), "{text}");
        assert_eq!(table(&stats, "sg_live", "customers", pg).rows, Some(10));
        assert_eq!(
            table(&stats, "sg_live", "fresh", pg).rows,
            None,
            "never analyzed: unknown, not 0\n{text}"
        );
        assert!(text.contains("rows: null  # never analyzed"), "{text}");
        let version: String = client
            .query_one("SHOW server_version", &[])
            .expect("version")
            .get(0);
        assert!(
            text.contains(&format!("server_version: \"{version}\"")),
            "{text}"
        );
        assert!(stats.server_version.is_some());
        assert!(!text.contains("pg_catalog") && !text.contains("information_schema."));
        check_reads_it(
            dir.path(),
            "postgres",
            "CREATE INDEX orders_note ON sg_live.orders (note);\n",
            1000,
        );
        client
            .batch_execute("DROP SCHEMA sg_live CASCADE")
            .expect("drops");
    }

    #[test]
    fn postgres_password_from_the_environment_or_a_password_file() {
        let url = url("SCHEMAGATE_TEST_PG_URL");
        let secret = url.password().expect("checked").to_string();
        let bare = with_password(&url, None);
        let dir = tempfile::tempdir().expect("tempdir");
        let args = [
            "stats",
            "--from",
            bare.as_str(),
            "--schema",
            "pg_nothing_here",
        ];
        let run = run_env(dir.path(), &args, &[("PGPASSWORD", &secret)]);
        assert_eq!(run.code, 0, "PGPASSWORD: {}", run.stderr);
        assert_secret_kept(&run, &secret);
        let pgpass = dir.path().join("pgpass");
        std::fs::write(&pgpass, format!("*:*:*:*:{secret}\n")).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600))
                .expect("chmod");
        }
        let file = pgpass.to_string_lossy().into_owned();
        let run = run_env(dir.path(), &args, &[("PGPASSFILE", &file)]);
        assert_eq!(run.code, 0, "PGPASSFILE: {}", run.stderr);
        assert_secret_kept(&run, &secret);
    }

    #[test]
    fn postgres_wrong_password_is_exit_2_and_never_printed() {
        let url = url("SCHEMAGATE_TEST_PG_URL");
        let wrong = with_password(&url, Some("Wr0ng-Pg-Pw-9931"));
        let dir = tempfile::tempdir().expect("tempdir");
        let run = run_env(dir.path(), &["stats", "--from", &wrong], &[]);
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("password authentication failed"),
            "{}",
            run.stderr
        );
        assert_secret_kept(&run, "Wr0ng-Pg-Pw-9931");
        assert_secret_kept(&run, url.password().expect("checked"));
    }

    fn mysql_conn(url: &url::Url) -> mysql::Conn {
        let opts = mysql::Opts::from_url(url.as_str()).expect("a mysql URL");
        mysql::Conn::new(opts).expect("connects")
    }

    #[test]
    fn mysql_snapshot_has_rows_and_sizes() {
        use mysql::prelude::Queryable;
        let url = url("SCHEMAGATE_TEST_MYSQL_URL");
        let secret = url.password().expect("checked").to_string();
        let mut conn = mysql_conn(&url);
        for sql in [
            "DROP DATABASE IF EXISTS sg_live",
            "CREATE DATABASE sg_live",
            "CREATE TABLE sg_live.orders (id int PRIMARY KEY, note varchar(20), KEY (note)) ENGINE=InnoDB",
            "INSERT INTO sg_live.orders WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1000) SELECT n, IF(n % 4 = 0, NULL, CONCAT('n', n)) FROM g",
            "CREATE TABLE sg_live.customers (id int PRIMARY KEY) ENGINE=InnoDB",
            "INSERT INTO sg_live.customers VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)",
            "ANALYZE TABLE sg_live.orders, sg_live.customers",
        ] {
            conn.query_drop(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let (text, stats) = snapshot(dir.path(), url.as_str(), "sg_live", &secret);
        let my = Dialect::Mariadb;
        let orders = table(&stats, "sg_live", "orders", my);
        assert_eq!(orders.rows, Some(1000), "{text}");
        assert!(orders.bytes.unwrap_or(0) > 0, "{text}");
        assert!(orders.indexes_bytes.unwrap_or(0) > 0, "{text}");
        assert_eq!(table(&stats, "sg_live", "customers", my).rows, Some(10));
        let version: String = conn
            .query_first("SELECT VERSION()")
            .expect("version")
            .expect("a row");
        assert!(
            text.contains(&format!("server_version: \"{version}\"")),
            "{text}"
        );
        assert!(!text.contains("\"mysql."), "no system tables: {text}");
        check_reads_it(
            dir.path(),
            "mariadb",
            "CREATE INDEX orders_id_note ON sg_live.orders (id, note);\n",
            1000,
        );
        conn.query_drop("DROP DATABASE sg_live").expect("drops");
    }

    #[test]
    fn mysql_password_from_the_environment_and_a_wrong_one() {
        let url = url("SCHEMAGATE_TEST_MYSQL_URL");
        let secret = url.password().expect("checked").to_string();
        let dir = tempfile::tempdir().expect("tempdir");
        let bare = with_password(&url, None);
        let run = run_env(
            dir.path(),
            &["stats", "--from", &bare, "--schema", "my_nothing_here"],
            &[("MYSQL_PWD", &secret)],
        );
        assert_eq!(run.code, 0, "MYSQL_PWD: {}", run.stderr);
        assert_secret_kept(&run, &secret);
        let wrong = with_password(&url, Some("Wr0ng-My-Pw-4471"));
        let run = run_env(dir.path(), &["stats", "--from", &wrong], &[]);
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("Access denied"), "{}", run.stderr);
        assert_secret_kept(&run, "Wr0ng-My-Pw-4471");
        assert_secret_kept(&run, &secret);
    }
}
