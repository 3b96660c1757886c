//! `ALTER TABLE`: how the model follows its operations, and what the
//! database would refuse in them (a column added twice, a column, index or
//! constraint that is not there, the last column dropped).

use crate::sql::facts::{Facts, Name, Object, Op, OpColumn};

use super::model::{ColumnInfo, Gone, Schema, TableInfo};
use super::names::{Folding, maybe_same};
use super::refusals::{Label, Refusal, RefusalKind, object, table_ref};
use crate::dialect::Dialect;

impl Schema {
    pub(crate) fn alter_table(&mut self, facts: &Facts, changeset: Option<usize>) {
        let Some(t) = &facts.table else { return };
        let mut renamed = None;
        let mut dropped_constraints = Vec::new();
        let pg = self.folding == Folding::Lower;
        let mut info = match self.table_mut(t) {
            Some(info) => info.clone(),
            None => {
                let renamed = facts.ops.iter().flatten().rev().find_map(|op| {
                    let new = op.new_name.as_deref().filter(|_| op.op == "rename_table")?;
                    Some((new, op.new_name_quoted))
                });
                if let Some((new, quoted)) = renamed {
                    self.renamed_unknown_table(t, new, quoted, changeset);
                }
                return;
            }
        };
        let created_in = info.created_in;
        for op in facts.ops.iter().flatten() {
            apply_op(self, &mut info, op, changeset, pg, &mut dropped_constraints);
            if op.op == "rename_table"
                && let Some(n) = &op.new_name
            {
                renamed = Some(n.clone());
            }
        }
        if let Some(slot) = self.table_mut(t) {
            *slot = info;
        }
        for (kind, name, quoted, created_in, table) in dropped_constraints {
            self.gone.push(Gone {
                kind,
                schema: t.schema.clone(),
                name,
                quoted,
                table: Some(table),
                created_in,
                removed_in: changeset,
                how: "dropped".into(),
            });
        }
        if let Some(new) = renamed {
            // `apply_op` renamed the table already; record the old name.
            self.record_renamed_table(t, &new, created_in, changeset);
        }
    }

    pub(crate) fn check_alter_table(
        &self,
        facts: &Facts,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) {
        let Some(t) = &facts.table else { return };
        if facts.if_exists {
            return;
        }
        let Ok(Some(table)) = self.needed_table(t, label, out) else {
            return;
        };
        let mut scratch = table.clone();
        let mut dropped = Vec::new();
        let pg = self.folding == Folding::Lower;
        let ops = facts.ops.as_deref().unwrap_or_default();
        for (i, op) in ops.iter().enumerate() {
            self.check_op(op, &scratch, label, out);
            let created_in = scratch.created_in;
            apply_op(self, &mut scratch, op, created_in, pg, &mut dropped);
            let last_drop =
                op.op == "drop_column" && !ops[i + 1..].iter().any(|o| o.op == "drop_column");
            if last_drop
                && scratch.complete
                && scratch.columns.is_empty()
                && self.refuses_zero_columns()
            {
                let column = match &op.column {
                    Some(OpColumn::Name(n)) => n.clone(),
                    _ => String::new(),
                };
                out.push(Refusal {
                    kind: RefusalKind::DropsLastColumn,
                    object: object("column", table.schema.as_deref(), &column),
                    table: Some(table_ref(table)),
                    reason: format!("\"{column}\" is the last column of table \"{}\" (created by {}): this database refuses a table without columns", table.name, label(table.created_in)),
                });
            }
        }
    }

    /// MySQL/MariaDB ("You can't delete all columns with ALTER TABLE"), SQL
    /// Server and SQLite refuse to drop a table's last column; PostgreSQL
    /// allows a zero-column table.
    fn refuses_zero_columns(&self) -> bool {
        matches!(
            self.dialect,
            Some(Dialect::Mysql | Dialect::Mariadb | Dialect::Sqlserver | Dialect::Sqlite)
        )
    }

