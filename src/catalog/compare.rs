//! Two schema models compared object by object: tables, their columns
//! (type by meaning, nullability, whether a default is present), indexes
//! and constraints by name, views and sequences. Names are matched as the
//! dialect folds them. Used to prove rollbacks (the model before a
//! changeset against the one after its rollback) and by `schemagate diff`
//! (what a changelog builds against what a database has).
//!
//! Only what both sides are sure of is compared: an object the model
//! cannot follow (`certain` false), or a column list it does not know in
//! full, is never claimed missing. [`compare_all`] lists such objects as
//! not compared, so that "no difference" is never claimed for them.

use std::collections::HashMap;

use super::model::{ColumnInfo, Named, Relation, Schema, TableInfo};
use super::rollback::canonical_type;

/// One difference between the `left` and the `right` model.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// `table`, `column`, `index`, `constraint`, `view`,
    /// `materialized_view`, `sequence`.
    pub kind: String,
    /// The table, view or sequence (`"orders"`, `"app.orders"`).
    pub object: String,
    /// Its schema, as written (either side's), when it names one.
    pub schema: Option<String>,
    /// Its name, as written.
    pub name: String,
    /// The column, index or constraint of the table, when it is one.
    pub part: Option<String>,
    pub change: Change,
    /// The changeset of the left model that created the object (a table,
    /// view, sequence, index or constraint), when one did.
    pub created_in: Option<usize>,
}

/// How an object differs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Change {
    /// Only the left model has it.
    OnlyLeft,
    /// Only the right model has it.
    OnlyRight,
    /// Column types, as written on each side.
    Type { left: String, right: String },
    /// NOT NULL on each side.
    NotNull { left: bool, right: bool },
    /// A default present on each side.
    Default { left: bool, right: bool },
    /// Not compared: one side is not sure of it.
    NotCompared { why: Unsure },
}

/// Why an object was not compared.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unsure {
    /// Statements the left model cannot follow (an unparsed statement, a
    /// `DO` block, a `CASCADE`, a precondition) changed it or may have
    /// created it.
    LeftNotFollowed,
    /// The same on the right.
    RightNotFollowed,
    /// Neither side knows the table's every column, and these are on one
    /// side only.
    ColumnsNotKnown {
        left_only: Vec<String>,
        right_only: Vec<String>,
    },
}

impl Difference {
    /// What it is: `column "orders"."note"`, `index "i" on "orders"`,
    /// `table "orders"`, `materialized view "v"`.
    pub fn what(&self) -> String {
        let kind = match self.kind.as_str() {
            "materialized_view" => "materialized view",
            other => other,
        };
        match (self.kind.as_str(), &self.part) {
            ("column", Some(c)) => format!("column {}.\"{c}\"", self.object),
            (_, Some(p)) => format!("{kind} \"{p}\" on {}", self.object),
            (_, None) => format!("{kind} {}", self.object),
        }
    }

    /// The sentence of a rollback check (left: before the changeset,
    /// right: after its rollback).
    pub fn after_rollback(&self) -> String {
        let what = self.what();
        match &self.change {
            Change::OnlyLeft => format!("{what} is missing after the rollback"),
            Change::OnlyRight => {
                format!("{what} exists after the rollback, but not before the changeset")
            }
            Change::Type { left, right } => {
                format!("{what} is {right} after the rollback, {left} before the changeset")
            }
            Change::NotNull { left, right } => {
                let word = |nn: bool| if nn { "NOT NULL" } else { "nullable" };
                format!(
                    "{what} is {} after the rollback, {} before the changeset",
                    word(*right),
                    word(*left)
                )
            }
            Change::Default { left, right } => {
                let word = |d: bool| if d { "has a default" } else { "has no default" };
                format!(
                    "{what} {} after the rollback, {} before the changeset",
                    word(*right),
                    word(*left).replace("has", "had")
                )
            }
            Change::NotCompared { .. } => {
                format!("{what} cannot be compared before the changeset and after the rollback")
            }
        }
    }

    fn not_compared(&self) -> bool {
        matches!(self.change, Change::NotCompared { .. })
    }
}

