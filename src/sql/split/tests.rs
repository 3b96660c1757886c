//! Exact ranges on realistic migration files: every test asserts the sliced
//! statement texts and which of them parsed.

use super::*;
use sqlparser::ast::Statement;

/// (statement text, parsed?)
fn run_with(text: &str, dialect: Dialect, opts: &SplitOptions) -> Vec<(String, bool)> {
    split(text, dialect, opts)
        .into_iter()
        .map(|s| {
            assert!(s.range.start <= s.range.end && s.range.end <= text.len());
            (text[s.range.clone()].to_string(), s.ast.is_ok())
        })
        .collect()
}

fn run(text: &str, dialect: Dialect) -> Vec<(String, bool)> {
    run_with(text, dialect, &SplitOptions::standard())
}

fn ok(s: &str) -> (String, bool) {
    (s.to_string(), true)
}

fn bad(s: &str) -> (String, bool) {
    (s.to_string(), false)
}

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
    let err = got[1].ast.as_ref().unwrap_err();
    assert!(err.contains("DO"), "{err}");
    assert!(!err.contains("Line:"), "position is in error_at: {err}");
    // the error points at `DO`, line 2 of the text
    assert_eq!(got[1].error_at, Some(text.find("DO $$").unwrap()));
    assert!(matches!(got[2].ast, Ok(Statement::CreateIndex(_))));
    assert!(matches!(got[3].ast, Ok(Statement::AlterTable(_))));
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
            bad("DROP INDEX CONCURRENTLY IF EXISTS x"),
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
fn unterminated_string_keeps_earlier_statements() {
    let text = "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES ('oops);\nDROP TABLE a;\n";
    let got = split(text, Dialect::Postgres, &SplitOptions::standard());
    let texts: Vec<_> = got.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(
        texts,
        vec![
            "CREATE TABLE a (id int)",
            "INSERT INTO a VALUES (1)",
            "INSERT INTO a VALUES ('oops);\nDROP TABLE a;",
        ]
    );
    assert_eq!(
        got[2].ast.as_ref().unwrap_err(),
        "Unterminated string literal"
    );
    assert_eq!(got[2].error_at, Some(text.find("'oops").unwrap()));
}

