//! Column changes: addColumn, dropColumn, renameColumn, modifyDataType,
//! mergeColumns; and the `<column>` element itself.

use super::types::{DbType, Identity, auto_increment_clause, map};
use super::value::{column_value, default_value};
use super::{
    Db, Gen, LowerError, Lowered, attr_nonempty, column_alter, constraint, flag, remarks, req,
    string_literal, synthetic,
};
use crate::source::ParsedNode;

/// A foreign key declared in a column's `<constraints>`.
pub(crate) struct InlineForeignKey {
    pub name: String,
    /// `table(cols)` as Liquibase writes it after `REFERENCES` in CREATE TABLE.
    pub target: String,
    /// The referenced table (`schema.table` allowed) and columns, unescaped.
    pub ref_table: String,
    pub ref_cols: String,
    pub delete_cascade: bool,
    pub deferrable: bool,
    pub initially_deferred: bool,
}

/// One `<column>` of createTable/addColumn with its `<constraints>`.
pub(crate) struct ColumnSpec {
    pub name: String,
    /// The type as written in the changelog.
    pub raw_type: String,
    pub ty: DbType,
    pub auto_increment: bool,
    pub identity: Identity,
    pub default: Option<String>,
    pub default_constraint_name: Option<String>,
    pub remarks: Option<String>,
    pub nullable: Option<bool>,
    pub not_null_name: Option<String>,
    pub primary_key: bool,
    pub primary_key_name: Option<String>,
    pub unique: bool,
    pub unique_name: Option<String>,
    pub foreign_key: Option<InlineForeignKey>,
    /// `value…` of an addColumn column: fills existing rows.
    pub value: Option<String>,
    pub after: Option<String>,
}

impl ColumnSpec {
    /// The `column` children of `node`, at least one (Liquibase's
    /// validation for `createTable` and `addColumn`).
    pub(crate) fn read_all(g: &Gen, node: &ParsedNode) -> Result<Vec<ColumnSpec>, LowerError> {
        let cols: Vec<ColumnSpec> = super::columns(node)
            .map(|c| ColumnSpec::read(g, c, true))
            .collect::<Result<_, _>>()?;
        if cols.is_empty() {
            return Err(LowerError::invalid(
                "columns",
                format!("`{}` requires at least one `column`", node.name),
            ));
        }
        Ok(cols)
    }

    pub fn not_null(&self) -> bool {
        self.primary_key || self.nullable == Some(false)
    }

    pub fn read(g: &Gen, col: &ParsedNode, typed: bool) -> Result<Self, LowerError> {
        let name = req(col, "name")?.to_string();
        let raw_type = match attr_nonempty(col, "type") {
            Some(t) => t,
            None if typed => return Err(LowerError::missing(col, "type")),
            None => "",
        };
        let auto_increment = flag(col, "autoIncrement")?.unwrap_or(false);
        let ty = map(g, raw_type);
        let cons = col.child("constraints");
        let cflag = |attr: &str| -> Result<Option<bool>, LowerError> {
            match cons {
                Some(c) => flag(c, attr),
                None => Ok(None),
            }
        };
        let cattr = |attr: &str| {
            cons.and_then(|c| attr_nonempty(c, attr))
                .map(str::to_string)
        };
        let foreign_key = match (cattr("references"), cattr("referencedTableName")) {
            (None, None) => None,
            (references, referenced_table) => {
                let (target, ref_table, ref_cols) = match (references, referenced_table, cons) {
                    (_, Some(t), Some(cons)) => {
                        let cols = g.name_list(cons, "referencedColumnNames")?;
                        let raw_cols = req(cons, "referencedColumnNames")?.to_string();
                        let schema = attr_nonempty(cons, "referencedTableSchemaName");
                        let full = schema.map_or_else(|| t.clone(), |s| format!("{s}.{t}"));
                        (
                            format!("{}({cols})", g.qualified(cons, "referencedTable", &t)),
                            full,
                            raw_cols,
                        )
                    }
                    (Some(r), _, _) => {
                        let (table, cols) = split_references(&r)?;
                        (r.clone(), table, cols)
                    }
                    _ => return Err(LowerError::missing(col, "constraints")),
                };
                let name = cattr("foreignKeyName").ok_or_else(|| {
                    LowerError::invalid(
                        "foreignKeyName",
                        format!("the foreign key on column `{name}` needs a `foreignKeyName`"),
                    )
                })?;
                Some(InlineForeignKey {
                    name,
                    target,
                    ref_table,
                    ref_cols,
                    delete_cascade: cflag("deleteCascade")?.unwrap_or(false),
                    deferrable: cflag("deferrable")?.unwrap_or(false),
                    initially_deferred: cflag("initiallyDeferred")?.unwrap_or(false),
                })
            }
        };
        Ok(ColumnSpec {
            raw_type: raw_type.to_string(),
            default: default_value(g, col, Some(ty.family))?,
            value: column_value(g, col, Some(ty.family))?,
            name,
            auto_increment,
            identity: Identity::of(col),
            default_constraint_name: attr_nonempty(col, "defaultValueConstraintName")
                .map(str::to_string),
            // MySQL: an empty `remarks=""` is still written, `COMMENT ''`
            // (Fineract's investor module)
            remarks: if g.db == Db::Mysql {
                col.attr("remarks").map(str::to_string)
            } else {
                attr_nonempty(col, "remarks").map(str::to_string)
            },
            nullable: cflag("nullable")?,
            not_null_name: cattr("notNullConstraintName"),
            primary_key: cflag("primaryKey")?.unwrap_or(false),
            primary_key_name: cattr("primaryKeyName"),
            unique: cflag("unique")?.unwrap_or(false),
            unique_name: cattr("uniqueConstraintName"),
            foreign_key,
            after: attr_nonempty(col, "afterColumn").map(str::to_string),
            ty,
        })
    }
}

