//! Changes to an existing column's definition: add/dropNotNullConstraint,
//! add/dropDefaultValue, addAutoIncrement.

use super::types::{Family, Identity, auto_increment_clause, map};
use super::value::default_value;
use super::{Db, Gen, LowerError, Lowered, attr_nonempty, req};
use crate::source::ParsedNode;

/// SQL Server refuses to drop a column that has a default constraint;
/// Liquibase first drops the default by looking its name up.
pub(crate) fn mssql_drop_default(table: &str, column: &str) -> String {
    let t = table.replace('\'', "''");
    let c = column.replace('\'', "''");
    format!(
        "DECLARE @sql [nvarchar](MAX)\nSELECT @sql = N'ALTER TABLE {t} DROP CONSTRAINT ' + \
         QUOTENAME([df].[name]) FROM [sys].[columns] AS [c] INNER JOIN [sys].[default_constraints] \
         AS [df] ON [df].[object_id] = [c].[default_object_id] WHERE [c].[object_id] = \
         OBJECT_ID(N'{t}') AND [c].[name] = N'{c}'\nEXEC sp_executesql @sql"
    )
}

/// The column's type where the database needs it restated (MySQL MODIFY,
/// SQL Server ALTER COLUMN).
pub(crate) fn restated_type(g: &Gen, node: &ParsedNode) -> Result<String, LowerError> {
    let raw = attr_nonempty(node, "columnDataType").ok_or_else(|| {
        LowerError::invalid(
            "columnDataType",
            format!(
                "`{}` needs `columnDataType` on {}: the column is redefined with its type",
                node.name, g.dialect
            ),
        )
    })?;
    Ok(map(g, raw).sql)
}

pub(crate) fn sqlite_rebuild(node: &ParsedNode) -> LowerError {
    LowerError::needs_database(format!(
        "Liquibase runs `{}` on SQLite by rebuilding the table from a snapshot of the live database",
        node.name
    ))
}

fn nullability(g: &Gen, node: &ParsedNode, not_null: bool) -> Lowered {
    let table = g.table(node)?;
    let col = g.name(req(node, "columnName")?);
    let (set, word) = if not_null {
        ("SET NOT NULL", "NOT NULL")
    } else {
        ("DROP NOT NULL", "NULL")
    };
    let mut out = Vec::new();
    if not_null && let Some(v) = default_null_value(g, node)? {
        out.push(format!(
            "UPDATE {table} SET {col} = {v} WHERE {col} IS NULL"
        ));
    }
    out.push(match g.db {
        Db::Postgres | Db::Other => format!("ALTER TABLE {table} ALTER COLUMN {col} {set}"),
        Db::H2 => format!("ALTER TABLE {table} ALTER COLUMN {col} SET {word}"),
        Db::Mysql => format!(
            "ALTER TABLE {table} MODIFY {col} {} {word}",
            restated_type(g, node)?
        ),
        Db::Mssql => {
            format!(
                "ALTER TABLE {table} ALTER COLUMN {col} {} {word}",
                restated_type(g, node)?
            )
        }
        // A named Oracle NOT NULL is a constraint: created by name, dropped
        // by name.
        Db::Oracle => {
            let novalidate = if not_null && node.bool_attr("validate") == Some(false) {
                " ENABLE NOVALIDATE"
            } else {
                ""
            };
            match (attr_nonempty(node, "constraintName"), not_null) {
                (Some(n), true) => format!(
                    "ALTER TABLE {table} MODIFY {col} CONSTRAINT {} {word}{novalidate}",
                    g.name(n)
                ),
                (Some(n), false) => format!("ALTER TABLE {table} DROP CONSTRAINT {}", g.name(n)),
                (None, _) => format!("ALTER TABLE {table} MODIFY {col} {word}{novalidate}"),
            }
        }
        Db::Sqlite => return Err(sqlite_rebuild(node)),
    });
    Ok(out)
}

