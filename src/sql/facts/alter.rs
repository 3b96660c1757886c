//! `ALTER TABLE`: one [`Op`] per operation, plus MySQL's `ALGORITHM=` and
//! `LOCK=` clauses as statement fields.

use serde_json::Value;
use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, DetachPartitionMode, DropBehavior,
    Owner, Partition, RenameTableNameKind,
};

use super::columns::{column, column_from_parts, constraint, data_type};
use super::volatile::is_volatile;
use super::{Facts, Op, OpColumn, names};
use crate::dialect::Dialect;

pub(super) fn from_alter_table(alter: &AlterTable, dialect: Dialect) -> Facts {
    let mut f = Facts::of_kind("alter_table").with_object(names::object("table", &alter.name));
    f.if_exists = alter.if_exists;
    let mut ops = Vec::new();
    for operation in &alter.operations {
        push_ops(operation, dialect, &mut ops);
    }
    // `DETACH PARTITION … CONCURRENTLY` makes the statement concurrent.
    f.concurrently = ops.iter().any(|o| o.concurrently == Some(true));
    f.ops = Some(ops);
    algorithm_and_lock(&mut f, &alter.operations, dialect);
    f
}

/// Sets `algorithm` and `lock` from MySQL's `ALGORITHM=`/`LOCK=` clauses
/// (on `ALTER TABLE` and `CREATE INDEX`). They are always present for
/// MySQL/MariaDB (null when not written), elsewhere only when written.
pub(super) fn algorithm_and_lock(
    f: &mut Facts,
    operations: &[AlterTableOperation],
    dialect: Dialect,
) {
    let mut algorithm = None;
    let mut lock = None;
    for operation in operations {
        match operation {
            AlterTableOperation::Algorithm { algorithm: a, .. } => algorithm = Some(a.to_string()),
            AlterTableOperation::Lock { lock: l, .. } => lock = Some(l.to_string()),
            _ => {}
        }
    }
    let mysql = matches!(dialect, Dialect::Mysql | Dialect::Mariadb);
    if mysql || algorithm.is_some() {
        f.set(
            "algorithm",
            algorithm.map(Value::from).unwrap_or(Value::Null),
        );
    }
    if mysql || lock.is_some() {
        f.set("lock", lock.map(Value::from).unwrap_or(Value::Null));
    }
}

fn op(name: &str) -> Op {
    Op {
        op: name.to_string(),
        ..Op::default()
    }
}

fn column_op(name: &str, column: &str) -> Op {
    Op {
        column: Some(OpColumn::Name(column.to_string())),
        ..op(name)
    }
}

fn named_op(name: &str, object: &str) -> Op {
    Op {
        name: Some(object.to_string()),
        ..op(name)
    }
}

fn other(name: &str, operation: &AlterTableOperation) -> Op {
    Op {
        detail: Some(operation.to_string()),
        ..op(name)
    }
}

fn cascades(behavior: &Option<DropBehavior>) -> bool {
    matches!(behavior, Some(DropBehavior::Cascade))
}

fn partition_name(partition: &Partition) -> String {
    match partition {
        Partition::Identifier(ident) => ident.value.clone(),
        other => other.to_string(),
    }
}

