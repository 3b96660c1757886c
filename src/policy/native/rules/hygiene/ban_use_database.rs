//! `ban-use-database` (`policies/hygiene/ban_use_database.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "use"))
        .filter_map(|stmt| {
            let msg = format!(
                "USE {} switches the database in the middle of the migration: what follows runs against another database than the tool's",
                target(stmt)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `target(stmt)`
fn target(stmt: &Value) -> String {
    match text(get!(stmt, "object", "name")) {
        Some(name) => format!("\"{name}\""),
        None => "(a database)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    use super::super::common::native_only;

    #[test]
    fn use_statements() {
        let found: Vec<String> = same_findings(
            Dialect::Mysql,
            "USE other_db;\nCREATE TABLE t (id int PRIMARY KEY);\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-use-database"))
        .collect();
        assert_eq!(
            found,
            [
                "ban-use-database warning 1 USE \"other_db\" switches the database in the middle of the migration: what follows runs against another database than the tool's"
            ]
        );
    }

    #[test]
    fn a_use_without_a_name() {
        let input = serde_json::json!({"statements": [
            {"index": 0, "phase": "forward", "kind": "use"},
            {"index": 1, "phase": "forward", "kind": "use", "object": {"name": 3}},
            {"index": 2, "phase": "rollback", "kind": "use"},
        ]});
        assert_eq!(
            native_only(
                super::warn,
                "ban-use-database",
                input,
                serde_json::json!({})
            ),
            [
                "Statement(0) USE (a database) switches the database in the middle of the migration: what follows runs against another database than the tool's",
                "Statement(1) USE (a database) switches the database in the middle of the migration: what follows runs against another database than the tool's",
            ]
        );
    }
}
