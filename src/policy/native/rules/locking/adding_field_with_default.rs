//! `adding-field-with-default` (`policies/locking/adding_field_with_default.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, is_serial, table_label};
use crate::policy::native::value::{Value, get, is, is_true, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.alter_ops()
        .filter(|(stmt, op)| is(get!(op, "op"), "add_column") && !is_new_table(stmt))
        .filter_map(|(stmt, op)| {
            let col = get!(op, "column");
            let why = rewrite_reason(doc, col)?;
            let table = table_label(stmt)?;
            let name = get!(col, "name");
            if *name == Value::Undefined {
                return None;
            }
            let msg = format!(
                "Adding column \"{}\" with {why} rewrites table {table} under an ACCESS EXCLUSIVE lock: reads and writes of {table} wait until the rewrite finishes",
                show(name)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `rewrite_reason(col)`.
fn rewrite_reason(doc: &Doc<'_>, col: &Value) -> Option<String> {
    if is(get!(col, "generated"), "stored") {
        return Some("STORED generation (GENERATED … STORED)".to_string());
    }
    let col_type = get!(col, "type");
    if is_serial(col_type) {
        return Some(format!(
            "type {} (its nextval() default is volatile)",
            show(col_type)
        ));
    }
    let has_default = is_true(get!(col, "has_default"));
    let default = get!(col, "default");
    if has_default && is_true(get!(col, "default_volatile")) && *default != Value::Undefined {
        return Some(format!("the volatile default {}", show(default)));
    }
    if has_default && !doc.pg_version_at_least(11.0) && *default != Value::Undefined {
        return Some(format!(
            "a default ({}) on PostgreSQL {}, which has no fast defaults before 11",
            show(default),
            doc.pg_major() as i64
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn run(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("adding-field-with-default"))
            .collect()
    }

    #[test]
    fn rewriting_columns() {
        let sql = "ALTER TABLE orders ADD COLUMN a bigserial;\n\
                   ALTER TABLE orders ADD COLUMN b uuid DEFAULT gen_random_uuid();\n\
                   ALTER TABLE orders ADD COLUMN c int GENERATED ALWAYS AS (id * 2) STORED;\n\
                   ALTER TABLE orders ADD COLUMN d text DEFAULT 'x';\n\
                   CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN e serial;\n";
        assert_eq!(
            run(Dialect::Postgres, sql),
            [
                "adding-field-with-default error 1 Adding column \"a\" with type bigserial (its nextval() default is volatile) rewrites table \"orders\" under an ACCESS EXCLUSIVE lock: reads and writes of \"orders\" wait until the rewrite finishes",
                "adding-field-with-default error 2 Adding column \"b\" with the volatile default gen_random_uuid() rewrites table \"orders\" under an ACCESS EXCLUSIVE lock: reads and writes of \"orders\" wait until the rewrite finishes",
                "adding-field-with-default error 3 Adding column \"c\" with STORED generation (GENERATED … STORED) rewrites table \"orders\" under an ACCESS EXCLUSIVE lock: reads and writes of \"orders\" wait until the rewrite finishes",
            ]
        );
        assert!(run(Dialect::Mysql, sql).is_empty());
    }
}
