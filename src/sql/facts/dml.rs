//! Data changes: `INSERT`, `UPDATE`, `DELETE`, `MERGE`, `TRUNCATE`, `COPY`,
//! `LOAD DATA`, and `SELECT`. The target table goes in `table` (and
//! `object`).

use serde_json::Value;
use sqlparser::ast::{
    CascadeOption, CopySource, FromTable, ObjectName, SetExpr, Statement, TableFactor, TableObject,
    TableWithJoins,
};

use super::{Columns, Facts, Object, names};

fn table_object(name: &ObjectName) -> Object {
    names::object("table", name)
}

/// The named table of a FROM item (none for subqueries and functions).
fn factor_table(factor: &TableFactor) -> Option<&ObjectName> {
    match factor {
        TableFactor::Table { name, .. } => Some(name),
        _ => None,
    }
}

fn with_target(facts: Facts, target: Option<&ObjectName>) -> Facts {
    match target {
        Some(name) => facts.with_object(table_object(name)),
        None => facts,
    }
}

fn has_joins(tables: &[TableWithJoins]) -> bool {
    tables.len() > 1 || tables.iter().any(|t| !t.joins.is_empty())
}

pub(super) fn from_dml(ast: &Statement) -> Facts {
    match ast {
        Statement::Insert(insert) => {
            let target = match &insert.table {
                TableObject::TableName(name) => Some(name),
                _ => None,
            };
            let mut f = with_target(Facts::of_kind("insert"), target);
            let columns: Vec<String> = insert.columns.iter().map(names::last).collect();
            f.columns = Some(Columns::Names(columns));
            let body = insert.source.as_ref().map(|q| q.body.as_ref());
            let rows = match body {
                Some(SetExpr::Values(values)) => Value::from(values.rows.len()),
                _ => Value::Null,
            };
            let select = matches!(body, Some(b) if !matches!(b, SetExpr::Values(_)));
            f.set("rows", rows);
            f.set("select", select);
            f.set(
                "select_star",
                insert.source.as_ref().is_some_and(|q| selects_star(q)),
            );
            // Any conflict handling: postgres `ON CONFLICT`, mysql `ON
            // DUPLICATE KEY UPDATE` / `INSERT IGNORE` / `REPLACE`, sqlite
            // `INSERT OR …`.
            let on_conflict =
                insert.on.is_some() || insert.or.is_some() || insert.ignore || insert.replace_into;
            f.set("on_conflict", on_conflict);
            f
        }
        Statement::Update(update) => {
            let mut f = with_target(
                Facts::of_kind("update"),
                factor_table(&update.table.relation),
            );
            f.set("where", update.selection.is_some());
            f.set("limit", update.limit.is_some());
            f.set("order_by", !update.order_by.is_empty());
            f.set(
                "from",
                update.from.is_some() || !update.table.joins.is_empty(),
            );
            f
        }
        Statement::Delete(delete) => {
            let from_tables = match &delete.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            // MySQL multi-table `DELETE t1 FROM t1 JOIN t2` names its target first.
            let target = delete
                .tables
                .first()
                .or_else(|| from_tables.first().and_then(|t| factor_table(&t.relation)));
            let mut f = with_target(Facts::of_kind("delete"), target);
            f.set("where", delete.selection.is_some());
            f.set("limit", delete.limit.is_some());
            f.set("order_by", !delete.order_by.is_empty());
            f.set(
                "from",
                delete.using.is_some() || !delete.tables.is_empty() || has_joins(from_tables),
            );
            f
        }
        Statement::Merge(merge) => with_target(Facts::of_kind("merge"), factor_table(&merge.table)),
        Statement::Query(q) => {
            let mut f = Facts::of_kind("select");
            f.set("select_star", selects_star(q));
            f
        }
        Statement::Truncate(truncate) => {
            let mut f = Facts::of_kind("truncate");
            f.if_exists = truncate.if_exists;
            f.cascade = matches!(truncate.cascade, Some(CascadeOption::Cascade));
            let objects: Vec<Object> = truncate
                .table_names
                .iter()
                .map(|t| table_object(&t.name))
                .collect();
            if let Some(first) = objects.first().cloned() {
                f = f.with_object(first);
            }
            f.names = Some(objects);
            f
        }
        Statement::Copy { source, .. } => {
            let target = match source {
                CopySource::Table { table_name, .. } => Some(table_name),
                CopySource::Query(_) => None,
            };
            with_target(Facts::of_kind("copy"), target)
        }
        Statement::LoadData { table_name, .. } => {
            with_target(Facts::of_kind("load_data"), Some(table_name))
        }
        _ => Facts::of_kind("other"),
    }
}

/// Does the query's result take its columns from `*` or `t.*` (in any arm
/// of a `UNION`/`INTERSECT`/`EXCEPT`, or of a parenthesized query)? Then
/// its columns are whatever the tables hold when it runs.
pub(super) fn selects_star(query: &sqlparser::ast::Query) -> bool {
    fn set_expr(body: &SetExpr) -> bool {
        match body {
            SetExpr::Select(select) => select.projection.iter().any(|item| {
                matches!(
                    item,
                    sqlparser::ast::SelectItem::Wildcard(_)
                        | sqlparser::ast::SelectItem::QualifiedWildcard(..)
                )
            }),
            SetExpr::Query(q) => set_expr(&q.body),
            SetExpr::SetOperation { left, right, .. } => set_expr(left) || set_expr(right),
            _ => false,
        }
    }
    set_expr(&query.body)
}