/// Where the two models come from.
#[derive(Debug, Clone, Copy)]
pub enum Sides<'a> {
    /// Two replays of the same statements (a rollback proof): names the
    /// database chooses (`t_pkey`) are the same on both sides.
    Replays,
    /// A changelog's replay (left) and a schema dump (right). A dump names
    /// every index and constraint, where the changelog may have let the
    /// database name them, so the dump's extra ones are not claimed for a
    /// table whose names are not all known. An unqualified name is in
    /// `default_schema` when one is given (a dump says `public.orders` for
    /// a migration's `orders`).
    ReplayAndDump { default_schema: Option<&'a str> },
}

/// What differs between `left` and `right`, left's objects first, in the
/// order of the models. Linear in the size of the models. What one side is
/// not sure of is left out (see [`compare_all`]).
pub fn compare(left: &Schema, right: &Schema, sides: Sides<'_>) -> Vec<Difference> {
    let mut all = compare_all(left, right, sides);
    all.retain(|d| !d.not_compared());
    all
}

/// [`compare`], and each object one side is not sure of, where it could
/// differ, as [`Change::NotCompared`].
pub fn compare_all(left: &Schema, right: &Schema, sides: Sides<'_>) -> Vec<Difference> {
    let default_schema = match sides {
        Sides::Replays => None,
        Sides::ReplayAndDump { default_schema } => default_schema,
    };
    let keys = Keys {
        folding: left,
        default_schema,
    };
    // A dump or changelog that ran statements its model cannot follow may
    // hold what the model does not; two replays of the same statements
    // share that, so it says nothing of what differs.
    let may_hold = |model: &Schema, schema: Option<&str>, name: &str| {
        matches!(sides, Sides::ReplayAndDump { .. }) && model.may_hold(schema, name)
    };
    let mut out = Vec::new();
    let (left_tables, right_tables) = (table_map(&keys, left), table_map(&keys, right));
    for l in &left.tables {
        let object = (l.schema.as_deref(), l.name.as_str());
        match right_tables.get(&keys.key(l.schema.as_deref(), &l.name, l.quoted)) {
            None if l.certain && !may_hold(right, l.schema.as_deref(), &l.name) => {
                out.push(whole("table", object, Change::OnlyLeft, l.created_in))
            }
            None => out.push(unsure("table", object, Unsure::of(l.certain), l.created_in)),
            Some(r) if same_shape(l, r) => {}
            Some(r) if !(l.certain && r.certain) => {
                out.push(unsure("table", object, Unsure::of(l.certain), l.created_in))
            }
            Some(r) => table_differences(left, (object, sides), l, r, &mut out),
        }
    }
    for r in &right.tables {
        if left_tables.contains_key(&keys.key(r.schema.as_deref(), &r.name, r.quoted)) {
            continue;
        }
        let object = (r.schema.as_deref(), r.name.as_str());
        if r.certain && !may_hold(left, r.schema.as_deref(), &r.name) {
            out.push(whole("table", object, Change::OnlyRight, None));
        } else {
            out.push(unsure("table", object, Unsure::of(!r.certain), None));
        }
    }
    let (left_rel, right_rel) = (relation_map(&keys, left), relation_map(&keys, right));
    let rel_key = |r: &Relation| {
        let (s, n) = keys.key(r.schema.as_deref(), &r.name, r.quoted);
        (r.kind.clone(), s, n)
    };
    for l in &left.relations {
        if !right_rel.contains_key(&rel_key(l)) {
            let object = (l.schema.as_deref(), l.name.as_str());
            if l.certain && !may_hold(right, l.schema.as_deref(), &l.name) {
                out.push(whole(&l.kind, object, Change::OnlyLeft, l.created_in));
            } else {
                out.push(unsure(&l.kind, object, Unsure::of(l.certain), l.created_in));
            }
        }
    }
    for r in &right.relations {
        if !left_rel.contains_key(&rel_key(r)) {
            let object = (r.schema.as_deref(), r.name.as_str());
            if r.certain && !may_hold(left, r.schema.as_deref(), &r.name) {
                out.push(whole(&r.kind, object, Change::OnlyRight, None));
            } else {
                out.push(unsure(&r.kind, object, Unsure::of(!r.certain), None));
            }
        }
    }
    out
}

