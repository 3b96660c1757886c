//! Statements sqlparser 0.64 cannot parse, described from their tokens.

use serde_json::json;

use super::*;

fn index(schema: Option<&str>, name: &str) -> Value {
    json!({"type": "index", "schema": schema, "name": name})
}

#[test]
fn drop_index_concurrently() {
    let sql = "DROP INDEX CONCURRENTLY IF EXISTS app.orders_status_idx, orders_code_idx CASCADE";
    assert_eq!(
        unparsed(sql, Dialect::Postgres),
        stmt(
            "drop_index",
            index(Some("app"), "orders_status_idx"),
            json!({
                "concurrently": true, "if_exists": true, "cascade": true,
                "names": [index(Some("app"), "orders_status_idx"), index(None, "orders_code_idx")],
            }),
        )
    );
    let f = unparsed(
        "DROP INDEX CONCURRENTLY orders_status_idx",
        Dialect::Postgres,
    );
    assert_eq!(f["concurrently"], true);
    assert_eq!(f["if_exists"], false);
    assert_eq!(f["cascade"], false);
}

#[test]
fn reindex() {
    assert_eq!(
        unparsed(
            "REINDEX INDEX CONCURRENTLY orders_status_idx",
            Dialect::Postgres
        ),
        stmt(
            "reindex",
            index(None, "orders_status_idx"),
            json!({"concurrently": true})
        )
    );
    assert_eq!(
        unparsed("REINDEX TABLE app.orders", Dialect::Postgres),
        stmt(
            "reindex",
            json!({"type": "table", "schema": "app", "name": "orders"}),
            json!({})
        )
    );
    let f = serde_json::to_value(from_tokens(
        "REINDEX (VERBOSE, CONCURRENTLY) SCHEMA app",
        Dialect::Postgres,
    ))
    .unwrap();
    assert_eq!(f["concurrently"], true);
    assert_eq!(
        f["object"],
        json!({"type": "schema", "schema": null, "name": "app"})
    );
}

#[test]
fn vacuum_and_cluster() {
    assert_eq!(
        unparsed("VACUUM FULL ANALYZE orders", Dialect::Postgres),
        stmt("vacuum", table("orders"), json!({"full": true}))
    );
    assert_eq!(
        unparsed("VACUUM (VERBOSE, ANALYZE) orders", Dialect::Postgres),
        stmt("vacuum", table("orders"), json!({"full": false}))
    );
    assert_eq!(
        unparsed("VACUUM (FULL, ANALYZE) orders", Dialect::Postgres)["full"],
        true
    );
    assert_eq!(
        unparsed("CLUSTER orders USING orders_pkey", Dialect::Postgres),
        stmt("cluster", table("orders"), json!({}))
    );
}

#[test]
fn do_blocks_and_psql_meta() {
    let f = unparsed("DO $$ BEGIN PERFORM 1; END $$", Dialect::Postgres);
    assert_eq!(f, stmt("do", Value::Null, json!({})));
    assert_eq!(
        unparsed(
            "DO LANGUAGE plpgsql $$ BEGIN NULL; END $$",
            Dialect::Postgres
        )["kind"],
        "do"
    );
    assert_eq!(
        unparsed("\\set ON_ERROR_STOP on", Dialect::Postgres)["kind"],
        "psql_meta"
    );
    assert_eq!(
        unparsed(
            "-- leading comment\n/* and another */ \\connect shop",
            Dialect::Postgres
        )["kind"],
        "psql_meta"
    );
}

