//! Facts about one statement, taken from its syntax tree (or, when sqlparser
//! cannot parse it, from its leading tokens). Serialized as-is into the policy
//! input document: see `docs/input-document.md`, field by field.

use serde::Serialize;

use crate::dialect::Dialect;

/// A named database object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Object {
    #[serde(rename = "type")]
    pub kind: String,
    pub schema: Option<String>,
    pub name: String,
}

/// A table reference (schema + name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TableRef {
    pub schema: Option<String>,
    pub name: String,
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
}

/// `column` is a full definition for `add_column` and a name otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OpColumn {
    Name(String),
    Definition(Column),
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
    pub columns: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Vec<Constraint>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops: Option<Vec<Op>>,
    /// Kind-specific scalars (`where`, `unique`, `variable`, `privileges`, …),
    /// flattened into the statement object.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Facts from a parsed statement.
pub fn from_ast(_ast: &sqlparser::ast::Statement, _dialect: Dialect) -> Facts {
    Facts {
        kind: "other".into(),
        ..Facts::default()
    }
}

/// Facts from the leading tokens of a statement sqlparser could not parse.
pub fn from_tokens(_sql: &str, _dialect: Dialect) -> Facts {
    Facts {
        kind: "unknown".into(),
        ..Facts::default()
    }
}