/// `references="schema.table(col)"` split into table and column, as
/// Liquibase reads it (one column only).
fn split_references(r: &str) -> Result<(String, String), LowerError> {
    let bad = || {
        LowerError::invalid(
            "references",
            format!("`references` must look like `table(column)`, not `{r}`"),
        )
    };
    let (table, rest) = r.split_once('(').ok_or_else(bad)?;
    let col = rest.trim().strip_suffix(')').ok_or_else(bad)?.trim();
    let table = table.trim();
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    if !plain(table) || !plain(col) || col.contains('.') {
        return Err(bad());
    }
    Ok((table.to_string(), col.to_string()))
}

/// `ALTER TABLE t ADD …` for one column, as AddColumnGenerator writes it.
fn add_column_clause(g: &Gen, table_name: &str, c: &ColumnSpec) -> String {
    let mut s = format!("ADD {} {}", g.name(&c.name), c.ty.sql);
    if c.auto_increment {
        s.push(' ');
        s.push_str(&auto_increment_clause(g, &c.identity));
    }
    if let Some(d) = &c.default {
        if g.db == Db::Mssql {
            let name = c
                .default_constraint_name
                .clone()
                .unwrap_or_else(|| format!("DF_{table_name}_{}", c.name));
            s.push_str(&format!(" CONSTRAINT {}", g.name(&name)));
        }
        s.push_str(&format!(" DEFAULT {d}"));
    }
    // With a value, NOT NULL comes after the rows are filled.
    if c.not_null() && (c.value.is_none() || c.primary_key) {
        if let Some(n) = &c.not_null_name {
            s.push_str(&format!(" CONSTRAINT {}", g.name(n)));
        }
        s.push_str(" NOT NULL");
    } else if g.db == Db::Mysql {
        s.push_str(" NULL");
    }
    if c.primary_key {
        s.push_str(" PRIMARY KEY");
    }
    if g.db == Db::Mysql {
        if let Some(r) = &c.remarks {
            s.push_str(&format!(" COMMENT {}", string_literal(g, r)));
        }
        if let Some(a) = &c.after {
            s.push_str(&format!(" AFTER {}", g.name(a)));
        }
    }
    s
}

