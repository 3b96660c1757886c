//! createView, dropView, renameView.

use super::{Db, Gen, LowerError, Lowered, body_text, flag, req, string_literal};
use crate::source::ParsedNode;

pub(crate) fn create_view(g: &Gen, node: &ParsedNode) -> Lowered {
    let view = g.qualified(node, "", req(node, "viewName")?);
    let select = body_text(node, "selectQuery")
        .ok_or_else(|| LowerError::missing(node, "selectQuery"))?
        .trim()
        .trim_end_matches(';')
        .trim_end();
    // fullDefinition: the text is the whole CREATE VIEW statement.
    if flag(node, "fullDefinition")? == Some(true) {
        return Ok(vec![select.to_string()]);
    }
    let replace = flag(node, "replaceIfExists")? == Some(true);
    Ok(match (replace, g.db) {
        (false, _) => vec![format!("CREATE VIEW {view} AS {select}")],
        (true, Db::Mssql) => vec![format!("CREATE OR ALTER VIEW {view} AS {select}")],
        (true, Db::Sqlite) => vec![
            format!("DROP VIEW IF EXISTS {view}"),
            format!("CREATE VIEW {view} AS {select}"),
        ],
        (true, _) => vec![format!("CREATE OR REPLACE VIEW {view} AS {select}")],
    })
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
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["CREATE OR ALTER VIEW v_person AS SELECT id, name FROM person"]
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
