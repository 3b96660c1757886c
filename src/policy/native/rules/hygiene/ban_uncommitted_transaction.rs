//! `ban-uncommitted-transaction` (`policies/hygiene/ban_uncommitted_transaction.rego`, `warn`).

use super::common::before;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let forward = doc.forward();
    forward
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "begin"))
        .filter(|stmt| {
            // `not closed_after(stmt.index)`
            let i = get!(stmt, "index");
            !forward
                .iter()
                .any(|s| (closes(s) || may_close(s)) && before(i, get!(s, "index")))
        })
        .filter_map(|stmt| {
            finding(
                meta,
                stmt,
                "BEGIN without a COMMIT or ROLLBACK later in the migration: the transaction is still open when the script ends, holding every lock taken since".to_owned(),
            )
        })
        .collect()
}

fn closes(s: &Value) -> bool {
    matches!(text(get!(s, "kind")), Some("commit" | "rollback"))
}

/// `may_close(s)`
fn may_close(s: &Value) -> bool {
    matches!(get!(s, "analyzed"), Value::Bool(false))
        || matches!(
            text(get!(s, "kind")),
            Some("other" | "unknown" | "do" | "execute" | "call")
        )
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    use super::super::common::same_findings_in;

    fn found(sql: &str) -> Vec<String> {
        same_findings_in("fail.sql", Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-uncommitted-transaction"))
            .collect()
    }

    const MESSAGE: &str = "BEGIN without a COMMIT or ROLLBACK later in the migration: the transaction is still open when the script ends, holding every lock taken since";

    #[test]
    fn begins_left_open() {
        assert_eq!(
            found("BEGIN;\nCOMMIT;\nBEGIN;\nUPDATE orders SET a = 1;\n"),
            [format!("ban-uncommitted-transaction warning 3 {MESSAGE}")]
        );
        assert!(found("BEGIN;\nUPDATE orders SET a = 1;\nROLLBACK;\n").is_empty());
        // a later statement the gate cannot read may end it
        assert!(found("BEGIN;\nDO $$ BEGIN IF x THEN NULL; END IF; END $$;\n").is_empty());
        assert!(found("BEGIN;\nGRANT frobnicate ON orders TO bob;\n").is_empty());
        assert!(found("BEGIN;\nCALL p();\n").is_empty());
        assert_eq!(
            found("COMMIT;\nBEGIN;\n"),
            [format!("ban-uncommitted-transaction warning 2 {MESSAGE}")]
        );
    }
}
