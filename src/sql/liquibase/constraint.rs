//! Key constraints: add/dropPrimaryKey, add/dropUniqueConstraint,
//! add/dropForeignKeyConstraint, addLookupTable.

use super::{Db, Gen, LowerError, Lowered, attr_nonempty, column_alter, flag, req, synthetic};
use crate::source::ParsedNode;

fn no_sqlite(g: &Gen, node: &ParsedNode) -> Result<(), LowerError> {
    if g.db == Db::Sqlite {
        return Err(LowerError::needs_database(format!(
            "Liquibase runs `{}` on SQLite by rebuilding the table from a snapshot of the live database",
            node.name
        )));
    }
    Ok(())
}

/// ` CONSTRAINT name` when the change names its constraint.
fn named(g: &Gen, node: &ParsedNode) -> String {
    attr_nonempty(node, "constraintName")
        .map_or_else(String::new, |n| format!(" CONSTRAINT {}", g.name(n)))
}

pub(crate) fn add_primary_key(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let cols = g.name_list(node, "columnNames")?;
    no_sqlite(g, node)?;
    let name = attr_nonempty(node, "constraintName");
    let clustered = flag(node, "clustered")?;
    match (g.db, clustered, name) {
        (Db::Postgres, Some(true), None) => {
            return Err(LowerError::invalid(
                "constraintName",
                "PostgreSQL needs `constraintName` to cluster on a new primary key",
            ));
        }
        (Db::Postgres | Db::Mssql, _, _) | (_, None | Some(false), _) => {}
        (_, Some(true), _) => {
            return Err(LowerError::invalid(
                "clustered",
                format!("`clustered` is not allowed on {}", g.dialect),
            ));
        }
    }
    // MySQL names every primary key PRIMARY, so the name is left out.
    let mut s = match name.filter(|_| g.db != Db::Mysql) {
        None => format!("ALTER TABLE {table} ADD PRIMARY KEY ({cols})"),
        Some(n) => {
            let kind = match (g.db, clustered) {
                (Db::Mssql, Some(true)) => " CLUSTERED",
                (Db::Mssql, Some(false)) => " NONCLUSTERED",
                _ => "",
            };
            format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} PRIMARY KEY{kind} ({cols})",
                g.name(n)
            )
        }
    };
    if let Some(ts) = attr_nonempty(node, "tablespace") {
        match g.db {
            Db::Mssql => s.push_str(&format!(" ON {ts}")),
            Db::Postgres | Db::Oracle => s.push_str(&format!(" USING INDEX TABLESPACE {ts}")),
            _ => {}
        }
    }
    if g.db == Db::Oracle {
        if let Some(ix) = attr_nonempty(node, "forIndexName") {
            s.push_str(&format!(
                " USING INDEX {}",
                g.qualified(node, "forIndex", ix)
            ));
        }
        if flag(node, "validate")? == Some(false) {
            s.push_str(" ENABLE NOVALIDATE");
        }
    } else if attr_nonempty(node, "forIndexName").is_some() {
        return Err(LowerError::invalid(
            "forIndexName",
            format!("`forIndexName` is not allowed on {}", g.dialect),
        ));
    }
    let mut out = vec![s];
    if let (Db::Postgres, Some(true), Some(n)) = (g.db, clustered, name) {
        out.push(format!("CLUSTER {table} USING {}", g.name(n)));
    }
    Ok(out)
}

