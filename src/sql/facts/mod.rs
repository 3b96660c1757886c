//! Facts about one statement, taken from its syntax tree (or, when sqlparser
//! cannot parse it, from its leading tokens). Serialized as-is into the policy
//! input document: see `docs/input-document.md`, field by field.
//!
//! [`from_ast`] dispatches on the sqlparser `Statement` variant:
//! `ddl` (create/drop/rename/comment and the small alters), `alter`
//! (`ALTER TABLE` ops), `dml`, `dcl` (grants, roles), `session` (set,
//! transactions, locks, maintenance, everything else). `columns` turns
//! column definitions and constraints into [`Column`] / [`Constraint`],
//! `volatile` decides whether a default is volatile, `names` splits object
//! names. [`from_tokens`] (`tokens`) reads the leading words of a statement
//! sqlparser rejected, and `partial` hands the ordinary parts of such a
//! statement (a column list, one `ALTER TABLE` operation) back to
//! sqlparser's own parsing functions.

use serde::Serialize;

use crate::dialect::Dialect;

mod alter;
mod columns;
mod commands;
mod dcl;
mod ddl;
mod dml;
mod dynamic_sql;
mod ext;
mod names;
mod partial;
mod session;
mod tokens;
mod volatile;

#[cfg(test)]
mod tests;

pub use commands::{is_command_word, starts_with_command};
pub use ext::from_ext;
pub use tokens::from_tokens;

/// A named database object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Object {
    #[serde(rename = "type")]
    pub kind: String,
    pub schema: Option<String>,
    pub name: String,
    /// The name was written quoted (the catalog folds unquoted names the way
    /// the dialect does).
    #[serde(skip)]
    pub quoted: bool,
}

/// A table reference (schema + name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TableRef {
    pub schema: Option<String>,
    pub name: String,
    /// The name was written quoted.
    #[serde(skip)]
    pub quoted: bool,
}

/// A plain identifier (a column of an index or a constraint): its text
/// without quotes and whether it was quoted. Expressions are not names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    pub value: String,
    pub quoted: bool,
}

/// A column definition (`CREATE TABLE`, `ADD COLUMN`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    pub not_null: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub has_default: bool,
    pub default: Option<String>,
    pub default_volatile: bool,
    /// `stored`, `virtual` or `identity`.
    pub generated: Option<String>,
    pub references: Option<TableRef>,
    /// The `ON DELETE` action of an inline `REFERENCES` (`cascade`,
    /// `set_null`, `set_default`, `restrict`, `no_action`); absent when
    /// none is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    /// The column's own `CHARACTER SET` (MySQL), lower case; absent when
    /// none is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// The column's own `COLLATE`, lower case; absent when none is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// The column's inline `COMMENT '…'` (MySQL); absent when none is
    /// written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The name was written quoted.
    #[serde(skip)]
    pub quoted: bool,
    /// The columns of an inline `REFERENCES t (c)`.
    #[serde(skip)]
    pub referred_columns: Vec<Name>,
    /// Has an inline constraint (`PRIMARY KEY`, `UNIQUE`, `REFERENCES`,
    /// `CHECK`), which the database names itself unless it is named.
    #[serde(skip)]
    pub inline_constraint: bool,
}

/// A table constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Constraint {
    /// `primary_key`, `unique`, `foreign_key`, `check`, `exclude`, `index`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub references: Option<TableRef>,
    pub not_valid: bool,
    pub using_index: Option<String>,
    /// A foreign key's `ON DELETE` action (`cascade`, `set_null`,
    /// `set_default`, `restrict`, `no_action`); absent when none is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    /// The name was written quoted.
    #[serde(skip)]
    pub name_quoted: bool,
    /// The plain columns of a key, index or foreign key (expressions left out).
    #[serde(skip)]
    pub column_names: Vec<Name>,
    /// The referenced columns of a foreign key.
    #[serde(skip)]
    pub referred_columns: Vec<Name>,
    /// A `CHECK (col IS NOT NULL)`: the column it proves non-null.
    #[serde(skip)]
    pub not_null_column: Option<Name>,
}

