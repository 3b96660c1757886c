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
        column: Some(OpColumn::Definition(c)),
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