/// DropPrimaryKeyGenerator: only SQL Server and PostgreSQL drop the key by
/// name (looking it up at run time when none is given); Oracle, MySQL, H2
/// and the base generator drop "the" primary key and ignore the name. The
/// name is required only on Firebird, Informix and Sybase, none of which is
/// a target here.
pub(crate) fn drop_primary_key(g: &Gen, node: &ParsedNode) -> Lowered {
    let table_name = req(node, "tableName")?;
    let table = g.table(node)?;
    let name = attr_nonempty(node, "constraintName");
    no_sqlite(g, node)?;
    Ok(vec![match (g.db, name) {
        (Db::Oracle, _) => {
            let index = if flag(node, "dropIndex")? == Some(false) {
                "KEEP INDEX"
            } else {
                "DROP INDEX"
            };
            format!("ALTER TABLE {table} DROP PRIMARY KEY {index}")
        }
        (Db::Postgres | Db::Mssql, Some(n)) => {
            format!("ALTER TABLE {table} DROP CONSTRAINT {}", g.name(n))
        }
        // Without a name Liquibase looks the key up at run time. Offline it
        // writes the schema it knows, which is none: the literal `null`.
        (Db::Postgres, None) => {
            let given = attr_nonempty(node, "schemaName");
            let schema = given.unwrap_or("null");
            let qualifier = given.map_or_else(|| "null".to_string(), |s| g.name(s));
            format!(
                "DO $$ DECLARE constraint_name varchar;\nBEGIN\n  SELECT tc.CONSTRAINT_NAME into strict constraint_name\n    \
                 FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc\n    WHERE CONSTRAINT_TYPE = 'PRIMARY KEY'\n      \
                 AND TABLE_NAME = '{}' AND TABLE_SCHEMA = '{}';\n    EXECUTE 'alter table {}.{} drop constraint \"' || constraint_name || '\"';\nEND $$",
                table_name.replace('\'', "''"),
                schema.replace('\'', "''"),
                qualifier.replace('\'', "''"),
                g.name(table_name).replace('\'', "''")
            )
        }
        (Db::Mssql, None) => format!(
            "DECLARE @sql [nvarchar](MAX)\nSELECT @sql = N'ALTER TABLE {t} DROP CONSTRAINT ' + \
             QUOTENAME([kc].[name]) FROM [sys].[key_constraints] AS [kc] WHERE [kc].[parent_object_id] = \
             OBJECT_ID(N'{t}') AND [kc].[type] = 'PK'\nEXEC sp_executesql @sql",
            t = table.replace('\'', "''")
        ),
        _ => format!("ALTER TABLE {table} DROP PRIMARY KEY"),
    }])
}

pub(crate) fn add_unique(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let cols = g.name_list(node, "columnNames")?;
    no_sqlite(g, node)?;
    let clustered = flag(node, "clustered")? == Some(true);
    if clustered && g.db != Db::Mssql {
        return Err(LowerError::invalid(
            "clustered",
            format!("`clustered` is not allowed on {}", g.dialect),
        ));
    }
    let mut s = format!(
        "ALTER TABLE {table} ADD{} UNIQUE{} ({cols})",
        named(g, node),
        if clustered { " CLUSTERED" } else { "" }
    );
    let deferrable = flag(node, "deferrable")? == Some(true);
    let deferred = flag(node, "initiallyDeferred")? == Some(true);
    let deferral = |s: &mut String| {
        if deferrable {
            s.push_str(" DEFERRABLE");
        }
        if deferred {
            s.push_str(" INITIALLY DEFERRED");
        }
    };
    if g.db == Db::Oracle {
        deferral(&mut s);
        if flag(node, "disabled")? == Some(true) {
            s.push_str(" DISABLE");
        }
    }
    let for_index = attr_nonempty(node, "forIndexName");
    if let Some(ix) = for_index {
        match g.db {
            Db::Oracle | Db::Postgres => {
                s.push_str(&format!(
                    " USING INDEX {}",
                    g.qualified(node, "forIndex", ix)
                ));
            }
            Db::H2 => {}
            _ => {
                return Err(LowerError::invalid(
                    "forIndexName",
                    format!("`forIndexName` is not allowed on {}", g.dialect),
                ));
            }
        }
    }
    if let Some(ts) = attr_nonempty(node, "tablespace") {
        match g.db {
            Db::Mssql => s.push_str(&format!(" ON {ts}")),
            Db::Oracle if for_index.is_none() => {
                s.push_str(&format!(" USING INDEX TABLESPACE {ts}"))
            }
            Db::Postgres if for_index.is_some() => s.push_str(&format!(" TABLESPACE {ts}")),
            Db::Postgres => s.push_str(&format!(" USING INDEX TABLESPACE {ts}")),
            _ => {}
        }
    }
    if g.db == Db::Oracle && flag(node, "validate")? == Some(false) {
        s.push_str(" ENABLE NOVALIDATE");
    }
    if g.db == Db::Postgres {
        deferral(&mut s);
    }
    Ok(vec![s])
}