/// One operation of an `ALTER TABLE`. Fields that do not apply are absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Op {
    pub op: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<OpColumn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_name: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub using: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_volatile: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_null: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_default: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_exists: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_not_exists: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cascade: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrently: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The column or name the op names was written quoted.
    #[serde(skip)]
    pub quoted: bool,
    /// `new_name` was written quoted.
    #[serde(skip)]
    pub new_name_quoted: bool,
}

/// `columns` of a statement: definitions for `create_table`, names for
/// `create_index` and `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Columns {
    Definitions(Vec<Column>),
    Names(Vec<String>),
}

/// `column` is a full definition for `add_column` and a name otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OpColumn {
    Name(String),
    Definition(Box<Column>),
}

/// Everything the input document says about one statement that comes from
/// the statement alone (the catalog and impact stages add the rest).
/// Kind-specific fields are absent when they do not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Facts {
    pub kind: String,
    pub object: Option<Object>,
    /// The table the statement works on.
    #[serde(skip)]
    pub table: Option<TableRef>,
    pub if_exists: bool,
    pub if_not_exists: bool,
    pub concurrently: bool,
    pub cascade: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<Object>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Columns>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Vec<Constraint>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops: Option<Vec<Op>>,
    /// The plain columns of a `CREATE INDEX` (expressions left out).
    #[serde(skip)]
    pub index_columns: Vec<Name>,
    /// Runs only under a condition (T-SQL `IF OBJECT_ID('t') IS NOT NULL
    /// DROP TABLE t`): like `IF EXISTS`, the database never refuses it.
    #[serde(skip)]
    pub conditional: bool,
    /// `CREATE OR REPLACE` / `CREATE OR ALTER`: replacing is no refusal.
    #[serde(skip)]
    pub or_replace: bool,
    /// `CREATE TABLE` whose columns come (also) from elsewhere (`AS SELECT`,
    /// `LIKE`, `CLONE`, `INHERITS`, `PARTITION OF`): its column list is not
    /// the whole table.
    #[serde(skip)]
    pub columns_from_elsewhere: bool,
    /// Kind-specific scalars (`where`, `unique`, `variable`, `privileges`, …),
    /// flattened into the statement object.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Every `kind` the input document defines (`psql_meta` is given to psql
/// meta-commands, which are never SQL).
pub const KINDS: &[&str] = &[
    "create_table",
    "alter_table",
    "drop_table",
    "rename_table",
    "truncate",
    "create_index",
    "drop_index",
    "alter_index",
    "reindex",
    "create_view",
    "alter_view",
    "drop_view",
    "create_materialized_view",
    "refresh_materialized_view",
    "create_sequence",
    "alter_sequence",
    "drop_sequence",
    "create_schema",
    "drop_schema",
    "create_database",
    "drop_database",
    "create_function",
    "drop_function",
    "create_procedure",
    "drop_procedure",
    "create_trigger",
    "drop_trigger",
    "create_type",
    "alter_type",
    "drop_type",
    "create_extension",
    "drop_extension",
    "create_domain",
    "alter_domain",
    "drop_domain",
    "create_role",
    "alter_role",
    "drop_role",
    "create_user",
    "drop_user",
    "create_policy",
    "drop_policy",
    "comment",
    "grant",
    "revoke",
    "insert",
    "update",
    "delete",
    "merge",
    "select",
    "copy",
    "load_data",
    "call",
    "execute",
    "do",
    "set",
    "alter_system",
    "reset",
    "begin",
    "commit",
    "rollback",
    "savepoint",
    "lock_table",
    "vacuum",
    "analyze",
    "cluster",
    "use",
    "pragma",
    "psql_meta",
    "client_command",
    "other",
    "unknown",
];

