//! Liquibase change types lowered to the SQL Liquibase 4.28 generates for a
//! target database, and the automatic rollback Liquibase derives for them.
//!
//! Input is the generic element tree ([`ParsedNode`]) with the element and
//! attribute names of Liquibase's XSD; YAML and JSON changelogs are mapped
//! onto the same shape by the source stage. One file per family of change
//! types; [`types`] maps Liquibase's portable type names to each database.
//!
//! Statements come without their terminating `;` (a PL/SQL block keeps the
//! `END;` its syntax needs). They are what Liquibase would send to the
//! database, so its quirks are kept on purpose (MySQL's explicit `NULL`,
//! SQL Server's default-constraint lookup before a column drop, mergeColumns'
//! literal `'null'` when no joinString is given): Liquibase's own golden
//! files are the oracle (`tests/it/liquibase_golden.rs`).

use std::fmt;

use crate::dialect::Dialect;
use crate::source::ParsedNode;

mod column;
mod column_alter;
mod columns;
mod constraint;
mod data;
mod functions;
pub mod golden;
mod index;
pub mod inverse;
mod names;
mod remarks;
mod routine;
mod sequence;
mod table;
pub mod types;
mod value;
pub mod version;
mod view;

pub(crate) use columns::columns;
use columns::repeated_attribute;
pub use inverse::inverse;
pub use version::Version;

/// Why a change could not be lowered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LowerErrorKind {
    /// An attribute is missing or has a value Liquibase rejects.
    Invalid,
    /// The SQL depends on the live database (`dropAllForeignKeyConstraints`,
    /// SQLite's rebuild-the-table changes).
    NeedsDatabase,
    /// The change runs no SQL at all (`executeCommand`, `customChange`):
    /// the gate cannot see what it does.
    NotSql,
    /// Liquibase refuses this change on this database (sequences on MySQL).
    Unsupported,
    /// A change type this module does not know.
    UnknownChange,
}

/// A change that could not be lowered, and the attribute to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerError {
    pub kind: LowerErrorKind,
    pub message: String,
    /// The attribute that is wrong or missing, when one is.
    pub attr: Option<String>,
}

