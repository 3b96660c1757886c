//! `ALTER TABLE` ops.

use serde_json::json;

use super::*;

/// The `ops` of a postgres `ALTER TABLE`, after checking the statement.
fn pg_ops(sql: &str) -> Value {
    let f = pg(sql);
    assert_eq!(f["kind"], "alter_table", "{sql}");
    f["ops"].clone()
}

#[test]
fn add_column_not_null_without_default() {
    let f = pg("ALTER TABLE public.orders ADD COLUMN status varchar(32) NOT NULL");
    assert_eq!(
        f,
        stmt(
            "alter_table",
            json!({"type": "table", "schema": "public", "name": "orders"}),
            json!({"ops": [{
                "op": "add_column",
                "column": column("status", "VARCHAR(32)", json!({"not_null": true})),
                "if_not_exists": false,
            }]}),
        )
    );
    assert_eq!(
        table_of(
            "ALTER TABLE public.orders ADD COLUMN c int",
            Dialect::Postgres
        ),
        Some((Some("public".into()), "orders".into()))
    );
}

#[test]
fn add_column_with_constant_default() {
    assert_eq!(
        pg_ops("ALTER TABLE orders ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'new'"),
        json!([{
            "op": "add_column",
            "column": column("status", "TEXT", json!({
                "not_null": true, "has_default": true, "default": "'new'",
            })),
            "if_not_exists": true,
        }])
    );
}

#[test]
fn add_column_with_volatile_default() {
    assert_eq!(
        pg_ops("ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()"),
        json!([{
            "op": "add_column",
            "column": column("public_id", "UUID", json!({
                "not_null": true, "has_default": true, "default": "gen_random_uuid()",
                "default_volatile": true,
            })),
            "if_not_exists": false,
        }])
    );
}

#[test]
fn add_column_with_now_default_is_stable() {
    assert_eq!(
        pg_ops("ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now()"),
        json!([{
            "op": "add_column",
            "column": column("created_at", "TIMESTAMPTZ", json!({
                "has_default": true, "default": "now()",
            })),
            "if_not_exists": false,
        }])
    );
}

#[test]
fn add_column_with_identity_reference_and_serial() {
    let ops = pg_ops(
        "ALTER TABLE orders ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
         ADD COLUMN customer_id bigint REFERENCES sales.customers (id), \
         ADD COLUMN seq bigserial, \
         ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED",
    );
    assert_eq!(
        ops[0]["column"],
        column(
            "id",
            "BIGINT",
            json!({
                "not_null": true, "primary_key": true, "generated": "identity",
            })
        )
    );
    assert_eq!(
        ops[1]["column"]["references"],
        json!({"schema": "sales", "name": "customers"})
    );
    // serial implies NOT NULL DEFAULT nextval(…), which is volatile.
    assert_eq!(
        ops[2]["column"],
        column(
            "seq",
            "bigserial",
            json!({
                "not_null": true, "has_default": true, "default_volatile": true,
            })
        )
    );
    assert_eq!(ops[3]["column"]["generated"], "stored");
}

#[test]
fn alter_column_type_using() {
    assert_eq!(
        pg_ops("ALTER TABLE orders ALTER COLUMN amount TYPE bigint USING amount::bigint"),
        json!([{"op": "alter_column_type", "column": "amount", "type": "BIGINT", "using": true}])
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders ALTER COLUMN note SET DATA TYPE varchar(200)"),
        json!([{"op": "alter_column_type", "column": "note", "type": "VARCHAR(200)", "using": false}])
    );
}

#[test]
fn not_null_and_defaults() {
    assert_eq!(
        pg_ops(
            "ALTER TABLE orders ALTER COLUMN status SET NOT NULL, \
             ALTER COLUMN note DROP NOT NULL, \
             ALTER COLUMN status SET DEFAULT 'new', \
             ALTER COLUMN token SET DEFAULT md5(random()::text), \
             ALTER COLUMN note DROP DEFAULT"
        ),
        json!([
            {"op": "set_not_null", "column": "status"},
            {"op": "drop_not_null", "column": "note"},
            {"op": "set_default", "column": "status", "default": "'new'", "default_volatile": false},
            {"op": "set_default", "column": "token", "default": "md5(random()::TEXT)", "default_volatile": true},
            {"op": "drop_default", "column": "note"},
        ])
    );
}