impl Facts {
    /// Facts of the given kind, everything else empty.
    pub(crate) fn of_kind(kind: &str) -> Facts {
        Facts {
            kind: kind.to_string(),
            ..Facts::default()
        }
    }

    /// Sets a kind-specific field.
    pub(crate) fn set(&mut self, key: &str, value: impl Into<serde_json::Value>) {
        self.extra.insert(key.to_string(), value.into());
    }

    /// A boolean kind-specific fact (`where`, `full`, …), or `default` when
    /// the statement does not have it.
    pub fn flag(&self, key: &str, default: bool) -> bool {
        self.extra
            .get(key)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(default)
    }

    /// Sets `object` and, for tables, `table` too.
    pub(crate) fn with_object(mut self, object: Object) -> Facts {
        if object.kind == "table" && self.table.is_none() {
            self.table = Some(TableRef {
                schema: object.schema.clone(),
                name: object.name.clone(),
                quoted: object.quoted,
            });
        }
        self.object = Some(object);
        self
    }
}

/// Facts from a parsed statement.
pub fn from_ast(ast: &sqlparser::ast::Statement, dialect: Dialect) -> Facts {
    use sqlparser::ast::Statement as S;
    match ast {
        S::CreateTable(_)
        | S::CreateVirtualTable { .. }
        | S::CreateIndex(_)
        | S::Drop { .. }
        | S::DropFunction(_)
        | S::DropProcedure { .. }
        | S::DropDomain(_)
        | S::DropExtension(_)
        | S::DropTrigger(_)
        | S::DropPolicy(_)
        | S::CreateView(_)
        | S::AlterView(_)
        | S::AlterIndex { .. }
        | S::RefreshMaterializedView(_)
        | S::CreateSequence { .. }
        | S::CreateSchema { .. }
        | S::CreateDatabase { .. }
        | S::CreateFunction(_)
        | S::CreateProcedure { .. }
        | S::CreateTrigger(_)
        | S::CreateType { .. }
        | S::AlterType(_)
        | S::CreateExtension(_)
        | S::CreateDomain(_)
        | S::CreatePolicy(_)
        | S::RenameTable(_)
        | S::Comment { .. }
        | S::AlterSchema(_)
        | S::AlterFunction(_)
        | S::AlterTrigger(_)
        | S::AlterPolicy(_) => ddl::from_ddl(ast, dialect),
        S::AlterTable(alter) => alter::from_alter_table(alter, dialect),
        S::Insert(_)
        | S::Update(_)
        | S::Delete(_)
        | S::Merge(_)
        | S::Query(_)
        | S::Truncate(_)
        | S::Copy { .. }
        | S::LoadData { .. } => dml::from_dml(ast),
        S::Grant(_)
        | S::Revoke(_)
        | S::GrantRole(_)
        | S::RevokeRole(_)
        | S::CreateRole(_)
        | S::CreateUser(_)
        | S::AlterRole { .. }
        | S::AlterUser(_)
        | S::AlterDefaultPrivileges(_) => dcl::from_dcl(ast),
        // T-SQL `IF OBJECT_ID('t') IS NOT NULL DROP TABLE t`: a guard around
        // one statement is described by that statement.
        S::If(if_stmt)
            if if_stmt.elseif_blocks.is_empty()
                && if_stmt.else_block.is_none()
                && if_stmt.if_block.conditional_statements.statements().len() == 1 =>
        {
            match if_stmt.if_block.conditional_statements.statements().first() {
                Some(inner) => Facts {
                    conditional: true,
                    ..from_ast(inner, dialect)
                },
                None => Facts::of_kind("other"),
            }
        }
        _ => session::from_session(ast),
    }
}

/// The kind of a Liquibase change that produces no SQL to parse
/// (`executeCommand` → `execute_command`, `customChange` → `custom_change`,
/// `dropAllForeignKeyConstraints` → `drop_all_foreign_key_constraints`).
pub fn change_kind(change_type: &str) -> String {
    let mut out = String::with_capacity(change_type.len() + 4);
    for (i, c) in change_type.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
