//! createTable, dropTable, renameTable.

use super::column::ColumnSpec;
use super::types::auto_increment_clause;
use super::{Db, Gen, LowerError, Lowered, attr_nonempty, flag, remarks, req, string_literal};
use crate::source::ParsedNode;

/// Liquibase's name for an unnamed primary key (`generatePrimaryKeyName`):
/// PostgreSQL's own `<table>_pkey` within its 63-byte limit, elsewhere
/// `PK_<TABLE>`, cut to 30 characters on Oracle and 18 on DB2 (their
/// overrides); MySQL, SQL Server, H2 and the rest keep the whole name.
pub(crate) fn primary_key_name(g: &Gen, table: &str) -> String {
    match g.db {
        Db::Postgres => {
            const LIMIT: usize = 63 - "_pkey".len();
            if table.len() <= LIMIT {
                return format!("{table}_pkey");
            }
            // Cut on a char boundary, then drop one more char as Liquibase does.
            let mut end = LIMIT;
            while !table.is_char_boundary(end) {
                end -= 1;
            }
            let mut base: String = table[..end].to_string();
            base.pop();
            format!("{base}_pkey")
        }
        _ => {
            let upper = table.to_uppercase();
            let cut: String = match (g.db, g.dialect) {
                (Db::Oracle, _) => upper.chars().take(27).collect(),
                (_, crate::dialect::Dialect::Db2) => upper.chars().take(15).collect(),
                _ => upper,
            };
            format!("PK_{cut}")
        }
    }
}

pub(crate) fn create_table(g: &Gen, node: &ParsedNode) -> Lowered {
    let table_name = req(node, "tableName")?;
    let table = g.table(node)?;
    let mut columns = ColumnSpec::read_all(g, node)?;
    // createTable makes a `serial` column auto-increment whatever it says
    // (Liquibase's CreateTableChange; addColumn does not).
    for c in &mut columns {
        c.auto_increment |= c.ty.auto_increment;
    }
    let pk_cols: Vec<&ColumnSpec> = columns.iter().filter(|c| c.primary_key).collect();
    let single_auto_pk = g.db == Db::Sqlite && pk_cols.len() == 1 && pk_cols[0].auto_increment;
    let pk_name = pk_cols
        .iter()
        .find_map(|c| c.primary_key_name.clone())
        .unwrap_or_else(|| primary_key_name(g, table_name));

    let mut items = Vec::new();
    for c in &columns {
        let mut def = format!("{} {}", g.name(&c.name), c.ty.sql);
        if single_auto_pk && c.primary_key {
            def.push_str(&format!(" CONSTRAINT {} PRIMARY KEY", g.name(&pk_name)));
        }
        if let Some(d) = &c.default {
            if g.db == Db::Mssql {
                let name = c
                    .default_constraint_name
                    .clone()
                    .unwrap_or_else(|| format!("DF_{table_name}_{}", c.name));
                def.push_str(&format!(" CONSTRAINT {}", g.name(&name)));
            }
            def.push_str(&format!(" DEFAULT {d}"));
        }
        if c.auto_increment {
            def.push(' ');
            def.push_str(&auto_increment_clause(g, &c.identity));
        }
        if c.not_null() {
            match &c.not_null_name {
                Some(n) if g.db != Db::Mysql => {
                    def.push_str(&format!(" CONSTRAINT {} NOT NULL", g.name(n)));
                }
                _ => def.push_str(" NOT NULL"),
            }
        } else if g.db == Db::Mysql
            || (g.db == Db::Mssql && c.ty.sql.to_ascii_lowercase().contains("timestamp"))
        {
            def.push_str(" NULL");
        }
        if g.db == Db::Mysql
            && let Some(r) = &c.remarks
        {
            def.push_str(&format!(" COMMENT {}", string_literal(g, r)));
        }
        items.push(def);
    }
    if !pk_cols.is_empty() && !single_auto_pk {
        // MySQL wants auto-increment key columns first.
        let mut ordered: Vec<&&ColumnSpec> = pk_cols.iter().collect();
        if g.db == Db::Mysql {
            ordered.sort_by_key(|c| !c.auto_increment);
        }
        let names: Vec<String> = ordered.iter().map(|c| g.name(&c.name)).collect();
        items.push(format!(
            "CONSTRAINT {} PRIMARY KEY ({})",
            g.name(&pk_name),
            names.join(", ")
        ));
    }
    for c in &columns {
        if let Some(fk) = &c.foreign_key {
            let mut s = format!(
                "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}",
                g.name(&fk.name),
                g.name(&c.name),
                fk.target
            );
            if fk.delete_cascade {
                s.push_str(" ON DELETE CASCADE");
            }
            if fk.initially_deferred {
                s.push_str(" INITIALLY DEFERRED");
            }
            if fk.deferrable {
                s.push_str(" DEFERRABLE");
            }
            items.push(s);
        }
    }
    // Unique constraints with the same name become one multi-column constraint.
    let mut uniques: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for c in columns.iter().filter(|c| c.unique) {
        let existing = c
            .unique_name
            .as_ref()
            .and_then(|n| uniques.iter_mut().find(|(u, _)| u.as_ref() == Some(n)));
        match existing {
            Some((_, cols)) => cols.push(g.name(&c.name)),
            None => uniques.push((c.unique_name.clone(), vec![g.name(&c.name)])),
        }
    }
    // Liquibase lists unnamed constraints before named ones.
    uniques.sort_by_key(|(n, _)| n.is_some());
    for (name, cols) in uniques {
        let prefix = name.map_or_else(String::new, |n| format!("CONSTRAINT {} ", g.name(&n)));
        items.push(format!("{prefix}UNIQUE ({})", cols.join(", ")));
    }

    let mut sql = format!("CREATE TABLE {table} ({})", items.join(", "));
    // MySQL takes the first value as a table option (the last one given wins)
    // and has no per-column step.
    if g.db == Db::Mysql {
        if columns
            .iter()
            .any(|c| c.auto_increment && c.identity.increment_by.is_some())
        {
            return Err(LowerError::invalid(
                "incrementBy",
                "`incrementBy` is not allowed on MySQL: its auto increment step is a server setting",
            ));
        }
        if let Some(start) = columns
            .iter()
            .rev()
            .filter(|c| c.auto_increment)
            .find_map(|c| c.identity.start_with.as_deref())
        {
            sql.push_str(&format!(" AUTO_INCREMENT={start}"));
        }
    }
    if let Some(ts) = attr_nonempty(node, "tablespace") {
        match g.db {
            Db::Mssql => sql.push_str(&format!(" ON {ts}")),
            Db::Postgres | Db::Oracle | Db::Mysql => sql.push_str(&format!(" TABLESPACE {ts}")),
            _ => {}
        }
    }
    let remarks = attr_nonempty(node, "remarks");
    if g.db == Db::Mysql
        && let Some(r) = remarks
    {
        sql.push_str(&format!(" COMMENT={}", string_literal(g, r)));
    }
    let mut out = vec![sql];
    if g.db != Db::Mysql {
        if let Some(r) = remarks {
            out.extend(remarks::table_remarks_sql(g, node, table_name, &table, r));
        }
        for c in &columns {
            if let Some(r) = &c.remarks {
                out.extend(remarks::column_remarks_sql(
                    g, node, table_name, &table, &c.name, None, r,
                ));
            }
        }
    }
    Ok(out)
}