    fn check_op(&self, op: &Op, table: &TableInfo, label: Label<'_>, out: &mut Vec<Refusal>) {
        let column = |quoted| match &op.column {
            Some(OpColumn::Name(n)) => Some(Name {
                value: n.clone(),
                quoted,
            }),
            _ => None,
        };
        match op.op.as_str() {
            "add_column" => {
                let Some(OpColumn::Definition(c)) = &op.column else {
                    return;
                };
                self.check_references(
                    c.references.as_ref(),
                    &c.referred_columns,
                    table,
                    label,
                    out,
                );
                if op.if_not_exists == Some(true) || !table.certain {
                    return;
                }
                let f = self.folding;
                if table
                    .columns
                    .iter()
                    .any(|x| f.same(&x.name, x.quoted, &c.name, c.quoted))
                {
                    out.push(Refusal {
                        kind: RefusalKind::AlreadyExists,
                        object: object("column", table.schema.as_deref(), &c.name),
                        table: Some(table_ref(table)),
                        reason: format!(
                            "column \"{}\" already exists in table \"{}\" (created by {})",
                            c.name,
                            table.name,
                            label(table.created_in)
                        ),
                    });
                }
            }
            "drop_column" if op.if_exists == Some(true) => {}
            "drop_column" | "rename_column" | "alter_column_type" | "set_not_null"
            | "drop_not_null" | "set_default" | "drop_default" | "modify_column" => {
                if let Some(c) = column(op.quoted) {
                    self.check_column(table, &c, label, out);
                }
            }
            "add_constraint" => {
                if let Some(c) = &op.constraint {
                    self.check_constraint(c, table, true, label, out);
                }
            }
            "drop_constraint" | "drop_foreign_key" | "drop_index" if op.if_exists != Some(true) => {
                let Some(name) = &op.name else { return };
                // Added earlier in the same statement.
                if table
                    .constraints
                    .iter()
                    .chain(table.indexes.iter())
                    .any(|x| maybe_same(&x.name, name))
                {
                    return;
                }
                let kind = if op.op == "drop_index" {
                    "index"
                } else {
                    "constraint"
                };
                let o = Object {
                    kind: kind.into(),
                    schema: table.schema.clone(),
                    name: name.clone(),
                    quoted: op.quoted,
                };
                if let Some(why) = self.missing(&o, Some(table), label) {
                    out.push(Refusal {
                        kind: RefusalKind::DoesNotExist,
                        object: object(kind, table.schema.as_deref(), name),
                        table: Some(table_ref(table)),
                        reason: format!(
                            "{kind} \"{name}\" does not exist on table \"{}\": {why}",
                            table.name
                        ),
                    });
                }
            }
            // PostgreSQL's new name stays in the table's schema; MySQL's
            // may name another database, which the facts do not keep.
            "rename_table" if self.folding == Folding::Lower => {
                if let Some(new) = &op.new_name {
                    let o = Object {
                        kind: "table".into(),
                        schema: table.schema.clone(),
                        name: new.clone(),
                        quoted: op.new_name_quoted,
                    };
                    self.check_free(&o, None, false, label, out);
                }
            }
            _ => {}
        }
    }
}

/// `(kind, name, quoted, created_in, table)` of a dropped index or constraint.
type DroppedConstraint = (String, String, bool, Option<usize>, String);