#[test]
fn psql_meta_commands_are_single_line_errors() {
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
    assert!(
        got[0]
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
    match &got[0].ast {
        Ok(Statement::Copy { payload, .. }) => {
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
fn mysql_delimiter_regions() {
    let text = "\
CREATE TABLE t (id int); # a hash comment; with a semicolon
DELIMITER $$
DROP PROCEDURE IF EXISTS p$$
CREATE PROCEDURE p()
BEGIN
  DECLARE n INT DEFAULT 0;
  SELECT COUNT(*) INTO n FROM t WHERE note = 'a$$b; c';
  UPDATE t SET id = n;
END$$
DELIMITER ;
delimiter //
CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW
BEGIN
  SET NEW.id = NEW.id + 1;
END //
delimiter ;
INSERT INTO t VALUES (1);
";
    let got = run(text, Dialect::Mysql);
    let texts: Vec<_> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "CREATE TABLE t (id int)",
            "DROP PROCEDURE IF EXISTS p",
            "CREATE PROCEDURE p()\nBEGIN\n  DECLARE n INT DEFAULT 0;\n  SELECT COUNT(*) INTO n FROM t WHERE note = 'a$$b; c';\n  UPDATE t SET id = n;\nEND",
            "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.id = NEW.id + 1;\nEND",
            "INSERT INTO t VALUES (1)",
        ]
    );
    assert!(got[0].1 && got[1].1 && got[4].1);
}

#[test]
fn mysql_double_semicolon_delimiter() {
    let text = "DELIMITER ;;\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END;;\nDELIMITER ;\nCALL p();\nDROP PROCEDURE p;";
    let texts: Vec<_> = run(text, Dialect::Mariadb)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        texts,
        vec![
            "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
            "CALL p()",
            "DROP PROCEDURE p",
        ]
    );
}

#[test]
fn tsql_go_batches() {
    let text = "\
USE [AdventureWorks]
GO
IF OBJECT_ID('dbo.p', 'P') IS NOT NULL DROP PROCEDURE dbo.p
go
CREATE PROCEDURE [dbo].[p] @id int
AS
BEGIN
    SET NOCOUNT ON;
    SELECT [Name] FROM [dbo].[Product] WHERE [ProductID] = @id;
END
GO -- end of procedure
CREATE TABLE [dbo].[t] ([id] int NOT NULL)
CREATE INDEX [ix] ON [dbo].[t] ([id])
CREATE TABLE [dbo].[u] ([id] int) ON [PRIMARY]
ALTER TABLE [dbo].[u] ADD CONSTRAINT [pk_u] PRIMARY KEY ([id])
GO 2
-- GO inside a comment
PRINT 'GO'
";
    let got = run(text, Dialect::Sqlserver);
    let texts: Vec<_> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "USE [AdventureWorks]",
            "IF OBJECT_ID('dbo.p', 'P') IS NOT NULL DROP PROCEDURE dbo.p",
            "CREATE PROCEDURE [dbo].[p] @id int\nAS\nBEGIN\n    SET NOCOUNT ON;\n    SELECT [Name] FROM [dbo].[Product] WHERE [ProductID] = @id;\nEND",
            "CREATE TABLE [dbo].[t] ([id] int NOT NULL)",
            "CREATE INDEX [ix] ON [dbo].[t] ([id])",
            // sqlparser stops before `ON [PRIMARY]`: one error, not two pieces
            "CREATE TABLE [dbo].[u] ([id] int) ON [PRIMARY]",
            // …and recovery stops at the next statement starting a line
            "ALTER TABLE [dbo].[u] ADD CONSTRAINT [pk_u] PRIMARY KEY ([id])",
            "PRINT 'GO'",
        ]
    );
    assert!(
        got[0].1 && got[3].1 && got[4].1 && !got[5].1 && got[6].1,
        "{got:?}"
    );
}

#[test]
fn oracle_package_and_slash() {
    let text = "\
CREATE TABLE t (id NUMBER(10));
CREATE OR REPLACE PACKAGE pk AS
  PROCEDURE p(x IN NUMBER);
END pk;
/
CREATE OR REPLACE PACKAGE BODY pk AS
  PROCEDURE p(x IN NUMBER) IS
  BEGIN
    INSERT INTO t VALUES (x); -- ; in a comment
    COMMIT;
  END p;
END pk;
/
DECLARE
  n NUMBER := 0;
BEGIN
  SELECT COUNT(*) INTO n FROM t;
END;/
INSERT INTO t VALUES (1)
/
DROP TABLE t;
";
    let got = run(text, Dialect::Oracle);
    let texts: Vec<_> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "CREATE TABLE t (id NUMBER(10))",
            "CREATE OR REPLACE PACKAGE pk AS\n  PROCEDURE p(x IN NUMBER);\nEND pk;",
            "CREATE OR REPLACE PACKAGE BODY pk AS\n  PROCEDURE p(x IN NUMBER) IS\n  BEGIN\n    INSERT INTO t VALUES (x); -- ; in a comment\n    COMMIT;\n  END p;\nEND pk;",
            "DECLARE\n  n NUMBER := 0;\nBEGIN\n  SELECT COUNT(*) INTO n FROM t;\nEND;",
            "INSERT INTO t VALUES (1)",
            "DROP TABLE t",
        ]
    );
    assert!(got[0].1 && got[4].1 && got[5].1, "{got:?}");
}