#[test]
fn alter_sequence_and_table() {
    assert_eq!(
        unparsed(
            "ALTER SEQUENCE billing.invoice_seq RESTART WITH 5000",
            Dialect::Postgres
        ),
        stmt(
            "alter_sequence",
            json!({"type": "sequence", "schema": "billing", "name": "invoice_seq"}),
            json!({})
        )
    );
    let sql = "ALTER TABLE dbo.orders ALTER COLUMN amount BIGINT NOT NULL";
    let f = unparsed(sql, Dialect::Sqlserver);
    assert_eq!(
        f,
        stmt(
            "alter_table",
            json!({"type": "table", "schema": "dbo", "name": "orders"}),
            json!({"ops": [{
                "op": "modify_column", "column": "amount", "type": "BIGINT",
                "not_null": true, "has_default": false,
            }]}),
        )
    );
    let facts = from_tokens(sql, Dialect::Sqlserver);
    assert_eq!(facts.table.map(|t| t.name), Some("orders".to_string()));
    let f = unparsed(
        "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4, ALGORITHM=COPY, LOCK = SHARED",
        Dialect::Mysql,
    );
    assert_eq!(f["object"], table("t"));
    assert_eq!(
        f["ops"],
        json!([{"op": "other", "detail": "CONVERT TO CHARACTER SET utf8mb4"}])
    );
    assert_eq!(f["algorithm"], "COPY");
    assert_eq!(f["lock"], "SHARED");
}

#[test]
fn create_index_from_tokens() {
    let sql =
        "CREATE UNIQUE NONCLUSTERED INDEX IX_Orders_Code ON dbo.Orders (Code) WITH (ONLINE = ON)";
    let f = unparsed(sql, Dialect::Sqlserver);
    assert_eq!(
        f,
        stmt(
            "create_index",
            index(Some("dbo"), "IX_Orders_Code"),
            json!({"unique": true, "columns": ["Code"], "using": null, "where": false})
        )
    );
    let facts = from_tokens(sql, Dialect::Sqlserver);
    assert_eq!(
        facts.table.map(|t| (t.schema, t.name)),
        Some((Some("dbo".into()), "Orders".into()))
    );
    let f = serde_json::to_value(from_tokens(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx ON ${schema}.orders (a)",
        Dialect::Postgres,
    ))
    .unwrap();
    assert_eq!(f["concurrently"], true);
    assert_eq!(f["if_not_exists"], true);
    assert_eq!(f["unique"], false);
}

#[test]
fn generic_create_drop_alter() {
    let f = serde_json::to_value(from_tokens(
        "CREATE DEFINER=`root`@`localhost` PROCEDURE shop.cleanup() BEGIN DELETE FROM t; END",
        Dialect::Mysql,
    ))
    .unwrap();
    assert_eq!(
        f,
        stmt(
            "create_procedure",
            json!({"type": "procedure", "schema": "shop", "name": "cleanup"}),
            json!({"or_replace": false})
        )
    );
    let f = serde_json::to_value(from_tokens(
        "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql WINDOW",
        Dialect::Postgres,
    ))
    .unwrap();
    assert_eq!(f["kind"], "create_function");
    assert_eq!(f["or_replace"], true);
    let f = serde_json::to_value(from_tokens(
        "DROP TABLE IF EXISTS orders CASCADE CONSTRAINTS PURGE",
        Dialect::Oracle,
    ))
    .unwrap();
    assert_eq!(f["kind"], "drop_table");
    assert_eq!(f["cascade"], true);
    assert_eq!(f["if_exists"], true);
    // ALTER SYSTEM has a kind of its own (the server's configuration)
    assert_eq!(
        from_tokens("ALTER SYSTEM SET work_mem = '64MB' x", Dialect::Postgres).kind,
        "alter_system"
    );
    // Types the document has no kind for are unknown.
    assert_eq!(
        from_tokens("ALTER SCHEMA app OWNER TO x y z", Dialect::Postgres).kind,
        "unknown"
    );
}

#[test]
fn dml_and_dcl_leading_words() {
    let f = from_tokens(
        "INSERT INTO ${schema}.orders VALUES (1) RETURNING ???",
        Dialect::Postgres,
    );
    assert_eq!(f.kind, "insert");
    let f = from_tokens("UPDATE orders SET a = ??? WHERE", Dialect::Postgres);
    assert_eq!(f.kind, "update");
    assert_eq!(f.table.map(|t| t.name), Some("orders".to_string()));
    let f = from_tokens("DELETE FROM app.sessions WHERE ???", Dialect::Postgres);
    assert_eq!(f.kind, "delete");
    assert_eq!(f.object.map(|o| o.name), Some("sessions".to_string()));
    assert_eq!(
        from_tokens(
            "GRANT EXECUTE ON FUNCTION f(int) TO app ???",
            Dialect::Postgres
        )
        .kind,
        "grant"
    );
    assert_eq!(
        from_tokens("REVOKE ??? FROM app", Dialect::Postgres).kind,
        "revoke"
    );
    assert_eq!(
        from_tokens("FROBNICATE everything", Dialect::Postgres).kind,
        "unknown"
    );
    assert_eq!(from_tokens("", Dialect::Postgres).kind, "unknown");
}

