use super::*;
use crate::sql::facts::{Column, Constraint, Op};

fn alter(ops: Vec<Op>) -> Facts {
    Facts {
        kind: "alter_table".into(),
        ops: Some(ops),
        ..Facts::default()
    }
}

fn add_column(c: Column) -> Op {
    Op {
        op: "add_column".into(),
        column: Some(OpColumn::Definition(Box::new(c))),
        ..Op::default()
    }
}

fn pg(v: &str) -> DbVersion {
    v.parse().unwrap()
}

#[test]
fn postgres_index_build_blocks_writes_unless_concurrent() {
    let mut f = Facts {
        kind: "create_index".into(),
        ..Facts::default()
    };
    let i = estimate(&f, None, Dialect::Postgres, &pg("16"));
    assert_eq!(i.lock.as_deref(), Some("share"));
    assert!(i.blocks_writes && !i.blocks_reads && i.scan && !i.rewrite);
    f.concurrently = true;
    let i = estimate(&f, None, Dialect::Postgres, &pg("16"));
    assert_eq!(i.lock.as_deref(), Some("share_update_exclusive"));
    assert!(!i.blocks_writes && !i.blocks_reads);
}

#[test]
fn postgres_defaults_rewrite_before_11_and_when_volatile() {
    let constant = Column {
        name: "c".into(),
        has_default: true,
        default: Some("0".into()),
        ..Column::default()
    };
    let volatile = Column {
        default_volatile: true,
        default: Some("random()".into()),
        ..constant.clone()
    };
    let f = alter(vec![add_column(constant.clone())]);
    assert!(!estimate(&f, None, Dialect::Postgres, &pg("11")).rewrite);
    assert!(estimate(&f, None, Dialect::Postgres, &pg("10")).rewrite);
    let f = alter(vec![add_column(volatile)]);
    let i = estimate(&f, None, Dialect::Postgres, &pg("16"));
    assert!(i.rewrite && i.blocks_reads);
    assert_eq!(i.lock.as_deref(), Some("access_exclusive"));
}

#[test]
fn postgres_not_valid_foreign_key_skips_the_scan() {
    let fk = Constraint {
        kind: "foreign_key".into(),
        ..Constraint::default()
    };
    let op = |c: Constraint| Op {
        op: "add_constraint".into(),
        constraint: Some(c),
        ..Op::default()
    };
    let i = estimate(
        &alter(vec![op(fk.clone())]),
        None,
        Dialect::Postgres,
        &pg("16"),
    );
    assert_eq!(i.lock.as_deref(), Some("share_row_exclusive"));
    assert!(i.scan && i.blocks_writes && !i.blocks_reads);
    let i = estimate(
        &alter(vec![op(Constraint {
            not_valid: true,
            ..fk
        })]),
        None,
        Dialect::Postgres,
        &pg("16"),
    );
    assert!(!i.scan);
}

#[test]
fn new_tables_block_nobody() {
    let f = Facts {
        kind: "create_index".into(),
        ..Facts::default()
    };
    let t = TableState {
        schema: None,
        name: "t".into(),
        new: true,
        known: true,
        created_in: Some("1".into()),
        same_changeset: false,
    };
    let i = estimate(&f, Some(&t), Dialect::Postgres, &DbVersion::default());
    assert!(!i.blocks_writes);
    assert_eq!(i.lock.as_deref(), Some("share"));
}

#[test]
fn destructive_and_incompatible_do_not_depend_on_the_database() {
    let drop = alter(vec![Op {
        op: "drop_column".into(),
        column: Some(OpColumn::Name("c".into())),
        ..Op::default()
    }]);
    for d in [
        Dialect::Postgres,
        Dialect::Mysql,
        Dialect::Sqlserver,
        Dialect::Sqlite,
    ] {
        let i = estimate(&drop, None, d, &DbVersion::default());
        assert!(i.destructive && i.backward_incompatible, "{d}");
    }
    let mut delete = Facts {
        kind: "delete".into(),
        ..Facts::default()
    };
    delete
        .extra
        .insert("where".into(), serde_json::Value::Bool(true));
    assert!(!estimate(&delete, None, Dialect::Postgres, &DbVersion::default()).destructive);
    delete
        .extra
        .insert("where".into(), serde_json::Value::Bool(false));
    assert!(estimate(&delete, None, Dialect::Postgres, &DbVersion::default()).destructive);
}

