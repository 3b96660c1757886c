//! `schemagate diff`: a changelog's replay against a schema dump.
//! Fixtures: `tests/fixtures/diff/`.

use serde_json::Value;

use crate::common;

const DRIFTED: &str = "tests/fixtures/diff/prod-schema.sql";

#[test]
fn drift_between_the_changelog_and_a_dump_is_reported_per_object_with_exit_1() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        DRIFTED,
        "--no-config",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn the_json_report_names_each_difference_and_where_the_changelog_creates_it() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        DRIFTED,
        "--no-config",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(doc["drift"], true);
    let got: Vec<String> = doc["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {} {}",
                d["kind"].as_str().unwrap_or_default(),
                d["object"].as_str().unwrap_or_default(),
                d["part"].as_str().unwrap_or_default(),
                d["change"]["what"].as_str().unwrap_or_default(),
                d["changelog"]["line"]
                    .as_u64()
                    .map_or("-".into(), |l| format!(
                        "{}:{l}",
                        d["changelog"]["file"].as_str().unwrap_or_default()
                    )),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "column \"orders\" status type -",
            "column \"orders\" status not_null -",
            "column \"orders\" note only_right -",
            "index \"orders\" orders_status_idx only_left examples/flyway-postgres/V2__order_status.sql:1",
            "index \"orders\" orders_total_idx only_right -",
        ]
    );
}

/// The changelog against a dump of what it builds itself: no drift.
#[test]
fn a_dump_of_what_the_changelog_builds_is_no_drift() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = dir.path().join("same.sql");
    std::fs::write(
        &dump,
        "CREATE TABLE public.t (id bigint NOT NULL, name text);\n\
         CREATE INDEX t_name_idx ON public.t USING btree (name);\n",
    )
    .expect("write");
    let migration = dir.path().join("V1__t.sql");
    std::fs::write(
        &migration,
        "CREATE TABLE t (id bigint NOT NULL, name text);\nCREATE INDEX t_name_idx ON t (name);\n",
    )
    .expect("write");
    let run = common::run(&[
        "diff",
        migration.to_str().unwrap_or_default(),
        "--against",
        dump.to_str().unwrap_or_default(),
        "--no-config",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("✔ no drift"), "{}", run.stdout);
}

#[test]
fn a_dump_that_cannot_be_read_is_exit_2_naming_it() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        "tests/fixtures/diff/missing.sql",
        "--no-config",
    ]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("missing.sql"), "{}", run.stderr);
}

const NOT_COMPARED: &str = "tests/fixtures/diff/not-compared";