/// The value of `addNotNullConstraint`'s `UPDATE … WHERE c IS NULL`, as
/// `AddNotNullConstraintChange.generateStatements` builds it: any value but
/// `null` (blank and empty too) is a string literal, except a boolean
/// column's, which is the database's boolean literal: a bare `0`/`1` where
/// that is a number (on PostgreSQL `B'0'`/`B'1'` for a `bit` type), else
/// quoted (`'FALSE'`).
fn default_null_value(g: &Gen, node: &ParsedNode) -> Result<Option<String>, LowerError> {
    let Some(v) = node.attr("defaultNullValue") else {
        return Ok(None);
    };
    if v.eq_ignore_ascii_case("null") {
        return Ok(None);
    }
    let data_type = attr_nonempty(node, "columnDataType");
    if !data_type.is_some_and(|t| map(g, t).family == Family::Boolean) {
        return Ok(Some(super::string_literal(g, v)));
    }
    let literal = super::value::boolean(g, "defaultNullValue", v)?;
    let mut number = match literal.as_str() {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    };
    if data_type.is_some_and(|t| t.to_ascii_lowercase().contains("bit")) {
        number = Some(matches!(
            literal.to_ascii_lowercase().as_str(),
            "true" | "t" | "yes" | "y" | "1"
        ));
    }
    Ok(Some(match (number, g.db) {
        (Some(b), Db::Postgres) => format!("B'{}'", u8::from(b)),
        (Some(b), _) => u8::from(b).to_string(),
        (None, _) => super::string_literal(g, &literal),
    }))
}

pub(crate) fn add_not_null(g: &Gen, node: &ParsedNode) -> Lowered {
    nullability(g, node, true)
}

pub(crate) fn drop_not_null(g: &Gen, node: &ParsedNode) -> Lowered {
    nullability(g, node, false)
}

pub(crate) fn add_default_value(g: &Gen, node: &ParsedNode) -> Lowered {
    let table_name = req(node, "tableName")?;
    let table = g.table(node)?;
    let col_name = req(node, "columnName")?;
    let col = g.name(col_name);
    let family = attr_nonempty(node, "columnDataType").map(|t| map(g, t).family);
    let value =
        default_value(g, node, family)?.ok_or_else(|| LowerError::missing(node, "defaultValue"))?;
    Ok(vec![match g.db {
        Db::Postgres | Db::H2 | Db::Other => {
            format!("ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT {value}")
        }
        // MySQL 8 takes an expression default only in parentheses; the
        // expression is as written (AddDefaultValueGeneratorMySQL does not
        // map `current_timestamp()` to `NOW()`).
        Db::Mysql if let Some(computed) = attr_nonempty(node, "defaultValueComputed") => {
            let computed = computed.trim();
            match computed.starts_with('(') {
                true => format!("ALTER TABLE {table} ALTER {col} SET DEFAULT {computed}"),
                false => format!("ALTER TABLE {table} ALTER {col} SET DEFAULT ({computed})"),
            }
        }
        Db::Mysql => format!("ALTER TABLE {table} ALTER {col} SET DEFAULT {value}"),
        Db::Mssql => {
            let name = attr_nonempty(node, "defaultValueConstraintName")
                .map_or_else(|| format!("DF_{table_name}_{col_name}"), str::to_string);
            format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} DEFAULT {value} FOR {col}",
                g.name(&name)
            )
        }
        Db::Oracle => format!("ALTER TABLE {table} MODIFY {col} DEFAULT {value}"),
        Db::Sqlite => return Err(sqlite_rebuild(node)),
    }])
}

pub(crate) fn drop_default_value(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let col_name = req(node, "columnName")?;
    let col = g.name(col_name);
    Ok(vec![match g.db {
        Db::Postgres | Db::Other => format!("ALTER TABLE {table} ALTER COLUMN {col} DROP DEFAULT"),
        Db::Mysql => format!("ALTER TABLE {table} ALTER {col} DROP DEFAULT"),
        Db::Mssql => mssql_drop_default(&table, col_name),
        Db::Oracle => format!("ALTER TABLE {table} MODIFY {col} DEFAULT NULL"),
        Db::H2 => format!("ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT NULL"),
        Db::Sqlite => return Err(sqlite_rebuild(node)),
    }])
}