pub(super) fn push_ops(operation: &AlterTableOperation, dialect: Dialect, ops: &mut Vec<Op>) {
    use AlterTableOperation as A;
    let one = match operation {
        A::AddColumn {
            if_not_exists,
            column_def,
            ..
        } => Op {
            column: Some(OpColumn::Definition(Box::new(column(column_def, dialect)))),
            if_not_exists: Some(*if_not_exists),
            ..op("add_column")
        },
        A::DropColumn {
            column_names,
            if_exists,
            drop_behavior,
            ..
        } => {
            // `DROP COLUMN a, b` (some dialects) is one op per column.
            for name in column_names {
                ops.push(Op {
                    if_exists: Some(*if_exists),
                    cascade: Some(cascades(drop_behavior)),
                    quoted: name.quote_style.is_some(),
                    ..column_op("drop_column", &name.value)
                });
            }
            return;
        }
        A::RenameColumn {
            old_column_name,
            new_column_name,
        } => Op {
            new_name: Some(new_column_name.value.clone()),
            quoted: old_column_name.quote_style.is_some(),
            new_name_quoted: new_column_name.quote_style.is_some(),
            ..column_op("rename_column", &old_column_name.value)
        },
        A::RenameTable { table_name } => {
            let (RenameTableNameKind::As(name) | RenameTableNameKind::To(name)) = table_name;
            Op {
                new_name: Some(names::last(name)),
                new_name_quoted: names::last_quoted(name),
                ..op("rename_table")
            }
        }
        A::AlterColumn {
            column_name,
            op: column_op_kind,
        } => Op {
            quoted: column_name.quote_style.is_some(),
            ..alter_column(&column_name.value, column_op_kind, operation)
        },
        A::AddConstraint {
            constraint: c,
            not_valid,
        } => {
            let mut c = constraint(c);
            c.not_valid = *not_valid;
            Op {
                constraint: Some(c),
                ..op("add_constraint")
            }
        }
        A::DropConstraint {
            if_exists,
            name,
            drop_behavior,
        } => Op {
            if_exists: Some(*if_exists),
            cascade: Some(cascades(drop_behavior)),
            quoted: name.quote_style.is_some(),
            ..named_op("drop_constraint", &name.value)
        },
        A::ValidateConstraint { name } => named_op("validate_constraint", &name.value),
        A::RenameConstraint { old_name, new_name } => Op {
            new_name: Some(new_name.value.clone()),
            ..named_op("rename_constraint", &old_name.value)
        },
        A::ModifyColumn {
            col_name,
            data_type: t,
            options,
            ..
        } => Op {
            quoted: col_name.quote_style.is_some(),
            ..modify_column(
                &col_name.value,
                None,
                column_from_parts(&col_name.value, t, options.iter()),
            )
        },
        A::ChangeColumn {
            old_name,
            new_name,
            data_type: t,
            options,
            ..
        } => Op {
            quoted: old_name.quote_style.is_some(),
            new_name_quoted: new_name.quote_style.is_some(),
            ..modify_column(
                &old_name.value,
                Some(new_name.value.clone()),
                column_from_parts(&new_name.value, t, options.iter()),
            )
        },
        A::DropPrimaryKey { .. } => op("drop_primary_key"),
        A::DropForeignKey { name, .. } => named_op("drop_foreign_key", &name.value),
        A::DropIndex { name } => Op {
            quoted: name.quote_style.is_some(),
            ..named_op("drop_index", &name.value)
        },
        A::AttachPartition { partition } => Op {
            concurrently: Some(false),
            ..named_op("attach_partition", &partition_name(partition))
        },
        A::AttachPartitionOf { partition, .. } => Op {
            concurrently: Some(false),
            ..named_op("attach_partition", &names::dotted(partition))
        },
        A::DetachPartition { partition } => Op {
            concurrently: Some(false),
            ..named_op("detach_partition", &partition_name(partition))
        },
        A::DetachPartitionOf { partition, mode } => Op {
            concurrently: Some(matches!(mode, Some(DetachPartitionMode::Concurrently))),
            ..named_op("detach_partition", &names::dotted(partition))
        },
        A::DisableTrigger { name } => named_op("disable_trigger", &name.value),
        A::EnableTrigger { name } => named_op("enable_trigger", &name.value),
        A::SetLogged => other("set_logged", operation),
        A::SetUnlogged => other("set_unlogged", operation),
        A::EnableRowLevelSecurity => other("enable_rls", operation),
        A::DisableRowLevelSecurity => other("disable_rls", operation),
        A::OwnerTo { new_owner } => Op {
            detail: Some(match new_owner {
                Owner::Ident(ident) => ident.value.clone(),
                other => other.to_string(),
            }),
            ..op("owner_to")
        },
        // Statement-level options, reported as `algorithm` / `lock`.
        A::Algorithm { .. } | A::Lock { .. } => return,
        _ => other("other", operation),
    };
    ops.push(one);
}

fn alter_column(column: &str, kind: &AlterColumnOperation, whole: &AlterTableOperation) -> Op {
    match kind {
        AlterColumnOperation::SetNotNull => column_op("set_not_null", column),
        AlterColumnOperation::DropNotNull => column_op("drop_not_null", column),
        AlterColumnOperation::SetDefault { value } => Op {
            default: Some(value.to_string()),
            default_volatile: Some(is_volatile(value)),
            ..column_op("set_default", column)
        },
        AlterColumnOperation::DropDefault => column_op("drop_default", column),
        AlterColumnOperation::SetDataType {
            data_type: t,
            using,
            ..
        } => Op {
            data_type: Some(data_type(t)),
            using: Some(using.is_some()),
            ..column_op("alter_column_type", column)
        },
        // the column's values come from its own sequence from now on; its
        // type, nullability and existing rows stay as they are
        AlterColumnOperation::AddGenerated { .. } => Op {
            detail: Some(whole.to_string()),
            ..column_op("add_identity", column)
        },
        AlterColumnOperation::GenericOptions { .. } => Op {
            column: Some(OpColumn::Name(column.to_string())),
            ..other("other", whole)
        },
    }
}

/// MySQL `MODIFY`/`CHANGE COLUMN`: the column is redefined whole.
pub(super) fn modify_column(column: &str, new_name: Option<String>, def: super::Column) -> Op {
    Op {
        new_name,
        data_type: Some(def.data_type),
        not_null: Some(def.not_null),
        has_default: Some(def.has_default),
        default: def.default,
        default_volatile: def.has_default.then_some(def.default_volatile),
        ..column_op("modify_column", column)
    }
}
