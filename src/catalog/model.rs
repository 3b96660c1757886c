//! The schema model: tables with their columns, indexes and constraints,
//! views and sequences, changed by one statement's facts at a time.
//!
//! Besides what exists, the model keeps how sure it is, so that the checks
//! in `refusals.rs` only claim what it really knows: an object is `certain`
//! when a parsed statement created it and nothing the model cannot follow
//! (an unparsed statement naming it, a `DO` block, a Liquibase changeset
//! guarded by preconditions, a `CASCADE`) happened since; a table is
//! `complete` when its every column is known; and `gone` remembers what the
//! replay itself dropped or renamed away.

use std::sync::Arc;

use crate::dialect::Dialect;
use crate::sql::facts::{Column, Columns, Constraint, Facts, Object, TableRef};

use super::names::{Folding, maybe_same, maybe_same_schema, same_schema};

/// A column as the replay knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: String,
    pub data_type: String,
    pub not_null: bool,
    pub has_default: bool,
    pub quoted: bool,
}

impl From<&Column> for ColumnInfo {
    fn from(c: &Column) -> Self {
        ColumnInfo {
            name: c.name.clone(),
            data_type: c.data_type.clone(),
            not_null: c.not_null || c.primary_key,
            has_default: c.has_default && !null_default(c.default.as_deref()),
            quoted: c.quoted,
        }
    }
}

/// `DEFAULT NULL` is no default: a nullable column without one is NULL
/// where a row does not say (`mysqldump` writes it on every such column).
pub(crate) fn null_default(default: Option<&str>) -> bool {
    default.is_some_and(|d| d.trim().eq_ignore_ascii_case("null"))
}

/// An index or a constraint of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub quoted: bool,
    /// Index of the changeset that created it; `None` for a baseline's.
    pub created_in: Option<usize>,
    pub certain: bool,
    /// The plain columns it is on (to follow `DROP COLUMN`).
    pub columns: Vec<String>,
    /// It is (also) on expressions: any dropped column may take it along.
    pub on_expressions: bool,
}

/// A table as the replay knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub schema: Option<String>,
    pub name: String,
    /// Index of the changeset that created it; `None` for a baseline's.
    pub created_in: Option<usize>,
    pub columns: Vec<ColumnInfo>,
    pub indexes: Vec<Named>,
    pub quoted: bool,
    /// Named constraints (a PostgreSQL PRIMARY KEY/UNIQUE is also an index).
    pub constraints: Vec<Named>,
    /// Created by a parsed statement and nothing unfollowed touched it since.
    pub certain: bool,
    /// `columns` is every column: created with a column list of its own and
    /// nothing unfollowed touched it since.
    pub complete: bool,
    /// Some index, constraint or sequence of it was named by the database
    /// (`t_pkey`, `t_a_key`, MySQL `PRIMARY`, PostgreSQL 18 NOT NULL
    /// constraints), so index and constraint names are not all known.
    pub implicit_names: bool,
}

/// A view or a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub schema: Option<String>,
    pub name: String,
    pub quoted: bool,
    pub created_in: Option<usize>,
    pub certain: bool,
    /// `view`, `materialized_view`, `sequence`.
    pub kind: String,
}

/// Something the replay saw go away (dropped, or renamed to another name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    /// `table`, `view`, `sequence`, `index`, `constraint`.
    pub kind: String,
    pub schema: Option<String>,
    pub name: String,
    pub quoted: bool,
    /// For indexes and constraints: the table they were on.
    pub table: Option<String>,
    pub created_in: Option<usize>,
    /// `None`: by a baseline.
    pub removed_in: Option<usize>,
    /// `dropped`, `renamed to "x"`, `dropped with its table "t"`.
    pub how: String,
}

/// Every object the replay has seen created and not dropped.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub(crate) dialect: Option<Dialect>,
    pub(crate) folding: Folding,
    /// Everything that exists is in the model (a baseline schema dump was
    /// loaded): what it lacks does not exist. Cleared by the first statement
    /// the model cannot follow.
    pub(crate) complete: bool,
    /// A statement the model could not follow was seen: it may have changed
    /// anything before it.
    pub(crate) unfollowed: bool,
    /// Shared with the copies the rollback proofs take: a copy costs a
    /// reference count per table, and a table is copied only when changed.
    pub(crate) tables: Vec<Arc<TableInfo>>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) gone: Vec<Gone>,
    /// Names an unfollowed statement may have created.
    pub(crate) maybe: Vec<(Option<String>, String)>,
    /// `CHECK (col IS NOT NULL)` constraints, on any table (`not_null.rs`).
    pub(crate) not_null_checks: Vec<super::not_null::NotNullCheck>,
}

