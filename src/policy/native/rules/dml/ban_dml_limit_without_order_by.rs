//! `ban-dml-limit-without-order-by`
//! (`policies/dml/ban_dml_limit_without_order_by.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, table_label};
use crate::policy::native::value::{Value, get, is_true, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = text(get!(stmt, "kind")).filter(|k| matches!(*k, "update" | "delete"))?;
            if !is_true(get!(stmt, "limit")) {
                return None;
            }
            // object.get(stmt, "order_by", false) == false
            match get!(stmt, "order_by") {
                Value::Undefined | Value::Bool(false) => {}
                _ => return None,
            }
            let label = table_label(stmt)?;
            let msg = format!(
                "{} on {label} has a LIMIT without ORDER BY: which rows it changes depends on the server's plan, and can differ between environments and on statement-based replicas",
                kind.to_uppercase()
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    const SQL: &str = "DELETE FROM sessions WHERE expires_at < '2026-01-01' LIMIT 10000;\n\
                       UPDATE s.users SET plan = 'free' WHERE plan IS NULL LIMIT 500;\n\
                       DELETE FROM sessions WHERE expires_at < '2026-01-01' ORDER BY id LIMIT 10;\n\
                       UPDATE users SET plan = 'free' WHERE plan IS NULL;\n";

    fn found(dialect: Dialect) -> Vec<String> {
        same_findings(dialect, SQL, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-dml-limit-without-order-by "))
            .collect()
    }

    #[test]
    fn limit_without_order_by_on_mysql_and_mariadb() {
        for dialect in [Dialect::Mysql, Dialect::Mariadb] {
            assert_eq!(
                found(dialect),
                [
                    "ban-dml-limit-without-order-by warning 1 DELETE on \"sessions\" has a LIMIT without ORDER BY: which rows it changes depends on the server's plan, and can differ between environments and on statement-based replicas",
                    "ban-dml-limit-without-order-by warning 2 UPDATE on \"s.users\" has a LIMIT without ORDER BY: which rows it changes depends on the server's plan, and can differ between environments and on statement-based replicas",
                ],
                "{dialect:?}"
            );
        }
    }

    #[test]
    fn not_on_postgres() {
        assert!(found(Dialect::Postgres).is_empty());
    }
}
