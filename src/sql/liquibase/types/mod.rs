//! Liquibase's portable type names (`int`, `boolean`, `varchar(255)`,
//! `datetime`, `uuid`, …) mapped to what each database gets, as Liquibase's
//! `liquibase.datatype.core` classes do. The mapping is data: the rows of
//! `table.rs` and `table_text.rs`, each a Liquibase type with its names and
//! a `Form` per database (`form.rs`); this file finds a written type's row
//! and applies it. Names Liquibase does not know are its `UnknownType`.

mod form;
mod identity;
#[cfg(test)]
mod liquibase_check;
mod table;
mod table_text;

use super::{Db, Gen, Version};
use crate::dialect::Dialect;
use form::Form;
pub(crate) use identity::{Identity, auto_increment_clause};
use table::TypeRow;

/// A written type split into its parts: `decimal(10, 2) unsigned` →
/// name `decimal`, params `["10", "2"]`, extra `unsigned`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Written {
    raw: String,
    name: String,
    params: Vec<String>,
    extra: String,
}

fn split(raw: &str) -> Written {
    let raw = raw.trim();
    let stripped = raw;
    let (name, params, extra) = match stripped.find('(') {
        Some(open) => {
            let close = stripped[open..].find(')').map(|c| open + c);
            match close {
                Some(close) => (
                    &stripped[..open],
                    stripped[open + 1..close]
                        .split(',')
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect(),
                    stripped[close + 1..].trim(),
                ),
                None => (stripped, Vec::new(), ""),
            }
        }
        None => {
            // Trailing modifiers such as MySQL's `int unsigned`.
            let lower = stripped.to_ascii_lowercase();
            let cut = ["unsigned", "signed", "zerofill"]
                .iter()
                .filter_map(|m| lower.find(&format!(" {m}")))
                .min();
            match cut {
                Some(at) => (&stripped[..at], Vec::new(), stripped[at..].trim()),
                None => (stripped, Vec::new(), ""),
            }
        }
    };
    Written {
        raw: raw.to_string(),
        name: name.trim().to_ascii_lowercase(),
        params,
        extra: extra.to_string(),
    }
}

/// The database type of a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DbType {
    pub sql: String,
    /// Liquibase's family of the type, for rendering values of it.
    pub family: Family,
    /// A `serial` name: Liquibase makes the column auto-increment.
    pub auto_increment: bool,
}

/// The Liquibase type class a written type resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Integer,
    Boolean,
    Decimal,
    Text,
    DateTime,
    Other,
}

/// The databases the type table tells apart. `Else` stands for every
/// database a row has no entry for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum On {
    Postgres,
    Mysql,
    Mariadb,
    Mssql,
    Oracle,
    Sqlite,
    H2,
    Else,
}

impl On {
    /// The version a database is taken to be at when none is given:
    /// Oracle before 23 (19: where BOOLEAN is `NUMBER(1)`, our choice);
    /// every other one at offline Liquibase's own assumption (999.999).
    pub(crate) fn assumed_version(self) -> Version {
        match self {
            On::Oracle => Version::new(19, 0, 0),
            _ => Version::OFFLINE,
        }
    }

    pub(crate) fn of(g: &Gen) -> On {
        match g.db {
            Db::Mysql if g.dialect == Dialect::Mariadb => On::Mariadb,
            Db::Postgres => On::Postgres,
            Db::Mysql => On::Mysql,
            Db::Mssql => On::Mssql,
            Db::Oracle => On::Oracle,
            Db::Sqlite => On::Sqlite,
            Db::H2 => On::H2,
            Db::Other => On::Else,
        }
    }
}

impl TypeRow {
    /// The row's form on `on`: its own entry, MySQL's for MariaDB, else
    /// its `Else` entry.
    fn form(&self, on: On) -> &Form {
        let entry = |want: On| self.forms.iter().find(|(o, _)| *o == want);
        let fallback = if on == On::Mariadb {
            entry(On::Mysql)
        } else {
            None
        };
        entry(on)
            .or(fallback)
            .or_else(|| entry(On::Else))
            .map_or(&Form::AsWritten, |(_, form)| form)
    }
}

