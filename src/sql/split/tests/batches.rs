//! Client-side batches: MySQL `DELIMITER`, T-SQL `GO`, SQL*Plus `/` and
//! commands, Liquibase `endDelimiter` and `splitStatements`.

use super::*;

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
            // the filegroup is part of the statement, not a piece of its own
            "CREATE TABLE [dbo].[u] ([id] int) ON [PRIMARY]",
            "ALTER TABLE [dbo].[u] ADD CONSTRAINT [pk_u] PRIMARY KEY ([id])",
            "PRINT 'GO'",
        ]
    );
    assert!(got.iter().all(|(_, parsed)| *parsed), "{got:?}");
}

#[test]
fn tsql_recovery_does_not_stop_at_a_clause_on_its_own_line() {
    let text = "PRINT 'Loading';\nBULK INSERT [Person].[Address] FROM 'Address.csv'\nWITH (\n    CODEPAGE = '65001',\n    TABLOCK\n);\nSELECT 1\n";
    assert_eq!(
        run(text, Dialect::Sqlserver),
        vec![
            ok("PRINT 'Loading'"),
            ok(
                "BULK INSERT [Person].[Address] FROM 'Address.csv'\nWITH (\n    CODEPAGE = '65001',\n    TABLOCK\n)"
            ),
            ok("SELECT 1"),
        ]
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
fn sqlplus_commands_are_single_line_statements() {
    let text = "SET DEFINE OFF\nPROMPT Creating table t\nCREATE TABLE t (id NUMBER);\n\
                SET TRANSACTION READ ONLY;\n@@other_script.sql\nWHENEVER SQLERROR EXIT FAILURE\nDROP TABLE t;\nEXIT;\n";
    assert_eq!(
        run(text, Dialect::Oracle),
        vec![
            // client commands that run no SQL are read as such
            ok("SET DEFINE OFF"),
            ok("PROMPT Creating table t"),
            ok("CREATE TABLE t (id NUMBER)"),
            ok("SET TRANSACTION READ ONLY"),
            // …one that runs another script is not
            bad("@@other_script.sql"),
            ok("WHENEVER SQLERROR EXIT FAILURE"),
            ok("DROP TABLE t"),
            ok("EXIT;"),
        ]
    );
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
