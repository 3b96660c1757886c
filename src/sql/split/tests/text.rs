//! Statement extents in plain `;`-separated text: comments, encodings, parse
//! errors that must not swallow their neighbours, client lines inside it.

use super::*;
use crate::sql::grammar::Ast;

#[test]
fn statements_with_comments_and_blank_lines() {
    let text = "-- create the table\nCREATE TABLE t (id int); /* trailing */\n\n\
                ALTER TABLE t ADD COLUMN c text -- no semicolon at the end\n";
    assert_eq!(
        run(text, Dialect::Postgres),
        vec![
            ok("CREATE TABLE t (id int)"),
            ok("ALTER TABLE t ADD COLUMN c text"),
        ]
    );
}

#[test]
fn do_block_in_the_middle_does_not_swallow_what_follows() {
    let text = "CREATE TABLE a (id int);\n\
                DO $$\nBEGIN\n  PERFORM 1;\n  RAISE NOTICE 'x;y';\nEND\n$$;\n\
                CREATE INDEX CONCURRENTLY a_id ON a (id);\n\
                ALTER TABLE a ADD COLUMN b int;\n";
    let got = split(text, Dialect::Postgres, &SplitOptions::standard());
    let texts: Vec<_> = got.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(
        texts,
        vec![
            "CREATE TABLE a (id int)",
            "DO $$\nBEGIN\n  PERFORM 1;\n  RAISE NOTICE 'x;y';\nEND\n$$",
            "CREATE INDEX CONCURRENTLY a_id ON a (id)",
            "ALTER TABLE a ADD COLUMN b int",
        ]
    );
    assert!(got[0].ast.is_ok());
    // a `DO` is read; its PL/pgSQL body (`PERFORM`, `RAISE`) stays opaque
    match got[1].ast.as_deref() {
        Ok(Ast::Ext(crate::sql::grammar::ExtStatement::Do(d))) => {
            assert!(d.statements.is_none(), "{d:?}")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        got[2].ast.as_deref(),
        Ok(Ast::Sql(Statement::CreateIndex(_)))
    ));
    assert!(matches!(
        got[3].ast.as_deref(),
        Ok(Ast::Sql(Statement::AlterTable(_)))
    ));
}

#[test]
fn unparseable_postgres_maintenance_statements_stay_separate() {
    let text = "REINDEX INDEX CONCURRENTLY i;\nVACUUM ANALYZE t;\nVACUUM (ANALYZE) t;\n\
                DROP INDEX CONCURRENTLY IF EXISTS x;\nSELECT 1;";
    assert_eq!(
        run(text, Dialect::Postgres),
        vec![
            bad("REINDEX INDEX CONCURRENTLY i"),
            bad("VACUUM ANALYZE t"),
            bad("VACUUM (ANALYZE) t"),
            ok("DROP INDEX CONCURRENTLY IF EXISTS x"),
            ok("SELECT 1"),
        ]
    );
}

#[test]
fn statement_followed_by_junk_is_one_error_up_to_the_semicolon() {
    let got = split(
        "VACUUM (ANALYZE) t; SELECT 1",
        Dialect::Postgres,
        &SplitOptions::standard(),
    );
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].range, 0..18);
    let err = got[0].ast.as_ref().unwrap_err();
    assert!(err.starts_with("Expected: end of statement"), "{err}");
    assert_eq!(got[0].error_at, Some(7));
}

#[test]
fn dollar_quoted_function_bodies_are_single_tokens() {
    let text = "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql;\n\
                CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();";
    for dialect in [Dialect::Postgres, Dialect::Generic] {
        assert_eq!(
            run(text, dialect),
            vec![
                ok(
                    "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql"
                ),
                ok("CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f()"),
            ],
            "{dialect}"
        );
    }
}

#[test]
fn unicode_before_a_statement_counts_bytes_not_chars() {
    let text = "INSERT INTO café (naïve) VALUES ('crème brûlée — ✓');  CREATE TABLE 表 (名前 text);\n\
                COMMENT ON TABLE 表 IS 'テーブル'; DROP TABLE t;";
    assert_eq!(
        run(text, Dialect::Postgres),
        vec![
            ok("INSERT INTO café (naïve) VALUES ('crème brûlée — ✓')"),
            ok("CREATE TABLE 表 (名前 text)"),
            ok("COMMENT ON TABLE 表 IS 'テーブル'"),
            ok("DROP TABLE t"),
        ]
    );
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}-- header\r\nCREATE TABLE t (\r\n  id int\r\n);\r\n\r\nDROP TABLE u;  \r\n";
    assert_eq!(
        run(text, Dialect::Postgres),
        vec![ok("CREATE TABLE t (\r\n  id int\r\n)"), ok("DROP TABLE u")]
    );
    let got = split(text, Dialect::Postgres, &SplitOptions::standard());
    assert_eq!(got[0].range.start, text.find("CREATE").unwrap());
    // a directive on the first line still counts after a BOM
    let mysql =
        "\u{feff}DELIMITER $$\r\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\r\nDELIMITER ;\r\n";
    assert_eq!(
        run(mysql, Dialect::Mysql)
            .into_iter()
            .map(|(s, _)| s)
            .collect::<Vec<_>>(),
        vec!["CREATE PROCEDURE p() BEGIN SELECT 1; END"]
    );
}

