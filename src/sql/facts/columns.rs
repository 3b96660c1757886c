//! Column definitions and table constraints, shared by `CREATE TABLE` and
//! `ALTER TABLE`.

use std::ops::ControlFlow;

use sqlparser::ast::{
    ColumnDef, ColumnOption, DataType, Expr, GeneratedExpressionMode, IndexColumn,
    ReferentialAction, TableConstraint, visit_expressions,
};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::volatile::is_volatile;
use super::{Column, Constraint, Name, names};
use crate::dialect::Dialect;

/// Postgres `serial` types: shorthand for `integer NOT NULL DEFAULT
/// nextval('…_seq')`, so the column has a (volatile) default.
const SERIAL_TYPES: &[&str] = &[
    "serial",
    "serial2",
    "serial4",
    "serial8",
    "smallserial",
    "bigserial",
];

/// A column as the input document describes it.
///
/// `not_null` is the effective nullability: a `PRIMARY KEY` column is
/// `NOT NULL` even when it does not say so. A postgres `serial` column
/// reports the `nextval()` default it implies (`default` stays null: it is
/// not written); a MySQL `SERIAL` is an `AUTO_INCREMENT` (`identity`).
pub(crate) fn column(def: &ColumnDef, dialect: Dialect) -> Column {
    let mut col = Column {
        name: def.name.value.clone(),
        data_type: data_type(&def.data_type),
        quoted: def.name.quote_style.is_some(),
        ..Column::default()
    };
    apply_options(&mut col, def.options.iter().map(|o| &o.option));
    let serial = SERIAL_TYPES.contains(&col.data_type.to_ascii_lowercase().as_str());
    match dialect {
        Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift if serial => {
            col.not_null = true;
            col.has_default = true;
            col.default_volatile = true;
        }
        Dialect::Mysql | Dialect::Mariadb if col.data_type.eq_ignore_ascii_case("serial") => {
            col.not_null = true;
            col.unique = true;
            col.generated = Some("identity".to_string());
        }
        _ => {}
    }
    col
}

/// A column from the parts MySQL `MODIFY`/`CHANGE` gives.
pub(crate) fn column_from_parts<'a>(
    name: &str,
    data_type: &DataType,
    options: impl Iterator<Item = &'a ColumnOption>,
) -> Column {
    let mut col = Column {
        name: name.to_string(),
        data_type: self::data_type(data_type),
        ..Column::default()
    };
    apply_options(&mut col, options);
    col
}

/// The type as written (`varchar(32)`), or empty when none is given
/// (SQLite allows that).
pub(crate) fn data_type(data_type: &DataType) -> String {
    match data_type {
        DataType::Unspecified => String::new(),
        other => other.to_string(),
    }
}

fn apply_options<'a>(col: &mut Column, options: impl Iterator<Item = &'a ColumnOption>) {
    for option in options {
        match option {
            ColumnOption::NotNull => col.not_null = true,
            ColumnOption::PrimaryKey(_) => {
                col.primary_key = true;
                col.not_null = true;
                col.inline_constraint = true;
            }
            ColumnOption::Unique(_) => {
                col.unique = true;
                col.inline_constraint = true;
            }
            ColumnOption::Check(_) => col.inline_constraint = true,
            ColumnOption::Default(expr) => {
                col.has_default = true;
                col.default = Some(expr.to_string());
                col.default_volatile = is_volatile(expr);
            }
            ColumnOption::ForeignKey(fk) => {
                col.references = Some(names::table(&fk.foreign_table));
                col.on_delete = fk.on_delete.map(referential_action);
                col.referred_columns = fk.referred_columns.iter().map(names::ident).collect();
                col.inline_constraint = true;
            }
            ColumnOption::Generated {
                generation_expr,
                generation_expr_mode,
                ..
            } => {
                col.generated = Some(
                    match (generation_expr, generation_expr_mode) {
                        (None, _) => "identity",
                        (Some(_), Some(GeneratedExpressionMode::Stored)) => "stored",
                        (Some(_), _) => "virtual",
                    }
                    .to_string(),
                );
            }
            ColumnOption::Identity(_) => col.generated = Some("identity".to_string()),
            ColumnOption::CharacterSet(name) => col.charset = Some(lower_name(name)),
            ColumnOption::Collation(name) => col.collation = Some(lower_name(name)),
            ColumnOption::Comment(text) => col.comment = Some(text.clone()),
            // MySQL AUTO_INCREMENT and SQLite AUTOINCREMENT come as raw tokens.
            ColumnOption::DialectSpecific(tokens) => {
                let auto = tokens.iter().any(|t| {
                    matches!(t, Token::Word(w)
                        if matches!(w.keyword, Keyword::AUTO_INCREMENT | Keyword::AUTOINCREMENT))
                });
                if auto {
                    col.generated = Some("identity".to_string());
                }
            }
            _ => {}
        }
    }
}

/// `ON DELETE SET NULL` → `set_null`.
fn referential_action(action: ReferentialAction) -> String {
    match action {
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set_null",
        ReferentialAction::NoAction => "no_action",
        ReferentialAction::SetDefault => "set_default",
    }
    .to_string()
}

/// A character set or collation name, without quotes, in lower case
/// (`utf8mb4`, `"C"` → `c`), as `create_table`'s `charset` is given.
fn lower_name(name: &sqlparser::ast::ObjectName) -> String {
    names::dotted(name).to_ascii_lowercase()
}

