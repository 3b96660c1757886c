//! Whole realistic files from `tests/fixtures/split/`, one per dialect
//! family: every statement's exact text and whether sqlparser read it.

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/split/",
            $name
        ))
    };
}

#[test]
fn postgres_release_script() {
    let text = fixture!("postgres_release.sql");
    assert_eq!(
        run(text, Dialect::Postgres),
        vec![
            ok("\\set ON_ERROR_STOP on"),
            ok("BEGIN"),
            ok("CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped')"),
            ok("ALTER TABLE orders\n    ADD COLUMN status order_status NOT NULL DEFAULT 'new'"),
            // read as a `DO`; its body (an `IF`) stays opaque
            ok(
                "DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting') THEN\n        CREATE ROLE reporting;\n    END IF;\nEND\n$$"
            ),
            ok(
                "CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $fn$\nBEGIN\n    NEW.updated_at := now(); -- a ';' inside the body\n    RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql"
            ),
            ok(
                "COPY order_notes (order_id, note) FROM stdin;\n1\tit's fragile; handle with care\n2\t\\N\n\\."
            ),
            ok("COMMIT"),
            ok("CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)"),
            bad("REINDEX INDEX CONCURRENTLY orders_status_idx"),
            ok("COMMENT ON COLUMN orders.status IS 'État de la commande — lifecycle'"),
        ]
    );
}

#[test]
fn mysql_routines_script() {
    let text = fixture!("mysql_routines.sql");
    let got = run(text, Dialect::Mysql);
    let texts: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "SET FOREIGN_KEY_CHECKS = 0",
            "DROP PROCEDURE IF EXISTS purge_audit",
            "CREATE DEFINER=`admin`@`%` PROCEDURE purge_audit(IN keep_days INT)\nBEGIN\n    DECLARE cutoff DATETIME;\n    SET cutoff = NOW() - INTERVAL keep_days DAY; -- \"$$\" in a comment is not a delimiter\n    DELETE FROM audit_log WHERE created_at < cutoff AND note <> 'keep;$$';\nEND",
            "CREATE TRIGGER audit_touch BEFORE UPDATE ON audit_log FOR EACH ROW\nBEGIN\n    SET NEW.updated_at = NOW();\nEND",
            "ALTER TABLE audit_log ADD COLUMN reason VARCHAR(255) NULL AFTER note, ALGORITHM=INPLACE, LOCK=NONE",
            "SET FOREIGN_KEY_CHECKS = 1",
        ]
    );
    // the procedure too: its body is kept as written
    let parsed: Vec<bool> = got.iter().map(|(_, ok)| *ok).collect();
    assert_eq!(parsed, vec![true; 6]);
}

#[test]
fn tsql_script_with_bom_crlf_and_go() {
    let text = fixture!("tsql_batches.sql");
    let got = run(text, Dialect::Sqlserver);
    let texts: Vec<String> = got.iter().map(|(s, _)| s.replace("\r\n", "\n")).collect();
    assert_eq!(
        texts,
        vec![
            "USE [Sales]",
            "IF OBJECT_ID(N'[dbo].[usp_GetOrder]', N'P') IS NOT NULL\n    DROP PROCEDURE [dbo].[usp_GetOrder]",
            "CREATE PROCEDURE [dbo].[usp_GetOrder]\n    @OrderID int\nAS\nBEGIN\n    SET NOCOUNT ON;\n    SELECT [OrderID], [Status] FROM [dbo].[Orders] WHERE [OrderID] = @OrderID;\nEND",
            "CREATE TABLE [dbo].[OrderNotes] (\n    [NoteID] int NOT NULL,\n    [Text] nvarchar(400) NULL\n)",
            "CREATE INDEX [IX_OrderNotes_NoteID] ON [dbo].[OrderNotes] ([NoteID])",
        ]
    );
    assert!(got[0].1 && got[1].1 && got[3].1 && got[4].1, "{got:?}");
}

#[test]
fn oracle_script_with_sqlplus_commands_and_packages() {
    let text = fixture!("oracle_package.sql");
    let got = run(text, Dialect::Oracle);
    let texts: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "SET DEFINE OFF",
            "PROMPT Creating audit package",
            "CREATE TABLE audit_events (\n    id NUMBER(19) NOT NULL,\n    payload VARCHAR2(4000)\n)",
            "CREATE OR REPLACE PACKAGE audit_pkg AS\n    PROCEDURE log_event(p_payload IN VARCHAR2);\nEND audit_pkg;",
            "CREATE OR REPLACE PACKAGE BODY audit_pkg AS\n    PROCEDURE log_event(p_payload IN VARCHAR2) IS\n    BEGIN\n        INSERT INTO audit_events (id, payload) VALUES (audit_seq.NEXTVAL, p_payload);\n        COMMIT; -- autonomous enough\n    END log_event;\nEND audit_pkg;",
            "BEGIN\n    audit_pkg.log_event('installed');\nEND;",
            "DROP TABLE audit_events_old",
        ]
    );
    // SQL*Plus commands that run no SQL are read as such
    assert!(got[0].1 && got[1].1 && got[2].1 && got[6].1, "{got:?}");
}
