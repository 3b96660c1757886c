//! The rollback Liquibase derives by itself when a changeset has no
//! `<rollback>` (each change's `createInverses()`): `None` when Liquibase
//! cannot undo the change automatically (drops, data changes, raw SQL).
//!
//! The inverse nodes carry the spans of the change they undo, so a problem
//! in a rollback points at the forward change.

use super::synthetic;
use crate::source::ParsedNode;

/// The changes that undo `node`, in the order Liquibase runs them; an empty
/// list for changes with nothing to undo (tagDatabase, empty, output).
pub fn inverse(node: &ParsedNode) -> Option<Vec<ParsedNode>> {
    let keep = |names: &[&str]| -> Vec<(String, String)> {
        names
            .iter()
            .filter_map(|n| node.attr(n).map(|v| (n.to_string(), v.to_string())))
            .collect()
    };
    let one = |name: &str, attrs: Vec<(String, String)>| -> Option<Vec<ParsedNode>> {
        Some(vec![build(node, name, attrs)])
    };
    let table = ["catalogName", "schemaName", "tableName"];
    let swap = |old: &str, new: &str, rest: &[&str]| {
        let mut attrs = keep(rest);
        if let (Some(o), Some(n)) = (node.attr(old), node.attr(new)) {
            attrs.push((old.to_string(), n.to_string()));
            attrs.push((new.to_string(), o.to_string()));
        }
        attrs
    };
    match node.name.as_str() {
        "createTable" => one("dropTable", keep(&table)),
        "addColumn" => {
            let mut out = Vec::new();
            let mut drop = build(node, "dropColumn", keep(&table));
            for c in super::columns(node) {
                let name = c.attr("name")?;
                // SQL Server cannot drop a column that still has a default.
                let has_default = c.attrs.iter().any(|(k, _)| {
                    k.starts_with("defaultValue") && k != "defaultValueConstraintName"
                });
                if has_default {
                    let mut attrs = keep(&["schemaName", "tableName"]);
                    attrs.push(("columnName".into(), name.to_string()));
                    out.push(build(node, "dropDefaultValue", attrs));
                }
                drop.children
                    .push(build(c, "column", vec![("name".into(), name.to_string())]));
            }
            out.push(drop);
            Some(out)
        }
        "renameColumn" => one(
            "renameColumn",
            swap(
                "oldColumnName",
                "newColumnName",
                &["catalogName", "schemaName", "tableName", "columnDataType"],
            ),
        ),
        "renameTable" => one(
            "renameTable",
            swap(
                "oldTableName",
                "newTableName",
                &["catalogName", "schemaName"],
            ),
        ),
        "renameView" => one(
            "renameView",
            swap("oldViewName", "newViewName", &["catalogName", "schemaName"]),
        ),
        "renameSequence" => one(
            "renameSequence",
            swap(
                "oldSequenceName",
                "newSequenceName",
                &["catalogName", "schemaName"],
            ),
        ),
        "createIndex" => one(
            "dropIndex",
            keep(&["catalogName", "schemaName", "tableName", "indexName"]),
        ),
        "addForeignKeyConstraint" => one(
            "dropForeignKeyConstraint",
            keep(&[
                "baseTableCatalogName",
                "baseTableSchemaName",
                "baseTableName",
                "constraintName",
            ]),
        ),
        "createView" => one("dropView", keep(&["catalogName", "schemaName", "viewName"])),
        "createSequence" => one(
            "dropSequence",
            keep(&["catalogName", "schemaName", "sequenceName"]),
        ),
        "addNotNullConstraint" => one(
            "dropNotNullConstraint",
            keep(&["schemaName", "tableName", "columnName", "columnDataType"]),
        ),
        "dropNotNullConstraint" => one(
            "addNotNullConstraint",
            keep(&[
                "schemaName",
                "tableName",
                "columnName",
                "columnDataType",
                "constraintName",
            ]),
        ),
        "addDefaultValue" => one(
            "dropDefaultValue",
            keep(&[
                "catalogName",
                "schemaName",
                "tableName",
                "columnName",
                "columnDataType",
            ]),
        ),
        "addPrimaryKey" => one(
            "dropPrimaryKey",
            keep(&["catalogName", "schemaName", "tableName", "constraintName"]),
        ),
        // The inverse drops the constraint by name, which
        // DropUniqueConstraintGenerator requires on every database: an
        // unnamed one cannot be rolled back (Liquibase's rollback fails
        // validation).
        "addUniqueConstraint" => {
            node.attr("constraintName")
                .filter(|n| !n.trim().is_empty())?;
            one(
                "dropUniqueConstraint",
                keep(&["catalogName", "schemaName", "tableName", "constraintName"]),
            )
        }
        "addLookupTable" => {
            let existing = node.attr("existingTableName")?;
            let new = node.attr("newTableName")?;
            let fk = node.attr("constraintName").map_or_else(
                || format!("FK_{}_{}", existing.to_uppercase(), new.to_uppercase()),
                str::to_string,
            );
            let mut drop_fk = vec![
                ("baseTableName".to_string(), existing.to_string()),
                ("constraintName".to_string(), fk),
            ];
            if let Some(s) = node.attr("existingTableSchemaName") {
                drop_fk.push(("baseTableSchemaName".into(), s.to_string()));
            }
            let mut drop_table = vec![("tableName".to_string(), new.to_string())];
            if let Some(s) = node.attr("newTableSchemaName") {
                drop_table.push(("schemaName".into(), s.to_string()));
            }
            Some(vec![
                build(node, "dropForeignKeyConstraint", drop_fk),
                build(node, "dropTable", drop_table),
            ])
        }
        "tagDatabase" | "empty" | "output" => Some(vec![]),
        _ => None,
    }
}