impl LowerError {
    pub(crate) fn missing(node: &ParsedNode, attr: &str) -> Self {
        LowerError {
            kind: LowerErrorKind::Invalid,
            message: format!("`{}` requires the attribute `{attr}`", node.name),
            attr: Some(attr.to_string()),
        }
    }
    pub(crate) fn invalid(attr: &str, message: impl Into<String>) -> Self {
        LowerError {
            kind: LowerErrorKind::Invalid,
            message: message.into(),
            attr: Some(attr.to_string()),
        }
    }
    pub(crate) fn unsupported(node: &ParsedNode, dialect: Dialect) -> Self {
        LowerError {
            kind: LowerErrorKind::Unsupported,
            message: format!("Liquibase does not support `{}` on {dialect}", node.name),
            attr: None,
        }
    }
    pub(crate) fn needs_database(message: impl Into<String>) -> Self {
        LowerError {
            kind: LowerErrorKind::NeedsDatabase,
            message: message.into(),
            attr: None,
        }
    }
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LowerError {}

pub(crate) type Lowered = Result<Vec<String>, LowerError>;

/// The SQL statements (without a trailing `;`) Liquibase 4.28 generates for
/// one change element on `dialect`, its version not given.
pub fn lower(node: &ParsedNode, dialect: Dialect) -> Result<Vec<String>, LowerError> {
    lower_at(node, dialect, None)
}

/// [`lower`] on a database of `version` (`--db-version`): some types are
/// written by version, as Liquibase's type classes do (MariaDB's `uuid` is
/// `UUID` from 10.7, Oracle's `boolean` is `BOOLEAN` from 23, …).
pub fn lower_at(
    node: &ParsedNode,
    dialect: Dialect,
    version: Option<Version>,
) -> Result<Vec<String>, LowerError> {
    let g = Gen::at(dialect, version);
    if let Some(e) = repeated_attribute(node) {
        return Err(e);
    }
    match node.name.as_str() {
        "createTable" => table::create_table(&g, node),
        "dropTable" => table::drop_table(&g, node),
        "renameTable" => table::rename_table(&g, node),
        "setTableRemarks" => remarks::set_table_remarks(&g, node),
        "addColumn" => column::add_column(&g, node),
        "dropColumn" => column::drop_column(&g, node),
        "renameColumn" => column::rename_column(&g, node),
        "modifyDataType" => column::modify_data_type(&g, node),
        "addNotNullConstraint" => column_alter::add_not_null(&g, node),
        "dropNotNullConstraint" => column_alter::drop_not_null(&g, node),
        "addDefaultValue" => column_alter::add_default_value(&g, node),
        "dropDefaultValue" => column_alter::drop_default_value(&g, node),
        "addAutoIncrement" => column_alter::add_auto_increment(&g, node),
        "mergeColumns" => column::merge_columns(&g, node),
        "setColumnRemarks" => remarks::set_column_remarks(&g, node),
        "addPrimaryKey" => constraint::add_primary_key(&g, node),
        "dropPrimaryKey" => constraint::drop_primary_key(&g, node),
        "addUniqueConstraint" => constraint::add_unique(&g, node),
        "dropUniqueConstraint" => constraint::drop_unique(&g, node),
        "addForeignKeyConstraint" => constraint::add_foreign_key(&g, node),
        "dropForeignKeyConstraint" => constraint::drop_foreign_key(&g, node),
        "dropAllForeignKeyConstraints" => Err(LowerError::needs_database(
            "`dropAllForeignKeyConstraints` drops whatever foreign keys the live database has; \
             the statements cannot be known without it",
        )),
        "addLookupTable" => constraint::add_lookup_table(&g, node),
        "createIndex" => index::create_index(&g, node),
        "dropIndex" => index::drop_index(&g, node),
        "createView" => view::create_view(&g, node),
        "dropView" => view::drop_view(&g, node),
        "renameView" => view::rename_view(&g, node),
        "createProcedure" => routine::create_procedure(&g, node),
        "dropProcedure" => routine::drop_procedure(&g, node),
        "createSequence" => sequence::create_sequence(&g, node),
        "alterSequence" => sequence::alter_sequence(&g, node),
        "dropSequence" => sequence::drop_sequence(&g, node),
        "renameSequence" => sequence::rename_sequence(&g, node),
        "insert" => data::insert(&g, node),
        "update" => data::update(&g, node),
        "delete" => data::delete(&g, node),
        "loadData" => data::load_data(&g, node),
        "loadUpdateData" => data::load_update_data(&g, node),
        "tagDatabase" | "empty" | "output" | "stop" => Ok(vec![]),
        "executeCommand" | "customChange" => Err(LowerError {
            kind: LowerErrorKind::NotSql,
            message: format!(
                "`{}` runs outside the database; the gate cannot see what it changes",
                node.name
            ),
            attr: None,
        }),
        other => Err(LowerError {
            kind: LowerErrorKind::UnknownChange,
            message: format!("unknown Liquibase change type `{other}`"),
            attr: None,
        }),
    }
}

/// The database families whose generated SQL differs; every other dialect
/// gets the ANSI form Liquibase's base generators write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Db {
    Postgres,
    Mysql,
    Mssql,
    Oracle,
    Sqlite,
    H2,
    Other,
}

/// What every generator needs: the target, its version when given, and its
/// naming rules.
pub(crate) struct Gen {
    pub dialect: Dialect,
    pub db: Db,
    pub version: Option<Version>,
}

impl Gen {
    pub fn new(dialect: Dialect) -> Self {
        Gen::at(dialect, None)
    }

    pub fn at(dialect: Dialect, version: Option<Version>) -> Self {
        let db = match dialect {
            Dialect::Postgres | Dialect::Cockroachdb => Db::Postgres,
            Dialect::Mysql | Dialect::Mariadb => Db::Mysql,
            Dialect::Sqlserver => Db::Mssql,
            Dialect::Oracle => Db::Oracle,
            Dialect::Sqlite => Db::Sqlite,
            Dialect::H2 => Db::H2,
            _ => Db::Other,
        };
        Gen {
            dialect,
            db,
            version,
        }
    }