pub(crate) fn drop_table(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let cascade = flag(node, "cascadeConstraints")?.unwrap_or(false);
    // DropTableGenerator writes CASCADE only where the database supports
    // it: not on MySQL and MariaDB (which would ignore it), SQL Server, SQLite
    let suffix = match (cascade, g.db) {
        (true, Db::Oracle) => " CASCADE CONSTRAINTS",
        (true, Db::Postgres | Db::H2 | Db::Other) => " CASCADE",
        _ => "",
    };
    Ok(vec![format!("DROP TABLE {table}{suffix}")])
}

pub(crate) fn rename_table(g: &Gen, node: &ParsedNode) -> Lowered {
    let old = req(node, "oldTableName")?;
    let new = req(node, "newTableName")?;
    let from = g.qualified(node, "", old);
    Ok(vec![match g.db {
        Db::Mssql => format!(
            "exec sp_rename {}, {}",
            string_literal(g, &from),
            string_literal(g, new)
        ),
        Db::Mysql => format!("ALTER TABLE {from} RENAME {}", g.name(new)),
        _ => format!("ALTER TABLE {from} RENAME TO {}", g.name(new)),
    }])
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::node;
    use crate::dialect::Dialect;

    fn person() -> crate::source::ParsedNode {
        node(
            "createTable",
            &[("tableName", "person")],
            vec![
                node(
                    "column",
                    &[
                        ("name", "id"),
                        ("type", "bigint"),
                        ("autoIncrement", "true"),
                    ],
                    vec![node("constraints", &[("primaryKey", "true")], vec![])],
                ),
                node(
                    "column",
                    &[("name", "email"), ("type", "varchar(255)")],
                    vec![node(
                        "constraints",
                        &[("nullable", "false"), ("unique", "true")],
                        vec![],
                    )],
                ),
                node(
                    "column",
                    &[
                        ("name", "active"),
                        ("type", "boolean"),
                        ("defaultValueBoolean", "true"),
                    ],
                    vec![],
                ),
                node(
                    "column",
                    &[("name", "team_id"), ("type", "int")],
                    vec![node(
                        "constraints",
                        &[
                            ("foreignKeyName", "fk_person_team"),
                            ("references", "team(id)"),
                            ("deleteCascade", "true"),
                        ],
                        vec![],
                    )],
                ),
            ],
        )
    }

    #[test]
    fn create_table_postgres() {
        assert_eq!(
            lower(&person(), Dialect::Postgres).unwrap(),
            [
                "CREATE TABLE person (id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, \
              email VARCHAR(255) NOT NULL, active BOOLEAN DEFAULT TRUE, team_id INTEGER, \
              CONSTRAINT person_pkey PRIMARY KEY (id), \
              CONSTRAINT fk_person_team FOREIGN KEY (team_id) REFERENCES team(id) ON DELETE CASCADE, \
              UNIQUE (email))"
            ]
        );
    }

    #[test]
    fn create_table_mysql() {
        assert_eq!(
            lower(&person(), Dialect::Mysql).unwrap(),
            ["CREATE TABLE person (id BIGINT AUTO_INCREMENT NOT NULL, \
              email VARCHAR(255) NOT NULL, active TINYINT DEFAULT 1 NULL, team_id INT NULL, \
              CONSTRAINT PK_PERSON PRIMARY KEY (id), \
              CONSTRAINT fk_person_team FOREIGN KEY (team_id) REFERENCES team(id) ON DELETE CASCADE, \
              UNIQUE (email))"]
        );
    }

    #[test]
    fn create_table_mssql() {
        assert_eq!(
            lower(&person(), Dialect::Sqlserver).unwrap(),
            ["CREATE TABLE person (id bigint IDENTITY (1, 1) NOT NULL, \
              email varchar(255) NOT NULL, active bit CONSTRAINT DF_person_active DEFAULT 1, team_id int, \
              CONSTRAINT PK_PERSON PRIMARY KEY (id), \
              CONSTRAINT fk_person_team FOREIGN KEY (team_id) REFERENCES team(id) ON DELETE CASCADE, \
              UNIQUE (email))"]
        );
    }

    #[test]
    fn auto_increment_start_per_database() {
        let n = node(
            "createTable",
            &[("tableName", "t")],
            vec![node(
                "column",
                &[
                    ("name", "id"),
                    ("type", "int"),
                    ("autoIncrement", "true"),
                    ("startWith", "100"),
                ],
                vec![],
            )],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["CREATE TABLE t (id INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 100))"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["CREATE TABLE t (id INT AUTO_INCREMENT NULL) AUTO_INCREMENT=100"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["CREATE TABLE t (id int IDENTITY (100, 1))"]
        );
    }

    #[test]
    fn generated_primary_key_names() {
        let g = |d| super::Gen::new(d);
        assert_eq!(
            super::primary_key_name(&g(Dialect::Postgres), "person"),
            "person_pkey"
        );
        let long = "t".repeat(70);
        let pg = super::primary_key_name(&g(Dialect::Postgres), &long);
        assert_eq!(pg.len(), 62);
        assert!(pg.ends_with("t_pkey"));
        assert_eq!(
            super::primary_key_name(&g(Dialect::Mysql), "person"),
            "PK_PERSON"
        );
        assert_eq!(
            super::primary_key_name(&g(Dialect::Oracle), &long).len(),
            30
        );
        assert_eq!(super::primary_key_name(&g(Dialect::Db2), &long).len(), 18);
        assert_eq!(super::primary_key_name(&g(Dialect::Mysql), &long).len(), 73);
    }

    #[test]
    fn create_table_needs_typed_columns() {
        let n = node(
            "createTable",
            &[("tableName", "t")],
            vec![node("column", &[("name", "a")], vec![])],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap_err().attr.as_deref(),
            Some("type")
        );
        let n = node("createTable", &[("tableName", "t")], vec![]);
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap_err().attr.as_deref(),
            Some("columns")
        );
    }

    #[test]
    fn rename_and_drop_table() {
        let n = node(
            "renameTable",
            &[("oldTableName", "person"), ("newTableName", "employee")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person RENAME TO employee"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person RENAME employee"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["exec sp_rename 'person', 'employee'"]
        );
        let n = node(
            "dropTable",
            &[("tableName", "person"), ("cascadeConstraints", "true")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["DROP TABLE person CASCADE"]
        );
        assert_eq!(
            lower(&n, Dialect::Oracle).unwrap(),
            ["DROP TABLE person CASCADE CONSTRAINTS"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["DROP TABLE person"]
        );
        assert_eq!(lower(&n, Dialect::Mysql).unwrap(), ["DROP TABLE person"]);
    }
}
