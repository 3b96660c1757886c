//! `transaction-nesting` (`policies/hygiene/transaction_nesting.rego`, `warn`).

use super::common::before;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, finding_with_help};
use crate::policy::native::value::decimal;
use crate::policy::native::value::{Value, get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let transaction = get!(doc.input, "changeset", "transaction");
    let format = get!(doc.input, "source", "format");
    let mut found = Vec::new();
    // `!=` of an undefined value is undefined: neither body holds then
    if is(transaction, "implicit") {
        if *format != Value::Undefined && !is(format, "golang-migrate") {
            for stmt in doc.forward() {
                let effect = match text(get!(stmt, "kind")) {
                    Some("begin") => {
                        "PostgreSQL ignores it with a warning and MySQL commits the open transaction, so the script's transaction is not the one that runs"
                    }
                    Some("commit") => {
                        "it commits the tool's transaction early: what follows runs outside any transaction, and a later failure leaves the migration half applied"
                    }
                    _ => continue,
                };
                let kind = if is(get!(stmt, "kind"), "begin") {
                    "BEGIN"
                } else {
                    "COMMIT"
                };
                let msg = format!(
                    "{kind} inside a migration the tool already runs in a transaction: {effect}"
                );
                let help = format!(
                    "{}{}",
                    meta.help.as_deref().unwrap_or_default(),
                    doc.no_transaction_help()
                );
                found.extend(finding_with_help(meta, stmt, msg, help));
            }
        }
    } else if *transaction != Value::Undefined {
        let begins: Vec<&Value> = doc
            .forward()
            .iter()
            .copied()
            .filter(|s| is(get!(s, "kind"), "begin"))
            .collect();
        if begins.len() < 2 {
            return found;
        }
        let closing: Vec<&Value> = doc
            .forward()
            .iter()
            .filter(|s| matches!(text(get!(s, "kind")), Some("commit" | "rollback")))
            .map(|s| get!(s, "index"))
            .collect();
        for stmt in &begins {
            let b = get!(stmt, "index");
            for open in &begins {
                let a = get!(open, "index");
                // `not closed_between(open.index, stmt.index)`
                if !before(a, b) || closing.iter().any(|s| before(a, s) && before(s, b)) {
                    continue;
                }
                // `%d` of a number with a fraction: an error in regorus,
                // and the entry point gives no findings
                let Some(line) = decimal(get!(open, "line")) else {
                    return Vec::new();
                };
                let msg = format!(
                    "BEGIN while the transaction begun at line {line} is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction"
                );
                found.extend(finding(meta, stmt, msg));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    use super::super::common::{native_only, same_findings_and_help_in, same_findings_in};

    fn found(file: &str, sql: &str) -> Vec<String> {
        same_findings_in(file, Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("transaction-nesting"))
            .collect()
    }

    #[test]
    fn begin_and_commit_in_the_tools_transaction() {
        let sql = "BEGIN;\nUPDATE orders SET status = 'new';\nCOMMIT;\nROLLBACK;\n";
        assert_eq!(
            found("V1__m.sql", sql),
            [
                "transaction-nesting warning 1 BEGIN inside a migration the tool already runs in a transaction: PostgreSQL ignores it with a warning and MySQL commits the open transaction, so the script's transaction is not the one that runs",
                "transaction-nesting warning 3 COMMIT inside a migration the tool already runs in a transaction: it commits the tool's transaction early: what follows runs outside any transaction, and a later failure leaves the migration half applied",
            ]
        );
        assert!(found("fail.sql", sql).is_empty());
    }

    #[test]
    fn the_help_names_the_tool_and_golang_migrate_is_left_alone() {
        let sql = "BEGIN;\nUPDATE orders SET status = 'new';\nCOMMIT;\n";
        // golang-migrate: an explicit transaction is the documented way
        assert!(found("1_m.up.sql", sql).is_empty());
        let helps = |file: &str, sql: &str| -> Vec<Option<String>> {
            same_findings_and_help_in(file, Dialect::Postgres, sql, serde_json::json!({}))
                .into_iter()
                .filter(|(f, _)| f.starts_with("transaction-nesting"))
                .map(|(_, help)| help)
                .collect()
        };
        let advice = "Drop the `BEGIN`/`COMMIT` and let the tool's transaction hold the migration; for statements that cannot run in a transaction, turn the tool's transaction off for that migration instead. ";
        let flyway = format!(
            "{advice}Flyway wraps each migration in a transaction: add `executeInTransaction=false` to a `<script>.sql.conf` file next to the script (for example `V5__add_index.sql.conf`), and keep the statement alone in its migration."
        );
        assert_eq!(
            helps("V1__m.sql", sql),
            [Some(flyway.clone()), Some(flyway)]
        );
        let dbmate = format!(
            "{advice}dbmate wraps each migration in a transaction: write `-- migrate:up transaction:false` and keep the statement alone in the migration."
        );
        assert_eq!(
            helps("20240101000000_m.sql", &format!("-- migrate:up\n{sql}")),
            [Some(dbmate.clone()), Some(dbmate)]
        );
    }

    #[test]
    fn nested_begin_in_a_plain_script() {
        let sql =
            "BEGIN;\nBEGIN;\nSTART TRANSACTION;\nCOMMIT;\nBEGIN;\nROLLBACK;\nBEGIN;\nCOMMIT;\n";
        assert_eq!(
            found("fail.sql", sql),
            [
                "transaction-nesting warning 2 BEGIN while the transaction begun at line 1 is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction",
                "transaction-nesting warning 3 BEGIN while the transaction begun at line 1 is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction",
                "transaction-nesting warning 3 BEGIN while the transaction begun at line 2 is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction",
            ]
        );
    }

    #[test]
    fn the_help_golang_migrate_and_missing_fields() {
        let statements = serde_json::json!([
            {"index": 0, "phase": "forward", "kind": "begin", "line": 1},
            {"index": 1, "phase": "forward", "kind": "begin", "line": null},
            {"index": 2, "phase": "forward", "kind": "begin", "line": 3},
        ]);
        let doc = |changeset: serde_json::Value, source: serde_json::Value| serde_json::json!({"changeset": changeset, "source": source, "statements": statements});
        let run = |input| {
            native_only(
                super::warn,
                "transaction-nesting",
                input,
                serde_json::json!({}),
            )
        };
        let implicit = serde_json::json!({"transaction": "implicit"});
        assert!(
            run(doc(
                implicit.clone(),
                serde_json::json!({"format": "golang-migrate"})
            ))
            .is_empty()
        );
        assert!(run(doc(implicit.clone(), serde_json::json!({}))).is_empty());
        assert_eq!(
            run(doc(implicit, serde_json::json!({"format": null}))).len(),
            3
        );
        assert!(run(doc(serde_json::json!({}), serde_json::json!({}))).is_empty());
        // `%d` of null is nothing
        assert_eq!(
            run(doc(
                serde_json::json!({"transaction": "none"}),
                serde_json::json!({})
            )),
            [
                "Statement(1) BEGIN while the transaction begun at line 1 is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction",
                "Statement(2) BEGIN while the transaction begun at line 1 is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction",
                "Statement(2) BEGIN while the transaction begun at line  is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction",
            ]
        );
    }
}
