//! Facts of the statements of our own kinds (`grammar::ExtStatement`):
//! what sqlparser has no node for, read by our grammar into one.

use super::{Facts, Op, names};
use crate::dialect::Dialect;
use crate::sql::grammar::ExtStatement;
use crate::sql::grammar::ext::SequenceAction;

/// Facts from a statement of our own kind.
pub fn from_ext(ast: &ExtStatement, _dialect: Dialect) -> Facts {
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