#[test]
fn mysql_type_change_copies_the_table() {
    let f = alter(vec![Op {
        op: "modify_column".into(),
        ..Op::default()
    }]);
    let i = estimate(&f, None, Dialect::Mysql, &DbVersion::default());
    assert!(i.rewrite && i.blocks_writes);
    let f = alter(vec![add_column(Column {
        name: "c".into(),
        ..Column::default()
    })]);
    let i = estimate(&f, None, Dialect::Mysql, &"8.0.32".parse().unwrap());
    assert!(!i.rewrite && !i.blocks_writes);
    assert!(estimate(&f, None, Dialect::Mysql, &"5.7".parse().unwrap()).rewrite);
}

/// MySQL manual, Online DDL, "Modifying the definition of an ENUM or SET
/// column": values appended at the end are instant (8.0) or in place
/// (5.7, MariaDB); any other change of the list copies the table.
#[test]
fn mysql_enum_values_appended_at_the_end_do_not_copy_the_table() {
    let modify = |name: Option<&str>| {
        alter(vec![Op {
            op: "modify_column".into(),
            column: Some(OpColumn::Name("status".into())),
            new_name: name.map(str::to_string),
            data_type: Some("ENUM('a', 'b', 'c')".into()),
            not_null: Some(true),
            has_default: Some(false),
            ..Op::default()
        }])
    };
    let retyped = |from: &str| {
        vec![Retyped {
            column: "status".into(),
            from: from.into(),
            enum_change: crate::catalog::retype::enum_change(from, "ENUM('a', 'b', 'c')"),
        }]
    };
    let at = |f: &Facts, r: &[Retyped], dialect, v: &str| {
        estimate_proven(f, (None, &[], r), dialect, &v.parse().unwrap())
    };
    let appended = retyped("ENUM('a', 'b')");
    let i = at(&modify(None), &appended, Dialect::Mysql, "8.0.36");
    assert!(!i.rewrite && !i.blocks_writes, "{i:?}");
    let i = at(&modify(None), &appended, Dialect::Mysql, "5.7");
    assert!(!i.rewrite && !i.blocks_writes, "{i:?}");
    let i = at(&modify(None), &appended, Dialect::Mariadb, "10.11");
    assert!(!i.rewrite && !i.blocks_writes, "{i:?}");
    // a rename, a removed value, or no known previous type: a copy
    let i = at(&modify(Some("state")), &appended, Dialect::Mysql, "8.0.36");
    assert!(i.rewrite && i.blocks_writes);
    let removed = retyped("ENUM('a', 'x', 'b')");
    let i = at(&modify(None), &removed, Dialect::Mysql, "8.0.36");
    assert!(i.rewrite && i.blocks_writes);
    let i = at(&modify(None), &[], Dialect::Mysql, "8.0.36");
    assert!(i.rewrite && i.blocks_writes);
}

/// The impact of the one statement in `sql`, read by the dialect's grammar.
fn impact_of(sql: &str, dialect: Dialect) -> Impact {
    let mut out = Vec::new();
    let split = crate::source::SplitOptions::default();
    crate::sql::split::split_each(sql, dialect, &split, usize::MAX, &mut |raw| {
        let facts = match raw.ast.as_deref() {
            Ok(crate::sql::grammar::Ast::Sql(ast)) => crate::sql::facts::from_ast(ast, dialect),
            Ok(crate::sql::grammar::Ast::Ext(ext)) => crate::sql::facts::from_ext(ext, dialect),
            Err(e) => panic!("{sql}: {e}"),
        };
        out.push(estimate(&facts, None, dialect, &DbVersion::default()));
    });
    assert_eq!(out.len(), 1, "{sql}");
    out.remove(0)
}

/// `(lock, blocks reads, blocks writes, rewrite)`.
fn summary(i: &Impact) -> (Option<&str>, bool, bool, bool) {
    (
        i.lock.as_deref(),
        i.blocks_reads,
        i.blocks_writes,
        i.rewrite,
    )
}