    /// Escapes one object name the way Liquibase's default (LEGACY) quoting
    /// strategy does: only when the database would otherwise misread it.
    pub fn name(&self, name: &str) -> String {
        let name = name.trim();
        if self.dialect == Dialect::Mariadb && names::reserved_by_mariadb(name) {
            return format!("`{name}`");
        }
        names::escape(self.db, name)
    }

    /// `schema.name` (or `catalog.schema.name` on SQL Server) from the
    /// `<prefix>CatalogName` / `<prefix>SchemaName` attributes.
    pub fn qualified(&self, node: &ParsedNode, prefix: &str, name: &str) -> String {
        let schema = attr_nonempty(node, &format!("{prefix}{}", cap("schemaName", prefix)));
        let catalog = attr_nonempty(node, &format!("{prefix}{}", cap("catalogName", prefix)));
        let mut parts = Vec::new();
        match self.db {
            Db::Mssql => {
                if let Some(c) = catalog {
                    parts.push(self.name(c));
                    parts.push(schema.map_or_else(String::new, |s| self.name(s)));
                } else if let Some(s) = schema {
                    parts.push(self.name(s));
                }
            }
            // MySQL's "schema" is its catalog; Liquibase accepts either.
            Db::Mysql => {
                if let Some(s) = schema.or(catalog) {
                    parts.push(self.name(s));
                }
            }
            _ => {
                if let Some(s) = schema {
                    parts.push(self.name(s));
                }
            }
        }
        parts.push(self.name(name));
        parts.join(".")
    }

    /// The table of a change: `tableName` qualified by `schemaName`/`catalogName`.
    pub fn table(&self, node: &ParsedNode) -> Result<String, LowerError> {
        let t = req(node, "tableName")?;
        Ok(self.qualified(node, "", t))
    }

    /// A comma-separated column list attribute, each name escaped.
    pub fn name_list(&self, node: &ParsedNode, attr: &str) -> Result<String, LowerError> {
        let raw = req(node, attr)?;
        let names: Vec<String> = split_list(raw).map(|n| self.name(n)).collect();
        if names.is_empty() {
            return Err(LowerError::missing(node, attr));
        }
        Ok(names.join(", "))
    }

    pub fn is_mysql(&self) -> bool {
        self.db == Db::Mysql
    }
}

/// `schemaName` stays as is without a prefix; `baseTable` + `SchemaName`.
fn cap(attr: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return attr.to_string();
    }
    let mut c = attr.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A required, non-blank attribute.
pub(crate) fn req<'a>(node: &'a ParsedNode, attr: &str) -> Result<&'a str, LowerError> {
    attr_nonempty(node, attr).ok_or_else(|| LowerError::missing(node, attr))
}

/// An attribute that is present and not blank.
pub(crate) fn attr_nonempty<'a>(node: &'a ParsedNode, attr: &str) -> Option<&'a str> {
    node.attr(attr).filter(|v| !v.trim().is_empty())
}

/// A boolean attribute; anything but true/false is an error at that attribute.
pub(crate) fn flag(node: &ParsedNode, attr: &str) -> Result<Option<bool>, LowerError> {
    match node.attr(attr) {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => node.bool_attr(attr).map(Some).ok_or_else(|| {
            LowerError::invalid(attr, format!("`{attr}` must be true or false, not `{v}`"))
        }),
    }
}

/// Items of a comma-separated list attribute, trimmed, blanks dropped.
pub(crate) fn split_list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// The text of a node: its body, or the attribute YAML/JSON use for it.
pub(crate) fn body_text<'a>(node: &'a ParsedNode, attr: &str) -> Option<&'a str> {
    node.text
        .as_ref()
        .map(|t| t.text.as_str())
        .filter(|t| !t.trim().is_empty())
        .or_else(|| attr_nonempty(node, attr))
}

