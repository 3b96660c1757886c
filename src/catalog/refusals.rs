//! What the database would refuse, known before anything runs: creating
//! what exists, altering or dropping what does not, naming a column a table
//! does not have, dropping a table's last column.
//!
//! A claim is only made when the model really knows (see `model.rs`):
//! "exists" needs an object a parsed statement created and nothing
//! unfollowed touched since; "does not exist" needs an object the replay saw
//! go away, a table whose every column (and index, constraint) is known, or
//! a model declared complete. `IF [NOT] EXISTS` and `OR REPLACE` make every
//! case fine.

use serde::Serialize;

use crate::dialect::Dialect;
use crate::sql::facts::{Column, Columns, Constraint, Facts, Name, Object, TableRef};

use super::model::{Schema, TableInfo};
use super::names::{Folding, maybe_same, maybe_same_schema, same_schema};

/// Why the database would refuse a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    /// Creating a table, view, sequence, index, constraint or column whose
    /// name is taken.
    AlreadyExists,
    /// Altering or dropping a table, view, sequence, index or constraint
    /// that does not exist.
    DoesNotExist,
    /// Naming a column the table does not have.
    ColumnDoesNotExist,
    /// Dropping every column of a table (MySQL, MariaDB, SQL Server, SQLite).
    DropsLastColumn,
}

/// One refusal of one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub kind: RefusalKind,
    /// The object refused: `{type, schema, name}` (`type` is `column` for
    /// columns, whose table is in `table`).
    pub object: Object,
    /// The table the object belongs to, for columns, indexes and constraints.
    pub table: Option<TableRef>,
    /// One line: what is wrong and where the existing or removed object
    /// came from.
    pub reason: String,
}

/// Names a changeset in a reason: `changeset "3"`.
pub type Label<'a> = &'a dyn Fn(Option<usize>) -> String;

pub(crate) fn object(kind: &str, schema: Option<&str>, name: &str) -> Object {
    Object {
        kind: kind.to_string(),
        schema: schema.map(str::to_string),
        name: name.to_string(),
        quoted: false,
    }
}

pub(crate) fn table_ref(t: &TableInfo) -> TableRef {
    TableRef {
        schema: t.schema.clone(),
        name: t.name.clone(),
        quoted: t.quoted,
    }
}

fn shown(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("\"{s}.{name}\""),
        None => format!("\"{name}\""),
    }
}

/// A materialized view is a view as far as names go.
fn family(k: &str) -> &str {
    match k {
        "materialized_view" => "view",
        other => other,
    }
}

/// Does a kind live in the schema-wide relation namespace with `other`?
fn shares_namespace(dialect: Option<Dialect>, folding: Folding, a: &str, b: &str) -> bool {
    let (a, b) = (family(a), family(b));
    if a == b && a != "index" {
        return true;
    }
    let pg_like = folding == Folding::Lower;
    let sqlite = dialect == Some(Dialect::Sqlite);
    let members: &[&str] = if pg_like {
        &["table", "view", "sequence", "index"]
    } else if sqlite {
        &["table", "view", "index"]
    } else {
        &["table", "view", "sequence"]
    };
    members.contains(&a) && members.contains(&b)
}

/// A column list as names with quoting (only for definitions).
fn defined(columns: &Option<Columns>) -> Option<&Vec<Column>> {
    match columns {
        Some(Columns::Definitions(defs)) => Some(defs),
        _ => None,
    }
}

impl Schema {
    /// The refusals of one statement, judged against the model as it stands
    /// just before it runs.
    pub fn refusals(&self, facts: &Facts, label: Label<'_>) -> Vec<Refusal> {
        let mut out = Vec::new();
        match facts.kind.as_str() {
            "create_table" => self.check_create_table(facts, label, &mut out),
            "create_index" => self.check_create_index(facts, label, &mut out),
            "create_view" | "create_materialized_view" | "create_sequence" => {
                if let Some(o) = &facts.object
                    && !facts.if_not_exists
                {
                    self.check_free(o, None, facts.or_replace, label, &mut out);
                }
            }
            "drop_table" | "drop_view" | "drop_sequence" | "drop_index" if !facts.if_exists => {
                for o in facts.names.iter().flatten() {
                    self.check_present(o, facts.table.as_ref(), label, &mut out);
                }
            }
            "alter_view" | "alter_index" => {
                if let Some(o) = &facts.object
                    && !facts.if_exists
                {
                    self.check_present(o, None, label, &mut out);
                }
            }
            // MySQL `RENAME TABLE a TO b`: the new name may move the table to
            // another database (its qualifier is not in the facts), so only
            // the old name is checked.
            "rename_table" => {
                for o in facts.names.iter().flatten() {
                    self.check_present(o, None, label, &mut out);
                }
            }
            "alter_table" => self.check_alter_table(facts, label, &mut out),
            _ => {}
        }
        out
    }

