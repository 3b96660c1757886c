//! createIndex, dropIndex.

use super::{Db, Gen, LowerError, Lowered, attr_nonempty, flag, req};
use crate::source::ParsedNode;

pub(crate) fn create_index(g: &Gen, node: &ParsedNode) -> Lowered {
    let table = g.table(node)?;
    // Indexes that back a key are created with the key; Oracle creates
    // foreign key indexes only when asked.
    if let Some(assoc) = attr_nonempty(node, "associatedWith") {
        let marks: Vec<String> = super::split_list(assoc)
            .map(str::to_ascii_lowercase)
            .collect();
        let skipped = |m: &str| marks.iter().any(|x| x == m);
        if skipped("primarykey")
            || skipped("uniqueconstraint")
            || (g.db != Db::Oracle && skipped("foreignkey"))
        {
            return Ok(vec![]);
        }
    }
    let mut cols = Vec::new();
    let mut included = Vec::new();
    for c in super::columns(node) {
        let name = req(c, "name")?;
        // A computed column is an expression, written as is; so is a name
        // holding `(` unless `computed="false"` says it is a name
        // (Liquibase's `escapeColumnName(…, quoteNamesThatMayBeFunctions:
        // false)`): `lower(v)`, `v(255)`, `(v::varchar(250))`.
        let mut s = match flag(c, "computed")? {
            Some(true) => name.to_string(),
            None if name.contains('(') => name.to_string(),
            _ => g.name(name),
        };
        if flag(c, "included")? == Some(true) {
            included.push(s);
            continue;
        }
        if flag(c, "descending")? == Some(true) {
            s.push_str(" DESC");
        }
        cols.push(s);
    }
    if cols.is_empty() {
        return Err(LowerError::invalid(
            "columns",
            "`createIndex` requires at least one `column`",
        ));
    }
    let mut s = String::from("CREATE ");
    if flag(node, "unique")? == Some(true) {
        s.push_str("UNIQUE ");
    }
    if g.db == Db::Mssql {
        // SQL Server's default for a new index, written out.
        s.push_str(if flag(node, "clustered")? == Some(true) {
            "CLUSTERED "
        } else {
            "NONCLUSTERED "
        });
    }
    s.push_str("INDEX ");
    if let Some(name) = attr_nonempty(node, "indexName") {
        // Postgres and Oracle put an index in its table's schema.
        match g.db {
            Db::Postgres | Db::Mysql | Db::Mssql => s.push_str(&g.name(name)),
            _ => s.push_str(&g.qualified(node, "", name)),
        }
        s.push(' ');
    }
    s.push_str(&format!("ON {table}({})", cols.join(", ")));
    if !included.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", included.join(", ")));
    }
    if let Some(ts) = attr_nonempty(node, "tablespace") {
        match g.db {
            Db::Mssql => s.push_str(&format!(" ON {ts}")),
            Db::Postgres | Db::Oracle => s.push_str(&format!(" TABLESPACE {ts}")),
            _ => {}
        }
    }
    Ok(vec![s])
}

pub(crate) fn drop_index(g: &Gen, node: &ParsedNode) -> Lowered {
    let name = req(node, "indexName")?;
    Ok(vec![match g.db {
        // Index names are per table here.
        Db::Mysql | Db::Mssql => {
            let table = g.table(node)?;
            format!("DROP INDEX {} ON {table}", g.name(name))
        }
        _ => format!("DROP INDEX {}", g.qualified(node, "", name)),
    }])
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::node;
    use crate::dialect::Dialect;

    #[test]
    fn create_index_per_database() {
        let n = node(
            "createIndex",
            &[
                ("tableName", "person"),
                ("indexName", "idx_person_name"),
                ("unique", "true"),
            ],
            vec![
                node("column", &[("name", "last_name")], vec![]),
                node(
                    "column",
                    &[("name", "first_name"), ("descending", "true")],
                    vec![],
                ),
            ],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["CREATE UNIQUE INDEX idx_person_name ON person(last_name, first_name DESC)"]
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["CREATE UNIQUE INDEX idx_person_name ON person(last_name, first_name DESC)"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            [
                "CREATE UNIQUE NONCLUSTERED INDEX idx_person_name ON person(last_name, first_name DESC)"
            ]
        );
        let n = node(
            "createIndex",
            &[("tableName", "person"), ("indexName", "ix")],
            vec![
                node("column", &[("name", "a")], vec![]),
                node("column", &[("name", "b"), ("included", "true")], vec![]),
                node(
                    "column",
                    &[("name", "lower(c)"), ("computed", "true")],
                    vec![],
                ),
            ],
        );
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap(),
            ["CREATE INDEX ix ON person(a, lower(c)) INCLUDE (b)"]
        );
        let n = node(
            "createIndex",
            &[("tableName", "person"), ("associatedWith", "foreignKey")],
            vec![node("column", &[("name", "a")], vec![])],
        );
        assert_eq!(lower(&n, Dialect::Postgres).unwrap(), Vec::<String>::new());
        assert_eq!(
            lower(&n, Dialect::Oracle).unwrap(),
            ["CREATE INDEX ON person(a)"]
        );
        let n = node("createIndex", &[("tableName", "person")], vec![]);
        assert_eq!(
            lower(&n, Dialect::Postgres).unwrap_err().attr.as_deref(),
            Some("columns")
        );
    }

    #[test]
    fn drop_index_needs_the_table_where_names_are_per_table() {
        let n = node("dropIndex", &[("indexName", "idx_a")], vec![]);
        assert_eq!(lower(&n, Dialect::Postgres).unwrap(), ["DROP INDEX idx_a"]);
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap_err().attr.as_deref(),
            Some("tableName")
        );
        let n = node(
            "dropIndex",
            &[("indexName", "idx_a"), ("tableName", "person")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["DROP INDEX idx_a ON person"]
        );
        assert_eq!(
            lower(&n, Dialect::Sqlserver).unwrap(),
            ["DROP INDEX idx_a ON person"]
        );
    }
}
