//! createSequence, alterSequence, dropSequence, renameSequence.

use super::{Db, Gen, LowerError, Lowered, attr_nonempty, flag, req};
use crate::source::ParsedNode;

/// MySQL has no sequences (MariaDB does).
fn supported(g: &Gen, node: &ParsedNode) -> Result<(), LowerError> {
    if g.dialect == crate::dialect::Dialect::Mysql || g.db == Db::Sqlite {
        return Err(LowerError::unsupported(node, g.dialect));
    }
    Ok(())
}

/// The options shared by CREATE and ALTER SEQUENCE, in Liquibase's order.
fn options(g: &Gen, node: &ParsedNode, create: bool) -> Result<String, LowerError> {
    let mut s = String::new();
    if create
        && let Some(t) = attr_nonempty(node, "dataType")
        && matches!(g.db, Db::Postgres | Db::Mssql | Db::H2)
    {
        s.push_str(&format!(" AS {t}"));
    }
    if create && let Some(v) = attr_nonempty(node, "startValue") {
        s.push_str(&format!(" START WITH {v}"));
    }
    if let Some(v) = attr_nonempty(node, "incrementBy") {
        s.push_str(&format!(" INCREMENT BY {v}"));
    }
    if let Some(v) = attr_nonempty(node, "minValue") {
        s.push_str(&format!(" MINVALUE {v}"));
    }
    if let Some(v) = attr_nonempty(node, "maxValue") {
        s.push_str(&format!(" MAXVALUE {v}"));
    }
    if let Some(v) = attr_nonempty(node, "cacheSize") {
        s.push_str(&if v.trim() == "0" && g.db == Db::Oracle {
            " NOCACHE".to_string()
        } else {
            format!(" CACHE {v}")
        });
    }
    if flag(node, "ordered")? == Some(true) && matches!(g.db, Db::Oracle | Db::H2 | Db::Other) {
        s.push_str(" ORDER");
    }
    match (flag(node, "cycle")?, g.db) {
        (Some(true), _) => s.push_str(" CYCLE"),
        (Some(false), Db::Oracle) => s.push_str(" NOCYCLE"),
        (Some(false), Db::Postgres | Db::Mssql) => s.push_str(" NO CYCLE"),
        _ => {}
    }
    Ok(s)
}

pub(crate) fn create_sequence(g: &Gen, node: &ParsedNode) -> Lowered {
    let seq = g.qualified(node, "", req(node, "sequenceName")?);
    supported(g, node)?;
    // Liquibase writes IF NOT EXISTS on PostgreSQL only.
    let if_not_exists = if g.db == Db::Postgres {
        " IF NOT EXISTS"
    } else {
        ""
    };
    Ok(vec![format!(
        "CREATE SEQUENCE{if_not_exists} {seq}{}",
        options(g, node, true)?
    )])
}

pub(crate) fn alter_sequence(g: &Gen, node: &ParsedNode) -> Lowered {
    let seq = g.qualified(node, "", req(node, "sequenceName")?);
    supported(g, node)?;
    let opts = options(g, node, false)?;
    if opts.is_empty() {
        return Err(LowerError::invalid(
            "incrementBy",
            "`alterSequence` changes nothing: give incrementBy, minValue, maxValue, cacheSize, ordered or cycle",
        ));
    }
    Ok(vec![format!("ALTER SEQUENCE {seq}{opts}")])
}

pub(crate) fn drop_sequence(g: &Gen, node: &ParsedNode) -> Lowered {
    let seq = g.qualified(node, "", req(node, "sequenceName")?);
    supported(g, node)?;
    // Liquibase drops dependent defaults with it on PostgreSQL.
    let cascade = if g.db == Db::Postgres { " CASCADE" } else { "" };
    Ok(vec![format!("DROP SEQUENCE {seq}{cascade}")])
}

pub(crate) fn rename_sequence(g: &Gen, node: &ParsedNode) -> Lowered {
    let old = g.qualified(node, "", req(node, "oldSequenceName")?);
    let new = g.name(req(node, "newSequenceName")?);
    supported(g, node)?;
    Ok(vec![match g.db {
        Db::Oracle => format!("RENAME {old} TO {new}"),
        Db::Mssql => format!("sp_rename {old}, {new}"),
        Db::H2 => return Err(LowerError::unsupported(node, g.dialect)),
        _ => format!("ALTER SEQUENCE {old} RENAME TO {new}"),
    }])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::node;
    use super::super::{LowerErrorKind, lower};
    use crate::dialect::Dialect;

    #[test]
    fn sequences_per_database() {
        let n = node(
            "createSequence",
            &[
                ("sequenceName", "seq_id"),
                ("startValue", "100"),
                ("incrementBy", "10"),
                ("cycle", "false"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["CREATE SEQUENCE IF NOT EXISTS seq_id START WITH 100 INCREMENT BY 10 NO CYCLE"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["CREATE SEQUENCE seq_id START WITH 100 INCREMENT BY 10 NO CYCLE"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap_err().kind,
            LowerErrorKind::Unsupported
        );
        assert_eq!(
            lower(&n, Dialect::Mariadb).unwrap(),
            ["CREATE SEQUENCE seq_id START WITH 100 INCREMENT BY 10"]
        );
        let n = node(
            "alterSequence",
            &[("sequenceName", "seq_id"), ("incrementBy", "5")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER SEQUENCE seq_id INCREMENT BY 5"]
        );
        let n = node("dropSequence", &[("sequenceName", "seq_id")], vec![]);
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["DROP SEQUENCE seq_id CASCADE"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["DROP SEQUENCE seq_id"]
        );
        let n = node(
            "renameSequence",
            &[("oldSequenceName", "a"), ("newSequenceName", "b")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["ALTER SEQUENCE a RENAME TO b"]
        );
        assert_eq!(lower(&n, Dialect::Oracle).unwrap(), ["RENAME a TO b"]);
        assert_eq!(lower(&n, Dialect::Sqlserver).unwrap(), ["sp_rename a, b"]);
    }
}