    /// What certainly exists under the name `o` would take: its kind and
    /// where it came from (`on "t3", created by changeset "3"`).
    fn taken_by(
        &self,
        o: &Object,
        on: Option<&TableInfo>,
        or_replace: bool,
        label: Label<'_>,
    ) -> Option<(String, String)> {
        let f = self.folding;
        let clash = |kind: &str| {
            // OR REPLACE may replace an object of its own kind, nothing else.
            shares_namespace(self.dialect, f, &o.kind, kind) && !(or_replace && kind == o.kind)
        };
        let same_name = |schema: Option<&str>, name: &str, quoted: bool| {
            same_schema(schema, o.schema.as_deref())
                && self.same_relation(name, quoted, &o.name, o.quoted)
        };
        if clash("table")
            && let Some(t) = self
                .tables
                .iter()
                .find(|t| t.certain && same_name(t.schema.as_deref(), &t.name, t.quoted))
        {
            return Some((
                "table".into(),
                format!("created by {}", label(t.created_in)),
            ));
        }
        if let Some(r) = self.relations.iter().find(|r| {
            r.certain && clash(&r.kind) && same_name(r.schema.as_deref(), &r.name, r.quoted)
        }) {
            return Some((
                r.kind.replace('_', " "),
                format!("created by {}", label(r.created_in)),
            ));
        }
        if o.kind == "index" || clash("index") {
            let schema_wide = clash("index");
            for t in self.tables.iter().filter(|t| t.certain) {
                let in_scope = if schema_wide {
                    same_schema(t.schema.as_deref(), o.schema.as_deref())
                } else {
                    on.is_some_and(|on| on.name == t.name && on.schema == t.schema)
                };
                if !in_scope {
                    continue;
                }
                if let Some(i) = t
                    .indexes
                    .iter()
                    .find(|i| i.certain && f.same(&i.name, i.quoted, &o.name, o.quoted))
                {
                    return Some((
                        "index".into(),
                        format!("on \"{}\", created by {}", t.name, label(i.created_in)),
                    ));
                }
            }
        }
        None
    }

    pub(crate) fn check_free(
        &self,
        o: &Object,
        on: Option<&TableInfo>,
        or_replace: bool,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) {
        let Some((kind, whence)) = self.taken_by(o, on, or_replace, label) else {
            return;
        };
        let wanted = o.kind.replace('_', " ");
        let name = shown(o.schema.as_deref(), &o.name);
        let reason = if family(&kind.replace(' ', "_")) == family(&o.kind) {
            format!("{wanted} {name} already exists ({whence})")
        } else {
            let shared = if self.folding == Folding::Lower {
                "tables, views, sequences and indexes share one namespace per schema"
            } else if self.dialect == Some(Dialect::Sqlite) {
                "tables, views and indexes share one namespace"
            } else {
                "tables, views and sequences share one namespace per schema"
            };
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("the name {name} is taken by {article} {kind} ({whence}); {shared}")
        };
        out.push(Refusal {
            kind: RefusalKind::AlreadyExists,
            object: object(&o.kind, o.schema.as_deref(), &o.name),
            table: on.map(table_ref),
            reason,
        });
    }

    /// Might something named like `o` exist (any kind, any quoting)?
    /// A table, view or sequence of this name may exist although the model
    /// does not hold it: a statement it could not follow named it, or one
    /// may have created anything (`unfollowed`).
    pub(crate) fn may_hold(&self, schema: Option<&str>, name: &str) -> bool {
        self.unfollowed
            || self
                .maybe
                .iter()
                .any(|(ms, mn)| maybe_same(mn, name) && maybe_same_schema(ms.as_deref(), schema))
    }

