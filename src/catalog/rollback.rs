//! Rollbacks that are proven: the model before a proposed changeset, its
//! forward statements, then its rollback statements, and what differs from
//! before. A difference is only claimed where the model is sure of every
//! object the changeset and its rollback touch; otherwise the proof is
//! "not proven" and says why. Forward statements that destroy data that
//! existed before the changeset make the rollback lossy: it can bring the
//! shape back, never the rows.

use crate::sql::facts::{Facts, OpColumn, TableRef};

use super::follow::opaque;
use super::model::{ColumnInfo, Named, Schema, TableInfo};
use super::names::{maybe_same, same_schema};
use super::refusals::Label;

/// What replaying a changeset and then its rollback showed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RollbackCheck {
    /// `true`: the rollback returns the model to where it was before the
    /// changeset; `false`: it does not (`differences`); `None`: the model
    /// cannot be sure (`unproven` says why).
    pub proven: Option<bool>,
    /// What differs after the rollback, one sentence each.
    pub differences: Vec<String>,
    /// Data the forward statements destroy and the rollback cannot bring
    /// back.
    pub lossy: Vec<Lossy>,
    /// Why the proof could not be made.
    pub unproven: Option<String>,
}

/// Data a forward statement destroys that the rollback cannot bring back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lossy {
    /// The forward statement (its `index`).
    pub statement: usize,
    /// What is lost, as a sentence.
    pub reason: String,
}

/// Kinds that create, change or drop objects the model does not hold: a
/// rollback that forgets to undo them would go unseen.
const UNTRACKED: &[&str] = &[
    "create_function",
    "drop_function",
    "create_procedure",
    "drop_procedure",
    "create_trigger",
    "drop_trigger",
    "create_type",
    "drop_type",
    "alter_type",
    "create_domain",
    "drop_domain",
    "create_extension",
    "drop_extension",
    "create_policy",
    "drop_policy",
    "create_schema",
    "create_database",
    "alter_index",
    "alter_view",
    "alter_sequence",
];

/// Statements that write rows: in a rollback, they may restore data.
const WRITES: &[&str] = &["insert", "update", "merge", "copy", "load_data"];

/// One statement of the changeset or of its rollback, for the proof.
pub struct ProofStatement<'a> {
    pub facts: &'a Facts,
    pub analyzed: bool,
    /// Its place in the changelog, for messages (`statement 3`).
    pub index: usize,
}

/// A proof under way: started before the first statement of a proposed
/// changeset, fed its forward statements, finished with its rollback.
#[derive(Debug)]
pub struct Proof {
    before: Schema,
    changeset: usize,
    unsure: Option<String>,
    /// What the forward statements destroy, and of which table.
    lossy: Vec<(TableRef, Lossy)>,
    /// Positions of its rollback statements in the replayed list.
    rollback: Vec<usize>,
}

impl Proof {
    /// Starts a proof for changeset `changeset` over the model before it;
    /// `guarded`: the changeset may not run (preconditions, contexts).
    pub fn start(before: &Schema, changeset: usize, guarded: bool) -> Proof {
        Proof {
            before: before.clone(),
            changeset,
            unsure: guarded.then(|| {
                "the changeset may not run (preconditions, contexts, labels or failOnError)"
                    .to_string()
            }),
            lossy: Vec::new(),
            rollback: Vec::new(),
        }
    }

    /// A rollback statement of the changeset, by its position in the
    /// replayed list.
    pub fn rollback_statement(&mut self, position: usize) {
        self.rollback.push(position);
    }

    pub fn rollback_statements(&self) -> &[usize] {
        &self.rollback
    }

    pub fn changeset(&self) -> usize {
        self.changeset
    }

    /// A forward statement, with the model just before it.
    pub fn forward(&mut self, schema: &Schema, stmt: &ProofStatement<'_>) {
        self.lossy(schema, stmt.facts, stmt.index);
        if self.unsure.is_none() {
            self.unsure = unsure(schema, stmt);
        }
    }

    /// The database would refuse forward statement `index`: the deployment
    /// stops there, and what the rollback meets is not known.
    pub fn refused(&mut self, index: usize) {
        self.unsure.get_or_insert_with(|| {
            format!("statement {index} of the changeset would be refused by the database")
        });
    }

