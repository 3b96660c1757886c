//! Where a change's columns are: the `<column>` elements Liquibase's
//! `AbstractChange.load` collects, in every shape the source stage hands
//! over for XML, YAML and JSON.

use super::{Db, Gen, LowerError, attr_nonempty};
use crate::source::ParsedNode;

/// The `<column>` elements of a change, found the way Liquibase's
/// `AbstractChange.load` finds them: every `column`/`columns` child that
/// holds `column` children stands for those (a YAML `columns:` or
/// `column:` list of `- column:` items), one without them is itself a
/// column. When a change has no such child but carries a column's `name`,
/// its one column was written as a bare YAML mapping (`columns: [{name: a,
/// type: int}]`, which Liquibase accepts) and the source stage merged that
/// mapping into the change: the change node then stands for the column.
pub(crate) fn columns(node: &ParsedNode) -> impl Iterator<Item = &ParsedNode> {
    let mut found: Vec<&ParsedNode> = Vec::new();
    for c in &node.children {
        if c.name != "column" && c.name != "columns" {
            continue;
        }
        let inner: Vec<&ParsedNode> = c.children_named("column").collect();
        if inner.is_empty() {
            if !c.attrs.is_empty() {
                found.push(c);
            }
        } else {
            found.extend(inner);
        }
    }
    if found.is_empty() && node.attr("name").is_some() {
        found.push(node);
    }
    found.into_iter()
}

/// An attribute given twice: several bare YAML column mappings merged into
/// one change by the source stage. Liquibase reads such a `columns` entry
/// as one column and stops (`ParsedNode.getChild`: "Multiple nodes match").
pub(super) fn repeated_attribute(node: &ParsedNode) -> Option<LowerError> {
    let mut seen = std::collections::HashSet::new();
    let k = node
        .attrs
        .iter()
        .map(|(k, _)| k.as_str())
        .find(|k| !seen.insert(*k))?;
    Some(LowerError::invalid(
        k,
        format!(
            "`{k}` is given more than once (several columns written without `column:`?); \
             Liquibase stops with \"Multiple nodes match null/{k}\""
        ),
    ))
}

/// Liquibase's validation of addColumn's placement (`AddColumnGenerator`):
/// `afterColumn` only on MySQL, MariaDB and H2, `beforeColumn` only on H2,
/// `position` on none of the databases here. Other targets are not known
/// well enough to refuse.
pub(crate) fn placement_refused(g: &Gen, node: &ParsedNode) -> Result<(), LowerError> {
    let short = match (g.db, g.dialect) {
        (Db::Other, _) => return Ok(()),
        (_, crate::dialect::Dialect::Mariadb) => "mariadb",
        (Db::Postgres, _) => "postgresql",
        (Db::Mysql, _) => "mysql",
        (Db::Mssql, _) => "mssql",
        (Db::Oracle, _) => "oracle",
        (Db::Sqlite, _) => "sqlite",
        (Db::H2, _) => "h2",
    };
    for col in columns(node) {
        for (attr, what, allowed) in [
            (
                "afterColumn",
                "addAfterColumn",
                matches!(g.db, Db::Mysql | Db::H2),
            ),
            ("beforeColumn", "addBeforeColumn", g.db == Db::H2),
            ("position", "addAtPosition", false),
        ] {
            if !allowed && attr_nonempty(col, attr).is_some() {
                return Err(LowerError::invalid(
                    attr,
                    format!("{what} is not allowed on {short} (Liquibase refuses the changeset)"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::node;
    use super::super::{LowerErrorKind, lower};
    use crate::dialect::Dialect;

    #[test]
    fn a_bare_yaml_column_merged_into_the_change_is_its_column() {
        // keel: `columns: [{name: environment_version, type: integer,
        // afterColumn: environment_uid, value: 1}]`
        let n = node(
            "addColumn",
            &[
                ("tableName", "environment_resource"),
                ("name", "environment_version"),
                ("type", "integer"),
                ("afterColumn", "environment_uid"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "ALTER TABLE environment_resource ADD environment_version INT NULL AFTER environment_uid"
            ]
        );
        let n = node(
            "update",
            &[
                ("tableName", "verification_state"),
                ("name", "status"),
                ("value", "PASS"),
                ("where", "status = 'PASSED'"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["UPDATE verification_state SET status = 'PASS' WHERE status = 'PASSED'"]
        );
        let n = node(
            "dropColumn",
            &[("tableName", "tasks"), ("name", "saga_ids")],
            vec![],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            ["ALTER TABLE tasks DROP COLUMN saga_ids"]
        );
        // Two bare mappings merged into one change: Liquibase stops too.
        let n = node(
            "addColumn",
            &[
                ("tableName", "t"),
                ("name", "a"),
                ("type", "int"),
                ("name", "b"),
                ("type", "int"),
            ],
            vec![],
        );
        let e = lower(&n, Dialect::Mysql).unwrap_err();
        assert_eq!(e.kind, LowerErrorKind::Invalid);
        assert_eq!(e.attr.as_deref(), Some("name"));
        // Without any column the change is still incomplete.
        let n = node("addColumn", &[("tableName", "t")], vec![]);
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap_err().attr.as_deref(),
            Some("columns")
        );
    }

    #[test]
    fn a_column_list_under_column_holds_the_columns() {
        // orca's shape: `column: [{column: {name: updated_at}}, {column: {name: …}}]`
        let list = node(
            "column",
            &[],
            vec![
                node("column", &[("name", "updated_at")], vec![]),
                node("column", &[("name", "pipeline_id")], vec![]),
            ],
        );
        let n = node(
            "createIndex",
            &[
                ("indexName", "orchestrations_partition_updated_idx"),
                ("tableName", "orchestrations"),
            ],
            vec![list],
        );
        assert_eq!(
            lower(&n, Dialect::Mysql).unwrap(),
            [
                "CREATE INDEX orchestrations_partition_updated_idx ON orchestrations(updated_at, pipeline_id)"
            ]
        );
    }
}
