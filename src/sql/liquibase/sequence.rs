//! createSequence, alterSequence, dropSequence, renameSequence.

use super::{Db, Gen, LowerError, Lowered, attr_nonempty, flag, req};
use crate::dialect::Dialect;
use crate::source::ParsedNode;

/// MySQL has no sequences (MariaDB does).
fn supported(g: &Gen, node: &ParsedNode) -> Result<(), LowerError> {
    if g.dialect == Dialect::Mysql || g.db == Db::Sqlite {
        return Err(LowerError::unsupported(node, g.dialect));
    }
    Ok(())
}

fn not_allowed(attr: &str, g: &Gen) -> LowerError {
    LowerError::invalid(attr, format!("`{attr}` is not allowed on {}", g.dialect))
}

fn is_mariadb(g: &Gen) -> bool {
    g.dialect == Dialect::Mariadb
}

/// CREATE SEQUENCE's options, as CreateSequenceGenerator writes them.
fn create_options(g: &Gen, node: &ParsedNode) -> Result<String, LowerError> {
    let mut s = String::new();
    if let Some(t) = attr_nonempty(node, "dataType") {
        match (g.db, g.dialect) {
            (_, Dialect::Cockroachdb) => {}
            (Db::Oracle | Db::Mysql | Db::Mssql, _) => return Err(not_allowed("dataType", g)),
            _ => s.push_str(&format!(" AS {t}")),
        }
    }
    let start = attr_nonempty(node, "startValue");
    if let (false, Some(v)) = (is_mariadb(g), start) {
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
    // MariaDB reads START WITH after the bounds.
    if let (true, Some(v)) = (is_mariadb(g), start) {
        s.push_str(&format!(" START WITH {v}"));
    }
    if let Some(v) = attr_nonempty(node, "cacheSize").map(str::trim) {
        match (g.db, v == "0") {
            (Db::Oracle, true) => s.push_str(" NOCACHE"),
            (Db::Mysql, true) => s.push_str(" CACHE 0"),
            (Db::Postgres, true) => {}
            (Db::Oracle | Db::Postgres | Db::Mysql, false) => s.push_str(&format!(" CACHE {v}")),
            _ => {}
        }
    }
    match (flag(node, "ordered")?, g.db) {
        (Some(_), Db::Postgres | Db::Mssql) => return Err(not_allowed("ordered", g)),
        (Some(_), Db::Mysql) => {}
        (Some(true), _) => s.push_str(" ORDER"),
        (Some(false), Db::Oracle) => s.push_str(" NOORDER"),
        _ => {}
    }
    if flag(node, "cycle")? == Some(true) {
        s.push_str(" CYCLE");
    }
    Ok(s)
}

/// ALTER SEQUENCE's options, as AlterSequenceGenerator writes them.
fn alter_options(g: &Gen, node: &ParsedNode) -> Result<String, LowerError> {
    let mut s = String::new();
    if let Some(t) = attr_nonempty(node, "dataType") {
        if matches!(g.db, Db::Oracle | Db::Mysql | Db::Mssql) {
            return Err(not_allowed("dataType", g));
        }
        s.push_str(&format!(" AS {t}"));
    }
    if let Some(v) = attr_nonempty(node, "incrementBy") {
        if g.db == Db::H2 {
            return Err(not_allowed("incrementBy", g));
        }
        s.push_str(&format!(" INCREMENT BY {v}"));
    }
    if let Some(v) = attr_nonempty(node, "minValue") {
        s.push_str(&format!(" MINVALUE {v}"));
    }
    if let Some(v) = attr_nonempty(node, "maxValue") {
        s.push_str(&format!(" MAXVALUE {v}"));
    }
    match flag(node, "ordered")? {
        Some(_) if g.db == Db::Mssql => return Err(not_allowed("ordered", g)),
        Some(true) => s.push_str(" ORDER"),
        Some(false) => s.push_str(" NOORDER"),
        None => {}
    }
    if let Some(v) = attr_nonempty(node, "cacheSize").map(str::trim)
        && (matches!(g.db, Db::Oracle | Db::Postgres) || is_mariadb(g))
    {
        s.push_str(&if v == "0" {
            " NOCACHE".to_string()
        } else {
            format!(" CACHE {v}")
        });
    }
    let cycles = matches!(g.db, Db::Oracle | Db::Postgres | Db::Mssql) || is_mariadb(g);
    match (flag(node, "cycle")?, cycles) {
        (Some(true), true) => s.push_str(" CYCLE"),
        (Some(false), true) if matches!(g.db, Db::Postgres | Db::Mssql) => s.push_str(" NO CYCLE"),
        (Some(false), true) => s.push_str(" NOCYCLE"),
        _ => {}
    }
    Ok(s)
}

pub(crate) fn create_sequence(g: &Gen, node: &ParsedNode) -> Lowered {
    let seq = g.qualified(node, "", req(node, "sequenceName")?);
    supported(g, node)?;
    // Liquibase writes IF NOT EXISTS on PostgreSQL 9.5+ only.
    let if_not_exists = if g.db == Db::Postgres {
        " IF NOT EXISTS"
    } else {
        ""
    };
    Ok(vec![format!(
        "CREATE SEQUENCE{if_not_exists} {seq}{}",
        create_options(g, node)?
    )])
}

pub(crate) fn alter_sequence(g: &Gen, node: &ParsedNode) -> Lowered {
    let seq = g.qualified(node, "", req(node, "sequenceName")?);
    supported(g, node)?;
    Ok(vec![format!(
        "ALTER SEQUENCE {seq}{}",
        alter_options(g, node)?
    )])
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
            ["CREATE SEQUENCE IF NOT EXISTS seq_id START WITH 100 INCREMENT BY 10"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["CREATE SEQUENCE seq_id START WITH 100 INCREMENT BY 10"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap_err().kind,
            LowerErrorKind::Unsupported
        );
        assert_eq!(
            lower(&n, Dialect::Mariadb).unwrap(),
            ["CREATE SEQUENCE seq_id INCREMENT BY 10 START WITH 100"]
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
