//! Comments on tables and columns: setTableRemarks, setColumnRemarks, and
//! the remarks of createTable/addColumn.

use super::column_alter::restated_type;
use super::{Db, Gen, LowerError, Lowered, attr_nonempty, req, string_literal};
use crate::source::ParsedNode;

pub(crate) fn set_table_remarks(g: &Gen, node: &ParsedNode) -> Lowered {
    let name = req(node, "tableName")?;
    let table = g.table(node)?;
    let remarks = node.attr("remarks").unwrap_or("");
    if g.db == Db::Mysql {
        return Ok(vec![format!(
            "ALTER TABLE {table} COMMENT = {}",
            string_literal(g, remarks)
        )]);
    }
    Ok(table_remarks_sql(g, node, name, &table, remarks))
}

pub(crate) fn table_remarks_sql(
    g: &Gen,
    node: &ParsedNode,
    name: &str,
    table: &str,
    remarks: &str,
) -> Vec<String> {
    match g.db {
        Db::Mssql => vec![mssql_description(node, name, None, remarks)],
        Db::Sqlite => vec![],
        _ => vec![format!(
            "COMMENT ON TABLE {table} IS {}",
            string_literal(g, remarks)
        )],
    }
}

pub(crate) fn set_column_remarks(g: &Gen, node: &ParsedNode) -> Lowered {
    let table_name = req(node, "tableName")?;
    let table = g.table(node)?;
    let col = req(node, "columnName")?;
    let remarks = node.attr("remarks").unwrap_or("");
    if g.db == Db::Sqlite {
        return Err(LowerError::unsupported(node, g.dialect));
    }
    let ty = if g.db == Db::Mysql {
        Some(restated_type(g, node)?)
    } else {
        None
    };
    Ok(column_remarks_sql(
        g,
        node,
        table_name,
        &table,
        col,
        ty.as_deref(),
        remarks,
    ))
}

/// The statements that set a column comment.
pub(crate) fn column_remarks_sql(
    g: &Gen,
    node: &ParsedNode,
    table_name: &str,
    table: &str,
    column: &str,
    mysql_type: Option<&str>,
    remarks: &str,
) -> Vec<String> {
    match g.db {
        Db::Mssql => vec![mssql_description(node, table_name, Some(column), remarks)],
        Db::Mysql => match mysql_type {
            Some(ty) => vec![format!(
                "ALTER TABLE {table} MODIFY COLUMN {} {ty} COMMENT {}",
                g.name(column),
                string_literal(g, remarks)
            )],
            None => vec![],
        },
        Db::Sqlite => vec![],
        _ => vec![format!(
            "COMMENT ON COLUMN {table}.{} IS {}",
            g.name(column),
            string_literal(g, remarks)
        )],
    }
}

/// SQL Server keeps comments as `MS_Description` extended properties;
/// Liquibase updates the property when present and adds it otherwise.
pub(crate) fn mssql_description(
    node: &ParsedNode,
    table: &str,
    column: Option<&str>,
    remarks: &str,
) -> String {
    let schema = attr_nonempty(node, "schemaName").unwrap_or("dbo");
    let q = |s: &str| s.replace('\'', "''");
    let obj = format!("{}.{}", q(schema), q(table));
    let minor = match column {
        Some(c) => format!(
            "( SELECT column_id FROM sys.columns WHERE name = '{}' AND object_id = OBJECT_ID('{obj}'))",
            q(c)
        ),
        None => "0".to_string(),
    };
    let mut args = format!(
        "@name = N'MS_Description' , @value = N'{}' , @level0type = N'SCHEMA' , @level0name = N'{}' , \
         @level1type = N'TABLE' , @level1name = N'{}'",
        q(remarks),
        q(schema),
        q(table)
    );
    if let Some(c) = column {
        args.push_str(&format!(
            " , @level2type = N'COLUMN' , @level2name = N'{}'",
            q(c)
        ));
    }
    format!(
        "IF EXISTS(  SELECT extended_properties.value FROM sys.extended_properties WHERE major_id = \
         OBJECT_ID('{obj}') AND name = N'MS_DESCRIPTION' AND minor_id = {minor} ) BEGIN  EXEC \
         sys.sp_updateextendedproperty {args} END  ELSE  BEGIN  EXEC sys.sp_addextendedproperty \
         {args} END"
    )
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::node;
    use crate::dialect::Dialect;

    #[test]
    fn remarks_per_database() {
        let n = node(
            "setTableRemarks",
            &[("tableName", "person"), ("remarks", "People's data")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["COMMENT ON TABLE person IS 'People''s data'"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person COMMENT = 'People''s data'"]
        );
        let ms = lower(&n, Dialect::Sqlserver).unwrap();
        assert!(ms[0].contains(
            "EXEC sys.sp_addextendedproperty @name = N'MS_Description' , @value = N'People''s data'"
        ));
        let n = node(
            "setColumnRemarks",
            &[
                ("tableName", "person"),
                ("columnName", "id"),
                ("remarks", "key"),
                ("columnDataType", "bigint"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["COMMENT ON COLUMN person.id IS 'key'"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE person MODIFY COLUMN id BIGINT COMMENT 'key'"]
        );
        assert!(
            lower(&n, Dialect::Sqlserver).unwrap()[0]
                .contains("@level2type = N'COLUMN' , @level2name = N'id'")
        );
    }
}