/// A change Liquibase composes from others (addLookupTable's primary key,
/// mergeColumns' new column), built with the spans of its origin.
pub(crate) fn synthetic(origin: &ParsedNode, name: &str, attrs: &[(&str, &str)]) -> ParsedNode {
    use crate::source::node::SpannedValue;
    ParsedNode {
        name: name.to_string(),
        attrs: attrs
            .iter()
            .map(|(k, v)| {
                let span = origin.attr_spanned(k).map_or(origin.span, |a| a.span);
                (
                    k.to_string(),
                    SpannedValue {
                        value: v.to_string(),
                        span,
                    },
                )
            })
            .collect(),
        children: Vec::new(),
        text: None,
        span: origin.span,
    }
}

/// A string literal with quotes doubled (and backslashes doubled on MySQL,
/// where they escape).
pub(crate) fn string_literal(g: &Gen, s: &str) -> String {
    let mut out = s.replace('\'', "''");
    if g.is_mysql() {
        out = out.replace('\\', "\\\\");
    }
    format!("'{out}'")
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::source::ParsedNode;
    use crate::source::node::SpannedValue;
    use crate::span::{FileId, MappedText, Span};

    /// A node with attributes and children, for unit tests.
    pub fn node(name: &str, attrs: &[(&str, &str)], children: Vec<ParsedNode>) -> ParsedNode {
        ParsedNode {
            name: name.to_string(),
            attrs: attrs
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        SpannedValue {
                            value: v.to_string(),
                            span: Span::default(),
                        },
                    )
                })
                .collect(),
            children,
            text: None,
            span: Span::default(),
        }
    }

    pub fn with_text(mut n: ParsedNode, text: &str) -> ParsedNode {
        n.text = Some(MappedText::verbatim(FileId(0), text.to_string(), 0));
        n
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::node;
    use super::*;

    #[test]
    fn non_sql_changes_are_reported_not_guessed() {
        let e = lower(
            &node("executeCommand", &[("executable", "ls")], vec![]),
            Dialect::Postgres,
        )
        .unwrap_err();
        assert_eq!(e.kind, LowerErrorKind::NotSql);
        let e = lower(
            &node(
                "dropAllForeignKeyConstraints",
                &[("baseTableName", "t")],
                vec![],
            ),
            Dialect::Mysql,
        )
        .unwrap_err();
        assert_eq!(e.kind, LowerErrorKind::NeedsDatabase);
        assert_eq!(
            lower(
                &node("tagDatabase", &[("tag", "v1")], vec![]),
                Dialect::Mysql
            ),
            Ok(vec![])
        );
        let e = lower(&node("frobnicate", &[], vec![]), Dialect::Mysql).unwrap_err();
        assert_eq!(e.kind, LowerErrorKind::UnknownChange);
    }

    #[test]
    fn missing_attribute_names_the_attribute() {
        let e = lower(&node("dropTable", &[], vec![]), Dialect::Postgres).unwrap_err();
        assert_eq!(e.kind, LowerErrorKind::Invalid);
        assert_eq!(e.attr.as_deref(), Some("tableName"));
    }

    #[test]
    fn columns_may_sit_in_a_columns_wrapper() {
        let flat = node(
            "addColumn",
            &[("tableName", "t")],
            vec![node("column", &[("name", "a"), ("type", "int")], vec![])],
        );
        let wrapped = node(
            "addColumn",
            &[("tableName", "t")],
            vec![node(
                "columns",
                &[],
                vec![node("column", &[("name", "a"), ("type", "int")], vec![])],
            )],
        );
        assert_eq!(
            lower(&flat, Dialect::Postgres),
            lower(&wrapped, Dialect::Postgres)
        );
        assert_eq!(
            lower(&wrapped, Dialect::Postgres).unwrap(),
            ["ALTER TABLE t ADD a INTEGER"]
        );
    }

    #[test]
    fn names_are_qualified_and_escaped_per_database() {
        let n = node(
            "dropTable",
            &[("tableName", "Person"), ("schemaName", "app")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["DROP TABLE app.\"Person\""]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["DROP TABLE app.Person"]
        );
        let n = node("dropTable", &[("tableName", "order")], vec![]);
        assert_eq!(lower(&n, Dialect::Mysql).unwrap(), ["DROP TABLE `order`"]);
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["DROP TABLE [order]"]
        );
    }
}