impl Unsure {
    /// The side that is not sure: the left when `left_sure` is false.
    fn of(left_sure: bool) -> Unsure {
        if left_sure {
            Unsure::RightNotFollowed
        } else {
            Unsure::LeftNotFollowed
        }
    }
}

fn unsure(
    kind: &str,
    object: ObjectName<'_>,
    why: Unsure,
    created_in: Option<usize>,
) -> Difference {
    whole(kind, object, Change::NotCompared { why }, created_in)
}

/// An object of a model: its schema and name.
type ObjectName<'a> = (Option<&'a str>, &'a str);

fn whole(
    kind: &str,
    (schema, name): ObjectName<'_>,
    change: Change,
    created_in: Option<usize>,
) -> Difference {
    Difference {
        kind: kind.into(),
        object: label_of(schema, name),
        schema: schema.map(str::to_string),
        name: name.to_string(),
        part: None,
        change,
        created_in,
    }
}

/// `"orders"`, `"app.orders"`.
fn label_of(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("\"{s}.{name}\""),
        None => format!("\"{name}\""),
    }
}

/// How tables, views and sequences are found on both sides.
struct Keys<'a> {
    /// Names folded as this model's dialect does.
    folding: &'a Schema,
    default_schema: Option<&'a str>,
}

impl Keys<'_> {
    /// The key of an object: its schema without case (the default one when
    /// unqualified), and its name as the dialect stores it (MySQL and
    /// MariaDB: as written).
    fn key(&self, s: Option<&str>, name: &str, quoted: bool) -> (Option<String>, String) {
        let name = if self.folding.mysql() {
            name.to_string()
        } else {
            self.folding.folding.key(name, quoted)
        };
        (s.or(self.default_schema).map(str::to_lowercase), name)
    }
}

type TableKey = (Option<String>, String);

/// `schema`'s tables by key.
fn table_map<'a>(keys: &Keys<'_>, schema: &'a Schema) -> HashMap<TableKey, &'a TableInfo> {
    schema
        .tables
        .iter()
        .map(|t| (keys.key(t.schema.as_deref(), &t.name, t.quoted), &**t))
        .collect()
}

/// `schema`'s views and sequences by kind and key.
fn relation_map<'a>(
    keys: &Keys<'_>,
    schema: &'a Schema,
) -> HashMap<(String, Option<String>, String), &'a Relation> {
    schema
        .relations
        .iter()
        .map(|r| {
            let (s, n) = keys.key(r.schema.as_deref(), &r.name, r.quoted);
            ((r.kind.clone(), s, n), r)
        })
        .collect()
}

/// Nothing compared differs (a table the changeset did not touch).
fn same_shape(a: &TableInfo, b: &TableInfo) -> bool {
    let names = |x: &[Named], y: &[Named]| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|(p, q)| p.name == q.name && p.quoted == q.quoted)
    };
    a.columns == b.columns && names(&a.indexes, &b.indexes) && names(&a.constraints, &b.constraints)
}