fn build(origin: &ParsedNode, name: &str, attrs: Vec<(String, String)>) -> ParsedNode {
    let pairs: Vec<(&str, &str)> = attrs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    synthetic(origin, name, &pairs)
}

#[cfg(test)]
mod tests {
    use super::super::lower;
    use super::super::test_support::node;
    use super::*;
    use crate::dialect::Dialect;

    fn attrs(n: &ParsedNode) -> Vec<(String, String)> {
        n.attrs
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn only(n: &ParsedNode) -> ParsedNode {
        let inv = inverse(n).expect("has an inverse");
        assert_eq!(inv.len(), 1);
        inv.into_iter().next().expect("one change")
    }

    #[test]
    fn create_table_drops_it() {
        let n = node(
            "createTable",
            &[
                ("schemaName", "app"),
                ("tableName", "person"),
                ("remarks", "x"),
            ],
            vec![node("column", &[("name", "id"), ("type", "int")], vec![])],
        );
        let inv = only(&n);
        assert_eq!(inv.name, "dropTable");
        assert_eq!(
            attrs(&inv),
            pairs(&[("schemaName", "app"), ("tableName", "person")])
        );
        assert_eq!(
            lower(&inv, Dialect::Postgres).unwrap(),
            ["DROP TABLE app.person"]
        );
    }

    #[test]
    fn add_column_drops_defaults_then_columns() {
        let n = node(
            "addColumn",
            &[("tableName", "person")],
            vec![
                node(
                    "column",
                    &[("name", "a"), ("type", "int"), ("defaultValueNumeric", "0")],
                    vec![],
                ),
                node("column", &[("name", "b"), ("type", "int")], vec![]),
            ],
        );
        let inv = inverse(&n).unwrap();
        assert_eq!(inv.len(), 2);
        assert_eq!(inv[0].name, "dropDefaultValue");
        assert_eq!(
            attrs(&inv[0]),
            pairs(&[("tableName", "person"), ("columnName", "a"),])
        );
        assert_eq!(inv[1].name, "dropColumn");
        assert_eq!(
            lower(&inv[1], Dialect::Postgres).unwrap(),
            [
                "ALTER TABLE person DROP COLUMN a",
                "ALTER TABLE person DROP COLUMN b"
            ]
        );
    }

    #[test]
    fn renames_go_back() {
        let n = node(
            "renameColumn",
            &[
                ("tableName", "t"),
                ("oldColumnName", "a"),
                ("newColumnName", "b"),
            ],
            vec![],
        );
        let inv = only(&n);
        assert_eq!(inv.name, "renameColumn");
        assert_eq!(
            attrs(&inv),
            pairs(&[
                ("tableName", "t"),
                ("oldColumnName", "b"),
                ("newColumnName", "a")
            ])
        );
        for (kind, old, new) in [
            ("renameTable", "oldTableName", "newTableName"),
            ("renameView", "oldViewName", "newViewName"),
            ("renameSequence", "oldSequenceName", "newSequenceName"),
        ] {
            let inv = only(&node(kind, &[(old, "x"), (new, "y")], vec![]));
            assert_eq!(inv.name, kind);
            assert_eq!(inv.attr(old), Some("y"));
            assert_eq!(inv.attr(new), Some("x"));
        }
    }

    #[test]
    fn creates_and_adds_are_dropped() {
        type Attrs = &'static [(&'static str, &'static str)];
        let cases: &[(&str, Attrs, &str, Attrs)] = &[
            (
                "createIndex",
                &[("tableName", "t"), ("indexName", "i"), ("unique", "true")],
                "dropIndex",
                &[("tableName", "t"), ("indexName", "i")],
            ),
            (
                "addForeignKeyConstraint",
                &[
                    ("baseTableName", "a"),
                    ("baseColumnNames", "p"),
                    ("referencedTableName", "p"),
                    ("referencedColumnNames", "id"),
                    ("constraintName", "fk"),
                ],
                "dropForeignKeyConstraint",
                &[("baseTableName", "a"), ("constraintName", "fk")],
            ),
            (
                "createView",
                &[("viewName", "v"), ("selectQuery", "select 1")],
                "dropView",
                &[("viewName", "v")],
            ),
            (
                "createSequence",
                &[("sequenceName", "s"), ("startValue", "5")],
                "dropSequence",
                &[("sequenceName", "s")],
            ),
            (
                "addNotNullConstraint",
                &[
                    ("tableName", "t"),
                    ("columnName", "c"),
                    ("columnDataType", "int"),
                    ("defaultNullValue", "0"),
                ],
                "dropNotNullConstraint",
                &[
                    ("tableName", "t"),
                    ("columnName", "c"),
                    ("columnDataType", "int"),
                ],
            ),
            (
                "dropNotNullConstraint",
                &[("tableName", "t"), ("columnName", "c")],
                "addNotNullConstraint",
                &[("tableName", "t"), ("columnName", "c")],
            ),
            (
                "addDefaultValue",
                &[
                    ("tableName", "t"),
                    ("columnName", "c"),
                    ("defaultValue", "x"),
                ],
                "dropDefaultValue",
                &[("tableName", "t"), ("columnName", "c")],
            ),
            (
                "addPrimaryKey",
                &[
                    ("tableName", "t"),
                    ("columnNames", "id"),
                    ("constraintName", "pk"),
                ],
                "dropPrimaryKey",
                &[("tableName", "t"), ("constraintName", "pk")],
            ),
            (
                "addUniqueConstraint",
                &[
                    ("tableName", "t"),
                    ("columnNames", "a"),
                    ("constraintName", "uq"),
                ],
                "dropUniqueConstraint",
                &[("tableName", "t"), ("constraintName", "uq")],
            ),
        ];
        for (kind, a, inv_kind, inv_attrs) in cases {
            let inv = only(&node(kind, a, vec![]));
            assert_eq!(&inv.name, inv_kind, "{kind}");
            assert_eq!(attrs(&inv), pairs(inv_attrs), "{kind}");
        }
    }

    #[test]
    fn lookup_table_drops_key_then_table() {
        let n = node(
            "addLookupTable",
            &[
                ("existingTableName", "address"),
                ("existingColumnName", "state"),
                ("newTableName", "state"),
                ("newColumnName", "abbr"),
            ],
            vec![],
        );
        let inv = inverse(&n).unwrap();
        assert_eq!(
            inv.iter()
                .map(|n| lower(n, Dialect::Postgres).unwrap())
                .collect::<Vec<_>>(),
            [
                vec!["ALTER TABLE address DROP CONSTRAINT FK_ADDRESS_STATE".to_string()],
                vec!["DROP TABLE state".to_string()]
            ]
        );
    }

    #[test]
    fn what_liquibase_cannot_undo() {
        for kind in [
            "dropTable",
            "dropColumn",
            "sql",
            "insert",
            "update",
            "delete",
            "loadData",
            "modifyDataType",
            "mergeColumns",
            "addAutoIncrement",
            "alterSequence",
            "dropIndex",
            "createProcedure",
        ] {
            assert!(
                inverse(&node(kind, &[("tableName", "t")], vec![])).is_none(),
                "{kind}"
            );
        }
        for kind in ["tagDatabase", "empty", "output"] {
            assert_eq!(
                inverse(&node(kind, &[], vec![])).map(|v| v.len()),
                Some(0),
                "{kind}"
            );
        }
    }

    #[test]
    fn unnamed_unique_constraint_has_no_automatic_rollback() {
        let unnamed = node(
            "addUniqueConstraint",
            &[("tableName", "order_type"), ("columnNames", "name")],
            vec![],
        );
        assert!(inverse(&unnamed).is_none());
        let named = node(
            "addUniqueConstraint",
            &[
                ("tableName", "order_type"),
                ("columnNames", "name"),
                ("constraintName", "uq_name"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&only(&named), Dialect::Mysql).unwrap(),
            ["ALTER TABLE order_type DROP KEY uq_name"]
        );
    }

    #[test]
    fn unnamed_primary_key_is_dropped_as_liquibase_does() {
        let n = node(
            "addPrimaryKey",
            &[
                ("tableName", "realm_localizations"),
                ("columnNames", "realm_id, locale"),
            ],
            vec![],
        );
        assert_eq!(
            lower(&only(&n), Dialect::Generic).unwrap(),
            ["ALTER TABLE realm_localizations DROP PRIMARY KEY"]
        );
    }

    #[test]
    fn add_column_written_as_a_bare_yaml_mapping_is_dropped_by_name() {
        // `columns: [{name: metadata, type: json}]` as the source stage
        // hands it over: the column's attributes on the change itself.
        let n = node(
            "addColumn",
            &[
                ("tableName", "delivery_config"),
                ("name", "metadata"),
                ("type", "json"),
            ],
            vec![node("constraints", &[("nullable", "true")], vec![])],
        );
        let inv = inverse(&n).expect("has an inverse");
        assert_eq!(inv.len(), 1);
        assert_eq!(
            lower(&inv[0], Dialect::Mysql).unwrap(),
            ["ALTER TABLE delivery_config DROP COLUMN metadata"]
        );
    }
}