#[test]
fn db2_and_h2_units_before_a_slash_line() {
    let text = "CREATE TABLE t (id int);\nCREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2);\nEND\n/\nDROP TABLE t;\n";
    for dialect in [Dialect::Db2, Dialect::H2, Dialect::Generic] {
        let texts: Vec<_> = run(text, dialect).into_iter().map(|(s, _)| s).collect();
        assert_eq!(
            texts,
            vec![
                "CREATE TABLE t (id int)",
                "CREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2);\nEND",
                "DROP TABLE t",
            ],
            "{dialect}"
        );
    }
    // without `/` lines a one-line H2 trigger is an ordinary statement
    assert_eq!(
        run(
            "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW CALL \"com.example.Trg\";\nDROP TABLE t;",
            Dialect::H2
        ),
        vec![
            ok("CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW CALL \"com.example.Trg\""),
            ok("DROP TABLE t"),
        ]
    );
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
fn liquibase_end_delimiters() {
    let opts = |d: &str| SplitOptions {
        end_delimiter: Some(d.to_string()),
        ..SplitOptions::standard()
    };
    let plsql = "CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  :new.id := 1;\nEND;\n/\nINSERT INTO t VALUES (2)\n/\n";
    for d in ["/", "\\n/\\s*\\n|\\n/\\s*$"] {
        let texts: Vec<_> = run_with(plsql, Dialect::Oracle, &opts(d))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(
            texts,
            vec![
                "CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  :new.id := 1;\nEND;",
                "INSERT INTO t VALUES (2)",
            ],
            "{d}"
        );
    }
    // a generic-dialect routine with endDelimiter `/` is one statement
    let generic = "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND;\n/\nSELECT 2\n/\n";
    let texts: Vec<_> = run_with(generic, Dialect::Generic, &opts("/"))
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        texts,
        vec!["CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", "SELECT 2"]
    );
    // `GO` as endDelimiter in a dialect that has no GO of its own
    let go = "CREATE TABLE a (id int)\nGO\nCREATE TABLE b (id int)\n";
    assert_eq!(
        run_with(go, Dialect::Postgres, &opts("GO")),
        vec![ok("CREATE TABLE a (id int)"), ok("CREATE TABLE b (id int)")]
    );
    // a literal delimiter: MySQL procedure bodies
    let mysql = "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END $$\nCREATE TABLE c (id int); CREATE TABLE d (id int)$$";
    let texts: Vec<_> = run_with(mysql, Dialect::Mysql, &opts("$$"))
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        texts,
        vec![
            "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
            "CREATE TABLE c (id int)",
            "CREATE TABLE d (id int)",
        ]
    );
    // from Liquibase's own test changelogs: `endDelimiter:;;;;;`
    let tsql =
        "create or alter procedure dbo.p\n    as\nselect top 5 *\nfrom dbo.c\nwhere a = 2\n;;;;;\n";
    let got = split(tsql, Dialect::Sqlserver, &opts(";;;;;"));
    assert_eq!(got.len(), 1);
    assert_eq!(
        &tsql[got[0].range.clone()],
        "create or alter procedure dbo.p\n    as\nselect top 5 *\nfrom dbo.c\nwhere a = 2"
    );
    assert!(got[0].ast.is_ok(), "{:?}", got[0].ast);
}