/// Applies one `ALTER TABLE` operation to a table.
pub(crate) fn apply_op(
    schema: &Schema,
    info: &mut TableInfo,
    op: &crate::sql::facts::Op,
    changeset: Option<usize>,
    pg: bool,
    dropped: &mut Vec<DroppedConstraint>,
) {
    let column_name = match &op.column {
        Some(OpColumn::Name(n)) => Some(n.as_str()),
        Some(OpColumn::Definition(c)) => Some(c.name.as_str()),
        None => None,
    };
    fn col<'a>(info: &'a mut TableInfo, name: Option<&str>) -> Option<&'a mut ColumnInfo> {
        let name = name?;
        info.columns.iter_mut().find(|c| maybe_same(&c.name, name))
    }
    match op.op.as_str() {
        "add_column" => {
            if let Some(OpColumn::Definition(c)) = &op.column {
                if op.if_not_exists == Some(true)
                    && info.columns.iter().any(|x| maybe_same(&x.name, &c.name))
                {
                    return;
                }
                if c.inline_constraint || c.generated.is_some() || (pg && c.not_null) {
                    info.implicit_names = true;
                }
                info.columns.push(ColumnInfo::from(&**c));
            }
        }
        "drop_column" => {
            if let Some(n) = column_name {
                info.columns.retain(|c| !maybe_same(&c.name, n));
                // Indexes and constraints on it go with it (PostgreSQL) or
                // lose it (MySQL): either way, no longer certain.
                for x in info.indexes.iter_mut().chain(info.constraints.iter_mut()) {
                    if x.on_expressions || x.columns.iter().any(|c| maybe_same(c, n)) {
                        x.certain = false;
                    }
                }
            }
        }
        "rename_column" | "modify_column" => {
            let new_name = op.new_name.clone();
            if let (Some(old), Some(new)) = (column_name, &new_name) {
                for x in info.indexes.iter_mut().chain(info.constraints.iter_mut()) {
                    for c in x.columns.iter_mut().filter(|c| maybe_same(c, old)) {
                        *c = new.clone();
                    }
                }
            }
            let quoted = op.new_name_quoted;
            if let Some(c) = col(info, column_name) {
                if let Some(n) = new_name {
                    c.name = n;
                    c.quoted = quoted;
                }
                if let Some(t) = &op.data_type {
                    c.data_type = t.clone();
                }
                if let Some(nn) = op.not_null {
                    c.not_null = nn;
                }
                // MySQL's MODIFY/CHANGE redefine the column whole: no
                // DEFAULT in it is none
                if let Some(d) = op.has_default {
                    c.has_default = d && !super::model::null_default(op.default.as_deref());
                }
            }
        }
        "alter_column_type" => {
            if let (Some(c), Some(t)) = (col(info, column_name), &op.data_type) {
                c.data_type = t.clone();
            }
        }
        "set_not_null" => {
            if pg {
                info.implicit_names = true;
            }
            if let Some(c) = col(info, column_name) {
                c.not_null = true;
            }
        }
        "drop_not_null" => {
            if let Some(c) = col(info, column_name) {
                c.not_null = false;
            }
        }
        "set_default" => {
            if let Some(c) = col(info, column_name) {
                c.has_default = true;
            }
        }
        "drop_default" => {
            if let Some(c) = col(info, column_name) {
                c.has_default = false;
            }
        }
        "add_constraint" => {
            if let Some(c) = &op.constraint {
                schema.add_constraint(info, c, changeset);
            }
        }
        "drop_constraint" | "drop_foreign_key" | "drop_index" | "drop_primary_key" => {
            let Some(name) = &op.name else {
                info.implicit_names = true;
                return;
            };
            let kind = if op.op == "drop_index" {
                "index"
            } else {
                "constraint"
            };
            let mut created_in = None;
            for list in [&mut info.constraints, &mut info.indexes] {
                if let Some(pos) = list.iter().position(|x| maybe_same(&x.name, name)) {
                    created_in = created_in.or(list.remove(pos).created_in);
                }
            }
            dropped.push((
                kind.to_string(),
                name.clone(),
                op.quoted,
                created_in,
                info.name.clone(),
            ));
        }
        "rename_constraint" => {
            if let (Some(old), Some(new)) = (&op.name, &op.new_name) {
                for x in info.constraints.iter_mut().chain(info.indexes.iter_mut()) {
                    if maybe_same(&x.name, old) {
                        x.name = new.clone();
                        x.certain = false;
                    }
                }
            }
        }
        "rename_table" => {
            if let Some(n) = &op.new_name {
                info.name = n.clone();
                info.quoted = op.new_name_quoted;
            }
        }
        "attach_partition" | "detach_partition" | "other" => {
            // Partitions and other changes the model does not follow.
            info.complete = false;
            info.implicit_names = true;
        }
        _ => {}
    }
}