    /// Applies the rollback to the model after the forward statements and
    /// compares the result with the model before the changeset.
    pub fn finish(
        self,
        after: &Schema,
        rollback: &[ProofStatement<'_>],
        label: Label<'_>,
    ) -> RollbackCheck {
        let restores: Vec<&TableRef> = rollback
            .iter()
            .filter(|s| WRITES.contains(&s.facts.kind.as_str()))
            .filter_map(|s| s.facts.table.as_ref())
            .collect();
        let lossy = self
            .lossy
            .iter()
            .filter(|(t, _)| {
                !restores
                    .iter()
                    .any(|r| maybe_same(&r.name, &t.name) && same_ok(r, t))
            })
            .map(|(_, l)| l.clone())
            .collect();
        let mut check = RollbackCheck {
            lossy,
            ..RollbackCheck::default()
        };
        if let Some(why) = self.unsure {
            check.unproven = Some(why);
            return check;
        }
        let mut schema = after.clone();
        for stmt in rollback {
            // Judged before the statement changes the model; a refusal is
            // sure by itself (the replay only claims what it knows).
            let why = unsure(&schema, stmt);
            let refused = schema.step(
                stmt.facts,
                stmt.analyzed,
                Some(self.changeset),
                false,
                label,
            );
            if let Some(r) = refused.first() {
                check.proven = Some(false);
                check.differences.push(format!(
                    "the rollback would fail at statement {}: {}",
                    stmt.index, r.reason
                ));
                return check;
            }
            if let Some(why) = why {
                check.unproven = Some(format!("in the rollback: {why}"));
                return check;
            }
        }
        check.differences =
            super::compare::compare(&self.before, &schema, super::compare::Sides::Replays)
                .iter()
                .map(super::compare::Difference::after_rollback)
                .collect();
        check.proven = Some(check.differences.is_empty());
        check
    }

    /// Records what a forward statement destroys of what existed before
    /// the changeset.
    fn lossy(&mut self, schema: &Schema, facts: &Facts, statement: usize) {
        match facts.kind.as_str() {
            "drop_table" => {
                let targets: Vec<_> = match &facts.names {
                    Some(n) => n.iter().collect(),
                    None => facts.object.iter().collect(),
                };
                for o in targets {
                    let t = TableRef {
                        schema: o.schema.clone(),
                        name: o.name.clone(),
                        quoted: o.quoted,
                    };
                    if self.before.certain_table(&t).is_some() {
                        let msg = format!(
                            "table {} is dropped with its rows: the rollback can re-create the table, not its data",
                            label_of(o.schema.as_deref(), &o.name)
                        );
                        self.lossy.push((
                            t,
                            Lossy {
                                statement,
                                reason: msg,
                            },
                        ));
                    }
                }
            }
            "alter_table" => {
                let Some(t) = &facts.table else { return };
                let (Some(old), Some(now)) =
                    (self.before.certain_table(t), schema.certain_table(t))
                else {
                    return;
                };
                for op in facts.ops.iter().flatten() {
                    let (name, quoted, new_type) = match &op.column {
                        Some(OpColumn::Name(n)) => (n, op.quoted, op.data_type.as_ref()),
                        Some(OpColumn::Definition(c)) => (
                            &c.name,
                            c.quoted,
                            op.data_type.as_ref().or(Some(&c.data_type)),
                        ),
                        None => continue,
                    };
                    let existed =
                        |c: &&ColumnInfo| schema.folding.same(&c.name, c.quoted, name, quoted);
                    let (Some(_), Some(col)) = (
                        old.columns.iter().find(existed),
                        now.columns.iter().find(existed),
                    ) else {
                        continue;
                    };
                    let column = format!(
                        "{}.\"{}\"",
                        label_of(t.schema.as_deref(), &t.name),
                        col.name
                    );
                    let msg = match op.op.as_str() {
                        "drop_column" => format!(
                            "column {column} is dropped with its data: the rollback can add the column back, not its values"
                        ),
                        "alter_column_type" | "modify_column" => match new_type {
                            Some(new) if narrows(&col.data_type, new) => format!(
                                "column {column} narrows from {} to {new}: values that do not fit are cut or refused, and the rollback cannot widen them back",
                                col.data_type
                            ),
                            _ => continue,
                        },
                        _ => continue,
                    };
                    self.lossy.push((
                        t.clone(),
                        Lossy {
                            statement,
                            reason: msg,
                        },
                    ));
                }
            }
            _ => {}
        }
    }
}

fn same_ok(a: &TableRef, b: &TableRef) -> bool {
    super::names::maybe_same_schema(a.schema.as_deref(), b.schema.as_deref())
}

/// `"orders"`, `"app.orders"`.
fn label_of(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("\"{s}.{name}\""),
        None => format!("\"{name}\""),
    }
}