pub(crate) fn add_auto_increment(g: &Gen, node: &ParsedNode) -> Lowered {
    let table_name = req(node, "tableName")?;
    let table = g.table(node)?;
    let col_name = req(node, "columnName")?;
    let col = g.name(col_name);
    let start = attr_nonempty(node, "startWith");
    let step = attr_nonempty(node, "incrementBy");
    match g.db {
        Db::Postgres => {
            let seq_name = format!("{table_name}_{col_name}_seq");
            let seq = g.qualified(node, "", &seq_name);
            let mut create = format!("CREATE SEQUENCE IF NOT EXISTS {seq}");
            if let Some(s) = start {
                create.push_str(&format!(" START WITH {s}"));
            }
            if let Some(i) = step {
                create.push_str(&format!(" INCREMENT BY {i}"));
            }
            Ok(vec![
                create,
                format!("ALTER TABLE {table} ALTER COLUMN {col} SET NOT NULL"),
                format!(
                    "ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT nextval('{}')",
                    seq.replace('\'', "''")
                ),
                format!("ALTER SEQUENCE {seq} OWNED BY {table}.{col}"),
            ])
        }
        Db::Mysql => Ok(vec![format!(
            "ALTER TABLE {table} MODIFY {col} {} AUTO_INCREMENT",
            restated_type(g, node)?
        )]),
        // H2 restates the type as written.
        Db::H2 | Db::Other => {
            let ty = req(node, "columnDataType")?;
            Ok(vec![format!(
                "ALTER TABLE {table} ALTER COLUMN {col} {ty} {}",
                auto_increment_clause(g, &Identity::of(node))
            )])
        }
        // AddAutoIncrementGeneratorSQLite copies the table with the column
        // made an auto-incremented primary key.
        Db::Sqlite => Err(sqlite_rebuild(node)),
        Db::Mssql | Db::Oracle => Err(LowerError::unsupported(node, g.dialect)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::LowerErrorKind;
    use super::super::lower;
    use super::super::test_support::node;
    use crate::dialect::Dialect;

    #[test]
    fn not_null_needs_the_type_where_the_column_is_redefined() {
        let n = node(
            "addNotNullConstraint",
            &[("tableName", "person"), ("columnName", "id")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ALTER COLUMN id SET NOT NULL"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap_err().attr.as_deref(),
            Some("columnDataType")
        );
        let n = node(
            "addNotNullConstraint",
            &[
                ("tableName", "person"),
                ("columnName", "id"),
                ("columnDataType", "int"),
                ("defaultNullValue", "0"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "UPDATE person SET id = '0' WHERE id IS NULL",
                "ALTER TABLE person MODIFY id INT NOT NULL"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "UPDATE person SET id = '0' WHERE id IS NULL",
                "ALTER TABLE person ALTER COLUMN id int NOT NULL"
            ]
        );
        let n = node(
            "dropNotNullConstraint",
            &[
                ("tableName", "person"),
                ("columnName", "id"),
                ("columnDataType", "int"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ALTER COLUMN id DROP NOT NULL"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person MODIFY id INT NULL"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE person ALTER COLUMN id int NULL"]
        );
    }

    #[test]
    fn defaults() {
        let n = node(
            "addDefaultValue",
            &[
                ("tableName", "person"),
                ("columnName", "created"),
                ("defaultValueComputed", "now()"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ALTER COLUMN created SET DEFAULT NOW()"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person ALTER created SET DEFAULT (now())"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE person ADD CONSTRAINT DF_person_created DEFAULT now() FOR created"]
        );
        let n = node(
            "dropDefaultValue",
            &[("tableName", "person"), ("columnName", "created")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ALTER COLUMN created DROP DEFAULT"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person ALTER created DROP DEFAULT"]
        );
        let ms = lower(&n, Dialect::Sqlserver).unwrap();
        assert_eq!(ms.len(), 1);
        assert!(ms[0].starts_with(
            "DECLARE @sql [nvarchar](MAX)\nSELECT @sql = N'ALTER TABLE person DROP CONSTRAINT '"
        ));
        assert!(ms[0].ends_with("AND [c].[name] = N'created'\nEXEC sp_executesql @sql"));
    }

    #[test]
    fn auto_increment() {
        let n = node(
            "addAutoIncrement",
            &[
                ("tableName", "person"),
                ("columnName", "id"),
                ("columnDataType", "int"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "CREATE SEQUENCE IF NOT EXISTS person_id_seq",
                "ALTER TABLE person ALTER COLUMN id SET NOT NULL",
                "ALTER TABLE person ALTER COLUMN id SET DEFAULT nextval('person_id_seq')",
                "ALTER SEQUENCE person_id_seq OWNED BY person.id"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person MODIFY id INT AUTO_INCREMENT"]
        );
        assert!(lower(&n, Dialect::Sqlserver).is_err());
        assert_eq!(
            lower(&n, Dialect::Sqlite).unwrap_err().kind,
            LowerErrorKind::NeedsDatabase
        );
    }
}
