//! Session, transaction and utility statements.

use serde_json::json;

use super::*;

#[test]
fn set_variables() {
    assert_eq!(
        pg("SET lock_timeout = '5s'"),
        stmt(
            "set",
            Value::Null,
            json!({"variable": "lock_timeout", "value": "5s", "local": false})
        )
    );
    assert_eq!(
        pg("SET LOCAL Statement_Timeout TO 0"),
        stmt(
            "set",
            Value::Null,
            json!({"variable": "statement_timeout", "value": "0", "local": true})
        )
    );
    assert_eq!(pg("SET search_path TO app, public")["value"], "app, public");
    let f = mysql("SET FOREIGN_KEY_CHECKS = 0");
    assert_eq!(f["variable"], "foreign_key_checks");
    assert_eq!(f["value"], "0");
    assert_eq!(pg("SET TIME ZONE 'UTC'")["variable"], "timezone");
    assert_eq!(
        pg("RESET lock_timeout"),
        stmt("reset", Value::Null, json!({"variable": "lock_timeout"}))
    );
}

#[test]
fn transactions() {
    assert_eq!(pg("BEGIN")["kind"], "begin");
    assert_eq!(
        pg("START TRANSACTION ISOLATION LEVEL SERIALIZABLE")["kind"],
        "begin"
    );
    assert_eq!(pg("COMMIT")["kind"], "commit");
    assert_eq!(pg("ROLLBACK"), stmt("rollback", Value::Null, json!({})));
    assert_eq!(
        pg("ROLLBACK TO SAVEPOINT before_backfill")["savepoint"],
        "before_backfill"
    );
    assert_eq!(pg("SAVEPOINT before_backfill")["kind"], "savepoint");
}

#[test]
fn locks_and_maintenance() {
    assert_eq!(
        pg("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"),
        stmt(
            "lock_table",
            table("orders"),
            json!({"names": [table("orders")]})
        )
    );
    assert_eq!(mysql("LOCK TABLES orders WRITE")["object"], table("orders"));
    assert_eq!(
        pg("ANALYZE orders"),
        stmt("analyze", table("orders"), json!({}))
    );
    assert_eq!(pg("VACUUM orders")["kind"], "vacuum");
}

#[test]
fn use_pragma_call_execute() {
    assert_eq!(
        mysql("USE shop"),
        stmt(
            "use",
            json!({"type": "database", "schema": null, "name": "shop"}),
            json!({})
        )
    );
    assert_eq!(
        facts("PRAGMA foreign_keys = 0", Dialect::Sqlite),
        stmt(
            "pragma",
            Value::Null,
            json!({"variable": "foreign_keys", "value": "0"})
        )
    );
    assert_eq!(
        pg("CALL app.backfill_orders(1000)"),
        stmt(
            "call",
            json!({"type": "procedure", "schema": "app", "name": "backfill_orders"}),
            json!({})
        )
    );
    let f = facts(
        "EXEC sp_rename 'dbo.orders.amt', 'amount', 'COLUMN'",
        Dialect::Sqlserver,
    );
    assert_eq!(f["kind"], "execute");
    assert_eq!(f["object"]["name"], "sp_rename");
    assert_eq!(pg("EXPLAIN SELECT 1")["kind"], "other");
}

#[test]
fn tsql_guarded_statement_is_described_by_its_body() {
    let f = facts(
        "IF OBJECT_ID('dbo.orders_old', 'U') IS NOT NULL DROP TABLE dbo.orders_old",
        Dialect::Sqlserver,
    );
    assert_eq!(f["kind"], "drop_table");
    assert_eq!(
        f["object"],
        json!({"type": "table", "schema": "dbo", "name": "orders_old"})
    );
    let f = facts(
        "IF 1 = 1 BEGIN PRINT 'a'; DROP TABLE t; END ELSE PRINT 'b'",
        Dialect::Sqlserver,
    );
    assert_eq!(f["kind"], "other");
}