/// A table-level constraint (inline column constraints are described by the
/// column's own flags). `columns` of a CHECK are the columns it mentions.
pub(crate) fn constraint(c: &TableConstraint) -> Constraint {
    let ident = |i: &Option<sqlparser::ast::Ident>| i.as_ref().map(|i| i.value.clone());
    let quoted =
        |i: &Option<sqlparser::ast::Ident>| i.as_ref().is_some_and(|i| i.quote_style.is_some());
    match c {
        TableConstraint::PrimaryKey(pk) => Constraint {
            kind: "primary_key".into(),
            name: ident(&pk.name),
            name_quoted: quoted(&pk.name),
            columns: index_columns(&pk.columns),
            column_names: index_column_names(&pk.columns),
            ..Constraint::default()
        },
        TableConstraint::Unique(u) => Constraint {
            kind: "unique".into(),
            name: ident(&u.name).or_else(|| ident(&u.index_name)),
            name_quoted: if u.name.is_some() {
                quoted(&u.name)
            } else {
                quoted(&u.index_name)
            },
            columns: index_columns(&u.columns),
            column_names: index_column_names(&u.columns),
            ..Constraint::default()
        },
        TableConstraint::ForeignKey(fk) => Constraint {
            kind: "foreign_key".into(),
            name: ident(&fk.name),
            name_quoted: quoted(&fk.name),
            columns: fk.columns.iter().map(|c| c.value.clone()).collect(),
            column_names: fk.columns.iter().map(names::ident).collect(),
            references: Some(names::table(&fk.foreign_table)),
            referred_columns: fk.referred_columns.iter().map(names::ident).collect(),
            on_delete: fk.on_delete.map(referential_action),
            ..Constraint::default()
        },
        TableConstraint::Check(check) => Constraint {
            kind: "check".into(),
            name: ident(&check.name),
            name_quoted: quoted(&check.name),
            columns: referenced_columns(&check.expr),
            not_null_column: is_not_null_of(&check.expr),
            ..Constraint::default()
        },
        TableConstraint::Index(index) => Constraint {
            kind: "index".into(),
            name: ident(&index.name),
            name_quoted: quoted(&index.name),
            columns: index_columns(&index.columns),
            column_names: index_column_names(&index.columns),
            ..Constraint::default()
        },
        TableConstraint::FulltextOrSpatial(index) => Constraint {
            kind: "index".into(),
            name: ident(&index.opt_index_name),
            name_quoted: quoted(&index.opt_index_name),
            columns: index_columns(&index.columns),
            column_names: index_column_names(&index.columns),
            ..Constraint::default()
        },
        TableConstraint::PrimaryKeyUsingIndex(using) => Constraint {
            kind: "primary_key".into(),
            name: ident(&using.name),
            name_quoted: quoted(&using.name),
            using_index: Some(using.index_name.value.clone()),
            ..Constraint::default()
        },
        TableConstraint::UniqueUsingIndex(using) => Constraint {
            kind: "unique".into(),
            name: ident(&using.name),
            name_quoted: quoted(&using.name),
            using_index: Some(using.index_name.value.clone()),
            ..Constraint::default()
        },
        TableConstraint::Exclude(exclude) => Constraint {
            kind: "exclude".into(),
            name: ident(&exclude.name),
            name_quoted: quoted(&exclude.name),
            columns: exclude
                .elements
                .iter()
                .map(|e| index_column(&e.column))
                .collect(),
            ..Constraint::default()
        },
    }
}

/// An indexed column: its name when it is a plain column, otherwise the
/// expression as written.
pub(crate) fn index_column(c: &IndexColumn) -> String {
    expr_name(&c.column.expr)
}

fn index_columns(cols: &[IndexColumn]) -> Vec<String> {
    cols.iter().map(index_column).collect()
}

/// An indexed column that is a plain column name (`a`, `"A"`), not an
/// expression.
pub(crate) fn index_column_name(c: &IndexColumn) -> Option<Name> {
    match &c.column.expr {
        Expr::Identifier(ident) => Some(names::ident(ident)),
        _ => None,
    }
}

fn index_column_names(cols: &[IndexColumn]) -> Vec<Name> {
    cols.iter().filter_map(index_column_name).collect()
}

/// A column name for plain identifiers, the expression text otherwise.
pub(crate) fn expr_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => ident.value.clone(),
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .map(|i| i.value.clone())
            .unwrap_or_else(|| expr.to_string()),
        other => other.to_string(),
    }
}

/// Columns a CHECK expression mentions, in order of first use.
/// The column of `col IS NOT NULL` (parentheses allowed), from the tree.
fn is_not_null_of(expr: &Expr) -> Option<Name> {
    match expr {
        Expr::Nested(inner) => is_not_null_of(inner),
        Expr::IsNotNull(inner) => match inner.as_ref() {
            Expr::Nested(e) => column_ident(e),
            e => column_ident(e),
        },
        _ => None,
    }
}

fn column_ident(expr: &Expr) -> Option<Name> {
    match expr {
        Expr::Identifier(i) => Some(names::ident(i)),
        Expr::CompoundIdentifier(parts) => parts.last().map(names::ident),
        _ => None,
    }
}

fn referenced_columns(expr: &Expr) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let _ = visit_expressions(expr, |e| {
        if let Expr::Identifier(_) | Expr::CompoundIdentifier(_) = e {
            let name = expr_name(e);
            if !out.contains(&name) {
                out.push(name);
            }
        }
        ControlFlow::<()>::Continue(())
    });
    out
}
