//! Facts of the statements of our own kinds (`grammar::ExtStatement`):
//! what sqlparser has no node for, read by our grammar into one.

use super::volatile::is_volatile;
use super::{Constraint, Facts, Name, Op, OpColumn, names};
use crate::dialect::Dialect;
use crate::sql::grammar::ExtStatement;
use crate::sql::grammar::ext::{AlterOp, SequenceAction};

/// Facts from a statement of our own kind.
pub fn from_ext(ast: &ExtStatement, dialect: Dialect) -> Facts {
    match ast {
        ExtStatement::CheckConstraints(c) => {
            // `WITH CHECK CHECK CONSTRAINT` enables and checks the rows
            // already there, as validating a constraint does elsewhere.
            let op = match (c.enable, c.with_check) {
                (true, Some(true)) => "validate_constraint",
                (true, _) => "enable_constraint",
                (false, _) => "disable_constraint",
            };
            let ops = match &c.constraints {
                Some(list) => list
                    .iter()
                    .map(|name| Op {
                        op: op.to_string(),
                        name: Some(name.value.clone()),
                        quoted: name.quote_style.is_some(),
                        ..Op::default()
                    })
                    .collect(),
                // `ALL`: every constraint of the table, none named
                None => vec![Op {
                    op: op.to_string(),
                    ..Op::default()
                }],
            };
            let mut f = Facts::of_kind("alter_table").with_object(names::object("table", &c.table));
            f.ops = Some(ops);
            f
        }
        ExtStatement::BulkInsert(b) => {
            Facts::of_kind("load_data").with_object(names::object("table", &b.table))
        }
        // T-SQL `UPDATE STATISTICS` is what `ANALYZE` is elsewhere.
        ExtStatement::UpdateStatistics(u) => {
            Facts::of_kind("analyze").with_object(names::object("table", &u.table))
        }
        ExtStatement::Checkpoint { .. } => Facts::of_kind("other"),
        // T-SQL's named column default: the constraint, and the default it
        // gives the column
        ExtStatement::AddDefaultConstraint(d) => {
            let constraint = Constraint {
                kind: "default".to_string(),
                name: d.name.as_ref().map(|n| n.value.clone()),
                name_quoted: d.name.as_ref().is_some_and(|n| n.quote_style.is_some()),
                columns: vec![d.column.value.clone()],
                column_names: vec![Name {
                    value: d.column.value.clone(),
                    quoted: d.column.quote_style.is_some(),
                }],
                ..Constraint::default()
            };
            let mut f = Facts::of_kind("alter_table").with_object(names::object("table", &d.table));
            f.ops = Some(vec![
                Op {
                    op: "add_constraint".to_string(),
                    constraint: Some(constraint),
                    ..Op::default()
                },
                Op {
                    op: "set_default".to_string(),
                    column: Some(OpColumn::Name(d.column.value.clone())),
                    default: Some(d.default.to_string()),
                    default_volatile: Some(is_volatile(&d.default)),
                    quoted: d.column.quote_style.is_some(),
                    ..Op::default()
                },
            ]);
            f
        }
        ExtStatement::ClientCommand(c) => {
            let mut f = Facts::of_kind(if c.tool == "psql" {
                "psql_meta"
            } else {
                "client_command"
            });
            f.set("tool", c.tool.clone());
            f.set("command", c.command.clone());
            f
        }
        ExtStatement::Do(d) => {
            let mut f = Facts::of_kind("do");
            f.set(
                "language",
                d.language
                    .as_ref()
                    .map_or_else(|| "plpgsql".to_string(), |l| l.value.to_ascii_lowercase()),
            );
            // the statements of a plain body follow the `DO` as statements
            // of their own (see `sql::push_sql`)
            f.set("body_parsed", d.statements.is_some());
            f
        }
        ExtStatement::CreateEventTrigger(t) => {
            let mut f = Facts::of_kind("create_trigger");
            f.object = Some(names::object_ident("event_trigger", &t.name));
            f.set("event", t.event.value.to_ascii_lowercase());
            f
        }
        ExtStatement::DropEventTrigger(t) => {
            let mut f = Facts::of_kind("drop_trigger");
            let object = names::object_ident("event_trigger", &t.name);
            f.object = Some(object.clone());
            f.names = Some(vec![object]);
            f.if_exists = t.if_exists;
            f.cascade = t.cascade;
            f
        }
        ExtStatement::CreatePublication(c) => {
            let mut f = Facts::of_kind("other");
            f.object = Some(names::object_ident("publication", &c.name));
            f
        }
        ExtStatement::CreateUser(role) => {
            let mut f = super::from_ast(
                &sqlparser::ast::Statement::CreateRole(role.clone()),
                dialect,
            );
            f.kind = "create_user".to_string();
            if let Some(o) = f.object.as_mut() {
                o.kind = "user".to_string();
            }
            f
        }
        ExtStatement::AlterRoleSet(a) => {
            Facts::of_kind("alter_role").with_object(names::object_ident("role", &a.name))
        }
        ExtStatement::AlterColumnSetting(a) => {
            let mut f = Facts::of_kind("alter_table").with_object(names::object("table", &a.table));
            f.if_exists = a.if_exists;
            f.ops = Some(vec![Op {
                op: format!("set_{}", a.setting.to_ascii_lowercase()),
                column: Some(OpColumn::Name(a.column.value.clone())),
                detail: Some(a.value.to_string()),
                quoted: a.column.quote_style.is_some(),
                ..Op::default()
            }]);
            f
        }
        ExtStatement::DropIndexConcurrently(d) => {
            let mut f = Facts::of_kind("drop_index");
            f.if_exists = d.if_exists;
            f.cascade = d.cascade;
            f.concurrently = true;
            let objects: Vec<_> = d.names.iter().map(|n| names::object("index", n)).collect();
            f.object = objects.first().cloned();
            f.names = Some(objects);
            f
        }
        ExtStatement::AlterTable(a) => {
            let mut f = Facts::of_kind("alter_table").with_object(names::object("table", &a.name));
            f.if_exists = a.if_exists;
            let mut ops = Vec::new();
            let mut sql_ops = Vec::new();
            for op in &a.operations {
                match op {
                    AlterOp::Sql(op) => {
                        super::alter::push_ops(op, dialect, &mut ops);
                        sql_ops.push(op.clone());
                    }
                    // what sqlparser has no node for is `other` with its
                    // text, as for any operation without a kind of its own
                    other => ops.push(Op {
                        op: "other".to_string(),
                        detail: Some(other.to_string()),
                        ..Op::default()
                    }),
                }
            }
            f.ops = Some(ops);
            super::alter::algorithm_and_lock(&mut f, &sql_ops, dialect);
            f
        }
        // Oracle's `DO`: what its body does stays unknown
        ExtStatement::AnonymousBlock { body } => {
            let mut f = Facts::of_kind("do");
            f.set("language", "plsql");
            f.set("body_parsed", false);
            f.set("dynamic_sql", super::dynamic_sql::dynamic_sql(body));
            f
        }
        ExtStatement::CreateRoutine(r) => {
            let kind = if r.function { "function" } else { "procedure" };
            let mut f = Facts::of_kind(&format!("create_{kind}"));
            f.object = Some(names::object(kind, &r.name));
            f.if_not_exists = r.if_not_exists;
            f.or_replace = r.or_replace;
            f.set("or_replace", r.or_replace);
            let language = if dialect == Dialect::Oracle {
                "plsql"
            } else {
                "sql"
            };
            f.set("language", language);
            if dialect == Dialect::Oracle {
                f.set("dynamic_sql", super::dynamic_sql::dynamic_sql(&r.body));
            }
            f
        }
        ExtStatement::AlterSequence(s) => {
            let mut f = Facts::of_kind("alter_sequence");
            f.object = Some(names::object("sequence", &s.name));
            f.if_exists = s.if_exists;
            for a in &s.actions {
                match a {
                    SequenceAction::OwnedBy(column) => f.set(
                        "owned_by",
                        column
                            .as_ref()
                            .map_or(serde_json::Value::Null, |c| c.to_string().into()),
                    ),
                    SequenceAction::RenameTo(name) => f.set("new_name", names::split(name).1),
                    _ => {}
                }
            }
            f
        }
    }
}