/// The row that names `name`, and whether the name is a `serial` one.
fn row_of(name: &str) -> Option<(&'static TypeRow, bool)> {
    table::rows().find_map(|row| {
        if row.names.contains(&name) {
            Some((row, false))
        } else {
            row.serials.contains(&name).then_some((row, true))
        }
    })
}

/// The database type Liquibase writes for `raw` on `dialect`.
pub fn database_type(raw: &str, dialect: Dialect) -> String {
    map(&Gen::new(dialect), raw).sql
}

/// Maps a written type through its row of the type table; a name no row
/// has is Liquibase's `UnknownType` (in upper case, except on SQL Server
/// and databases Liquibase does not know, where it is as written).
pub(crate) fn map(g: &Gen, raw: &str) -> DbType {
    let w = split(raw);
    let on = On::of(g);
    let v = g.version.unwrap_or_else(|| on.assumed_version());
    match row_of(&w.name) {
        Some((row, serial)) => DbType {
            sql: row.form(on).render(&w, v),
            family: row.family,
            auto_increment: serial,
        },
        None => DbType {
            sql: match on {
                On::Mssql | On::Else => Form::AsWritten.render(&w, v),
                _ => Form::Unknown.render(&w, v),
            },
            family: Family::Other,
            auto_increment: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(raw: &str, d: Dialect) -> String {
        database_type(raw, d)
    }

    #[test]
    fn integers() {
        assert_eq!(t("int", Dialect::Postgres), "INTEGER");
        assert_eq!(t("int", Dialect::Mysql), "INT");
        assert_eq!(t("int", Dialect::Sqlserver), "int");
        assert_eq!(t("INTEGER", Dialect::Oracle), "INTEGER");
        assert_eq!(t("int", Dialect::H2), "INT");
        assert_eq!(t("bigint", Dialect::Oracle), "NUMBER(38, 0)");
        assert_eq!(t("bigserial", Dialect::Postgres), "BIGINT");
        assert_eq!(t("serial", Dialect::Postgres), "INTEGER");
        assert_eq!(t("numeric(10,2)", Dialect::Postgres), "numeric(10, 2)");
        assert_eq!(t("number", Dialect::Sqlserver), "numeric(18, 0)");
        assert_eq!(t("float", Dialect::Sqlserver), "float(53)");
        assert_eq!(t("time", Dialect::Postgres), "time WITHOUT TIME ZONE");
        assert_eq!(t("int unsigned", Dialect::Mysql), "INT unsigned");
    }

    #[test]
    fn booleans_and_strings() {
        assert_eq!(t("BOOLEAN", Dialect::Sqlserver), "bit");
        assert_eq!(t("boolean", Dialect::Oracle), "NUMBER(1)");
        assert_eq!(t("boolean", Dialect::Mysql), "TINYINT");
        assert_eq!(t("boolean", Dialect::Mariadb), "TINYINT(1)");
        assert_eq!(t("boolean", Dialect::Postgres), "BOOLEAN");
        assert_eq!(t("varchar(255)", Dialect::Postgres), "VARCHAR(255)");
        assert_eq!(t("varchar(255)", Dialect::Sqlserver), "varchar(255)");
        assert_eq!(t("varchar(255)", Dialect::Oracle), "VARCHAR2(255)");
        assert_eq!(t("varchar(10000)", Dialect::Sqlserver), "varchar(MAX)");
        assert_eq!(t("clob", Dialect::Mysql), "LONGTEXT");
        assert_eq!(t("text", Dialect::Sqlserver), "varchar (max)");
        assert_eq!(t("clob", Dialect::Sqlserver), "varchar(MAX)");
        assert_eq!(t("text", Dialect::Oracle), "CLOB");
        assert_eq!(t("blob", Dialect::Postgres), "OID");
        assert_eq!(t("varbinary(16)", Dialect::Postgres), "BYTEA");
        // Liquibase 4.28 prints `BYTEA` (an UnknownType, upper case)
        assert_eq!(t("bytea", Dialect::Postgres), "BYTEA");
        assert_eq!(t("blob", Dialect::Mysql), "BLOB");
        assert_eq!(t("longblob", Dialect::Mysql), "LONGBLOB");
        assert_eq!(t("blob", Dialect::Sqlserver), "varbinary(MAX)");
        assert_eq!(t("varbinary(16)", Dialect::Sqlserver), "varbinary(16)");
        assert_eq!(t("varbinary(9000)", Dialect::Sqlserver), "varbinary(MAX)");
    }

    #[test]
    fn versions_given_and_assumed() {
        let at = |raw: &str, d: Dialect, v: Option<Version>| map(&Gen::at(d, v), raw).sql;
        // without a version: Oracle before 23, the others at offline's 999.999
        assert_eq!(at("boolean", Dialect::Oracle, None), "NUMBER(1)");
        assert_eq!(
            at("boolean", Dialect::Oracle, Some(Version::new(23, 0, 0))),
            "BOOLEAN"
        );
        assert_eq!(at("uuid", Dialect::Mariadb, None), "UUID");
        assert_eq!(
            at("uuid", Dialect::Mariadb, Some(Version::new(10, 6, 9))),
            "char(36)"
        );
        assert_eq!(
            at("uuid", Dialect::Mariadb, Some(Version::new(11, 0, 0))),
            "UUID"
        );
        assert_eq!(at("time(3)", Dialect::Mysql, None), "time");
        assert_eq!(
            at("time(3)", Dialect::Mysql, Some(Version::new(5, 7, 44))),
            "time(3)"
        );
        assert_eq!(
            at("time(3)", Dialect::Mysql, Some(Version::new(8, 0, 36))),
            "time"
        );
        assert_eq!(
            at("xml", Dialect::Postgres, Some(Version::new(8, 2, 0))),
            "TEXT"
        );
    }

    #[test]
    fn dates_and_others() {
        assert_eq!(
            t("datetime", Dialect::Postgres),
            "TIMESTAMP WITHOUT TIME ZONE"
        );
        assert_eq!(t("datetime", Dialect::Sqlserver), "datetime");
        assert_eq!(t("datetime", Dialect::Mysql), "datetime");
        assert_eq!(t("datetime", Dialect::Oracle), "TIMESTAMP");
        assert_eq!(
            t("timestamptz", Dialect::Postgres),
            "TIMESTAMP WITH TIME ZONE"
        );
        assert_eq!(
            t("timestamp(3)", Dialect::Postgres),
            "TIMESTAMP(3) WITHOUT TIME ZONE"
        );
        assert_eq!(t("timestamp", Dialect::Sqlserver), "datetime2");
        assert_eq!(t("timestamp(3)", Dialect::Sqlserver), "datetime2(3)");
        assert_eq!(t("timestamp", Dialect::Mysql), "timestamp");
        assert_eq!(t("TIMESTAMP(6)", Dialect::Mysql), "TIMESTAMP(6)");
        assert_eq!(
            t("timestamp with time zone", Dialect::Oracle),
            "TIMESTAMP WITH TIME ZONE"
        );
        assert_eq!(t("timestamp", Dialect::Sqlite), "TEXT");
        assert_eq!(t("uuid", Dialect::Sqlserver), "uniqueidentifier");
        assert_eq!(t("uuid", Dialect::Mysql), "char(36)");
        assert_eq!(t("currency", Dialect::Sqlserver), "money");
        assert_eq!(t("currency", Dialect::Postgres), "DECIMAL");
        assert_eq!(t("decimal", Dialect::Sqlserver), "decimal(18, 0)");
        assert_eq!(t("decimal(10)", Dialect::Sqlserver), "decimal(10, 0)");
        assert_eq!(t("double", Dialect::Postgres), "DOUBLE PRECISION");
        assert_eq!(t("double", Dialect::Sqlserver), "float(53)");
        assert_eq!(t("uuid", Dialect::Postgres), "UUID");
        assert_eq!(t("uuid", Dialect::Mariadb), "UUID");
        assert_eq!(t("decimal(10,2)", Dialect::Postgres), "DECIMAL(10, 2)");
        assert_eq!(t("jsonb", Dialect::Postgres), "JSONB");
        assert_eq!(
            t("java.sql.Types.VARCHAR(50)", Dialect::Mysql),
            "VARCHAR(50)"
        );
    }
}