#[test]
fn sqlserver_index_builds_are_offline_unless_online_on() {
    let ms = |sql| impact_of(sql, Dialect::Sqlserver);
    let i = ms("CREATE NONCLUSTERED INDEX ix_o ON dbo.orders (customer_id)");
    assert_eq!(summary(&i), (Some("shared"), false, true, false));
    assert!(i.scan);
    let i = ms("CREATE CLUSTERED INDEX cx_o ON dbo.orders (id)");
    assert_eq!(summary(&i), (Some("schema_modification"), true, true, true));
    let i = ms("CREATE INDEX ix_o ON dbo.orders (customer_id) WITH (ONLINE = ON)");
    assert_eq!(summary(&i), (Some("schema_stability"), false, false, false));
}

#[test]
fn sqlserver_alter_column_is_size_of_data_and_add_column_metadata_only() {
    let ms = |sql| impact_of(sql, Dialect::Sqlserver);
    let i = ms("ALTER TABLE dbo.orders ADD note nvarchar(100) NULL");
    assert_eq!(
        summary(&i),
        (Some("schema_modification"), true, true, false)
    );
    assert!(!i.scan);
    let i = ms("ALTER TABLE dbo.orders ALTER COLUMN note nvarchar(50) NOT NULL");
    assert_eq!(summary(&i), (Some("schema_modification"), true, true, true));
    assert!(i.scan);
    let i = ms(
        "ALTER TABLE dbo.orders WITH NOCHECK ADD CONSTRAINT fk_c FOREIGN KEY (c) REFERENCES dbo.c (id)",
    );
    assert!(!i.scan, "{i:?}");
    let i = ms(
        "ALTER TABLE dbo.orders WITH CHECK ADD CONSTRAINT fk_c FOREIGN KEY (c) REFERENCES dbo.c (id)",
    );
    assert!(i.scan && i.blocks_writes, "{i:?}");
}

#[test]
fn oracle_index_builds_block_dml_unless_online_and_drop_column_rewrites() {
    let ora = |sql| impact_of(sql, Dialect::Oracle);
    let i = ora("CREATE INDEX ix_o ON orders (customer_id)");
    assert_eq!(summary(&i), (Some("share"), false, true, false));
    let i = ora("ALTER TABLE orders ADD (note VARCHAR2(100) DEFAULT 'x' NOT NULL)");
    assert_eq!(summary(&i), (Some("exclusive"), false, false, false));
    let i = ora("ALTER TABLE orders DROP COLUMN note");
    assert_eq!(summary(&i), (Some("exclusive"), false, true, true));
    let i = ora("ALTER TABLE orders MODIFY (note VARCHAR2(20))");
    assert!(i.scan && i.blocks_writes && !i.rewrite, "{i:?}");
}

#[test]
fn sqlite_rebuilds_the_table_for_what_it_cannot_alter_in_place() {
    let lite = |sql| impact_of(sql, Dialect::Sqlite);
    let i = lite("ALTER TABLE orders ADD COLUMN note TEXT");
    assert_eq!(summary(&i), (Some("database_write"), false, true, false));
    let i = lite("ALTER TABLE orders DROP COLUMN note");
    assert_eq!(summary(&i), (Some("database_write"), false, true, true));
    let i = lite("CREATE INDEX ix_o ON orders (customer_id)");
    assert!(i.scan && i.blocks_writes && !i.rewrite, "{i:?}");
}

#[test]
fn type_changes_postgres_makes_without_a_rewrite() {
    use super::postgres::metadata_only;
    for (from, to) in [
        ("varchar(50)", "varchar(100)"),
        ("CHARACTER VARYING(20)", "text"),
        ("varchar(20)", "varchar"),
        ("text", "varchar"),
        ("numeric(10, 2)", "numeric(12, 2)"),
        ("decimal(10,2)", "numeric"),
        ("numeric(10)", "numeric(12, 0)"),
        ("varbit(8)", "bit varying(16)"),
        ("text", "TEXT"),
    ] {
        assert!(metadata_only(from, to), "{from} → {to}");
    }
    for (from, to) in [
        ("varchar(100)", "varchar(50)"),
        ("text", "varchar(20)"),
        ("varchar", "varchar(20)"),
        ("numeric(10, 2)", "numeric(12, 3)"),
        ("numeric(12, 2)", "numeric(10, 2)"),
        ("integer", "bigint"),
        ("timestamp", "timestamptz"),
        ("char(2)", "varchar(2)"),
    ] {
        assert!(!metadata_only(from, to), "{from} → {to}");
    }
}
