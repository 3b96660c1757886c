//! Data changes.

use serde_json::json;

use super::*;

#[test]
fn update_with_and_without_where() {
    assert_eq!(
        pg("UPDATE orders SET status = 'closed' WHERE created_at < now() - interval '1 year'"),
        stmt(
            "update",
            table("orders"),
            json!({"where": true, "limit": false, "order_by": false, "from": false})
        )
    );
    assert_eq!(
        pg("UPDATE orders SET status = 'closed'"),
        stmt(
            "update",
            table("orders"),
            json!({"where": false, "limit": false, "order_by": false, "from": false})
        )
    );
    assert_eq!(
        pg("UPDATE orders o SET total = s.total FROM order_sums s WHERE s.id = o.id")["from"],
        true
    );
    let f = mysql("UPDATE orders SET flag = 1 ORDER BY id LIMIT 1000");
    assert_eq!((&f["limit"], &f["order_by"]), (&json!(true), &json!(true)));
    assert_eq!(
        table_of("UPDATE app.orders SET a = 1", Dialect::Postgres),
        Some((Some("app".into()), "orders".into()))
    );
}

#[test]
fn delete_with_and_without_where() {
    assert_eq!(
        pg("DELETE FROM sessions WHERE expires_at < now()"),
        stmt(
            "delete",
            table("sessions"),
            json!({"where": true, "limit": false, "order_by": false, "from": false})
        )
    );
    assert_eq!(
        pg("DELETE FROM sessions"),
        stmt(
            "delete",
            table("sessions"),
            json!({"where": false, "limit": false, "order_by": false, "from": false})
        )
    );
    assert_eq!(
        pg("DELETE FROM orders o USING customers c WHERE c.id = o.customer_id AND c.banned")["from"],
        true
    );
    let f = mysql("DELETE FROM sessions WHERE expired = 1 LIMIT 500");
    assert_eq!(f["limit"], true);
    assert_eq!(f["order_by"], false);
    assert_eq!(f["from"], false);
    let f = mysql("DELETE FROM sessions WHERE expired = 1 ORDER BY id LIMIT 500");
    assert_eq!(f["order_by"], true);
}

#[test]
fn inserts() {
    assert_eq!(
        pg(
            "INSERT INTO app.settings (key, value) VALUES ('a', '1'), ('b', '2') ON CONFLICT (key) DO NOTHING"
        ),
        stmt(
            "insert",
            json!({"type": "table", "schema": "app", "name": "settings"}),
            json!({"columns": ["key", "value"], "rows": 2, "select": false, "on_conflict": true, "select_star": false}),
        )
    );
    assert_eq!(
        pg("INSERT INTO archive SELECT * FROM orders WHERE created_at < '2020-01-01'"),
        stmt(
            "insert",
            table("archive"),
            json!({"columns": [], "rows": null, "select": true, "on_conflict": false, "select_star": true})
        )
    );
    assert_eq!(
        mysql("INSERT INTO counters (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1")["on_conflict"],
        true
    );
    assert_eq!(
        facts("INSERT OR IGNORE INTO t (a) VALUES (1)", Dialect::Sqlite)["on_conflict"],
        true
    );
}

#[test]
fn truncate_merge_copy_select() {
    assert_eq!(
        pg("TRUNCATE TABLE orders, order_items RESTART IDENTITY CASCADE"),
        stmt(
            "truncate",
            table("orders"),
            json!({"cascade": true, "names": [table("orders"), table("order_items")]})
        )
    );
    assert_eq!(pg("TRUNCATE orders")["cascade"], false);
    let f = facts(
        "MERGE INTO dbo.target t USING dbo.source s ON t.id = s.id \
         WHEN MATCHED THEN UPDATE SET t.v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v);",
        Dialect::Sqlserver,
    );
    assert_eq!(f["kind"], "merge");
    assert_eq!(
        f["object"],
        json!({"type": "table", "schema": "dbo", "name": "target"})
    );
    assert_eq!(
        pg("COPY orders (id, amount) FROM STDIN WITH (FORMAT csv)")["object"],
        table("orders")
    );
    assert_eq!(pg("COPY orders TO STDOUT")["kind"], "copy");
    assert_eq!(
        pg("SELECT pg_advisory_lock(42)"),
        stmt("select", Value::Null, json!({"select_star": false}))
    );
}

#[test]
fn select_star_in_insert_select_and_queries() {
    assert_eq!(pg("INSERT INTO x SELECT * FROM y")["select_star"], true);
    assert_eq!(
        pg("INSERT INTO x (a) SELECT a FROM y")["select_star"],
        false
    );
    assert_eq!(pg("INSERT INTO x VALUES (1)")["select_star"], false);
    assert_eq!(pg("SELECT 1 UNION SELECT * FROM a")["select_star"], true);
}