#[test]
fn foreign_key_not_valid_and_valid() {
    let fk = |not_valid: bool, on_delete: Option<&str>| {
        let mut c = json!({
            "type": "foreign_key", "name": "orders_customer_fk", "columns": ["customer_id"],
            "references": {"schema": null, "name": "customers"}, "not_valid": not_valid,
            "using_index": null,
        });
        if let Some(action) = on_delete {
            c["on_delete"] = json!(action);
        }
        json!([{"op": "add_constraint", "constraint": c}])
    };
    assert_eq!(
        pg_ops(
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) \
             REFERENCES customers (id) NOT VALID"
        ),
        fk(true, None)
    );
    assert_eq!(
        pg_ops(
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) \
             REFERENCES customers (id) ON DELETE CASCADE"
        ),
        fk(false, Some("cascade"))
    );
    assert_eq!(
        pg_ops(
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) \
             REFERENCES customers (id) ON UPDATE CASCADE ON DELETE SET NULL NOT VALID"
        ),
        fk(true, Some("set_null"))
    );
}

#[test]
fn check_unique_using_index_and_validate() {
    assert_eq!(
        pg_ops(
            "ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0 AND amount < max_amount) NOT VALID"
        ),
        json!([{"op": "add_constraint", "constraint": {
            "type": "check", "name": "amount_positive", "columns": ["amount", "max_amount"],
            "references": null, "not_valid": true, "using_index": null,
        }}])
    );
    assert_eq!(
        pg_ops(
            "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_idx"
        ),
        json!([{"op": "add_constraint", "constraint": {
            "type": "unique", "name": "orders_code_key", "columns": [],
            "references": null, "not_valid": false, "using_index": "orders_code_idx",
        }}])
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders ADD PRIMARY KEY (id)"),
        json!([{"op": "add_constraint", "constraint": {
            "type": "primary_key", "name": null, "columns": ["id"],
            "references": null, "not_valid": false, "using_index": null,
        }}])
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk"),
        json!([{"op": "validate_constraint", "name": "orders_customer_fk"}])
    );
}

#[test]
fn drops_and_renames() {
    assert_eq!(
        pg_ops("ALTER TABLE IF EXISTS orders DROP COLUMN IF EXISTS legacy CASCADE"),
        json!([{"op": "drop_column", "column": "legacy", "if_exists": true, "cascade": true}])
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders DROP CONSTRAINT orders_customer_fk"),
        json!([{"op": "drop_constraint", "name": "orders_customer_fk", "if_exists": false, "cascade": false}])
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders RENAME COLUMN amount TO total"),
        json!([{"op": "rename_column", "column": "amount", "new_name": "total"}])
    );
    // `ALTER TABLE … RENAME TO` stays an alter_table with a rename_table op.
    assert_eq!(
        pg_ops("ALTER TABLE orders RENAME TO orders_old"),
        json!([{"op": "rename_table", "new_name": "orders_old"}])
    );
}

#[test]
fn partitions_and_table_options() {
    assert_eq!(
        pg_ops(
            "ALTER TABLE measurements ATTACH PARTITION measurements_2024 \
             FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
        ),
        json!([{"op": "attach_partition", "name": "measurements_2024", "concurrently": false}])
    );
    assert_eq!(
        pg_ops("ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY"),
        json!([{"op": "detach_partition", "name": "measurements_2023", "concurrently": true}])
    );
    assert_eq!(
        pg("ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY")["concurrently"],
        true
    );
    assert_eq!(
        pg("ALTER TABLE measurements DETACH PARTITION measurements_2023")["concurrently"],
        false
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders ENABLE ROW LEVEL SECURITY, OWNER TO app_owner, SET UNLOGGED"),
        json!([
            {"op": "enable_rls", "detail": "ENABLE ROW LEVEL SECURITY"},
            {"op": "owner_to", "detail": "app_owner"},
            {"op": "set_unlogged", "detail": "SET UNLOGGED"},
        ])
    );
    assert_eq!(
        pg_ops("ALTER TABLE orders SET (fillfactor = 70)"),
        json!([{"op": "other", "detail": "SET (fillfactor = 70)"}])
    );
}

#[test]
fn mysql_add_column_algorithm_lock() {
    let f = mysql(
        "ALTER TABLE `orders` ADD COLUMN `status` VARCHAR(32) NOT NULL DEFAULT 'new' AFTER `id`, \
         ALGORITHM=INPLACE, LOCK=NONE",
    );
    assert_eq!(
        f,
        stmt(
            "alter_table",
            table("orders"),
            json!({
                "ops": [{
                    "op": "add_column",
                    "column": column("status", "VARCHAR(32)", json!({
                        "not_null": true, "has_default": true, "default": "'new'",
                    })),
                    "if_not_exists": false,
                }],
                "algorithm": "INPLACE",
                "lock": "NONE",
            }),
        )
    );
    // Absent clauses are null for MySQL.
    let f = mysql("ALTER TABLE orders DROP COLUMN legacy");
    assert_eq!(f["algorithm"], Value::Null);
    assert_eq!(f["lock"], Value::Null);
    assert!(f.as_object().unwrap().contains_key("lock"));
    // …and absent elsewhere.
    assert!(
        !pg("ALTER TABLE orders DROP COLUMN legacy")
            .as_object()
            .unwrap()
            .contains_key("lock")
    );
}

