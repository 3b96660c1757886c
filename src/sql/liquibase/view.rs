//! createView, dropView, renameView.

use super::{Db, Gen, LowerError, Lowered, attr_nonempty, body_text, flag, req, string_literal};
use crate::source::ParsedNode;

pub(crate) fn create_view(g: &Gen, node: &ParsedNode) -> Lowered {
    let view_name = req(node, "viewName")?;
    let view = g.qualified(node, "", view_name);
    let select = body_text(node, "selectQuery")
        .ok_or_else(|| LowerError::missing(node, "selectQuery"))?
        .trim()
        .trim_end_matches(';')
        .trim_end();
    // fullDefinition: the text is the whole CREATE VIEW statement.
    let full = flag(node, "fullDefinition")? == Some(true);
    let definition = if full {
        select.to_string()
    } else {
        format!("CREATE VIEW {view} AS {select}")
    };
    if flag(node, "replaceIfExists")? != Some(true) {
        return Ok(vec![definition]);
    }
    Ok(match g.db {
        // SQL Server: create a stub when missing, then ALTER it.
        Db::Mssql => {
            let schema = attr_nonempty(node, "schemaName").unwrap_or("dbo");
            let q = |s: &str| s.replace('\'', "''");
            vec![
                format!(
                    "IF NOT EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[{s}].[{v}]'))\n    \
                     EXEC sp_executesql N'CREATE VIEW [{s}].[{v}] AS SELECT ''This is a code stub which will be \
                     replaced by an Alter Statement'' as [code_stub]'",
                    s = q(schema),
                    v = q(view_name)
                ),
                replace_create(&definition, "ALTER"),
            ]
        }
        Db::Sqlite => vec![format!("DROP VIEW IF EXISTS {view}"), definition],
        _ if select.to_ascii_uppercase().contains("OR REPLACE") => vec![definition],
        _ => vec![replace_create(&definition, "CREATE OR REPLACE")],
    })
}

/// The leading `CREATE` keyword of a definition swapped for `with`.
fn replace_create(definition: &str, with: &str) -> String {
    let trimmed = definition.trim_start();
    match trimmed.get(..6) {
        Some(head) if head.eq_ignore_ascii_case("CREATE") => format!("{with}{}", &trimmed[6..]),
        _ => definition.to_string(),
    }
}

pub(crate) fn drop_view(g: &Gen, node: &ParsedNode) -> Lowered {
    let view = g.qualified(node, "", req(node, "viewName")?);
    let if_exists = if flag(node, "ifExists")? == Some(true) {
        "IF EXISTS "
    } else {
        ""
    };
    Ok(vec![format!("DROP VIEW {if_exists}{view}")])
}

pub(crate) fn rename_view(g: &Gen, node: &ParsedNode) -> Lowered {
    let old = g.qualified(node, "", req(node, "oldViewName")?);
    let new = g.name(req(node, "newViewName")?);
    Ok(vec![match g.db {
        Db::Postgres | Db::Other => format!("ALTER TABLE {old} RENAME TO {new}"),
        Db::Mysql => format!("RENAME TABLE {old} TO {new}"),
        Db::Mssql => format!(
            "exec sp_rename {}, {}",
            string_literal(g, &old),
            string_literal(g, &new)
        ),
        Db::Oracle | Db::Sqlite => format!("RENAME {old} TO {new}"),
        Db::H2 => return Err(LowerError::unsupported(node, g.dialect)),
    }])
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::{node, with_text};
    use crate::dialect::Dialect;

    #[test]
    fn create_view_from_body_or_attribute() {
        let n = with_text(
            node(
                "createView",
                &[("viewName", "v_person"), ("replaceIfExists", "true")],
                vec![],
            ),
            "\n  SELECT id, name FROM person;\n",
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["CREATE OR REPLACE VIEW v_person AS SELECT id, name FROM person"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["CREATE OR REPLACE VIEW v_person AS SELECT id, name FROM person"]
        );
        let ms = lower(&n, Dialect::Sqlserver).unwrap();
        assert_eq!(ms.len(), 2);
        assert!(ms[0].starts_with("IF NOT EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[v_person]'))"));
        assert_eq!(ms[1], "ALTER VIEW v_person AS SELECT id, name FROM person");
        let n = node(
            "createView",
            &[
                ("viewName", "v"),
                ("fullDefinition", "true"),
                ("replaceIfExists", "true"),
                ("selectQuery", "create view v as select 1"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["CREATE OR REPLACE view v as select 1"]
        );
        let n = node("createView", &[("viewName", "v")], vec![]);
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap_err().attr.as_deref(),
            Some("selectQuery")
        );
    }

    #[test]
    fn drop_and_rename_view() {
        let n = node(
            "dropView",
            &[("viewName", "v_person"), ("ifExists", "true")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["DROP VIEW IF EXISTS v_person"]
        );
        let n = node(
            "renameView",
            &[("oldViewName", "v_a"), ("newViewName", "v_b")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER TABLE v_a RENAME TO v_b"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["RENAME TABLE v_a TO v_b"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["exec sp_rename 'v_a', 'v_b'"]
        );
    }
}