#[test]
fn only_comments_or_empty_statements_give_nothing() {
    assert!(run("-- nothing here\n/* still nothing */\n", Dialect::Postgres).is_empty());
    assert!(run("", Dialect::Mysql).is_empty());
    assert!(run("\u{feff}", Dialect::Mysql).is_empty());
    assert_eq!(
        run(";;\nSELECT 1;;;\n;", Dialect::Postgres),
        vec![ok("SELECT 1")]
    );
}

#[test]
fn unterminated_string_keeps_earlier_and_later_statements() {
    let text = "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES ('oops);\nDROP TABLE a;\n";
    let got = split(text, Dialect::Postgres, &SplitOptions::standard());
    let texts: Vec<_> = got.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(
        texts,
        vec![
            "CREATE TABLE a (id int)",
            "INSERT INTO a VALUES (1)",
            "INSERT INTO a VALUES ('oops);",
            "DROP TABLE a",
        ]
    );
    assert_eq!(
        got[2].ast.as_ref().unwrap_err(),
        "unterminated string literal: the `'` here is never closed"
    );
    assert_eq!(got[2].error_at, Some(text.find("'oops").unwrap()));
    assert!(got[2].syntax_error && !got[2].well_formed);
    assert!(got[3].ast.is_ok() && !got[3].syntax_error);
}

#[test]
fn every_unclosed_construct_is_a_syntax_error_at_its_opening() {
    for (text, dialect, opening) in [
        (
            "DROP INDEX \"idx;\nDROP TABLE users;\n",
            Dialect::Postgres,
            "\"idx",
        ),
        (
            "REINDEX INDEX $x$ oops;\nDROP TABLE users;\n",
            Dialect::Postgres,
            "$x$",
        ),
        (
            "VACUUM t; /* never closed\nDROP TABLE users;\n",
            Dialect::Postgres,
            "/*",
        ),
        (
            "DROP TABLE `users;\nDROP TABLE t;\n",
            Dialect::Mysql,
            "`users",
        ),
        (
            "DROP INDEX [ix ON t\nGO\nDROP TABLE t\n",
            Dialect::Sqlserver,
            "[ix",
        ),
    ] {
        let got = split(text, dialect, &SplitOptions::standard());
        let broken: Vec<_> = got.iter().filter(|s| s.syntax_error).collect();
        assert_eq!(broken.len(), 1, "{text}: {got:?}");
        assert_eq!(broken[0].error_at, text.find(opening), "{text}");
        let last = got.last().map(|s| &text[s.range.clone()]);
        assert!(
            last.is_some_and(|l| l.starts_with("DROP TABLE")),
            "{text}: the statement after it is lost: {got:?}"
        );
        assert!(got.last().is_some_and(|s| s.ast.is_ok()), "{text}");
    }
    // SQLite accepts a block comment left open at the end
    let got = split(
        "SELECT 1; /* to the end",
        Dialect::Sqlite,
        &SplitOptions::standard(),
    );
    assert!(got.iter().all(|s| !s.syntax_error), "{got:?}");
}

#[test]
fn psql_meta_commands_are_single_line_statements() {
    let text = "\\set ON_ERROR_STOP on\n\\connect mydb\nCREATE TABLE t (id int);\n  \\echo done\nSELECT 1;\n";
    let got = split(text, Dialect::Postgres, &SplitOptions::standard());
    let texts: Vec<_> = got.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(
        texts,
        vec![
            "\\set ON_ERROR_STOP on",
            "\\connect mydb",
            "CREATE TABLE t (id int)",
            "\\echo done",
            "SELECT 1",
        ]
    );
    // `\set` and `\echo` run no SQL: read as client commands; `\connect`
    // switches the database under the statements after it: unknown
    assert!(got[0].ast.is_ok() && got[3].ast.is_ok());
    assert!(
        got[1]
            .ast
            .as_ref()
            .unwrap_err()
            .starts_with("psql meta-command")
    );
    assert!(got[2].ast.is_ok() && got[4].ast.is_ok());
}

