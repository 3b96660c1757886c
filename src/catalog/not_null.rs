//! `CHECK (col IS NOT NULL)` constraints followed across statements: on
//! PostgreSQL 12+ a validated one lets `SET NOT NULL` skip its table scan,
//! which makes the recipe `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT
//! VALID`, `VALIDATE CONSTRAINT`, `SET NOT NULL` a metadata-only change.
//!
//! They are kept apart from the tables, so that they are followed on tables
//! the model does not hold (existing tables a changelog alters).

use crate::sql::facts::{Facts, OpColumn, TableRef};

use super::model::Schema;
use super::names::{maybe_same, same_schema};

/// A `CHECK (column IS NOT NULL)` constraint of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotNullCheck {
    table: TableRef,
    name: String,
    column: String,
    /// Added without NOT VALID, or validated since.
    validated: bool,
}

/// A `SET NOT NULL` a validated CHECK constraint proves: no scan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProvenNotNull {
    pub column: String,
    /// The validated `CHECK (column IS NOT NULL)` constraint.
    pub constraint: String,
}

impl Schema {
    fn same_table(&self, a: &TableRef, b: &TableRef) -> bool {
        same_schema(a.schema.as_deref(), b.schema.as_deref())
            && self.same_relation(&a.name, a.quoted, &b.name, b.quoted)
    }

    /// Follows one statement's effect on the CHECK constraints; `sure`:
    /// it certainly ran as its facts say (analyzed, not guarded).
    pub(crate) fn follow_not_null_checks(&mut self, facts: &Facts, sure: bool) {
        if facts.kind == "drop_table" {
            for o in facts.names.iter().flatten().chain(facts.object.iter()) {
                self.not_null_checks
                    .retain(|c| !maybe_same(&c.table.name, &o.name));
            }
            return;
        }
        let Some(t) = facts.table.clone() else {
            return;
        };
        if !sure {
            self.not_null_checks
                .retain(|c| !maybe_same(&c.table.name, &t.name));
            return;
        }
        if facts.kind != "alter_table" {
            return;
        }
        for op in facts.ops.iter().flatten() {
            let named =
                |c: &NotNullCheck| op.name.as_deref().is_some_and(|n| maybe_same(&c.name, n));
            match op.op.as_str() {
                "add_constraint" => {
                    let Some(c) = &op.constraint else { continue };
                    let (Some(name), Some(column)) = (&c.name, &c.not_null_column) else {
                        continue;
                    };
                    self.not_null_checks.push(NotNullCheck {
                        table: t.clone(),
                        name: name.clone(),
                        column: column.value.clone(),
                        validated: !c.not_valid,
                    });
                }
                "validate_constraint" => {
                    let table = t.clone();
                    let same: Vec<bool> = self
                        .not_null_checks
                        .iter()
                        .map(|c| named(c) && self.same_table(&c.table, &table))
                        .collect();
                    for (c, hit) in self.not_null_checks.iter_mut().zip(same) {
                        c.validated |= hit;
                    }
                }
                "drop_constraint" | "rename_constraint" => {
                    self.not_null_checks.retain(|c| !named(c));
                }
                "rename_table" | "rename_column" | "drop_column" | "alter_column_type" => {
                    self.not_null_checks
                        .retain(|c| !maybe_same(&c.table.name, &t.name));
                }
                _ => {}
            }
        }
    }

    /// The `SET NOT NULL` operations of an `ALTER TABLE` that a validated
    /// `CHECK (column IS NOT NULL)` of an earlier statement proves.
    pub fn proven_not_null(&self, facts: &Facts) -> Vec<ProvenNotNull> {
        let Some(t) = &facts.table else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for op in facts
            .ops
            .iter()
            .flatten()
            .filter(|o| o.op == "set_not_null")
        {
            let Some(OpColumn::Name(column)) = &op.column else {
                continue;
            };
            let proof = self.not_null_checks.iter().find(|c| {
                c.validated && maybe_same(&c.column, column) && self.same_table(&c.table, t)
            });
            if let Some(c) = proof {
                out.push(ProvenNotNull {
                    column: column.clone(),
                    constraint: c.name.clone(),
                });
            }
        }
        out
    }
}
