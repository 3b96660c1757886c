//! `ban-concurrently-in-transaction`
//! (`policies/locking/ban_concurrently_in_transaction.rego`, `deny`).

use std::borrow::Cow;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding_with_help, kind_words};
use crate::policy::native::value::{Value, get, is, is_true, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is_true(get!(stmt, "concurrently")) && is_true(get!(stmt, "in_transaction"))
        })
        .filter_map(|stmt| {
            let explicit = is(get!(stmt, "transaction"), "explicit");
            let transaction = if explicit {
                "an explicit transaction (BEGIN … COMMIT in the script)"
            } else {
                "the transaction the migration tool opens around the migration"
            };
            let msg = format!(
                "{} cannot run inside a transaction block, and this one runs inside {transaction}: PostgreSQL rejects it and the migration fails",
                statement_words(stmt)?
            );
            let help = if explicit {
                "Remove the BEGIN/COMMIT around the statement and run it alone in its migration, in autocommit."
            } else {
                doc.no_transaction_help()
            };
            finding_with_help(meta, stmt, msg, help.to_string())
        })
        .collect()
}

/// `statement_words(stmt)`; `None` when the statement has no kind.
fn statement_words(stmt: &Value) -> Option<Cow<'static, str>> {
    let kind = get!(stmt, "kind");
    Some(if is(kind, "create_index") {
        "CREATE INDEX CONCURRENTLY".into()
    } else if is(kind, "drop_index") {
        "DROP INDEX CONCURRENTLY".into()
    } else if is(kind, "reindex") {
        "REINDEX … CONCURRENTLY".into()
    } else if is(kind, "alter_table") {
        "DETACH PARTITION … CONCURRENTLY".into()
    } else {
        // `replace` on a kind that is no string is an error in Rego
        format!("{} … CONCURRENTLY", kind_words(text(kind)?)).into()
    })
}

#[cfg(test)]
mod tests {
    use super::super::oracle::helps_of;
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-concurrently-in-transaction "))
            .collect()
    }

    const TAIL: &str = "cannot run inside a transaction block, and this one runs inside an explicit transaction (BEGIN … COMMIT in the script): PostgreSQL rejects it and the migration fails";

    #[test]
    fn every_statement_in_an_explicit_transaction() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "BEGIN;\n\
                 CREATE INDEX CONCURRENTLY a_idx ON orders (status);\n\
                 DROP INDEX CONCURRENTLY b_idx;\n\
                 REINDEX INDEX CONCURRENTLY c_idx;\n\
                 ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;\n\
                 REFRESH MATERIALIZED VIEW CONCURRENTLY totals;\n\
                 CREATE INDEX d_idx ON orders (status);\n\
                 COMMIT;\n\
                 CREATE INDEX CONCURRENTLY e_idx ON orders (status);\n",
            ),
            [
                format!("ban-concurrently-in-transaction error 2 CREATE INDEX CONCURRENTLY {TAIL}"),
                format!("ban-concurrently-in-transaction error 3 DROP INDEX CONCURRENTLY {TAIL}"),
                format!("ban-concurrently-in-transaction error 4 REINDEX … CONCURRENTLY {TAIL}"),
                format!(
                    "ban-concurrently-in-transaction error 5 DETACH PARTITION … CONCURRENTLY {TAIL}"
                ),
                format!(
                    "ban-concurrently-in-transaction error 6 REFRESH MATERIALIZED VIEW … CONCURRENTLY {TAIL}"
                ),
                "ban-concurrently-in-transaction error 9 CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and this one runs inside the transaction the migration tool opens around the migration: PostgreSQL rejects it and the migration fails".to_string(),
            ]
        );
    }

    #[test]
    fn help_for_an_explicit_and_a_tool_transaction() {
        let helps = helps_of(
            "ban-concurrently-in-transaction",
            Dialect::Postgres,
            "BEGIN;\nCREATE INDEX CONCURRENTLY a_idx ON orders (status);\nCOMMIT;\n\
             CREATE INDEX CONCURRENTLY e_idx ON orders (status);\n",
        );
        assert_eq!(helps.len(), 2);
        assert_eq!(
            helps[0].as_deref(),
            Some(
                "Remove the BEGIN/COMMIT around the statement and run it alone in its migration, in autocommit."
            )
        );
        assert!(
            helps[1].as_deref().is_some_and(|h| h.starts_with("Flyway")),
            "{helps:?}"
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(
            found(
                Dialect::Generic,
                "BEGIN;\nCREATE INDEX CONCURRENTLY a_idx ON orders (status);\nCOMMIT;\n"
            )
            .is_empty()
        );
    }
}