#[test]
fn copy_from_stdin_data_is_not_parsed_as_sql() {
    let text = "COPY public.t (id, name) FROM stdin;\n1\tO'Brien; DROP TABLE x\n\\N\t--not a comment\n\\.\n\
                SELECT setval('t_id_seq', 2);\n";
    let got = split(text, Dialect::Postgres, &SplitOptions::standard());
    let texts: Vec<_> = got.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(
        texts,
        vec![
            "COPY public.t (id, name) FROM stdin;\n1\tO'Brien; DROP TABLE x\n\\N\t--not a comment\n\\.",
            "SELECT setval('t_id_seq', 2)",
        ]
    );
    match got[0].ast.as_deref() {
        Ok(Ast::Sql(Statement::Copy { payload, .. })) => {
            let payload = payload.as_ref().expect("inline data");
            assert_eq!(
                payload.data,
                "1\tO'Brien; DROP TABLE x\n\\N\t--not a comment\n"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(got[1].ast.is_ok());
}

#[test]
fn dialect_quoting_hides_delimiters() {
    // MySQL backslash escapes and backticks
    assert_eq!(
        run(
            "INSERT INTO `a;b` VALUES ('it\\'s; fine');SELECT 2",
            Dialect::Mysql
        ),
        vec![
            ok("INSERT INTO `a;b` VALUES ('it\\'s; fine')"),
            ok("SELECT 2")
        ]
    );
    // T-SQL brackets
    assert_eq!(
        run("SELECT [a;b] FROM t; SELECT 2", Dialect::Sqlserver),
        vec![ok("SELECT [a;b] FROM t"), ok("SELECT 2")]
    );
    // a `/` line inside a comment or string is not a boundary
    let texts: Vec<_> = run("/*\n/\n*/\nSELECT '\n/\n' FROM dual;\n", Dialect::Oracle)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(texts, vec!["SELECT '\n/\n' FROM dual"]);
}

#[test]
fn trigger_body_without_begin_does_not_hide_later_statements() {
    // sqlparser reads such a body up to `END` or the end of input
    assert_eq!(
        run(
            "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;\nDROP TABLE t;\n\
             CREATE TRIGGER t2 BEFORE UPDATE ON t FOR EACH ROW BEGIN SET NEW.a = 2; SET NEW.b = 3; END;",
            Dialect::Mysql
        ),
        vec![
            ok("CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1"),
            ok("DROP TABLE t"),
            ok(
                "CREATE TRIGGER t2 BEFORE UPDATE ON t FOR EACH ROW BEGIN SET NEW.a = 2; SET NEW.b = 3; END"
            ),
        ]
    );
}

#[test]
fn error_at_end_of_input_points_nowhere() {
    let got = split(
        "SELECT 1;\nCREATE TABLE t (",
        Dialect::Postgres,
        &SplitOptions::standard(),
    );
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].range, 10..26);
    let err = got[1].ast.as_ref().unwrap_err();
    assert!(err.ends_with("found: EOF"), "{err}");
    assert_eq!(got[1].error_at, None);
}

#[test]
fn many_unclosed_constructs_stop_resuming_after_a_bound() {
    // each differently-tagged open dollar quote costs a scan to the end
    let text: String = (0..150)
        .map(|i| format!("DROP TABLE t{i}; SELECT $t{i}$ x;\n"))
        .collect();
    let got = split(&text, Dialect::Postgres, &SplitOptions::standard());
    let broken = got.iter().filter(|s| s.syntax_error).count();
    assert_eq!(broken, 101, "100 resumed, then the rest is one statement");
    assert_eq!(got.iter().filter(|s| s.ast.is_ok()).count(), 101);
}

/// The statements of `text`, ranges and trees, as text to compare.
fn described(text: &str, dialect: Dialect) -> Vec<String> {
    split(text, dialect, &SplitOptions::standard())
        .into_iter()
        .map(|s| format!("{:?} {:?} {:?}", s.range, s.ast, s.error_at))
        .collect()
}

#[test]
fn a_part_parsed_after_others_on_the_thread_reads_only_its_own_tokens() {
    // the token buffer is kept from part to part on a thread: what an
    // earlier text left in it must never reach the next one
    let later = "CREATE INDEX i ON t (a);\nALTER TABLE t ADD COLUMN b int";
    let alone = std::thread::spawn(move || described(later, Dialect::Postgres))
        .join()
        .expect("the thread parses");
    for earlier in [
        "CREATE TABLE t (id int, a text);\nINSERT INTO t VALUES (1, 'x');",
        // a tokenizer error: the part stops at the unterminated string
        "SELECT 1;\nSELECT 'never closed",
        // a block piece
        "CREATE PROCEDURE p AS BEGIN SELECT 1; END\nGO\n",
    ] {
        let dialect = match earlier.contains("PROCEDURE") {
            true => Dialect::Sqlserver,
            false => Dialect::Postgres,
        };
        split(earlier, dialect, &SplitOptions::standard());
        assert_eq!(
            described(later, Dialect::Postgres),
            alone,
            "after {earlier:?}"
        );
    }
}