pub(crate) fn drop_unique(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    no_sqlite(g, node)?;
    let name = g.name(req(node, "constraintName")?);
    Ok(vec![match g.db {
        Db::Mysql => format!("ALTER TABLE {table} DROP KEY {name}"),
        Db::Oracle => format!("ALTER TABLE {table} DROP CONSTRAINT {name} DROP INDEX"),
        _ => format!("ALTER TABLE {table} DROP CONSTRAINT {name}"),
    }])
}

/// ON UPDATE / ON DELETE as Liquibase writes it: Oracle has no ON UPDATE
/// and no explicit RESTRICT/NO ACTION; SQL Server's RESTRICT is its default
/// and is left out. The action is written as given (the XSD lists them in
/// capitals).
fn referential_action(g: &Gen, on: &str, action: &str) -> Option<String> {
    let upper = action.trim().to_ascii_uppercase();
    match (g.db, on, upper.as_str()) {
        (Db::Oracle, "UPDATE", _) => None,
        (Db::Oracle, _, "RESTRICT" | "NO ACTION") => None,
        (Db::Mssql, _, "RESTRICT") => None,
        _ => Some(format!(" ON {on} {}", action.trim())),
    }
}

pub(crate) fn add_foreign_key(g: &Gen, node: &ParsedNode) -> Lowered {
    let base = g.qualified(node, "baseTable", req(node, "baseTableName")?);
    let base_cols = g.name_list(node, "baseColumnNames")?;
    let referenced = g.qualified(node, "referencedTable", req(node, "referencedTableName")?);
    let ref_cols = g.name_list(node, "referencedColumnNames")?;
    let name = g.name(req(node, "constraintName")?);
    no_sqlite(g, node)?;
    let mut s = format!(
        "ALTER TABLE {base} ADD CONSTRAINT {name} FOREIGN KEY ({base_cols}) REFERENCES {referenced} ({ref_cols})"
    );
    if let Some(a) =
        attr_nonempty(node, "onUpdate").and_then(|a| referential_action(g, "UPDATE", a))
    {
        s.push_str(&a);
    }
    let on_delete = match (
        attr_nonempty(node, "onDelete"),
        flag(node, "deleteCascade")?,
    ) {
        (Some(a), _) => Some(a),
        (None, Some(true)) => Some("CASCADE"),
        _ => None,
    };
    if let Some(a) = on_delete.and_then(|a| referential_action(g, "DELETE", a)) {
        s.push_str(&a);
    }
    if flag(node, "deferrable")? == Some(true) {
        s.push_str(" DEFERRABLE");
    }
    if flag(node, "initiallyDeferred")? == Some(true) {
        s.push_str(" INITIALLY DEFERRED");
    }
    if flag(node, "validate")? == Some(false) {
        match g.db {
            Db::Postgres => s.push_str(" NOT VALID"),
            Db::Oracle => s.push_str(" ENABLE NOVALIDATE"),
            _ => {}
        }
    }
    Ok(vec![s])
}

pub(crate) fn drop_foreign_key(g: &Gen, node: &ParsedNode) -> Lowered {
    let base = g.qualified(node, "baseTable", req(node, "baseTableName")?);
    let name = g.name(req(node, "constraintName")?);
    no_sqlite(g, node)?;
    Ok(vec![match g.db {
        Db::Mysql => format!("ALTER TABLE {base} DROP FOREIGN KEY {name}"),
        _ => format!("ALTER TABLE {base} DROP CONSTRAINT {name}"),
    }])
}

