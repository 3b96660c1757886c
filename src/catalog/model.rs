//! The schema model: tables with their columns, indexes, views and
//! sequences, changed by one statement's facts at a time.

use crate::sql::facts::{Column, Columns, Facts, Object, OpColumn, TableRef};

/// A column as the replay knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    pub name: String,
    pub data_type: String,
    pub not_null: bool,
    pub has_default: bool,
}

impl From<&Column> for ColumnInfo {
    fn from(c: &Column) -> Self {
        ColumnInfo {
            name: c.name.clone(),
            data_type: c.data_type.clone(),
            not_null: c.not_null || c.primary_key,
            has_default: c.has_default,
        }
    }
}

/// A table as the replay knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub schema: Option<String>,
    pub name: String,
    /// Index of the changeset that created it; `None` for a baseline's.
    pub created_in: Option<usize>,
    pub columns: Vec<ColumnInfo>,
    pub indexes: Vec<String>,
}

/// Every object the replay has seen created and not dropped.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    tables: Vec<TableInfo>,
    views: Vec<(Option<String>, String)>,
    sequences: Vec<(Option<String>, String)>,
}

/// Same object name? Identifiers compare case-insensitively (what the user
/// most likely meant: postgres folds unquoted names, mssql and mysql on most
/// systems ignore case); an unqualified name matches any schema.
fn same(a_schema: Option<&str>, a: &str, b_schema: Option<&str>, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        && match (a_schema, b_schema) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            _ => true,
        }
}

impl Schema {
    pub fn tables(&self) -> &[TableInfo] {
        &self.tables
    }

    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&TableInfo> {
        self.tables
            .iter()
            .rev()
            .find(|t| same(t.schema.as_deref(), &t.name, schema, name))
    }

    fn table_mut(&mut self, t: &TableRef) -> Option<&mut TableInfo> {
        let schema = t.schema.as_deref();
        self.tables
            .iter_mut()
            .rev()
            .find(|x| same(x.schema.as_deref(), &x.name, schema, &t.name))
    }

    fn remove_table(&mut self, schema: Option<&str>, name: &str) {
        self.tables
            .retain(|t| !same(t.schema.as_deref(), &t.name, schema, name));
    }

    pub fn has_view(&self, schema: Option<&str>, name: &str) -> bool {
        self.views
            .iter()
            .any(|(s, n)| same(s.as_deref(), n, schema, name))
    }

    pub fn has_sequence(&self, schema: Option<&str>, name: &str) -> bool {
        self.sequences
            .iter()
            .any(|(s, n)| same(s.as_deref(), n, schema, name))
    }

    /// The schema as a starting point for another changelog: what it holds
    /// was created before that changelog's first changeset.
    pub fn into_baseline(mut self) -> Schema {
        for t in &mut self.tables {
            t.created_in = None;
        }
        self
    }

    /// Applies one forward statement of changeset `changeset` (`None`: of a
    /// baseline).
    pub fn apply(&mut self, facts: &Facts, changeset: Option<usize>) {
        match facts.kind.as_str() {
            "create_table" => self.create_table(facts, changeset),
            "drop_table" => {
                self.drop_each(facts, |s, o| s.remove_table(o.schema.as_deref(), &o.name))
            }
            "rename_table" => self.rename_table(facts),
            "alter_table" => self.alter_table(facts),
            "create_index" => {
                if let (Some(t), Some(o)) = (&facts.table, &facts.object) {
                    let name = o.name.clone();
                    if let Some(info) = self.table_mut(t) {
                        info.indexes.push(name);
                    }
                }
            }
            "create_view" | "create_materialized_view" => {
                if let Some(o) = &facts.object {
                    self.views.push((o.schema.clone(), o.name.clone()));
                }
            }
            "drop_view" => self.drop_each(facts, |s, o| {
                s.views
                    .retain(|(vs, vn)| !same(vs.as_deref(), vn, o.schema.as_deref(), &o.name))
            }),
            "create_sequence" => {
                if let Some(o) = &facts.object {
                    self.sequences.push((o.schema.clone(), o.name.clone()));
                }
            }
            "drop_sequence" => self.drop_each(facts, |s, o| {
                s.sequences
                    .retain(|(qs, qn)| !same(qs.as_deref(), qn, o.schema.as_deref(), &o.name))
            }),
            _ => {}
        }
    }

    fn drop_each(&mut self, facts: &Facts, mut drop: impl FnMut(&mut Self, &Object)) {
        let targets: Vec<Object> = match &facts.names {
            Some(names) => names.clone(),
            None => facts.object.iter().cloned().collect(),
        };
        for o in &targets {
            drop(self, o);
        }
    }

    fn create_table(&mut self, facts: &Facts, changeset: Option<usize>) {
        let Some(o) = &facts.object else { return };
        let columns = match &facts.columns {
            Some(Columns::Definitions(defs)) => defs.iter().map(ColumnInfo::from).collect(),
            _ => Vec::new(),
        };
        self.remove_table(o.schema.as_deref(), &o.name);
        self.tables.push(TableInfo {
            schema: o.schema.clone(),
            name: o.name.clone(),
            created_in: changeset,
            columns,
            indexes: Vec::new(),
        });
    }

    fn rename_table(&mut self, facts: &Facts) {
        let (Some(o), Some(new)) = (
            &facts.object,
            facts.extra.get("new_name").and_then(|v| v.as_str()),
        ) else {
            return;
        };
        let t = TableRef {
            schema: o.schema.clone(),
            name: o.name.clone(),
        };
        if let Some(info) = self.table_mut(&t) {
            info.name = new.to_string();
        }
    }

    fn alter_table(&mut self, facts: &Facts) {
        let Some(t) = &facts.table else { return };
        let Some(info) = self.table_mut(t) else {
            return;
        };
        for op in facts.ops.iter().flatten() {
            let column_name = match &op.column {
                Some(OpColumn::Name(n)) => Some(n.as_str()),
                Some(OpColumn::Definition(c)) => Some(c.name.as_str()),
                None => None,
            };
            fn col<'a>(info: &'a mut TableInfo, name: Option<&str>) -> Option<&'a mut ColumnInfo> {
                let name = name?;
                info.columns
                    .iter_mut()
                    .find(|c| c.name.eq_ignore_ascii_case(name))
            }
            match op.op.as_str() {
                "add_column" => {
                    if let Some(OpColumn::Definition(c)) = &op.column {
                        info.columns.push(ColumnInfo::from(c));
                    }
                }
                "drop_column" => {
                    if let Some(n) = column_name {
                        info.columns.retain(|c| !c.name.eq_ignore_ascii_case(n));
                    }
                }
                "rename_column" | "modify_column" => {
                    let new_name = op.new_name.clone();
                    let data_type = op.data_type.clone();
                    let not_null = op.not_null;
                    if let Some(c) = col(info, column_name) {
                        if let Some(n) = new_name {
                            c.name = n;
                        }
                        if let Some(t) = data_type {
                            c.data_type = t;
                        }
                        if let Some(nn) = not_null {
                            c.not_null = nn;
                        }
                    }
                }
                "alter_column_type" => {
                    let data_type = op.data_type.clone();
                    if let (Some(c), Some(t)) = (col(info, column_name), data_type) {
                        c.data_type = t;
                    }
                }
                "set_not_null" => {
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
                "rename_table" => {
                    if let Some(n) = &op.new_name {
                        info.name = n.clone();
                    }
                }
                _ => {}
            }
        }
    }
}