/// Same object name? Identifiers compare case-insensitively and an
/// unqualified name matches any schema: the lookup that tells a statement
/// whether its table is `known`.
pub(crate) fn same(a_schema: Option<&str>, a: &str, b_schema: Option<&str>, b: &str) -> bool {
    maybe_same(a, b) && maybe_same_schema(a_schema, b_schema)
}

/// See [`Schema::same_relation`].
fn same_relation(mysql: bool, folding: Folding, a: &str, aq: bool, b: &str, bq: bool) -> bool {
    if mysql {
        a == b
    } else {
        folding.same(a, aq, b, bq)
    }
}

impl Schema {
    /// An empty model for `dialect`; `complete` when it will be seeded with
    /// the whole schema.
    pub fn new(dialect: Dialect, complete: bool) -> Self {
        Schema {
            dialect: Some(dialect),
            folding: Folding::of(dialect),
            complete,
            ..Schema::default()
        }
    }

    /// The schema as a starting point for another changelog: what it holds
    /// was created before that changelog's first changeset.
    pub fn into_baseline(mut self) -> Schema {
        for t in &mut self.tables {
            let t = Arc::make_mut(t);
            t.created_in = None;
            for n in t.indexes.iter_mut().chain(t.constraints.iter_mut()) {
                n.created_in = None;
            }
        }
        for r in &mut self.relations {
            r.created_in = None;
        }
        for g in &mut self.gone {
            g.created_in = None;
            g.removed_in = None;
        }
        self
    }