    pub(crate) fn maybe_exists(&self, o: &Object) -> bool {
        let s = o.schema.as_deref();
        let near = |schema: Option<&str>, name: &str| {
            maybe_same(name, &o.name) && maybe_same_schema(schema, s)
        };
        self.tables.iter().any(|t| {
            near(t.schema.as_deref(), &t.name)
                || t.indexes
                    .iter()
                    .chain(t.constraints.iter())
                    .any(|i| maybe_same(&i.name, &o.name))
        }) || self
            .relations
            .iter()
            .any(|r| near(r.schema.as_deref(), &r.name))
            || self.maybe.iter().any(|(ms, mn)| near(ms.as_deref(), mn))
    }

    /// Why `o` certainly does not exist, if it certainly does not.
    pub(crate) fn missing(
        &self,
        o: &Object,
        on: Option<&TableInfo>,
        label: Label<'_>,
    ) -> Option<String> {
        if self.maybe_exists(o) {
            return None;
        }
        let f = self.folding;
        if let Some(g) = self.gone.iter().rev().find(|g| {
            family(&g.kind) == family(&o.kind)
                && same_schema(g.schema.as_deref(), o.schema.as_deref())
                && if g.kind == "index" || g.kind == "constraint" {
                    f.same(&g.name, g.quoted, &o.name, o.quoted)
                } else {
                    self.same_relation(&g.name, g.quoted, &o.name, o.quoted)
                }
                && (on.is_none()
                    || g.table
                        .as_deref()
                        .is_some_and(|t| on.is_some_and(|on| maybe_same(&on.name, t))))
        }) {
            let created = g
                .created_in
                .map(|c| format!("created by {}, ", label(Some(c))))
                .unwrap_or_default();
            return Some(format!("{created}{} by {}", g.how, label(g.removed_in)));
        }
        if let Some(t) = on
            && t.certain
            && t.complete
            && !t.implicit_names
        {
            return Some(format!(
                "table \"{}\" (created by {}) has none of that name",
                t.name,
                label(t.created_in)
            ));
        }
        // Sequences are left out: serial and identity columns make their
        // own, under names the model does not track.
        if self.complete
            && on.is_none()
            && matches!(o.kind.as_str(), "table" | "view" | "materialized_view")
        {
            return Some("the schema model holds the whole schema and has no such object".into());
        }
        None
    }

    fn check_present(
        &self,
        o: &Object,
        table: Option<&TableRef>,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) {
        // An index named with its table (MySQL/SQL Server `DROP INDEX i ON t`)
        // lives in that table.
        let on = table.and_then(|t| self.certain_table(t));
        if table.is_some() && on.is_none() && o.kind == "index" {
            return;
        }
        if let Some(why) = self.missing(o, on, label) {
            out.push(Refusal {
                kind: RefusalKind::DoesNotExist,
                object: object(&o.kind, o.schema.as_deref(), &o.name),
                table: table.cloned(),
                reason: format!(
                    "{} {} does not exist: {why}",
                    o.kind.replace('_', " "),
                    shown(o.schema.as_deref(), &o.name)
                ),
            });
        }
    }