#[test]
fn split_statements_false_still_yields_each_statement() {
    let opts = SplitOptions {
        split_statements: false,
        ..SplitOptions::standard()
    };
    assert_eq!(
        run_with(
            "CREATE TABLE a (id int);\nCREATE TABLE b (id int);",
            Dialect::Postgres,
            &opts
        ),
        vec![ok("CREATE TABLE a (id int)"), ok("CREATE TABLE b (id int)")]
    );
    // a MySQL routine in splitStatements:false is one statement
    let texts: Vec<_> = run_with(
        "DROP PROCEDURE IF EXISTS p;\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END;",
        Dialect::Mysql,
        &opts,
    )
    .into_iter()
    .map(|(s, _)| s)
    .collect();
    assert_eq!(
        texts,
        vec![
            "DROP PROCEDURE IF EXISTS p",
            "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
        ]
    );
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
fn never_panics_on_odd_input() {
    let inputs = [
        "'",
        "\"",
        "`",
        "[",
        "$$",
        "$a$ never closed",
        "/*",
        "--",
        "\\",
        "DELIMITER",
        "DELIMITER $$\n$$$$",
        "GO",
        "/",
        "COPY t FROM stdin;",
        "COPY t FROM stdin;\n",
        "E'\\",
        "é;é",
        "\u{feff}\u{feff}",
        "BEGIN",
        "CREATE OR REPLACE PROCEDURE",
        ";/\n",
        "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
    ];
    for text in inputs {
        for dialect in Dialect::ALL {
            for opts in [
                SplitOptions::standard(),
                SplitOptions {
                    end_delimiter: Some("$$".into()),
                    ..SplitOptions::standard()
                },
                SplitOptions {
                    split_statements: false,
                    ..SplitOptions::standard()
                },
            ] {
                for s in split(text, dialect, &opts) {
                    assert!(text.get(s.range.clone()).is_some(), "{text:?} {dialect}");
                }
            }
        }
    }
}

#[test]
fn random_fragments_give_ordered_in_bounds_ranges() {
    const FRAGMENTS: &[&str] = &[
        "'",
        "\"",
        "`",
        "[",
        "]",
        "$$",
        "$a$",
        "\n",
        "\r\n",
        "/",
        "\nGO\n",
        "\n/\n",
        "DELIMITER $$\n",
        "DELIMITER ;\n",
        "é",
        "表",
        ";",
        "--",
        "/*",
        "*/",
        "BEGIN",
        " END",
        "CREATE PROCEDURE p ",
        "COPY t FROM stdin;\n",
        "\\.\n",
        "\\",
        "SELECT 1",
        " ",
        "(",
        ")",
        "E'",
        "#",
        "DO $$",
        "DECLARE x",
        ";/\n",
        "\u{feff}",
        "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW ",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..300 {
        let len = next() % 24;
        let text: String = (0..len)
            .map(|_| FRAGMENTS[next() % FRAGMENTS.len()])
            .collect();
        for dialect in Dialect::ALL {
            for opts in [
                SplitOptions::standard(),
                SplitOptions {
                    end_delimiter: Some("\\n/\\s*\\n|\\n/\\s*$".into()),
                    ..SplitOptions::standard()
                },
                SplitOptions {
                    split_statements: false,
                    ..SplitOptions::standard()
                },
            ] {
                let mut prev_end = 0;
                for s in split(&text, dialect, &opts) {
                    let slice = text.get(s.range.clone());
                    assert!(slice.is_some(), "{text:?} {dialect} {:?}", s.range);
                    assert!(s.range.start >= prev_end, "{text:?} {dialect} overlap");
                    assert!(
                        !slice.unwrap_or_default().trim().is_empty(),
                        "{text:?} {dialect}"
                    );
                    prev_end = s.range.end;
                }
            }
        }
    }
}

#[test]
fn tsql_recovery_does_not_stop_at_a_clause_on_its_own_line() {
    let text = "PRINT 'Loading';\nBULK INSERT [Person].[Address] FROM 'Address.csv'\nWITH (\n    CODEPAGE = '65001',\n    TABLOCK\n);\nSELECT 1\n";
    assert_eq!(
        run(text, Dialect::Sqlserver),
        vec![
            ok("PRINT 'Loading'"),
            bad(
                "BULK INSERT [Person].[Address] FROM 'Address.csv'\nWITH (\n    CODEPAGE = '65001',\n    TABLOCK\n)"
            ),
            ok("SELECT 1"),
        ]
    );
}

#[test]
fn sqlplus_commands_are_single_line_errors() {
    let text = "SET DEFINE OFF\nPROMPT Creating table t\nCREATE TABLE t (id NUMBER);\n\
                SET TRANSACTION READ ONLY;\n@@other_script.sql\nWHENEVER SQLERROR EXIT FAILURE\nDROP TABLE t;\nEXIT;\n";
    assert_eq!(
        run(text, Dialect::Oracle),
        vec![
            bad("SET DEFINE OFF"),
            bad("PROMPT Creating table t"),
            ok("CREATE TABLE t (id NUMBER)"),
            ok("SET TRANSACTION READ ONLY"),
            bad("@@other_script.sql"),
            bad("WHENEVER SQLERROR EXIT FAILURE"),
            ok("DROP TABLE t"),
            bad("EXIT;"),
        ]
    );
}