pub(crate) fn add_column(g: &Gen, node: &ParsedNode) -> Lowered {
    let table_name = req(node, "tableName")?;
    let table = g.table(node)?;
    super::columns::placement_refused(g, node)?;
    let cols = ColumnSpec::read_all(g, node)?;
    if g.db == Db::Sqlite {
        return Err(LowerError::needs_database(
            "Liquibase adds columns on SQLite by rebuilding the table from a snapshot of the live database",
        ));
    }
    let schema = attr_nonempty(node, "schemaName").unwrap_or("");
    let catalog = attr_nonempty(node, "catalogName").unwrap_or("");
    // Each column's unique constraint and foreign key follow its ADD.
    let extras = |c: &ColumnSpec| -> Lowered {
        let mut out = Vec::new();
        if c.unique {
            let mut attrs = vec![
                ("tableName", table_name),
                ("schemaName", schema),
                ("catalogName", catalog),
                ("columnNames", c.name.as_str()),
            ];
            if let Some(n) = &c.unique_name {
                attrs.push(("constraintName", n));
            }
            out.extend(constraint::add_unique(
                g,
                &synthetic(node, "addUniqueConstraint", &attrs),
            )?);
        }
        if let Some(fk) = &c.foreign_key {
            let (ref_schema, ref_table) = match fk.ref_table.split_once('.') {
                Some((s, t)) => (s, t),
                None => ("", fk.ref_table.as_str()),
            };
            let cascade = if fk.delete_cascade { "true" } else { "false" };
            let attrs = [
                ("baseTableName", table_name),
                ("baseTableSchemaName", schema),
                ("baseTableCatalogName", catalog),
                ("baseColumnNames", c.name.as_str()),
                ("referencedTableName", ref_table),
                ("referencedTableSchemaName", ref_schema),
                ("referencedColumnNames", fk.ref_cols.as_str()),
                ("constraintName", fk.name.as_str()),
                ("deleteCascade", cascade),
            ];
            out.extend(constraint::add_foreign_key(
                g,
                &synthetic(node, "addForeignKeyConstraint", &attrs),
            )?);
        }
        Ok(out)
    };
    let mut out = Vec::new();
    if g.db == Db::Mysql {
        let clauses: Vec<String> = cols
            .iter()
            .map(|c| add_column_clause(g, table_name, c))
            .collect();
        out.push(format!("ALTER TABLE {table} {}", clauses.join(", ")));
        for c in &cols {
            out.extend(extras(c)?);
        }
    } else {
        for c in &cols {
            out.push(format!(
                "ALTER TABLE {table} {}",
                add_column_clause(g, table_name, c)
            ));
            out.extend(extras(c)?);
        }
    }
    for c in &cols {
        if let Some(v) = &c.value {
            out.push(format!("UPDATE {table} SET {} = {v}", g.name(&c.name)));
        }
    }
    // A NOT NULL column given a value is filled first, then constrained.
    for (c, col_node) in cols.iter().zip(super::columns(node)) {
        if !(c.not_null() && c.value.is_some() && !c.primary_key) {
            continue;
        }
        let mut attrs = vec![
            ("tableName", table_name),
            ("schemaName", schema),
            ("catalogName", catalog),
            ("columnName", c.name.as_str()),
            ("columnDataType", c.raw_type.as_str()),
        ];
        if let Some(n) = &c.not_null_name {
            attrs.push(("constraintName", n));
        }
        out.extend(column_alter::add_not_null(
            g,
            &synthetic(node, "addNotNullConstraint", &attrs),
        )?);
        // MySQL's MODIFY drops the default; Liquibase sets it again.
        if g.db == Db::Mysql && c.default.is_some() {
            let mut dv = synthetic(
                node,
                "addDefaultValue",
                &[
                    ("tableName", table_name),
                    ("schemaName", schema),
                    ("catalogName", catalog),
                    ("columnName", c.name.as_str()),
                ],
            );
            dv.attrs.extend(
                col_node
                    .attrs
                    .iter()
                    .filter(|(k, _)| k.starts_with("defaultValue"))
                    .cloned(),
            );
            out.extend(column_alter::add_default_value(g, &dv)?);
        }
    }
    if g.db != Db::Mysql {
        for c in &cols {
            if let Some(r) = &c.remarks {
                out.extend(remarks::column_remarks_sql(
                    g, node, table_name, &table, &c.name, None, r,
                ));
            }
        }
    }
    Ok(out)
}

/// The statements that drop one column of `table`.
pub(crate) fn drop_column_sql(g: &Gen, table: &str, column: &str) -> Vec<String> {
    let drop = format!("ALTER TABLE {table} DROP COLUMN {}", g.name(column));
    match g.db {
        Db::Mssql => vec![column_alter::mssql_drop_default(table, column), drop],
        _ => vec![drop],
    }
}

pub(crate) fn drop_column(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let mut names: Vec<&str> = super::columns(node)
        .map(|c| req(c, "name"))
        .collect::<Result<_, _>>()?;
    if let Some(n) = attr_nonempty(node, "columnName") {
        names.insert(0, n);
    }
    if names.is_empty() {
        return Err(LowerError::missing(node, "columnName"));
    }
    // MySQL drops several at once, each as `DROP c` (DropColumnGenerator)
    if g.db == Db::Mysql && names.len() > 1 {
        let drops: Vec<String> = names
            .iter()
            .map(|n| format!("DROP {}", g.name(n)))
            .collect();
        return Ok(vec![format!("ALTER TABLE {table} {}", drops.join(", "))]);
    }
    Ok(names
        .iter()
        .flat_map(|n| drop_column_sql(g, &table, n))
        .collect())
}