/// After a `DO` block the model cannot follow, the tables it may have
/// changed are listed as not compared (a warning unless configured), never
/// passed over as "no drift"; what is still certain is compared.
#[test]
fn what_cannot_be_compared_is_listed_never_claimed_as_no_drift() {
    let db = format!("{NOT_COMPARED}/db");
    let dump = format!("{NOT_COMPARED}/prod-schema.sql");
    let run = common::run(&["diff", &db, "--against", &dump, "--no-config"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!(run.stdout);

    let run = common::run(&[
        "diff",
        &db,
        "--against",
        &dump,
        "--no-config",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        (doc["drift"].as_bool(), doc["not_compared"].as_u64()),
        (Some(true), Some(3))
    );
    let got: Vec<String> = doc["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {} {}",
                d["severity"].as_str().unwrap_or_default(),
                d["kind"].as_str().unwrap_or_default(),
                d["object"].as_str().unwrap_or_default(),
                d["change"]["what"].as_str().unwrap_or_default(),
                d["change"]["why"]["reason"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            r#"warning table "orders" not_compared left_not_followed"#,
            r#"warning table "customers" not_compared left_not_followed"#,
            r#"error column "invoices" not_null -"#,
            r#"warning table "scratch" not_compared left_not_followed"#,
        ]
    );

    // only what cannot be compared: exit 0, but the report says so
    let dir = tempfile::tempdir().expect("tempdir");
    let fixed = dir.path().join("prod.sql");
    let text = std::fs::read_to_string(&dump).expect("dump");
    std::fs::write(
        &fixed,
        text.replace("numeric(12,2))", "numeric(12,2) NOT NULL)"),
    )
    .expect("write");
    let fixed = fixed.to_str().unwrap_or_default();
    let run = common::run(&["diff", &db, "--against", fixed, "--no-config"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("⚠ no drift found between")
            && last.ends_with("but 3 objects could not be compared"),
        "{}",
        run.stdout
    );
    let run = common::run(&[
        "diff",
        &db,
        "--against",
        fixed,
        "--no-config",
        "--format",
        "markdown",
    ]);
    assert!(
        run.stdout
            .starts_with("### ⚠ No drift found, 3 objects not compared"),
        "{}",
        run.stdout
    );

    // `drift: {not_compared: error}` makes them fail the run
    let config = dir.path().join("schemagate.yaml");
    std::fs::write(&config, "drift:\n  not_compared: error\n").expect("write");
    let config = config.to_str().unwrap_or_default();
    let run = common::run(&["diff", &db, "--against", fixed, "--config", config]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("(warning)"), "{}", run.stdout);
}

/// The corpus's real dumps: a dump against itself is no drift (a check of
/// the replay), and supabase's dbmate migrations against supabase's own
/// schema dump do not differ; the `DO` blocks of its migrations leave the
/// tables they may change not compared, and the view an extension creates
/// too (the dbmate history table is the tool's, not drift).
#[test]
#[cfg_attr(
    not(feature = "corpus"),
    ignore = "needs ../shared/corpus: cargo test --features corpus"
)]
fn real_dumps_replay_to_what_they_dump() {
    let root = common::corpus();
    let at = |p: &str| root.join(p).to_string_lossy().into_owned();
    let danbooru = at("danbooru-structure-sql/db/structure.sql");
    let run = common::run(&["diff", &danbooru, "--against", &danbooru, "--no-config"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = common::run(&[
        "diff",
        &at("supabase-postgres-dbmate/migrations"),
        "--against",
        &at("supabase-postgres-schema-dump/migrations/schema-15.sql"),
        "--no-config",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(doc["drift"], false, "{}", run.stdout);
    let got: Vec<String> = doc["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["kind"], d["object"], d["change"]["why"]["reason"]
            )
        })
        .collect();
    let left = r#""left_not_followed""#;
    let tables = [
        "auth.users",
        "auth.refresh_tokens",
        "auth.instances",
        "auth.audit_log_entries",
        "auth.schema_migrations",
        "storage.buckets",
        "storage.objects",
        "storage.migrations",
    ];
    let mut want: Vec<String> = tables
        .iter()
        .map(|t| format!(r#""table" "\"{t}\"" {left}"#))
        .collect();
    want.push(r#""sequence" "\"auth.refresh_tokens_id_seq\"" "right_not_followed""#.into());
    want.push(format!(r#""view" "\"vault.decrypted_secrets\"" {left}"#));
    assert_eq!(got, want, "{}", run.stdout);
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=dev", "-c", "user.email=dev@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Two revisions of one changelog: what the working tree adds to the
/// release branch's schema, and a revision git does not know (exit 2).
#[test]
fn against_a_revision_the_changes_since_it_are_drift() {
    let repo = tempfile::tempdir().expect("tempdir");
    let db = repo.path().join("db");
    std::fs::create_dir_all(&db).expect("mkdir");
    std::fs::write(
        db.join("V1__t.sql"),
        "CREATE TABLE t (id bigint NOT NULL);\n",
    )
    .expect("write");
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v1"]);
    git(repo.path(), &["tag", "release-1"]);
    std::fs::write(
        db.join("V2__note.sql"),
        "ALTER TABLE t ADD COLUMN note text;\nCREATE INDEX t_note_idx ON t (note);\n",
    )
    .expect("write");
    let run = common::run_in(
        repo.path(),
        &["diff", "db", "--against-rev", "release-1", "--no-config"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "  column \"t\".\"note\": in the changelog, not in release-1\n  \
         index \"t_note_idx\" on \"t\": in the changelog (db/V2__note.sql:1), not in release-1\n\n\
         ✖ drift: 2 differences between db and release-1\n"
    );
    let run = common::run_in(
        repo.path(),
        &["diff", "db", "--against-rev", "no-such-tag", "--no-config"],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("--against-rev no-such-tag: git knows no commit"),
        "{}",
        run.stderr
    );
}

/// Runs one of the server's client programs (`psql`, `pg_dump`) against
/// the throwaway server's database `db`; its standard output.
#[cfg(feature = "live-db")]
fn pg_client(program: &str, db: &str, args: &[&str], stdin: Option<&str>) -> String {
    let bin = std::env::var("SCHEMAGATE_TEST_PG_BIN")
        .expect("SCHEMAGATE_TEST_PG_BIN: run under .ci/db-servers.sh");
    let url = std::env::var("SCHEMAGATE_TEST_PG_URL").expect("SCHEMAGATE_TEST_PG_URL");
    let url = match url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{db}"),
        None => panic!("{url}: no database in the URL"),
    };
    let mut cmd = std::process::Command::new(std::path::Path::new(&bin).join(program));
    cmd.args(args).arg(&url);
    run_client(cmd, stdin)
}

/// Runs a database client with `stdin` as its input; its standard output.
/// It must succeed.
#[cfg(feature = "live-db")]
fn run_client(mut cmd: std::process::Command, stdin: Option<&str>) -> String {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the client runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("the client ends");
    // the program only: its arguments and environment hold the password
    assert!(out.status.success(), "{:?}: {out:?}", cmd.get_program());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The replay checked by the real thing: the example migrations applied to
/// a throwaway PostgreSQL and dumped with its `pg_dump` are no drift; then
/// four changes made by hand are each reported.
#[cfg(feature = "live-db")]
#[test]
fn a_real_pg_dump_of_the_applied_migrations_is_no_drift_until_changed_by_hand() {
    let db = format!("sg_diff_{}", std::process::id());
    pg_client(
        "psql",
        "schemagate_test",
        &[
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            &format!("CREATE DATABASE {db}"),
        ],
        None,
    );
    let migrations = std::path::Path::new("examples/flyway-postgres");
    let mut files: Vec<_> = std::fs::read_dir(migrations)
        .expect("examples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            (name.starts_with('V') || name.starts_with('R')) && name.ends_with(".sql")
        })
        .collect();
    // versioned in order, then the repeatable one, as Flyway runs them
    files.sort_by_key(|p| (p.to_string_lossy().contains("/R__"), p.clone()));
    for file in files {
        // flyway.conf's placeholder
        let sql = std::fs::read_to_string(&file)
            .expect("read")
            .replace("${schema}", "public");
        pg_client("psql", &db, &["-q", "-v", "ON_ERROR_STOP=1"], Some(&sql));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = |name: &str| {
        let path = dir.path().join(name);
        let text = pg_client("pg_dump", &db, &["--schema-only", "--no-owner"], None);
        std::fs::write(&path, text).expect("write");
        path.to_string_lossy().into_owned()
    };
    let clean = dump("clean.sql");
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        &clean,
        "--no-config",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    pg_client(
        "psql",
        &db,
        &["-q", "-v", "ON_ERROR_STOP=1"],
        Some(
            "ALTER TABLE orders ADD COLUMN note text;\n\
             CREATE INDEX orders_total_idx ON orders (total);\n\
             ALTER TABLE orders ALTER COLUMN status DROP NOT NULL;\n\
             DROP INDEX orders_status_idx;\n",
        ),
    );
    let drifted = dump("drifted.sql");
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        &drifted,
        "--no-config",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        lines,
        [
            format!(
                "  column \"orders\".\"status\": NOT NULL in the changelog, nullable in {drifted}"
            ),
            format!("  column \"orders\".\"note\": in {drifted}, not in the changelog"),
            format!(
                "  index \"orders_status_idx\" on \"orders\": in the changelog (examples/flyway-postgres/V2__order_status.sql:1), not in {drifted}"
            ),
            format!(
                "  index \"orders_total_idx\" on \"orders\": in {drifted}, not in the changelog"
            ),
        ]
    );
    pg_client(
        "psql",
        "schemagate_test",
        &["-q", "-c", &format!("DROP DATABASE {db}")],
        None,
    );
}

/// `drift:` in the configuration: an index only the database has is a
/// warning, a column's nullability is not reported; the rest still fails.
/// A key that names no kind of drift is an error at its line and column.
#[test]
fn the_configuration_says_how_much_each_kind_of_drift_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("schemagate.yaml");
    let write = |text: &str| std::fs::write(&config, text).expect("write");
    let diff = |config: &str| {
        common::run(&[
            "diff",
            "examples/flyway-postgres",
            "--against",
            DRIFTED,
            "--config",
            config,
        ])
    };
    let config_path = config.to_string_lossy().into_owned();
    write("drift:\n  index.only_right: warning\n  column.not_null: off\n");
    let run = diff(&config_path);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("\"orders_total_idx\" on \"orders\": in tests/fixtures/diff/prod-schema.sql, not in the changelog (warning)\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("nullable"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("✖ drift: 4 differences (1 of them warnings)"),
        "{}",
        run.stdout
    );
    // only warnings left: the gate passes
    write("drift:\n  column: off\n  index: warning\n");
    let run = diff(&config_path);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("⚠ drift: 2 differences (warnings only)"),
        "{}",
        run.stdout
    );
    write("drift:\n  index.extra: warning\n");
    let run = diff(&config_path);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!("{config_path}:2:3"))
            && run.stderr.contains("`index.extra` is no kind of drift"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_markdown_report_is_a_table_for_a_pull_request_comment() {
    let run = common::run(&[
        "diff",
        "examples/flyway-postgres",
        "--against",
        DRIFTED,
        "--no-config",
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

/// Runs `program` (`mariadb`, `mariadb-dump`) against the throwaway
/// MariaDB server with `args`; its standard output.
#[cfg(feature = "live-db")]
fn my_client(program: &str, args: &[&str], stdin: Option<&str>) -> String {
    let url = std::env::var("SCHEMAGATE_TEST_MYSQL_URL")
        .expect("SCHEMAGATE_TEST_MYSQL_URL: run under .ci/db-servers.sh");
    // mysql://user:password@host:port/
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let (auth, server) = rest.split_once('@').expect("user@server");
    let (user, password) = auth.split_once(':').expect("user:password");
    let (host, port) = server
        .trim_end_matches('/')
        .split_once(':')
        .expect("host:port");
    let mut cmd = std::process::Command::new(program);
    cmd.args(["-h", host, "-P", port, "-u", user])
        .args(args)
        .env("MYSQL_PWD", password);
    run_client(cmd, stdin)
}

/// The same on a throwaway MariaDB with `mariadb-dump --no-data`: the
/// production schema (MySQL 8's collation left out, which MariaDB does not
/// know) and the up migrations applied are no drift; changes by hand are.
#[cfg(feature = "live-db")]
#[test]
fn a_real_mariadb_dump_of_the_applied_migrations_is_no_drift_until_changed_by_hand() {
    let db = format!("sg_diff_{}", std::process::id());
    my_client("mariadb", &["-e", &format!("CREATE DATABASE {db}")], None);
    let prod = std::fs::read_to_string("examples/mysql-prod-schema.sql")
        .expect("read")
        .replace(" COLLATE=utf8mb4_0900_ai_ci", "");
    my_client("mariadb", &[&db], Some(&prod));
    // the schema migration (000003 grants to a user and deletes rows)
    let up =
        std::fs::read_to_string("examples/golang-migrate-mysql/000002_users_email_index.up.sql")
            .expect("read");
    my_client("mariadb", &[&db], Some(&up));
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = |name: &str| {
        let path = dir.path().join(name);
        let text = my_client("mariadb-dump", &["--no-data", &db], None);
        std::fs::write(&path, text).expect("write");
        path.to_string_lossy().into_owned()
    };
    let diff = |against: &str| {
        common::run(&[
            "diff",
            "examples/golang-migrate-mysql/000002_users_email_index.up.sql",
            "--baseline",
            "examples/mysql-prod-schema.sql",
            "--against",
            against,
            "--dialect",
            "mariadb",
            "--no-config",
        ])
    };
    let clean = dump("clean.sql");
    let run = diff(&clean);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    my_client(
        "mariadb",
        &[&db],
        Some(
            "ALTER TABLE users ADD COLUMN nick varchar(20);\n\
             CREATE INDEX users_created_idx ON users (created_at);\n\
             ALTER TABLE users MODIFY email varchar(100) NULL;\n",
        ),
    );
    let drifted = dump("drifted.sql");
    let run = diff(&drifted);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        lines,
        [
            format!(
                "  column \"users\".\"email\": VARCHAR(320) in the changelog, VARCHAR(100) in {drifted}"
            ),
            format!(
                "  column \"users\".\"email\": NOT NULL in the changelog, nullable in {drifted}"
            ),
            format!("  column \"users\".\"nick\": in {drifted}, not in the changelog"),
            format!(
                "  index \"users_created_idx\" on \"users\": in {drifted}, not in the changelog"
            ),
        ]
    );
    my_client("mariadb", &["-e", &format!("DROP DATABASE {db}")], None);
}
