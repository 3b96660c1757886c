//! `enum-change-copies-table` (`policies/locking/enum_change_copies_table.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{Value, count, get, holds, is, is_object, is_true, show, text};
use crate::policy::native::{Doc, Meta};

/// `quoted(values)`.
fn quoted(values: &Value) -> String {
    let all: Vec<&Value> = match values {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o.values().collect(),
        _ => Vec::new(),
    };
    all.into_iter()
        .filter_map(text)
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `changes(e)`: empty when any of its four conditions is undefined.
fn changes(e: &Value) -> Vec<String> {
    let removed = get!(e, "removed");
    let inserted = get!(e, "inserted");
    let reordered = get!(e, "reordered");
    let grows = get!(e, "storage_grows");
    let (Some(n_removed), Some(n_inserted)) = (count(removed), count(inserted)) else {
        return Vec::new();
    };
    if *reordered == Value::Undefined || *grows == Value::Undefined {
        return Vec::new();
    }
    let mut said = Vec::new();
    if n_removed > 0 {
        said.push(format!(
            "removes {} (rows holding it lose their value)",
            quoted(removed)
        ));
    }
    if n_inserted > 0 {
        said.push(format!(
            "inserts {} before existing values",
            quoted(inserted)
        ));
    }
    if holds(reordered) {
        said.push("reorders the existing values".to_string());
    }
    if holds(grows) {
        said.push("grows the stored size".to_string());
    }
    said
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    let server = if doc.dialect() == "mariadb" {
        "MariaDB"
    } else {
        "MySQL"
    };
    doc.alter_ops()
        .filter(|(stmt, op)| {
            is(get!(op, "op"), "modify_column")
                && !is_new_table(stmt)
                && is_object(get!(op, "enum_change"))
        })
        .filter_map(|(stmt, op)| {
            let e = get!(op, "enum_change");
            let said = changes(e);
            if said.is_empty() {
                return None;
            }
            let kind = text(get!(e, "kind"))?.to_uppercase();
            let column = get!(op, "column");
            if *column == Value::Undefined {
                return None;
            }
            let label = table_label(stmt)?;
            let lock = if is_true(get!(stmt, "impact", "blocks_writes")) {
                format!("{server} copies the table, and writes wait until it is done")
            } else {
                "the table is rebuilt".to_string()
            };
            let msg = format!(
                "Changing {kind} column \"{}\" of {label} {}: {lock}",
                show(column),
                said.join(", ")
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn run(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("enum-change-copies-table"))
            .collect()
    }

    #[test]
    fn enum_and_set_changes() {
        let sql = "CREATE TABLE orders (id int, status ENUM('new', 'paid', 'void'), tags SET('a', 'b'));\n\
                   ALTER TABLE orders MODIFY status ENUM('new', 'paid', 'shipped');\n\
                   ALTER TABLE orders MODIFY status ENUM('new', 'paid', 'void', 'x');\n";
        // on a new table: nothing
        assert!(run(Dialect::Mysql, sql).is_empty());
        // without the column's earlier type the change is not known (the
        // fixture cases cover the findings): native and Rego agree
        run(
            Dialect::Mysql,
            "ALTER TABLE orders MODIFY status ENUM('paid', 'new');\n",
        );
        run(
            Dialect::Mariadb,
            "ALTER TABLE orders MODIFY status ENUM('paid', 'new');\n",
        );
    }
}
