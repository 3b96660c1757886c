//! `ban-execute-immediate-concatenation`
//! (`policies/security/ban_execute_immediate_concatenation.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, get, is_true, items, show, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if doc.dialect() != "oracle" {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            text(get!(stmt, "kind"))
                .is_some_and(|k| matches!(k, "do" | "create_procedure" | "create_function"))
        })
        .filter_map(|stmt| {
            // `built`
            let built: Vec<&Value> = items(get!(stmt, "dynamic_sql"))
                .iter()
                .filter(|d| is_true(get!(d, "concatenated")))
                .map(|d| get!(d, "sql"))
                .filter(|sql| **sql != Value::Undefined)
                .collect();
            let first = built.first()?;
            let msg = format!(
                "EXECUTE IMMEDIATE runs a statement built by concatenation ({}){}: what runs is decided at run time and cannot be reviewed",
                show(first),
                more(built.len())
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `more(n)`.
fn more(n: usize) -> String {
    if n > 1 {
        format!(", and {} more in this block", n - 1)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-execute-immediate-concatenation "))
            .collect()
    }

    const SQL: &str = "BEGIN\n\
                       \x20 EXECUTE IMMEDIATE 'DROP SEQUENCE ' || s1;\n\
                       \x20 EXECUTE IMMEDIATE 'ALTER SESSION SET ddl_lock_timeout = 5';\n\
                       \x20 EXECUTE IMMEDIATE 'DROP TABLE ' || t1;\n\
                       \x20 EXECUTE IMMEDIATE 'DROP VIEW ' || v1;\n\
                       END;\n\
                       /\n\
                       CREATE OR REPLACE PROCEDURE grant_read (p_table IN VARCHAR2) IS\n\
                       BEGIN\n\
                       \x20 EXECUTE IMMEDIATE 'GRANT SELECT ON ' || p_table || ' TO reporting';\n\
                       END;\n\
                       /\n\
                       BEGIN\n\
                       \x20 EXECUTE IMMEDIATE 'DELETE FROM audit_log WHERE id = :1' USING 42;\n\
                       END;\n\
                       /\n";

    #[test]
    fn concatenated_statements_one_or_more() {
        assert_eq!(
            findings(Dialect::Oracle, SQL),
            [
                "ban-execute-immediate-concatenation warning 1 EXECUTE IMMEDIATE runs a statement built by concatenation ('DROP SEQUENCE ' || s1), and 2 more in this block: what runs is decided at run time and cannot be reviewed",
                "ban-execute-immediate-concatenation warning 8 EXECUTE IMMEDIATE runs a statement built by concatenation ('GRANT SELECT ON ' || p_table || ' TO reporting'): what runs is decided at run time and cannot be reviewed",
            ]
        );
    }

    #[test]
    fn oracle_only() {
        assert!(findings(Dialect::Postgres, SQL).is_empty());
    }
}
