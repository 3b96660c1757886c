//! The type a column has before `ALTER COLUMN … TYPE` changes it, when the
//! replay knows the column: the impact stage tells a metadata-only change
//! (`varchar(50)` → `varchar(100)` or `text` on PostgreSQL) from a rewrite.

use crate::sql::facts::{Facts, OpColumn};

use super::model::Schema;
use super::names::maybe_same;

/// A column an `ALTER COLUMN … TYPE` of the statement changes, and its type
/// before.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Retyped {
    pub column: String,
    /// The type as the statement that gave it wrote it.
    pub from: String,
}

impl Schema {
    /// The `ALTER COLUMN … TYPE` operations of the statement whose column
    /// the model certainly holds, with the column's type before it.
    pub fn retyped(&self, facts: &Facts) -> Vec<Retyped> {
        let Some(info) = facts.table.as_ref().and_then(|t| self.certain_table(t)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for op in facts
            .ops
            .iter()
            .flatten()
            .filter(|o| o.op == "alter_column_type")
        {
            let Some(OpColumn::Name(column)) = &op.column else {
                continue;
            };
            if let Some(c) = info.columns.iter().find(|c| maybe_same(&c.name, column)) {
                out.push(Retyped {
                    column: column.clone(),
                    from: c.data_type.clone(),
                });
            }
        }
        out
    }
}