pub(crate) fn rename_column(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let old = req(node, "oldColumnName")?;
    let new = req(node, "newColumnName")?;
    Ok(vec![match g.db {
        Db::Mssql => format!(
            "exec sp_rename {}, {}, 'COLUMN'",
            string_literal(g, &format!("{table}.{old}")),
            string_literal(g, new)
        ),
        Db::H2 => format!(
            "ALTER TABLE {table} ALTER COLUMN {} RENAME TO {}",
            g.name(old),
            g.name(new)
        ),
        // With a type, MySQL's CHANGE keeps it explicit (older servers need it).
        Db::Mysql if attr_nonempty(node, "columnDataType").is_some() => {
            let ty = map(g, req(node, "columnDataType")?);
            format!(
                "ALTER TABLE {table} CHANGE {} {} {}",
                g.name(old),
                g.name(new),
                ty.sql
            )
        }
        _ => format!(
            "ALTER TABLE {table} RENAME COLUMN {} TO {}",
            g.name(old),
            g.name(new)
        ),
    }])
}

pub(crate) fn modify_data_type(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let col = g.name(req(node, "columnName")?);
    let ty = map(g, req(node, "newDataType")?).sql;
    Ok(vec![match g.db {
        Db::Postgres => {
            format!("ALTER TABLE {table} ALTER COLUMN {col} TYPE {ty} USING ({col}::{ty})")
        }
        Db::Mysql | Db::Oracle => format!("ALTER TABLE {table} MODIFY {col} {ty}"),
        Db::Sqlite => format!("ALTER TABLE {table} ALTER COLUMN {col} TYPE {ty}"),
        _ => format!("ALTER TABLE {table} ALTER COLUMN {col} {ty}"),
    }])
}