fn table_differences(
    schema: &Schema,
    (table, sides): (ObjectName<'_>, Sides<'_>),
    l: &TableInfo,
    r: &TableInfo,
    out: &mut Vec<Difference>,
) {
    // the model knows which changeset created a table, not a column
    let part = |name: &str, change: Change| Difference {
        part: Some(name.to_string()),
        ..whole("column", table, change, None)
    };
    let same =
        |a: &ColumnInfo, b: &ColumnInfo| schema.folding.same(&a.name, a.quoted, &b.name, b.quoted);
    // Absent from a table whose columns are not all known: unsure.
    let (mut left_only, mut right_only) = (Vec::new(), Vec::new());
    for c in &l.columns {
        let Some(n) = r.columns.iter().find(|n| same(c, n)) else {
            if r.complete || l.complete {
                out.push(part(&c.name, Change::OnlyLeft));
            } else {
                left_only.push(c.name.clone());
            }
            continue;
        };
        if canonical_type(&c.data_type) != canonical_type(&n.data_type) {
            let (left, right) = (c.data_type.clone(), n.data_type.clone());
            out.push(part(&c.name, Change::Type { left, right }));
        }
        if c.not_null != n.not_null {
            let (left, right) = (c.not_null, n.not_null);
            out.push(part(&c.name, Change::NotNull { left, right }));
        }
        if c.has_default != n.has_default {
            let (left, right) = (c.has_default, n.has_default);
            out.push(part(&c.name, Change::Default { left, right }));
        }
    }
    for n in r
        .columns
        .iter()
        .filter(|n| !l.columns.iter().any(|c| same(c, n)))
    {
        if l.complete || r.complete {
            out.push(part(&n.name, Change::OnlyRight));
        } else {
            right_only.push(n.name.clone());
        }
    }
    if !(left_only.is_empty() && right_only.is_empty()) {
        let why = Unsure::ColumnsNotKnown {
            left_only,
            right_only,
        };
        out.push(unsure("table", table, why, l.created_in));
    }
    // MySQL: a UNIQUE KEY is its index, whether created as either, so a
    // constraint is also found among the other side's indexes
    let unique_is_index = schema.mysql();
    let same = |x: &Named, y: &Named| schema.folding.same(&x.name, x.quoted, &y.name, y.quoted);
    let named = |kind: &str,
                 (left, left_also): (&[Named], &[Named]),
                 (right, right_also): (&[Named], &[Named]),
                 out: &mut Vec<Difference>| {
        let has =
            |list: &[Named], also: &[Named], x: &Named| list.iter().chain(also).any(|y| same(x, y));
        let diff = |x: &Named, change, created_in| Difference {
            part: Some(x.name.clone()),
            ..whole(kind, table, change, created_in)
        };
        for x in left.iter().filter(|x| !has(right, right_also, x)) {
            match x.certain {
                true => out.push(diff(x, Change::OnlyLeft, x.created_in)),
                false => {
                    let why = Change::NotCompared {
                        why: Unsure::LeftNotFollowed,
                    };
                    out.push(diff(x, why, x.created_in))
                }
            }
        }
        // a name the database chose for the changelog's table may be any
        // such name the dump shows
        let unsure = |x: &Named| {
            matches!(sides, Sides::ReplayAndDump { .. })
                && l.implicit_names
                && database_chosen(&x.name, l)
        };
        for x in right.iter().filter(|x| !has(left, left_also, x)) {
            match (x.certain, unsure(x)) {
                (true, false) => out.push(diff(x, Change::OnlyRight, None)),
                // the same index or constraint, under the name the
                // database chose: not a difference
                (true, true) => {}
                (false, _) => {
                    let why = Change::NotCompared {
                        why: Unsure::RightNotFollowed,
                    };
                    out.push(diff(x, why, None))
                }
            }
        }
    };
    let none: &[Named] = &[];
    named("index", (&l.indexes, none), (&r.indexes, none), out);
    let (l_also, r_also) = match unique_is_index {
        true => (l.indexes.as_slice(), r.indexes.as_slice()),
        false => (none, none),
    };
    named(
        "constraint",
        (&l.constraints, l_also),
        (&r.constraints, r_also),
        out,
    );
}

/// A name of the form databases give what a statement left unnamed:
/// PostgreSQL's `t_pkey`, `t_a_key`, `t_a_fkey`, `t_a_check`, `t_a_excl`,
/// `t_a_not_null`, `t_id_seq`; MySQL's `PRIMARY`, `t_ibfk_1` and unique
/// keys named after their first column; SQL Server's `PK__t__…`, `UQ__…`,
/// `FK__…`, `DF__…`, `CK__…`. Any other name was chosen by a person.
fn database_chosen(name: &str, table: &TableInfo) -> bool {
    let lower = name.to_ascii_lowercase();
    const SUFFIXES: &[&str] = &[
        "_pkey",
        "_key",
        "_fkey",
        "_check",
        "_excl",
        "_not_null",
        "_seq",
    ];
    SUFFIXES.iter().any(|s| lower.ends_with(s))
        || lower == "primary"
        || lower.contains("_ibfk_")
        || ["pk__", "uq__", "fk__", "df__", "ck__"]
            .iter()
            .any(|p| lower.starts_with(p))
        || table
            .columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(name))
}
