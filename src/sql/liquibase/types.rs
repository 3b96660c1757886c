//! Liquibase's portable type names (`int`, `boolean`, `varchar(255)`,
//! `datetime`, `uuid`, …) mapped to what each database gets, as Liquibase's
//! `liquibase.datatype.core` classes do. Names Liquibase does not know pass
//! through as written.

use super::{Db, Gen};
use crate::dialect::Dialect;

/// A written type split into its parts: `decimal(10, 2) unsigned` →
/// name `decimal`, params `["10", "2"]`, extra `unsigned`.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    raw: String,
    name: String,
    params: Vec<String>,
    extra: String,
}

fn split(raw: &str) -> Written {
    let raw = raw.trim();
    let stripped = raw
        .strip_prefix("java.sql.Types.")
        .or_else(|| raw.strip_prefix("java.lang."))
        .unwrap_or(raw);
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

fn with_params(name: &str, params: &[String]) -> String {
    if params.is_empty() {
        name.to_string()
    } else {
        format!("{name}({})", params.join(", "))
    }
}

fn add_extra(mut sql: String, w: &Written) -> String {
    if !w.extra.is_empty() {
        sql.push(' ');
        sql.push_str(&w.extra);
    }
    sql
}

/// The database type Liquibase writes for `raw` on `dialect`.
pub fn database_type(raw: &str, dialect: Dialect) -> String {
    map(&Gen::new(dialect), raw).sql
}

/// Maps a written type. On PostgreSQL 10+ Liquibase writes identity
/// columns, and converts `serial` names to the plain integer types (the
/// identity comes only from a column's `autoIncrement`).
pub(crate) fn map(g: &Gen, raw: &str) -> DbType {
    let w = split(raw);
    let db = g.db;
    let p = &w.params;
    let plain = |s: &str| DbType {
        sql: s.to_string(),
        family: Family::Other,
    };
    let fam = |sql: String, family: Family| DbType { sql, family };
    match w.name.as_str() {
        "int" | "integer" | "int4" | "serial" | "serial4" => {
            let sql = match db {
                Db::Postgres | Db::Oracle | Db::Sqlite => "INTEGER".to_string(),
                Db::Mssql => "int".to_string(),
                Db::Mysql => add_extra("INT".to_string(), &w),
                Db::H2 => match p.first().and_then(|v| v.parse::<u32>().ok()) {
                    Some(1..=3) => "TINYINT".into(),
                    Some(4..=5) => "SMALLINT".into(),
                    Some(6..=10) => "INTEGER".into(),
                    Some(11..) => "BIGINT".into(),
                    _ => "INT".into(),
                },
                Db::Other => "INT".to_string(),
            };
            fam(sql, Family::Integer)
        }
        "bigint" | "int8" | "integer8" | "bigserial" | "serial8" | "long" => {
            let sql = match db {
                Db::Oracle => "NUMBER(38, 0)".to_string(),
                Db::Mssql => "bigint".to_string(),
                Db::Mysql => add_extra("BIGINT".to_string(), &w),
                _ => "BIGINT".to_string(),
            };
            fam(sql, Family::Integer)
        }
        "smallint" | "int2" | "smallserial" => {
            let sql = match db {
                Db::Oracle => "NUMBER(5)".to_string(),
                Db::Mssql => "smallint".to_string(),
                Db::Mysql => add_extra("SMALLINT".to_string(), &w),
                Db::Sqlite | Db::Other => with_params("SMALLINT", p),
                _ => "SMALLINT".to_string(),
            };
            fam(sql, Family::Integer)
        }
        "tinyint" => {
            let sql = match db {
                Db::Postgres => "SMALLINT".to_string(),
                Db::Oracle => "NUMBER(3)".to_string(),
                Db::Mssql => "tinyint".to_string(),
                Db::Mysql => add_extra(with_params("TINYINT", p), &w),
                _ => "TINYINT".to_string(),
            };
            fam(sql, Family::Integer)
        }
        "mediumint" => fam(
            match db {
                Db::Mysql => add_extra(with_params("MEDIUMINT", p), &w),
                Db::Mssql => "int".to_string(),
                _ => "MEDIUMINT".to_string(),
            },
            Family::Integer,
        ),
        "boolean" | "bool" | "bit" => {
            let sql = match db {
                Db::Mssql => "bit".to_string(),
                Db::Mysql if w.name == "bit" => with_params("BIT", p),
                // Liquibase 4.28: `TINYINT(1)` on MariaDB, `TINYINT` on MySQL
                Db::Mysql if g.dialect == Dialect::Mariadb => "TINYINT(1)".to_string(),
                Db::Mysql => "TINYINT".to_string(),
                Db::Oracle => "NUMBER(1)".to_string(),
                Db::Postgres if w.name == "bit" => with_params("BIT", p),
                _ => "BOOLEAN".to_string(),
            };
            fam(sql, Family::Boolean)
        }
        "varchar" | "varchar2" | "character varying" | "string" => {
            let sql = match db {
                Db::Oracle => with_params("VARCHAR2", p),
                Db::Mssql => match p.first() {
                    Some(n) if n.parse::<u64>().is_ok_and(|n| n <= 8000) => format!("varchar({n})"),
                    Some(_) => "varchar(MAX)".to_string(),
                    None => "varchar(1)".to_string(),
                },
                Db::Sqlite => with_params("VARCHAR", &p[..p.len().min(1)]),
                _ => add_extra(with_params("VARCHAR", p), &w),
            };
            fam(sql, Family::Text)
        }
        "nvarchar" | "nvarchar2" | "national character varying" => {
            let sql = match db {
                Db::Oracle => with_params("NVARCHAR2", p),
                Db::Mssql => match p.first() {
                    Some(n) if n.parse::<u64>().is_ok_and(|n| n <= 4000) => {
                        format!("nvarchar({n})")
                    }
                    Some(_) => "nvarchar(MAX)".to_string(),
                    None => "nvarchar(1)".to_string(),
                },
                Db::Postgres => with_params("VARCHAR", p),
                _ => with_params("NVARCHAR", p),
            };
            fam(sql, Family::Text)
        }
        "char" | "character" => fam(
            match db {
                Db::Mssql => with_params("char", p),
                _ => with_params("CHAR", p),
            },
            Family::Text,
        ),
        "nchar" | "national character" => fam(
            match db {
                Db::Mssql => with_params("nchar", p),
                Db::Postgres => with_params("CHAR", p),
                _ => with_params("NCHAR", p),
            },
            Family::Text,
        ),
        "text" | "clob" | "longtext" | "mediumtext" | "tinytext" | "longvarchar" | "ntext"
        | "nclob" => {
            let sql = match db {
                Db::Postgres | Db::Sqlite => "TEXT".to_string(),
                Db::Mysql => match w.name.as_str() {
                    "text" => "TEXT",
                    "mediumtext" => "MEDIUMTEXT",
                    "tinytext" => "TINYTEXT",
                    "nclob" => "LONGTEXT CHARACTER SET utf8",
                    _ => "LONGTEXT",
                }
                .to_string(),
                // `text` keeps Liquibase's spelling `varchar (max)`.
                Db::Mssql => match w.name.as_str() {
                    "text" => "varchar (max)",
                    "ntext" => "nvarchar (max)",
                    "nclob" => "nvarchar(MAX)",
                    _ => "varchar(MAX)",
                }
                .to_string(),
                Db::Oracle if w.name == "nclob" => "NCLOB".to_string(),
                Db::H2 if w.name == "longvarchar" => "LONGVARCHAR".to_string(),
                _ => "CLOB".to_string(),
            };
            fam(sql, Family::Text)
        }
        "blob" | "longblob" | "mediumblob" | "tinyblob" | "image" | "varbinary" | "binary"
        | "longvarbinary" => {
            let n = w.name.as_str();
            let first = p.first().cloned();
            let sql = match db {
                // Liquibase maps `blob` to a large object, the rest to bytea.
                Db::Postgres if n == "blob" => "OID".to_string(),
                Db::Postgres => "BYTEA".to_string(),
                Db::Mysql => match n {
                    "blob" => "BLOB".to_string(),
                    "varbinary" => with_params("VARBINARY", p),
                    "tinyblob" => "TINYBLOB".to_string(),
                    "mediumblob" => "MEDIUMBLOB".to_string(),
                    "binary" => with_params("BINARY", p),
                    _ => "LONGBLOB".to_string(),
                },
                Db::Mssql => {
                    // Over 8000 bytes (or not a number) is MAX.
                    let sized = |d: &str| match first.as_deref() {
                        Some(v) if v.parse::<u64>().is_ok_and(|x| x <= 8000) => format!("{d}({v})"),
                        Some(_) => format!("{d}(MAX)"),
                        None => format!("{d}(1)"),
                    };
                    match n {
                        "varbinary" => sized("varbinary"),
                        "binary" => format!("binary({})", first.as_deref().unwrap_or("1")),
                        "image" => "image".to_string(),
                        _ if first.is_none() => "varbinary(MAX)".to_string(),
                        _ => sized("varbinary"),
                    }
                }
                Db::H2 => match n {
                    "varbinary" => with_params("VARBINARY", p),
                    "longvarbinary" => with_params("LONGVARBINARY", p),
                    "binary" => with_params("BINARY", p),
                    _ => "BLOB".to_string(),
                },
                Db::Oracle if n == "binary" || n == "varbinary" => with_params("RAW", p),
                Db::Oracle => "BLOB".to_string(),
                _ => with_params("BLOB", p),
            };
            plain(&sql)
        }
        "datetime" | "smalldatetime" | "datetime2" => {
            let sql = match db {
                Db::H2 | Db::Other => "TIMESTAMP".to_string(),
                Db::Oracle => with_params("TIMESTAMP", p),
                Db::Mssql if w.name == "smalldatetime" => "smalldatetime".to_string(),
                Db::Mssql if w.name == "datetime2" => match p.first() {
                    Some(n) if n != "7" => format!("datetime2({n})"),
                    _ => "datetime2".to_string(),
                },
                Db::Mssql => "datetime".to_string(),
                Db::Postgres => match p.last() {
                    Some(n) => format!("TIMESTAMP({n}) WITHOUT TIME ZONE"),
                    None => "TIMESTAMP WITHOUT TIME ZONE".to_string(),
                },
                Db::Sqlite => "TEXT".to_string(),
                Db::Mysql => match p.first() {
                    Some(n) => format!("datetime({})", n.parse::<u32>().map_or(6, |n| n.min(6))),
                    None => "datetime".to_string(),
                },
            };
            fam(sql, Family::DateTime)
        }
        "timestamp"
        | "timestamptz"
        | "timestamp with time zone"
        | "timestamp without time zone" => {
            let words = format!("{} {}", w.name, w.extra).to_ascii_lowercase();
            // Spelled-out zones; `timestamptz` is understood on PostgreSQL only.
            let with_zone = words.contains("with time zone") && !words.contains("without");
            let sql = match db {
                Db::Postgres => {
                    let zone = if with_zone || w.name == "timestamptz" {
                        "WITH"
                    } else {
                        "WITHOUT"
                    };
                    match p.last() {
                        Some(n) => format!("TIMESTAMP({n}) {zone} TIME ZONE"),
                        None => format!("TIMESTAMP {zone} TIME ZONE"),
                    }
                }
                // MySQL keeps a spelled-out definition as written.
                Db::Mysql if w.raw.contains(' ') || w.raw.contains('(') => w.raw.clone(),
                Db::Mysql => "timestamp".to_string(),
                // datetime2's default (and any larger) precision is left out.
                Db::Mssql => match p.first().and_then(|n| n.parse::<u32>().ok()) {
                    Some(n) if n < 7 => format!("datetime2({n})"),
                    _ => "datetime2".to_string(),
                },
                Db::Oracle | Db::H2 if with_zone => with_params("TIMESTAMP", p) + " WITH TIME ZONE",
                Db::Sqlite => "TEXT".to_string(),
                _ => with_params("TIMESTAMP", p),
            };
            fam(sql, Family::DateTime)
        }
        "date" => fam(
            match db {
                Db::Mssql => "date".to_string(),
                _ => "DATE".to_string(),
            },
            Family::DateTime,
        ),
        "time" | "timetz" => fam(
            match db {
                Db::Postgres => {
                    let zone = if w.name == "timetz"
                        || w.extra.to_ascii_lowercase().contains("with time zone")
                    {
                        "WITH"
                    } else {
                        "WITHOUT"
                    };
                    // Precision over 6 is dropped, as PostgreSQL allows no more.
                    match p.first().filter(|n| n.parse::<u32>().is_ok_and(|n| n <= 6)) {
                        Some(n) => format!("time({n}) {zone} TIME ZONE"),
                        None => format!("time {zone} TIME ZONE"),
                    }
                }
                Db::Mssql => match p.first() {
                    Some(n) if n != "7" => format!("time({n})"),
                    _ => "time".to_string(),
                },
                Db::Mysql => match p.first() {
                    Some(n) if n.parse::<u32>().is_ok_and(|n| n <= 6) => format!("time({n})"),
                    _ => "time".to_string(),
                },
                Db::Oracle => "DATE".to_string(),
                _ => "time".to_string(),
            },
            Family::DateTime,
        ),
        "uuid" | "uniqueidentifier" => plain(match (db, g.dialect) {
            (Db::Postgres | Db::H2, _) | (_, Dialect::Mariadb) => "UUID",
            // MariaDB before 10.7 gets char(36) too (no version is known here)
            (Db::Mysql, _) => "char(36)",
            (Db::Mssql, _) => "uniqueidentifier",
            (Db::Oracle, _) => "RAW(16)",
            (Db::Sqlite, _) => "TEXT",
            (Db::Other, _) => "char(36)",
        }),
        "currency" | "money" | "smallmoney" => fam(
            match db {
                Db::Mssql if w.name == "smallmoney" => "smallmoney".to_string(),
                Db::Mssql => "money".to_string(),
                Db::Oracle => "NUMBER(15, 2)".to_string(),
                Db::H2 => "DECIMAL(18, 4)".to_string(),
                Db::Sqlite => "REAL".to_string(),
                _ => "DECIMAL".to_string(),
            },
            Family::Decimal,
        ),
        "decimal" => fam(
            match db {
                // SQL Server spells out its default precision and scale.
                Db::Mssql => match p.as_slice() {
                    [] => "decimal(18, 0)".to_string(),
                    [prec] => format!("decimal({prec}, 0)"),
                    [prec, scale, ..] => format!("decimal({prec}, {scale})"),
                },
                Db::Mysql => add_extra(with_params("DECIMAL", p), &w),
                _ => with_params("DECIMAL", p),
            },
            Family::Decimal,
        ),
        "number" | "numeric" => fam(
            match db {
                Db::Mssql => match p.as_slice() {
                    [] => "numeric(18, 0)".to_string(),
                    [prec] => format!("numeric({prec}, 0)"),
                    [prec, scale, ..] => format!("numeric({prec}, {scale})"),
                },
                Db::Oracle if p.len() > 1 && p[0] == "0" && p[1] == "-127" => "NUMBER".to_string(),
                Db::Oracle => with_params("NUMBER", p),
                // PostgreSQL's numeric takes at most 1000 digits.
                Db::Postgres
                    if p.first()
                        .and_then(|n| n.parse::<u32>().ok())
                        .is_some_and(|n| n > 1000) =>
                {
                    "numeric".to_string()
                }
                Db::Postgres | Db::Mysql | Db::H2 => with_params("numeric", p),
                _ => with_params("NUMBER", p),
            },
            Family::Decimal,
        ),
        // `double precision` is `double` with PRECISION as extra words.
        "double" | "double precision" => fam(
            match db {
                Db::Postgres | Db::Oracle | Db::H2 => "DOUBLE PRECISION".to_string(),
                Db::Mssql => "float(53)".to_string(),
                Db::Mysql => {
                    let name = if w.name.contains("precision") {
                        "DOUBLE PRECISION"
                    } else {
                        "DOUBLE"
                    };
                    let base = if p.len() > 1 {
                        with_params(name, p)
                    } else {
                        name.to_string()
                    };
                    add_extra(base, &w)
                }
                _ => "DOUBLE".to_string(),
            },
            Family::Decimal,
        ),
        "float" | "real" => fam(
            match db {
                Db::Mssql if w.name == "real" => "real".to_string(),
                Db::Mssql => format!("float({})", p.first().map_or("53", String::as_str)),
                Db::Mysql | Db::H2 | Db::Postgres if w.name == "real" => "REAL".to_string(),
                _ => with_params("FLOAT", p),
            },
            Family::Decimal,
        ),
        "xml" => plain(match db {
            Db::Oracle => "XMLTYPE",
            Db::Mssql => "xml",
            Db::Mysql | Db::Sqlite => "TEXT",
            _ => "XML",
        }),
        // Unknown to Liquibase (`UnknownType`): a plain name is written in
        // upper case on PostgreSQL and MySQL (`json` → `JSON`, which a
        // `modifySql replace: json` then does not find), anything else as
        // the author wrote it.
        _ if matches!(db, Db::Postgres | Db::Mysql)
            && w.params.is_empty()
            && w.extra.is_empty()
            && w.raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            plain(&w.raw.to_ascii_uppercase())
        }
        _ => plain(&w.raw),
    }
}