/// Why the model cannot be sure of what `stmt` does, if it cannot.
fn unsure(schema: &Schema, stmt: &ProofStatement<'_>) -> Option<String> {
    let f = stmt.facts;
    let n = stmt.index;
    if !stmt.analyzed {
        return Some(format!("statement {n} could not be analyzed"));
    }
    if opaque(f, stmt.analyzed) {
        return Some(format!(
            "statement {n} ({}) may change anything the model holds",
            f.kind
        ));
    }
    if f.conditional {
        return Some(format!("statement {n} may not run (it is conditional)"));
    }
    if UNTRACKED.contains(&f.kind.as_str()) {
        return Some(format!(
            "statement {n} ({}) changes objects the model does not follow",
            f.kind
        ));
    }
    let known = |t: &TableRef| schema.complete || schema.certain_table(t).is_some();
    let missing = |what: &str| {
        Some(format!(
            "statement {n} works on {what}, which the model does not know for sure"
        ))
    };
    match f.kind.as_str() {
        "drop_table" | "rename_table" | "drop_view" | "drop_sequence" => {
            let targets: Vec<_> = match &f.names {
                Some(names) => names.iter().collect(),
                None => f.object.iter().collect(),
            };
            for o in targets {
                let t = TableRef {
                    schema: o.schema.clone(),
                    name: o.name.clone(),
                    quoted: o.quoted,
                };
                let there = match f.kind.as_str() {
                    "drop_view" | "drop_sequence" => schema.relations.iter().any(|r| {
                        r.certain
                            && same_schema(r.schema.as_deref(), o.schema.as_deref())
                            && schema.same_relation(&r.name, r.quoted, &o.name, o.quoted)
                    }),
                    _ => schema.certain_table(&t).is_some(),
                };
                if !there && !schema.complete {
                    return missing(&label_of(o.schema.as_deref(), &o.name));
                }
            }
            None
        }
        "drop_index" => {
            let targets: Vec<_> = match &f.names {
                Some(names) => names.iter().collect(),
                None => f.object.iter().collect(),
            };
            for o in targets {
                let there = schema.tables.iter().any(|t| {
                    t.certain
                        && t.indexes
                            .iter()
                            .any(|i| i.certain && maybe_same(&i.name, &o.name))
                });
                if !there {
                    return missing(&format!("index \"{}\"", o.name));
                }
            }
            None
        }
        "create_index" => match &f.table {
            Some(t) if !known(t) => missing(&label_of(t.schema.as_deref(), &t.name)),
            _ => None,
        },
        "alter_table" => {
            let t = f.table.as_ref()?;
            let label = label_of(t.schema.as_deref(), &t.name);
            let Some(table) = schema.certain_table(t) else {
                return missing(&label);
            };
            for op in f.ops.iter().flatten() {
                if let Some(why) = unsure_op(schema, table, op) {
                    return Some(format!("statement {n}: {why}"));
                }
            }
            None
        }
        _ => None,
    }
}

/// Why an `ALTER TABLE` operation on `table` cannot be followed for sure.
fn unsure_op(schema: &Schema, table: &TableInfo, op: &crate::sql::facts::Op) -> Option<String> {
    let column = |name: &str, quoted: bool| {
        table
            .columns
            .iter()
            .any(|c| schema.folding.same(&c.name, c.quoted, name, quoted))
    };
    let named =
        |list: &[Named], name: &str| list.iter().any(|x| x.certain && maybe_same(&x.name, name));
    match op.op.as_str() {
        "add_column" | "add_constraint" | "rename_table" => None,
        "drop_column" | "rename_column" | "modify_column" | "alter_column_type"
        | "set_not_null" | "drop_not_null" | "set_default" | "drop_default" => match &op.column {
            Some(OpColumn::Name(name)) if column(name, op.quoted) => None,
            Some(OpColumn::Definition(c)) if column(&c.name, c.quoted) => None,
            _ => Some(format!(
                "a column of table \"{}\" the model does not know",
                table.name
            )),
        },
        "drop_constraint" | "drop_foreign_key" | "drop_index" | "rename_constraint" => {
            match op.name.as_deref() {
                Some(name) if named(&table.constraints, name) || named(&table.indexes, name) => {
                    None
                }
                _ => Some(format!(
                    "a constraint or index of table \"{}\" the model does not know",
                    table.name
                )),
            }
        }
        other => Some(format!("`{other}` is not followed by the model")),
    }
}

/// A type as written, with the synonyms the dialects accept folded
/// together (`int4`, `int`, `integer`) and spaces removed.
pub(crate) fn canonical_type(t: &str) -> String {
    let lower: String = t
        .to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let (base, args) = match lower.find('(') {
        Some(i) => (lower[..i].trim().to_string(), lower[i..].replace(' ', "")),
        None => (lower.clone(), String::new()),
    };
    // an integer's display width (MySQL's `int(11)`, `bigint(20) unsigned`)
    // is no part of its type
    if INTEGERS.contains(&base.as_str())
        && let Some(close) = args.find(')')
    {
        let rest = &args[close + 1..];
        return match rest {
            "" => fold_base(&base).to_string(),
            rest => format!("{} {rest}", fold_base(&base)),
        };
    }
    // `bigint unsigned`: the first word is the base
    if let Some((first, rest)) = base.split_once(' ')
        && INTEGERS.contains(&first)
    {
        return format!("{} {rest}{args}", fold_base(first));
    }
    format!("{}{args}", fold_base(&base))
}