#[test]
fn tokenizer_failure_still_reads_leading_words() {
    // The unterminated string makes the tokenizer fail; the words before it
    // are still read.
    let f = from_tokens(
        "DROP INDEX CONCURRENTLY idx_a; SELECT 'oops",
        Dialect::Postgres,
    );
    assert_eq!(f.kind, "drop_index");
    assert!(f.concurrently);
    let f = from_tokens("CREATE FUNCTION f() AS $$ unterminated", Dialect::Postgres);
    assert_eq!(f.kind, "create_function");
}

#[test]
fn bom_and_bulk_insert() {
    assert_eq!(
        from_tokens(
            "\u{feff}CREATE PROCEDURE dbo.p AS SELECT 1 GO",
            Dialect::Sqlserver
        )
        .kind,
        "create_procedure"
    );
    let f = from_tokens(
        "BULK INSERT dbo.orders FROM 'c:\\orders.csv' WITH (FIELDTERMINATOR = ',')",
        Dialect::Sqlserver,
    );
    assert_eq!(f.kind, "load_data");
    assert_eq!(f.table.map(|t| t.name), Some("orders".to_string()));
}

#[test]
fn tsql_alter_table_operations() {
    let ms = |sql: &str| unparsed(sql, Dialect::Sqlserver)["ops"].clone();
    assert_eq!(
        ms(
            "ALTER TABLE [dbo].[Orders] WITH NOCHECK ADD CONSTRAINT [FK_Orders_Customers] \
            FOREIGN KEY([CustomerID]) REFERENCES [dbo].[Customers] ([CustomerID])"
        ),
        json!([{"op": "add_constraint", "constraint": {
            "type": "foreign_key", "name": "FK_Orders_Customers", "columns": ["CustomerID"],
            "references": {"schema": "dbo", "name": "Customers"}, "not_valid": true, "using_index": null,
        }}])
    );
    assert_eq!(
        ms("ALTER TABLE [dbo].[Orders] WITH CHECK ADD CONSTRAINT [CK_Qty] CHECK (([Qty]>(0)))")[0]
            ["constraint"]["not_valid"],
        false
    );
    assert_eq!(
        ms("ALTER TABLE [dbo].[Orders] WITH CHECK CHECK CONSTRAINT [FK_Orders_Customers]"),
        json!([{"op": "validate_constraint", "name": "FK_Orders_Customers"}])
    );
    assert_eq!(
        ms("ALTER TABLE [dbo].[Orders] CHECK CONSTRAINT [FK_Orders_Customers]"),
        json!([{"op": "other", "detail": "CHECK CONSTRAINT [FK_Orders_Customers]"}])
    );
    assert_eq!(
        ms("ALTER TABLE [dbo].[Orders] ADD CONSTRAINT [DF_Orders_Id] DEFAULT (newid()) FOR [Id]"),
        json!([{"op": "set_default", "column": "Id", "default": "(newid())", "default_volatile": true}])
    );
}

#[test]
fn tsql_create_table_columns_despite_filegroup() {
    let f = unparsed(
        "CREATE TABLE [dbo].[Orders]( [Id] [int] IDENTITY(1,1) NOT NULL, [Code] [nvarchar](32) NULL, \
         CONSTRAINT [PK_Orders] PRIMARY KEY CLUSTERED ([Id] ASC) \
         WITH (PAD_INDEX = OFF) ON [PRIMARY]) ON [PRIMARY]",
        Dialect::Sqlserver,
    );
    assert_eq!(f["kind"], "create_table");
    assert_eq!(
        f["object"],
        json!({"type": "table", "schema": "dbo", "name": "Orders"})
    );
    assert_eq!(f["columns"][0]["name"], "Id");
    assert_eq!(f["columns"][0]["generated"], "identity");
    assert_eq!(f["columns"][0]["not_null"], true);
    assert_eq!(f["columns"][1]["type"], "[nvarchar](32)");
    assert_eq!(f["primary_key"], true);
}