#[test]
fn mysql_modify_and_change_column() {
    assert_eq!(
        mysql("ALTER TABLE orders MODIFY COLUMN amount BIGINT NOT NULL")["ops"],
        json!([{"op": "modify_column", "column": "amount", "type": "BIGINT", "not_null": true, "has_default": false}])
    );
    assert_eq!(
        mysql("ALTER TABLE orders CHANGE COLUMN amt amount BIGINT DEFAULT 0 AFTER id")["ops"],
        json!([{
            "op": "modify_column", "column": "amt", "new_name": "amount", "type": "BIGINT",
            "not_null": false, "has_default": true, "default": "0", "default_volatile": false,
        }])
    );
}

#[test]
fn mysql_keys_and_indexes() {
    assert_eq!(
        mysql(
            "ALTER TABLE orders DROP PRIMARY KEY, DROP FOREIGN KEY fk_customer, \
             DROP INDEX idx_status, ADD INDEX idx_created (created_at), \
             ADD UNIQUE KEY uk_code (code), RENAME COLUMN a TO b"
        )["ops"],
        json!([
            {"op": "drop_primary_key"},
            {"op": "drop_foreign_key", "name": "fk_customer"},
            {"op": "drop_index", "name": "idx_status"},
            {"op": "add_constraint", "constraint": {
                "type": "index", "name": "idx_created", "columns": ["created_at"],
                "references": null, "not_valid": false, "using_index": null,
            }},
            {"op": "add_constraint", "constraint": {
                "type": "unique", "name": "uk_code", "columns": ["code"],
                "references": null, "not_valid": false, "using_index": null,
            }},
            {"op": "rename_column", "column": "a", "new_name": "b"},
        ])
    );
}

#[test]
fn volatility_of_defaults() {
    let volatile = |default: &str| {
        let f = pg(&format!(
            "ALTER TABLE t ALTER COLUMN c SET DEFAULT {default}"
        ));
        f["ops"][0]["default_volatile"].as_bool().unwrap()
    };
    // PostgreSQL provolatile = 'v'.
    for v in [
        "random()",
        "gen_random_uuid()",
        "uuid_generate_v1mc()",
        "extensions.uuid_generate_v4()",
        "clock_timestamp()",
        "timeofday()",
        "nextval('orders_id_seq'::regclass)",
        "NEXTVAL('orders_id_seq')",
        "'x' || md5(random()::text)",
        // Unknown (user-defined) functions are taken as volatile.
        "app.next_code()",
    ] {
        assert!(volatile(v), "{v}");
    }
    // Stable or immutable.
    for v in [
        "now()",
        "CURRENT_TIMESTAMP",
        "transaction_timestamp()",
        "statement_timestamp()",
        "timezone('utc', now())",
        "'{}'::jsonb",
        "0",
        "lower('X')",
        "current_setting('app.tenant')",
    ] {
        assert!(!volatile(v), "{v}");
    }
    let my = |default: &str| {
        let f = mysql(&format!(
            "ALTER TABLE t ADD COLUMN c VARCHAR(36) DEFAULT ({default})"
        ));
        f["ops"][0]["column"]["default_volatile"].as_bool().unwrap()
    };
    assert!(my("UUID()"));
    assert!(my("RAND()"));
    assert!(!my("CURRENT_TIMESTAMP"));
    let ms = |default: &str| {
        let f = facts(
            &format!("CREATE TABLE t (c UNIQUEIDENTIFIER DEFAULT {default})"),
            Dialect::Sqlserver,
        );
        f["columns"][0]["default_volatile"].as_bool().unwrap()
    };
    assert!(ms("NEWID()"));
    assert!(ms("NEWSEQUENTIALID()"));
    assert!(!ms("GETDATE()"));
}

#[test]
fn enable_and_disable_trigger_are_ops_of_their_own() {
    let f = pg("ALTER TABLE t DISABLE TRIGGER ALL");
    assert_eq!(
        f["ops"],
        serde_json::json!([{"op": "disable_trigger", "name": "ALL"}])
    );
    let f = pg("ALTER TABLE t ENABLE TRIGGER trg");
    assert_eq!(
        f["ops"],
        serde_json::json!([{"op": "enable_trigger", "name": "trg"}])
    );
}
