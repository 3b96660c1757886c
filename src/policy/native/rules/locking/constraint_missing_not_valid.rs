//! `constraint-missing-not-valid`
//! (`policies/locking/constraint_missing_not_valid.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, name_of, table_label};
use crate::policy::native::value::{Value, get, holds, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.alter_ops()
        .filter_map(|(stmt, op)| {
            if !is(get!(op, "op"), "add_constraint") {
                return None;
            }
            let c = get!(op, "constraint");
            let kind = get!(c, "type");
            if !(is(kind, "foreign_key") || is(kind, "check"))
                || holds(get!(c, "not_valid"))
                || is_new_table(stmt)
            {
                return None;
            }
            finding(meta, stmt, message(stmt, c)?)
        })
        .collect()
}

/// `label(c)`: ` "name"`, or nothing for a constraint with no name.
fn label(c: &Value) -> String {
    match text(get!(c, "name")) {
        Some(name) => format!(" \"{name}\""),
        None => String::new(),
    }
}

/// `message(stmt, c)`; `None` where the statement's table has no label.
fn message(stmt: &Value, c: &Value) -> Option<String> {
    let table = table_label(stmt)?;
    let label = label(c);
    if is(get!(c, "type"), "foreign_key") {
        let references = get!(c, "references");
        if holds(get!(references, "name"))
            && let Some(referenced) = name_of(references)
        {
            return Some(format!(
                "Adding foreign key{label} on existing table {table} without NOT VALID checks every row while writes to {table} and \"{referenced}\" wait"
            ));
        }
        return Some(format!(
            "Adding foreign key{label} on existing table {table} without NOT VALID checks every row while writes to it and to the referenced table wait"
        ));
    }
    Some(format!(
        "Adding CHECK constraint{label} on existing table {table} without NOT VALID scans every row under an ACCESS EXCLUSIVE lock: reads and writes wait"
    ))
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("constraint-missing-not-valid "))
            .collect()
    }

    #[test]
    fn foreign_keys_and_checks_named_or_not() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "SET lock_timeout = '1s';\n\
                 ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES sales.customers (id);\n\
                 ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);\n\
                 ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);\n\
                 ALTER TABLE orders ADD CHECK (total >= 0);\n\
                 ALTER TABLE orders ADD CONSTRAINT orders_fk2 FOREIGN KEY (c) REFERENCES customers (id) NOT VALID;\n\
                 ALTER TABLE orders ADD CONSTRAINT orders_check2 CHECK (total < 10) NOT VALID;\n\
                 ALTER TABLE orders ADD CONSTRAINT orders_u UNIQUE (id);\n\
                 CREATE TABLE n (id int, c int);\n\
                 ALTER TABLE n ADD CONSTRAINT n_fk FOREIGN KEY (c) REFERENCES customers (id);\n",
            ),
            [
                "constraint-missing-not-valid error 2 Adding foreign key \"orders_customer_fk\" on existing table \"orders\" without NOT VALID checks every row while writes to \"orders\" and \"sales.customers\" wait",
                "constraint-missing-not-valid error 3 Adding foreign key on existing table \"orders\" without NOT VALID checks every row while writes to \"orders\" and \"customers\" wait",
                "constraint-missing-not-valid error 4 Adding CHECK constraint \"orders_total_positive\" on existing table \"orders\" without NOT VALID scans every row under an ACCESS EXCLUSIVE lock: reads and writes wait",
                "constraint-missing-not-valid error 5 Adding CHECK constraint on existing table \"orders\" without NOT VALID scans every row under an ACCESS EXCLUSIVE lock: reads and writes wait",
            ]
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(
            found(
                Dialect::Mysql,
                "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id);\n"
            )
            .is_empty()
        );
    }
}