    /// A table a statement needs: `None` when it certainly does not exist
    /// (the refusal is pushed), else the certain table if there is one.
    pub(crate) fn needed_table<'a>(
        &'a self,
        t: &TableRef,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) -> Result<Option<&'a TableInfo>, ()> {
        let o = object("table", t.schema.as_deref(), &t.name);
        let o = Object {
            quoted: t.quoted,
            ..o
        };
        if let Some(why) = self.missing(&o, None, label) {
            out.push(Refusal {
                kind: RefusalKind::DoesNotExist,
                object: object("table", t.schema.as_deref(), &t.name),
                table: None,
                reason: format!(
                    "table {} does not exist: {why}",
                    shown(t.schema.as_deref(), &t.name)
                ),
            });
            return Err(());
        }
        Ok(self.certain_table(t))
    }

    fn check_create_table(&self, facts: &Facts, label: Label<'_>, out: &mut Vec<Refusal>) {
        let Some(o) = &facts.object else { return };
        if facts.flag("temporary", false) {
            return;
        }
        if !facts.if_not_exists && !facts.or_replace {
            self.check_free(o, None, false, label, out);
        }
        // The table as it will be, to check its own constraints against.
        let Some(defs) = defined(&facts.columns) else {
            return;
        };
        let mut info = TableInfo {
            schema: o.schema.clone(),
            name: o.name.clone(),
            // Not a changeset: `label` calls it "this statement".
            created_in: Some(usize::MAX),
            columns: defs.iter().map(Into::into).collect(),
            indexes: Vec::new(),
            quoted: o.quoted,
            constraints: Vec::new(),
            certain: true,
            complete: !facts.columns_from_elsewhere,
            implicit_names: false,
        };
        for c in defs {
            self.check_references(
                c.references.as_ref(),
                &c.referred_columns,
                &info,
                label,
                out,
            );
        }
        for c in facts.constraints.iter().flatten() {
            self.check_constraint(c, &info, false, label, out);
            self.add_constraint(&mut info, c, Some(usize::MAX));
        }
    }

    fn check_create_index(&self, facts: &Facts, label: Label<'_>, out: &mut Vec<Refusal>) {
        let Some(t) = &facts.table else { return };
        let Ok(on) = self.needed_table(t, label, out) else {
            return;
        };
        if let Some(o) = &facts.object
            && !facts.if_not_exists
        {
            self.check_free(o, on, false, label, out);
        }
        if let Some(on) = on {
            for c in &facts.index_columns {
                self.check_column(on, c, label, out);
            }
        }
    }

    /// A column the statement needs in `table`.
    pub(crate) fn check_column(
        &self,
        table: &TableInfo,
        c: &Name,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) {
        if !table.certain
            || !table.complete
            || table.columns.iter().any(|x| maybe_same(&x.name, &c.value))
        {
            return;
        }
        let have: Vec<&str> = table.columns.iter().map(|x| x.name.as_str()).collect();
        let whose = format!(" (created by {})", label(table.created_in));
        out.push(Refusal {
            kind: RefusalKind::ColumnDoesNotExist,
            object: object("column", table.schema.as_deref(), &c.value),
            table: Some(table_ref(table)),
            reason: format!(
                "column \"{}\" does not exist in table \"{}\"{whose}, whose columns are: {}",
                c.value,
                table.name,
                if have.is_empty() {
                    "none".to_string()
                } else {
                    have.join(", ")
                }
            ),
        });
    }

    /// A foreign key's referenced table and columns.
    pub(crate) fn check_references(
        &self,
        target: Option<&TableRef>,
        columns: &[Name],
        this: &TableInfo,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) {
        let Some(target) = target else { return };
        let same_table = same_schema(target.schema.as_deref(), this.schema.as_deref())
            && self
                .folding
                .same(&target.name, target.quoted, &this.name, this.quoted);
        let table = if same_table {
            Some(this)
        } else {
            match self.needed_table(target, label, out) {
                Ok(t) => t,
                Err(()) => return,
            }
        };
        if let Some(table) = table {
            for c in columns {
                self.check_column(table, c, label, out);
            }
        }
    }

    /// A table constraint's own columns, its name, and what it references.
    pub(crate) fn check_constraint(
        &self,
        c: &Constraint,
        table: &TableInfo,
        check_name: bool,
        label: Label<'_>,
        out: &mut Vec<Refusal>,
    ) {
        for col in &c.column_names {
            self.check_column(table, col, label, out);
        }
        if c.kind == "foreign_key" {
            self.check_references(
                c.references.as_ref(),
                &c.referred_columns,
                table,
                label,
                out,
            );
        }
        let Some(name) = &c.name else { return };
        let named = Object {
            kind: "constraint".into(),
            schema: table.schema.clone(),
            name: name.clone(),
            quoted: c.name_quoted,
        };
        if check_name
            && let Some(x) = table
                .constraints
                .iter()
                .find(|x| x.certain && self.folding.same(&x.name, x.quoted, name, c.name_quoted))
        {
            out.push(Refusal {
                kind: RefusalKind::AlreadyExists,
                object: object("constraint", table.schema.as_deref(), name),
                table: Some(table_ref(table)),
                reason: format!(
                    "constraint \"{name}\" already exists on table \"{}\": created by {}",
                    table.name,
                    label(x.created_in)
                ),
            });
            return;
        }
        // PRIMARY KEY / UNIQUE build an index of the constraint's name
        // (PostgreSQL: in the schema's relation namespace; MySQL: a
        // UNIQUE or INDEX of the table).
        let builds_index = match c.kind.as_str() {
            "unique" | "index" => true,
            "primary_key" | "exclude" => self.folding == Folding::Lower,
            _ => false,
        };
        if builds_index && c.using_index.is_none() {
            let index = Object {
                kind: "index".into(),
                ..named
            };
            self.check_free(&index, Some(table), false, label, out);
        }
    }
}