pub(crate) fn merge_columns(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    let c1 = req(node, "column1Name")?;
    let c2 = req(node, "column2Name")?;
    let fin = req(node, "finalColumnName")?;
    let fin_type = req(node, "finalColumnType")?;
    if g.db == Db::Sqlite {
        return Err(column_alter::sqlite_rebuild(node));
    }
    // Liquibase quotes `joinString` as given; when it is absent its Java
    // null prints as the word null, and that is what runs.
    let join = string_literal(g, node.attr("joinString").unwrap_or("null"));
    let (a, b) = (g.name(c1), g.name(c2));
    let concat = match g.db {
        Db::Mysql => format!("CONCAT_WS({join}, {a}, {b})"),
        Db::Mssql => format!("{a} + {join} + {b}"),
        Db::H2 => format!("CONCAT({a}, CONCAT({join}, {b}))"),
        _ => format!("{a} || {join} || {b}"),
    };
    let mut add = format!(
        "ALTER TABLE {table} ADD {} {}",
        g.name(fin),
        map(g, fin_type).sql
    );
    if g.db == Db::Mysql {
        add.push_str(" NULL");
    }
    let mut out = vec![
        add,
        format!("UPDATE {table} SET {} = {concat}", g.name(fin)),
    ];
    out.extend(drop_column_sql(g, &table, c1));
    out.extend(drop_column_sql(g, &table, c2));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::node;
    use crate::dialect::Dialect;

    #[test]
    fn add_column_per_database() {
        let n = node(
            "addColumn",
            &[("tableName", "person")],
            vec![
                node(
                    "column",
                    &[
                        ("name", "nickname"),
                        ("type", "varchar(50)"),
                        ("defaultValue", "none"),
                    ],
                    vec![node("constraints", &[("nullable", "false")], vec![])],
                ),
                node("column", &[("name", "age"), ("type", "int")], vec![]),
            ],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE person ADD nickname VARCHAR(50) DEFAULT 'none' NOT NULL",
                "ALTER TABLE person ADD age INTEGER"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "ALTER TABLE person ADD nickname VARCHAR(50) DEFAULT 'none' NOT NULL, ADD age INT NULL"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "ALTER TABLE person ADD nickname varchar(50) CONSTRAINT DF_person_nickname DEFAULT 'none' NOT NULL",
                "ALTER TABLE person ADD age int"
            ]
        );
    }

    #[test]
    fn add_column_constraints_follow_each_column() {
        let n = node(
            "addColumn",
            &[("tableName", "address")],
            vec![
                node(
                    "column",
                    &[("name", "person_id"), ("type", "bigint")],
                    vec![node(
                        "constraints",
                        &[
                            ("references", "person(id)"),
                            ("foreignKeyName", "fk_address_person"),
                            ("deleteCascade", "true"),
                        ],
                        vec![],
                    )],
                ),
                node(
                    "column",
                    &[("name", "code"), ("type", "varchar(10)")],
                    vec![node(
                        "constraints",
                        &[("unique", "true"), ("uniqueConstraintName", "uq_code")],
                        vec![],
                    )],
                ),
            ],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE address ADD person_id BIGINT",
                "ALTER TABLE address ADD CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE",
                "ALTER TABLE address ADD code VARCHAR(10)",
                "ALTER TABLE address ADD CONSTRAINT uq_code UNIQUE (code)",
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "ALTER TABLE address ADD person_id BIGINT NULL, ADD code VARCHAR(10) NULL",
                "ALTER TABLE address ADD CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE",
                "ALTER TABLE address ADD CONSTRAINT uq_code UNIQUE (code)",
            ]
        );
        let bad = node(
            "addColumn",
            &[("tableName", "t")],
            vec![node(
                "column",
                &[("name", "a"), ("type", "int")],
                vec![node(
                    "constraints",
                    &[("references", "person"), ("foreignKeyName", "fk")],
                    vec![],
                )],
            )],
        );
        assert_eq!(
            lower(&bad, Dialect::Postgres).unwrap_err().attr.as_deref(),
            Some("references")
        );
    }

    #[test]
    fn add_not_null_column_with_value_is_filled_then_constrained() {
        let n = node(
            "addColumn",
            &[("tableName", "person")],
            vec![node(
                "column",
                &[
                    ("name", "status"),
                    ("type", "varchar(10)"),
                    ("value", "new"),
                    ("defaultValue", "new"),
                ],
                vec![node("constraints", &[("nullable", "false")], vec![])],
            )],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE person ADD status VARCHAR(10) DEFAULT 'new'",
                "UPDATE person SET status = 'new'",
                "ALTER TABLE person ALTER COLUMN status SET NOT NULL",
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "ALTER TABLE person ADD status VARCHAR(10) DEFAULT 'new' NULL",
                "UPDATE person SET status = 'new'",
                "ALTER TABLE person MODIFY status VARCHAR(10) NOT NULL",
                "ALTER TABLE person ALTER status SET DEFAULT 'new'",
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "ALTER TABLE person ADD status varchar(10) CONSTRAINT DF_person_status DEFAULT 'new'",
                "UPDATE person SET status = 'new'",
                "ALTER TABLE person ALTER COLUMN status varchar(10) NOT NULL",
            ]
        );
    }

    #[test]
    fn add_column_with_value_fills_rows() {
        let n = node(
            "addColumn",
            &[("tableName", "person")],
            vec![node(
                "column",
                &[
                    ("name", "active"),
                    ("type", "boolean"),
                    ("valueBoolean", "true"),
                ],
                vec![],
            )],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE person ADD active BOOLEAN",
                "UPDATE person SET active = TRUE"
            ]
        );
    }

    #[test]
    fn rename_modify_and_drop() {
        let n = node(
            "renameColumn",
            &[
                ("tableName", "person"),
                ("oldColumnName", "name"),
                ("newColumnName", "full_name"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person RENAME COLUMN name TO full_name"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person RENAME COLUMN name TO full_name"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["exec sp_rename 'person.name', 'full_name', 'COLUMN'"]
        );
        let n = node(
            "modifyDataType",
            &[
                ("tableName", "person"),
                ("columnName", "id"),
                ("newDataType", "bigint"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE person ALTER COLUMN id TYPE BIGINT USING (id::BIGINT)"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person MODIFY id BIGINT"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["ALTER TABLE person ALTER COLUMN id bigint"]
        );
        let n = node(
            "dropColumn",
            &[("tableName", "person")],
            vec![
                node("column", &[("name", "a")], vec![]),
                node("column", &[("name", "b")], vec![]),
            ],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person DROP a, DROP b"]
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE person DROP COLUMN a",
                "ALTER TABLE person DROP COLUMN b"
            ]
        );
        assert_eq!(lower(&n, Dialect::Sqlserver).unwrap().len(), 4);
    }

    #[test]
    fn merge_columns() {
        let n = node(
            "mergeColumns",
            &[
                ("tableName", "person"),
                ("column1Name", "first"),
                ("column2Name", "last"),
                ("finalColumnName", "full"),
                ("finalColumnType", "varchar(255)"),
                ("joinString", " "),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "ALTER TABLE person ADD `full` VARCHAR(255) NULL",
                "UPDATE person SET `full` = CONCAT_WS(' ', first, last)",
                "ALTER TABLE person DROP COLUMN first",
                "ALTER TABLE person DROP COLUMN last"
            ]
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap()[1],
            "UPDATE person SET \"full\" = first || ' ' || last"
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap()[1],
            "UPDATE person SET [full] = first + ' ' + last"
        );
    }
}