    /// [`Schema::into_baseline`], for a dump of the whole schema
    /// (`pg_dump --schema-only`, `mysqldump --no-data`): what the model does
    /// not hold does not exist, so "does not exist" is said of any table or
    /// view it lacks. Unless something in the dump could not be followed (a
    /// `DO` block, a `CASCADE`): then the model stays incomplete.
    /// Objects in `default` (a dump's `public.orders`) become unqualified,
    /// as a migration names them (`orders`), so that the two are certainly
    /// the same. A changelog that writes `public.orders` still matches it
    /// as maybe the same.
    pub fn unqualify(&mut self, default: &str) {
        let strip = |schema: &mut Option<String>| {
            if schema
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(default))
            {
                *schema = None;
            }
        };
        self.tables
            .iter_mut()
            .for_each(|t| strip(&mut Arc::make_mut(t).schema));
        self.relations.iter_mut().for_each(|r| strip(&mut r.schema));
        self.maybe.iter_mut().for_each(|(s, _)| strip(s));
    }

    pub fn into_complete_baseline(self) -> Schema {
        let mut schema = self.into_baseline();
        schema.complete = !schema.unfollowed;
        schema
    }

    /// The model, ready to replay statements of `dialect` (names fold as it
    /// folds them).
    pub fn for_dialect(mut self, dialect: Dialect) -> Schema {
        self.dialect = Some(dialect);
        self.folding = Folding::of(dialect);
        self
    }

    pub fn tables(&self) -> impl Iterator<Item = &TableInfo> {
        self.tables.iter().map(|t| &**t)
    }

    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&TableInfo> {
        self.tables
            .iter()
            .rev()
            .find(|t| same(t.schema.as_deref(), &t.name, schema, name))
            .map(|t| &**t)
    }

    /// The table a statement changes: the one it certainly names, else the
    /// latest one it may name.
    pub(crate) fn table_mut(&mut self, t: &TableRef) -> Option<&mut TableInfo> {
        let schema = t.schema.as_deref();
        let exact = self.tables.iter().rposition(|x| {
            same_schema(x.schema.as_deref(), schema)
                && self.same_relation(&x.name, x.quoted, &t.name, t.quoted)
        });
        let pos = exact.or_else(|| {
            self.tables
                .iter()
                .rposition(|x| same(x.schema.as_deref(), &x.name, schema, &t.name))
        })?;
        self.tables.get_mut(pos).map(Arc::make_mut)
    }

    /// The table `t` certainly names, if the model certainly has it.
    pub(crate) fn certain_table(&self, t: &TableRef) -> Option<&TableInfo> {
        self.tables
            .iter()
            .rev()
            .find(|x| {
                x.certain
                    && same_schema(x.schema.as_deref(), t.schema.as_deref())
                    && self.same_relation(&x.name, x.quoted, &t.name, t.quoted)
            })
            .map(|t| &**t)
    }

    /// Certainly the same table, view or sequence name. MySQL and MariaDB
    /// keep these as files, so case matters on Linux
    /// (`lower_case_table_names=0`, measured on MariaDB 10.11: `CREATE TABLE
    /// Users` next to `users` succeeds) and not on Windows or macOS: only the
    /// exact name is certainly the same (a name differing in case is still
    /// "maybe the same", so it is never claimed missing either).
    pub(crate) fn same_relation(&self, a: &str, a_quoted: bool, b: &str, b_quoted: bool) -> bool {
        same_relation(self.mysql(), self.folding, a, a_quoted, b, b_quoted)
    }

    pub fn has_view(&self, schema: Option<&str>, name: &str) -> bool {
        self.relations
            .iter()
            .any(|r| r.kind != "sequence" && same(r.schema.as_deref(), &r.name, schema, name))
    }

    pub fn has_sequence(&self, schema: Option<&str>, name: &str) -> bool {
        self.relations
            .iter()
            .any(|r| r.kind == "sequence" && same(r.schema.as_deref(), &r.name, schema, name))
    }

    /// Applies one statement created in changeset `changeset`.
    pub fn apply(&mut self, facts: &Facts, changeset: Option<usize>) {
        match facts.kind.as_str() {
            "create_table" => self.create_table(facts, changeset),
            "drop_table" => self.drop_each(facts, changeset, |s, o, cs| s.drop_table(o, cs)),
            "rename_table" => self.rename_table(facts, changeset),
            "alter_table" => self.alter_table(facts, changeset),
            "create_index" => self.create_index(facts, changeset),
            "drop_index" => self.drop_each(facts, changeset, |s, o, cs| {
                s.drop_index(o, facts.table.as_ref(), cs)
            }),
            "create_view" | "create_materialized_view" | "create_sequence" => {
                self.create_relation(facts, changeset)
            }
            "drop_view" | "drop_sequence" => {
                self.drop_each(facts, changeset, |s, o, cs| s.drop_relation(o, cs))
            }
            "alter_index" | "alter_view" | "alter_sequence" => self.forget_named(facts),
            _ => {}
        }
    }

    fn drop_each(
        &mut self,
        facts: &Facts,
        changeset: Option<usize>,
        mut drop: impl FnMut(&mut Self, &Object, Option<usize>),
    ) {
        let targets: Vec<Object> = match &facts.names {
            Some(names) => names.clone(),
            None => facts.object.iter().cloned().collect(),
        };
        for o in &targets {
            drop(self, o, changeset);
        }
    }

    /// Already recorded as gone: dropping it again keeps the first record,
    /// which says where it came from.
    fn already_gone(&self, kind: &str, o: &Object) -> bool {
        self.gone.iter().any(|g| {
            g.kind == kind
                && maybe_same(&g.name, &o.name)
                && maybe_same_schema(g.schema.as_deref(), o.schema.as_deref())
        })
    }

    pub(crate) fn forget_gone(&mut self, schema: Option<&str>, name: &str) {
        self.gone.retain(|g| {
            !(maybe_same(&g.name, name) && maybe_same_schema(g.schema.as_deref(), schema))
        });
    }

    fn create_table(&mut self, facts: &Facts, changeset: Option<usize>) {
        let Some(o) = &facts.object else { return };
        // A temporary table shadows any permanent one of its name for the
        // rest of the session: the model cannot tell which one is meant.
        if facts.flag("temporary", false) {
            self.forget_named(facts);
            return;
        }
        let certain_twin = self.certain_table(&TableRef {
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
        });
        // IF NOT EXISTS leaves it be; without, the database refuses the
        // statement (see `refusals.rs`) and the old table stays too.
        if certain_twin.is_some() && !facts.or_replace {
            return;
        }
        let maybe_twin = self.table(o.schema.as_deref(), &o.name).is_some();
        let defs = match &facts.columns {
            Some(Columns::Definitions(defs)) => Some(defs),
            _ => None,
        };
        // IF NOT EXISTS over a table that may exist: which one stands after?
        let unsure = facts.if_not_exists && maybe_twin;
        // If it exists, IF NOT EXISTS creates nothing: the table stays the
        // one that was there (not new), whatever it holds.
        let created_in = match self.table(o.schema.as_deref(), &o.name) {
            Some(twin) if unsure => twin.created_in,
            _ => changeset,
        };
        let mut info = TableInfo {
            schema: o.schema.clone(),
            name: o.name.clone(),
            created_in,
            columns: defs.into_iter().flatten().map(ColumnInfo::from).collect(),
            indexes: Vec::new(),
            quoted: o.quoted,
            constraints: Vec::new(),
            // A temporary table shadows a permanent one of the same name.
            certain: !unsure,
            complete: !unsure && defs.is_some() && !facts.columns_from_elsewhere,
            implicit_names: false,
        };
        for c in defs.into_iter().flatten() {
            if c.inline_constraint || c.generated.is_some() || self.not_null_is_named(c.not_null) {
                info.implicit_names = true;
            }
            if c.data_type.to_ascii_lowercase().contains("serial") {
                info.implicit_names = true;
            }
        }
        for c in facts.constraints.iter().flatten() {
            self.add_constraint(&mut info, c, changeset);
        }
        // Only the same table is replaced: `"Orders"` and `orders` are two
        // tables in PostgreSQL.
        let (mysql, folding) = (self.mysql(), self.folding);
        self.tables.retain(|t| {
            !(same_schema(t.schema.as_deref(), o.schema.as_deref())
                && same_relation(mysql, folding, &t.name, t.quoted, &o.name, o.quoted))
        });
        self.forget_gone(o.schema.as_deref(), &o.name);
        self.tables.push(Arc::new(info));
    }

    /// PostgreSQL 18 names NOT NULL constraints (`t_c_not_null`).
    fn not_null_is_named(&self, not_null: bool) -> bool {
        not_null && self.folding == Folding::Lower
    }

    pub(crate) fn mysql(&self) -> bool {
        matches!(self.dialect, Some(Dialect::Mysql | Dialect::Mariadb))
    }

    /// Records a table constraint: its name, and the index it builds.
    pub(crate) fn add_constraint(
        &self,
        info: &mut TableInfo,
        c: &Constraint,
        changeset: Option<usize>,
    ) {
        let Some(name) = &c.name else {
            info.implicit_names = true;
            return;
        };
        let named = Named {
            name: name.clone(),
            quoted: c.name_quoted,
            created_in: changeset,
            certain: true,
            columns: c.column_names.iter().map(|n| n.value.clone()).collect(),
            on_expressions: c.column_names.len() != c.columns.len() || c.kind == "check",
        };
        let builds_index = match c.kind.as_str() {
            "primary_key" => {
                // MySQL calls every primary key `PRIMARY`.
                if self.mysql() {
                    info.implicit_names = true;
                    return;
                }
                true
            }
            "unique" | "exclude" => true,
            "index" => {
                info.indexes.push(named);
                return;
            }
            "foreign_key" => {
                // MySQL builds an index for a foreign key that has none.
                if self.mysql() {
                    info.implicit_names = true;
                }
                false
            }
            _ => false,
        };
        if builds_index && c.using_index.is_none() {
            info.indexes.push(named.clone());
        }
        if let Some(old) = &c.using_index {
            info.indexes.retain(|i| !maybe_same(&i.name, old));
            info.indexes.push(named.clone());
        }
        info.constraints.push(named);
    }

    fn remove_table(&mut self, schema: Option<&str>, name: &str) {
        self.tables
            .retain(|t| !same(t.schema.as_deref(), &t.name, schema, name));
    }

    fn drop_table(&mut self, o: &Object, changeset: Option<usize>) {
        let s = o.schema.as_deref();
        let mut gone = Vec::new();
        for t in self
            .tables
            .iter()
            .filter(|t| same(t.schema.as_deref(), &t.name, s, &o.name))
        {
            for i in t.indexes.iter().filter(|i| i.certain) {
                gone.push(Gone {
                    kind: "index".into(),
                    schema: t.schema.clone(),
                    name: i.name.clone(),
                    quoted: i.quoted,
                    table: Some(t.name.clone()),
                    created_in: i.created_in,
                    removed_in: changeset,
                    how: format!("dropped with its table \"{}\"", t.name),
                });
            }
        }
        let found = self.table(s, &o.name).map(|t| t.created_in);
        if found.is_none() && self.already_gone("table", o) {
            return;
        }
        let created_in = found.flatten();
        self.remove_table(s, &o.name);
        self.forget_gone(s, &o.name);
        self.gone.extend(gone);
        self.gone.push(Gone {
            kind: "table".into(),
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
            table: None,
            created_in,
            removed_in: changeset,
            how: "dropped".into(),
        });
    }

    fn create_index(&mut self, facts: &Facts, changeset: Option<usize>) {
        let Some(t) = &facts.table else { return };
        let plain = facts.index_columns.len();
        let written = match &facts.columns {
            Some(Columns::Names(n)) => n.len(),
            _ => plain,
        };
        // IF NOT EXISTS creates it unless something of the name may exist.
        let certain =
            !facts.if_not_exists || facts.object.as_ref().is_some_and(|o| !self.maybe_exists(o));
        let folding = self.folding;
        let Some(info) = self.table_mut(t) else {
            return;
        };
        let Some(o) = &facts.object else {
            info.implicit_names = true;
            return;
        };
        if facts.if_not_exists
            && info
                .indexes
                .iter()
                .any(|i| folding.same(&i.name, i.quoted, &o.name, o.quoted))
        {
            return;
        }
        info.indexes.push(Named {
            name: o.name.clone(),
            quoted: o.quoted,
            created_in: changeset,
            certain,
            columns: facts
                .index_columns
                .iter()
                .map(|n| n.value.clone())
                .collect(),
            on_expressions: written != plain,
        });
        let (schema, name) = (o.schema.clone(), o.name.clone());
        self.forget_gone(schema.as_deref(), &name);
    }

    fn drop_index(&mut self, o: &Object, table: Option<&TableRef>, changeset: Option<usize>) {
        let mut gone = None;
        for t in &mut self.tables {
            if let Some(on) = table
                && !same(t.schema.as_deref(), &t.name, on.schema.as_deref(), &on.name)
            {
                continue;
            }
            if !maybe_same_schema(t.schema.as_deref(), o.schema.as_deref()) {
                continue;
            }
            if let Some(pos) = t.indexes.iter().position(|i| maybe_same(&i.name, &o.name)) {
                let i = Arc::make_mut(t).indexes.remove(pos);
                gone.get_or_insert((i.created_in, t.name.clone()));
            }
        }
        if gone.is_none() && self.already_gone("index", o) {
            return;
        }
        self.forget_gone(o.schema.as_deref(), &o.name);
        self.gone.push(Gone {
            kind: "index".into(),
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
            table: table
                .map(|t| t.name.clone())
                .or(gone.as_ref().map(|g| g.1.clone())),
            created_in: gone.and_then(|g| g.0),
            removed_in: changeset,
            how: "dropped".into(),
        });
    }

    fn create_relation(&mut self, facts: &Facts, changeset: Option<usize>) {
        let Some(o) = &facts.object else { return };
        let exists = self
            .relations
            .iter()
            .any(|r| same(r.schema.as_deref(), &r.name, o.schema.as_deref(), &o.name));
        if exists && (facts.if_not_exists || facts.or_replace) {
            return;
        }
        self.relations
            .retain(|r| !same(r.schema.as_deref(), &r.name, o.schema.as_deref(), &o.name));
        self.forget_gone(o.schema.as_deref(), &o.name);
        self.relations.push(Relation {
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
            created_in: changeset,
            certain: true,
            kind: o.kind.clone(),
        });
    }

    fn drop_relation(&mut self, o: &Object, changeset: Option<usize>) {
        let s = o.schema.as_deref();
        let created_in = self
            .relations
            .iter()
            .find(|r| same(r.schema.as_deref(), &r.name, s, &o.name))
            .map(|r| r.created_in);
        if created_in.is_none() && self.already_gone(&o.kind, o) {
            return;
        }
        let created_in = created_in.flatten();
        self.relations
            .retain(|r| !same(r.schema.as_deref(), &r.name, s, &o.name));
        self.forget_gone(s, &o.name);
        self.gone.push(Gone {
            kind: o.kind.clone(),
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
            table: None,
            created_in,
            removed_in: changeset,
            how: "dropped".into(),
        });
    }
}
