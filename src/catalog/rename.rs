//! Renaming tables: the model follows the table to its new name, and
//! remembers the old name as gone. A table the model does not hold, renamed,
//! is an existing table of unknown shape under its new name (so `CREATE
//! TABLE IF NOT EXISTS` of that name creates nothing new).

use crate::sql::facts::{Facts, TableRef};

use super::model::{Gone, Schema, TableInfo};

impl Schema {
    pub(crate) fn rename_table(&mut self, facts: &Facts, changeset: Option<usize>) {
        let (Some(o), Some(new)) = (
            &facts.object,
            facts.extra.get("new_name").and_then(|v| v.as_str()),
        ) else {
            return;
        };
        let t = TableRef {
            schema: o.schema.clone(),
            name: o.name.clone(),
            quoted: o.quoted,
        };
        self.rename(&t, new, false, changeset);
    }

    fn rename(&mut self, t: &TableRef, new: &str, new_quoted: bool, changeset: Option<usize>) {
        let mut created_in = None;
        if let Some(info) = self.table_mut(t) {
            created_in = info.created_in;
            info.name = new.to_string();
            info.quoted = new_quoted;
        } else {
            self.push_renamed_unknown(t, new, new_quoted);
        }
        self.record_renamed_table(t, new, created_in, changeset);
    }

    /// A table the model does not hold renamed to `new`.
    pub(crate) fn renamed_unknown_table(
        &mut self,
        t: &TableRef,
        new: &str,
        new_quoted: bool,
        changeset: Option<usize>,
    ) {
        self.push_renamed_unknown(t, new, new_quoted);
        self.record_renamed_table(t, new, None, changeset);
    }

    /// A table the model does not hold existed before the changelog (or,
    /// with IF EXISTS, did not): under its new name it may be an existing
    /// table of unknown shape, never a new one.
    fn push_renamed_unknown(&mut self, t: &TableRef, new: &str, new_quoted: bool) {
        if !self.complete && self.table(t.schema.as_deref(), new).is_none() {
            self.tables.push(std::sync::Arc::new(unknown_table(
                t.schema.clone(),
                new,
                new_quoted,
            )));
        }
    }

    /// Remembers that table `t` (created in `created_in`) is gone under its
    /// old name, renamed to `new` by `changeset`.
    pub(crate) fn record_renamed_table(
        &mut self,
        t: &TableRef,
        new: &str,
        created_in: Option<usize>,
        changeset: Option<usize>,
    ) {
        self.forget_gone(t.schema.as_deref(), new);
        self.gone.push(Gone {
            kind: "table".into(),
            schema: t.schema.clone(),
            name: t.name.clone(),
            quoted: t.quoted,
            table: None,
            created_in,
            removed_in: changeset,
            how: format!("renamed to \"{new}\""),
        });
    }
}

/// A table that may exist, created before the changelog, of unknown shape.
fn unknown_table(schema: Option<String>, name: &str, quoted: bool) -> TableInfo {
    TableInfo {
        schema,
        name: name.to_string(),
        created_in: None,
        columns: Vec::new(),
        indexes: Vec::new(),
        quoted,
        constraints: Vec::new(),
        certain: false,
        complete: false,
        implicit_names: true,
    }
}