#[test]
fn mysql_and_oracle_parenthesized_alter_lists() {
    let f = unparsed(
        "ALTER TABLE t_ds_task ADD (CONSTRAINT uk_code UNIQUE (code), INDEX idx_name (name)), \
         CONVERT TO CHARACTER SET utf8mb4",
        Dialect::Mysql,
    );
    assert_eq!(f["ops"][0]["constraint"]["type"], "unique");
    assert_eq!(f["ops"][1]["constraint"]["type"], "index");
    assert_eq!(f["ops"][1]["constraint"]["columns"], json!(["name"]));
    assert_eq!(f["ops"][2]["op"], "other");
    let f = unparsed(
        "ALTER TABLE QRTZ_TRIGGERS MODIFY COLUMN `SCHED_NAME` VARCHAR(120) NOT NULL, CONVERT TO CHARACTER SET utf8mb4",
        Dialect::Mysql,
    );
    assert_eq!(
        f["ops"][0],
        json!({"op": "modify_column", "column": "SCHED_NAME", "type": "VARCHAR(120)", "not_null": true, "has_default": false})
    );
    let f = serde_json::to_value(from_tokens(
        "ALTER TABLE ACT_RU_EXECUTION MODIFY (SUSPENSION_STATE_ NUMBER(10) NOT NULL, NAME_ NVARCHAR2(255))",
        Dialect::Oracle,
    ))
    .unwrap();
    assert_eq!(f["ops"][0]["column"], "SUSPENSION_STATE_");
    assert_eq!(f["ops"][0]["not_null"], true);
    assert_eq!(f["ops"][1]["column"], "NAME_");
}

/// Every prefix of real statements, in every dialect: `from_tokens` must
/// never panic on truncated or odd input, and always name a kind.
#[test]
fn never_panics_on_prefixes() {
    let samples = [
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.t USING btree (a, lower(b)) WHERE c",
        "ALTER TABLE [dbo].[T] WITH NOCHECK ADD CONSTRAINT [FK] FOREIGN KEY([A]) REFERENCES [dbo].[U] ([A])",
        "ALTER TABLE t ADD (CONSTRAINT u UNIQUE (a), INDEX i (b)), MODIFY (c NUMBER(10) NOT NULL), ALGORITHM=COPY",
        "CREATE TABLE [dbo].[T]( [Id] [int] IDENTITY(1,1) NOT NULL, CONSTRAINT [PK] PRIMARY KEY ([Id])) ON [PRIMARY]",
        "DROP INDEX CONCURRENTLY IF EXISTS a.b, c CASCADE",
        "REINDEX (VERBOSE, CONCURRENTLY) TABLE CONCURRENTLY s.t",
        "VACUUM (FULL false, ANALYZE) t (a, b)",
        "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT 'x;y'; END",
        "DO $$ BEGIN RAISE NOTICE 'é'; END $$",
        "\\set x 'ü'",
    ];
    for sql in samples {
        for (end, _) in sql.char_indices().chain([(sql.len(), ' ')]) {
            let prefix = &sql[..end];
            for dialect in Dialect::ALL {
                let f = from_tokens(prefix, dialect);
                assert!(
                    super::super::KINDS.contains(&f.kind.as_str()),
                    "{prefix}: {}",
                    f.kind
                );
            }
        }
    }
}

#[test]
fn create_index_columns_from_tokens() {
    let f = serde_json::to_value(from_tokens(
        "CREATE INDEX IF NOT EXISTS idx ON t USING gin (lower(name), (data->>'k')) STORING (a) WHERE deleted_at IS NULL",
        Dialect::Cockroachdb,
    ))
    .unwrap();
    assert_eq!(f["columns"], json!(["lower(name)", "(data ->> 'k')"]));
    assert_eq!(f["using"], "gin");
    assert_eq!(f["where"], true);
}