/// A new table of the distinct values of a column, keyed by them, and a
/// foreign key from the old column to it.
pub(crate) fn add_lookup_table(g: &Gen, node: &ParsedNode) -> Lowered {
    let existing_table = req(node, "existingTableName")?;
    let existing_col = req(node, "existingColumnName")?;
    let new_table = req(node, "newTableName")?;
    let new_col = req(node, "newColumnName")?;
    no_sqlite(g, node)?;
    let src = g.qualified(node, "existingTable", existing_table);
    let dst = g.qualified(node, "newTable", new_table);
    let (ec, nc) = (g.name(existing_col), g.name(new_col));
    let mut out = vec![match g.db {
        Db::Mssql => {
            format!("SELECT DISTINCT {ec} AS {nc} INTO {dst} FROM {src} WHERE {ec} IS NOT NULL")
        }
        _ => format!(
            "CREATE TABLE {dst} AS SELECT DISTINCT {ec} AS {nc} FROM {src} WHERE {ec} IS NOT NULL"
        ),
    }];
    let new_schema = attr_nonempty(node, "newTableSchemaName").unwrap_or("");
    let new_catalog = attr_nonempty(node, "newTableCatalogName").unwrap_or("");
    let mut nn_attrs = vec![
        ("tableName", new_table),
        ("columnName", new_col),
        ("schemaName", new_schema),
        ("catalogName", new_catalog),
    ];
    if let Some(t) = attr_nonempty(node, "newColumnDataType") {
        nn_attrs.push(("columnDataType", t));
    }
    // Oracle makes primary key columns NOT NULL itself.
    if g.db != Db::Oracle {
        out.extend(column_alter::add_not_null(
            g,
            &synthetic(node, "addNotNullConstraint", &nn_attrs),
        )?);
    }
    out.extend(add_primary_key(
        g,
        &synthetic(
            node,
            "addPrimaryKey",
            &[
                ("tableName", new_table),
                ("columnNames", new_col),
                ("schemaName", new_schema),
                ("catalogName", new_catalog),
            ],
        ),
    )?);
    let fk_name = attr_nonempty(node, "constraintName").map_or_else(
        || {
            format!(
                "FK_{}_{}",
                existing_table.to_uppercase(),
                new_table.to_uppercase()
            )
        },
        str::to_string,
    );
    let existing_schema = attr_nonempty(node, "existingTableSchemaName").unwrap_or("");
    out.extend(add_foreign_key(
        g,
        &synthetic(
            node,
            "addForeignKeyConstraint",
            &[
                ("baseTableSchemaName", existing_schema),
                ("baseTableName", existing_table),
                ("baseColumnNames", existing_col),
                ("referencedTableSchemaName", new_schema),
                ("referencedTableName", new_table),
                ("referencedColumnNames", new_col),
                ("constraintName", &fk_name),
            ],
        ),
    )?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::LowerErrorKind;
    use super::super::lower;
    use super::super::test_support::node;
    use crate::dialect::Dialect;

    #[test]
    fn primary_keys() {
        let n = node(
            "addPrimaryKey",
            &[
                ("tableName", "person"),
                ("columnNames", "id, name"),
                ("constraintName", "pk_person"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ADD CONSTRAINT pk_person PRIMARY KEY (id, name)"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person ADD PRIMARY KEY (id, name)"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE person ADD CONSTRAINT pk_person PRIMARY KEY (id, name)"]
        );
        let n = node(
            "addPrimaryKey",
            &[
                ("tableName", "t"),
                ("columnNames", "id"),
                ("constraintName", "pk_t"),
                ("clustered", "true"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE t ADD CONSTRAINT pk_t PRIMARY KEY (id)",
                "CLUSTER t USING pk_t"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE t ADD CONSTRAINT pk_t PRIMARY KEY CLUSTERED (id)"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap_err().attr.as_deref(),
            Some("clustered")
        );
        let n = node(
            "dropPrimaryKey",
            &[("tableName", "person"), ("constraintName", "pk_person")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person DROP CONSTRAINT pk_person"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person DROP PRIMARY KEY"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE person DROP CONSTRAINT pk_person"]
        );
        let n = node("addPrimaryKey", &[("tableName", "person")], vec![]);
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap_err().attr.as_deref(),
            Some("columnNames")
        );
    }

    #[test]
    fn drop_primary_key_follows_the_generator_per_database() {
        let named = node(
            "dropPrimaryKey",
            &[("tableName", "person"), ("constraintName", "pk_person")],
            vec![],
        );
        // Oracle and the base generator ignore the name.
        assert_eq!(
            lower(&named, Dialect::Oracle).unwrap(),
            ["ALTER TABLE person DROP PRIMARY KEY DROP INDEX"]
        );
        assert_eq!(
            lower(&named, Dialect::Generic).unwrap(),
            ["ALTER TABLE person DROP PRIMARY KEY"]
        );
        let keep = node(
            "dropPrimaryKey",
            &[("tableName", "person"), ("dropIndex", "false")],
            vec![],
        );
        assert_eq!(
            lower(&keep, Dialect::Oracle).unwrap(),
            ["ALTER TABLE person DROP PRIMARY KEY KEEP INDEX"]
        );
        // Unnamed: fine everywhere but SQLite (a table rebuild).
        let unnamed = node(
            "dropPrimaryKey",
            &[("tableName", "realm_localizations")],
            vec![],
        );
        for d in [
            Dialect::Generic,
            Dialect::Db2,
            Dialect::H2,
            Dialect::Mariadb,
        ] {
            assert_eq!(
                lower(&unnamed, d).unwrap(),
                ["ALTER TABLE realm_localizations DROP PRIMARY KEY"],
                "{d}"
            );
        }
        let pg = lower(&unnamed, Dialect::Postgres).unwrap();
        assert_eq!(pg.len(), 1);
        assert!(pg[0].starts_with("DO $$ DECLARE constraint_name varchar;"));
        assert!(pg[0].contains("AND TABLE_NAME = 'realm_localizations' AND TABLE_SCHEMA = 'null'"));
        assert_eq!(
            lower(&unnamed, Dialect::Sqlite).unwrap_err().kind,
            LowerErrorKind::NeedsDatabase
        );
    }

    #[test]
    fn unique_constraints() {
        let n = node(
            "addUniqueConstraint",
            &[
                ("tableName", "person"),
                ("columnNames", "email"),
                ("constraintName", "uq_email"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ADD CONSTRAINT uq_email UNIQUE (email)"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person ADD CONSTRAINT uq_email UNIQUE (email)"]
        );
        let n = node(
            "dropUniqueConstraint",
            &[("tableName", "person"), ("constraintName", "uq_email")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person DROP CONSTRAINT uq_email"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person DROP KEY uq_email"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE person DROP CONSTRAINT uq_email"]
        );
    }

    #[test]
    fn foreign_keys() {
        let n = node(
            "addForeignKeyConstraint",
            &[
                ("baseTableName", "address"),
                ("baseColumnNames", "person_id"),
                ("referencedTableName", "person"),
                ("referencedColumnNames", "id"),
                ("constraintName", "fk_address_person"),
                ("onDelete", "RESTRICT"),
                ("onUpdate", "CASCADE"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE address ADD CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id) ON UPDATE CASCADE ON DELETE RESTRICT"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "ALTER TABLE address ADD CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id) ON UPDATE CASCADE"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Oracle).unwrap(),
            [
                "ALTER TABLE address ADD CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id)"
            ]
        );
        let n = node(
            "dropForeignKeyConstraint",
            &[("baseTableName", "address"), ("constraintName", "fk_a")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE address DROP CONSTRAINT fk_a"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE address DROP FOREIGN KEY fk_a"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE address DROP CONSTRAINT fk_a"]
        );
    }

    #[test]
    fn lookup_table_mssql_selects_into() {
        let n = node(
            "addLookupTable",
            &[
                ("existingTableName", "address"),
                ("existingColumnName", "state"),
                ("newTableName", "state"),
                ("newColumnName", "abbreviation"),
                ("newColumnDataType", "char(2)"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "SELECT DISTINCT state AS abbreviation INTO state FROM address WHERE state IS NOT NULL",
                "ALTER TABLE state ALTER COLUMN abbreviation char(2) NOT NULL",
                "ALTER TABLE state ADD PRIMARY KEY (abbreviation)",
                "ALTER TABLE address ADD CONSTRAINT FK_ADDRESS_STATE FOREIGN KEY (state) REFERENCES state (abbreviation)"
            ]
        );
    }
}