const INTEGERS: &[&str] = &[
    "int",
    "int4",
    "integer",
    "int8",
    "bigint",
    "int2",
    "smallint",
    "tinyint",
    "mediumint",
];

/// Synonyms the dialects accept for one type, folded together.
fn fold_base(base: &str) -> &str {
    match base {
        "int" | "int4" | "integer" => "integer",
        "int8" | "bigint" => "bigint",
        "int2" | "smallint" => "smallint",
        "bool" | "boolean" => "boolean",
        "character varying" | "varchar" => "varchar",
        "character" | "char" => "char",
        "decimal" | "numeric" => "numeric",
        "float8" | "double precision" | "double" => "double",
        "float4" | "real" => "real",
        "timestamp without time zone" | "timestamp" => "timestamp",
        "timestamp with time zone" | "timestamptz" => "timestamptz",
        other => other,
    }
}

/// The first number of a type's arguments: `varchar(20)` → 20.
fn length(t: &str) -> Option<u64> {
    let open = t.find('(')?;
    let rest = &t[open + 1..];
    let end = rest.find([',', ')'])?;
    rest[..end].trim().parse().ok()
}

/// Does changing a column from `old` to `new` lose values? Only claimed
/// for the cases that surely do: a shorter length or precision of the same
/// type, a smaller integer, text or a fractional number into something
/// narrower.
pub(crate) fn narrows(old: &str, new: &str) -> bool {
    let (o, n) = (canonical_type(old), canonical_type(new));
    let base = |t: &str| t.split('(').next().unwrap_or("").to_string();
    let (ob, nb) = (base(&o), base(&n));
    let rank = |b: &str| match b {
        "tinyint" => Some(1),
        "smallint" => Some(2),
        "mediumint" => Some(3),
        "integer" => Some(4),
        "bigint" => Some(5),
        _ => None,
    };
    let textual = |b: &str| {
        matches!(
            b,
            "text" | "clob" | "longtext" | "mediumtext" | "nvarchar(max)"
        )
    };
    let fractional = |b: &str| matches!(b, "numeric" | "double" | "real" | "float");
    if ob == nb {
        return matches!((length(&o), length(&n)), (Some(a), Some(b)) if b < a)
            || (length(&o).is_none()
                && length(&n).is_some()
                && matches!(ob.as_str(), "varchar" | "char" | "nvarchar"));
    }
    if let (Some(a), Some(b)) = (rank(&ob), rank(&nb)) {
        return b < a;
    }
    if textual(&ob) && matches!(nb.as_str(), "varchar" | "char" | "nvarchar" | "nchar") {
        return true;
    }
    if fractional(&ob) && rank(&nb).is_some() {
        return true;
    }
    matches!(
        (ob.as_str(), nb.as_str()),
        ("timestamp" | "timestamptz" | "datetime", "date")
    )
}

#[cfg(test)]
mod tests {
    use super::{canonical_type, narrows};

    #[test]
    fn synonyms_are_one_type() {
        assert_eq!(canonical_type("INT4"), canonical_type("integer"));
        assert_eq!(
            canonical_type("character varying(20)"),
            canonical_type("VARCHAR( 20 )")
        );
        assert_ne!(canonical_type("varchar(20)"), canonical_type("varchar(30)"));
        // MySQL's integer display widths
        assert_eq!(
            canonical_type("BIGINT(20) UNSIGNED"),
            canonical_type("bigint unsigned")
        );
        assert_eq!(canonical_type("int(11)"), canonical_type("INTEGER"));
        assert_ne!(canonical_type("bigint unsigned"), canonical_type("bigint"));
    }

    #[test]
    fn only_sure_narrowings_are_claimed() {
        assert!(narrows("varchar(100)", "varchar(20)"));
        assert!(narrows("BIGINT", "INTEGER"));
        assert!(narrows("text", "varchar(50)"));
        assert!(narrows("numeric(12,2)", "integer"));
        assert!(narrows("timestamptz", "date"));
        assert!(!narrows("varchar(20)", "varchar(100)"));
        assert!(!narrows("integer", "bigint"));
        assert!(!narrows("varchar(20)", "text"));
        assert!(!narrows("text", "jsonb"));
    }
}