/// How a column is auto-incremented: `startWith`, `incrementBy`,
/// `generationType` (ALWAYS / BY DEFAULT) and `defaultOnNull` of a column
/// or an addAutoIncrement change.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Identity {
    pub start_with: Option<String>,
    pub increment_by: Option<String>,
    pub generation_type: Option<String>,
    pub default_on_null: bool,
}

impl Identity {
    pub fn of(node: &crate::source::ParsedNode) -> Self {
        let get = |a: &str| super::attr_nonempty(node, a).map(|v| v.trim().to_string());
        Identity {
            start_with: get("startWith"),
            increment_by: get("incrementBy"),
            generation_type: get("generationType"),
            default_on_null: node.bool_attr("defaultOnNull") == Some(true),
        }
    }
}

/// The clause Liquibase appends to an auto-increment column
/// (`getAutoIncrementClause`): the SQL standard identity with START WITH /
/// INCREMENT BY only when they differ from 1.
pub(crate) fn auto_increment_clause(g: &Gen, id: &Identity) -> String {
    fn non_default(v: &Option<String>) -> Option<&str> {
        v.as_deref().filter(|v| *v != "1")
    }
    let start = non_default(&id.start_with);
    let step = non_default(&id.increment_by);
    let options = |sep: &str| {
        let mut opts = Vec::new();
        if let Some(s) = start {
            opts.push(format!("START WITH {s}"));
        }
        if let Some(i) = step {
            opts.push(format!("INCREMENT BY {i}"));
        }
        if opts.is_empty() {
            String::new()
        } else {
            format!(" ({})", opts.join(sep))
        }
    };
    let generated = |sep: &str| {
        let mut kind = id
            .generation_type
            .as_deref()
            .map_or_else(|| "BY DEFAULT".to_string(), str::to_ascii_uppercase);
        if g.db == Db::Oracle && id.default_on_null && kind == "BY DEFAULT" {
            kind.push_str(" ON NULL");
        }
        format!("GENERATED {kind} AS IDENTITY{}", options(sep))
    };
    match g.db {
        // PostgreSQL separates the identity options with spaces only.
        Db::Postgres => generated(" "),
        Db::H2 | Db::Oracle | Db::Other => generated(", "),
        Db::Mysql => "AUTO_INCREMENT".to_string(),
        Db::Mssql => format!(
            "IDENTITY ({}, {})",
            id.start_with.as_deref().unwrap_or("1"),
            id.increment_by.as_deref().unwrap_or("1")
        ),
        Db::Sqlite => "AUTOINCREMENT".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(raw: &str, d: Dialect) -> String {
        database_type(raw, d)
    }

    #[test]
    fn identity_clauses() {
        let id = Identity {
            start_with: Some("100".into()),
            increment_by: Some("5".into()),
            ..Identity::default()
        };
        let g = |d| Gen::new(d);
        assert_eq!(
            auto_increment_clause(&g(Dialect::Postgres), &id),
            "GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5)"
        );
        assert_eq!(
            auto_increment_clause(&g(Dialect::H2), &id),
            "GENERATED BY DEFAULT AS IDENTITY (START WITH 100, INCREMENT BY 5)"
        );
        assert_eq!(
            auto_increment_clause(&g(Dialect::Sqlserver), &id),
            "IDENTITY (100, 5)"
        );
        assert_eq!(
            auto_increment_clause(&g(Dialect::Mysql), &id),
            "AUTO_INCREMENT"
        );
        let always = Identity {
            start_with: Some("1".into()),
            generation_type: Some("always".into()),
            ..Identity::default()
        };
        assert_eq!(
            auto_increment_clause(&g(Dialect::Postgres), &always),
            "GENERATED ALWAYS AS IDENTITY"
        );
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
