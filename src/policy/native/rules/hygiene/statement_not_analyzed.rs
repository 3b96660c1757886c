//! `statement-not-analyzed` (`policies/hygiene/statement_not_analyzed.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words};
use crate::policy::native::value::{Value, get, is, is_true, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            matches!(get!(stmt, "analyzed"), Value::Bool(false))
                && !is_true(get!(stmt, "syntax_error"))
        })
        .filter_map(|stmt| {
            let msg = format!(
                "Could not analyze this {} statement, so no rule could check it: {}",
                kind_label(stmt)?,
                reason(stmt)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `kind_label(stmt)`; `None` (undefined) when the kind is no string.
fn kind_label(stmt: &Value) -> Option<String> {
    match get!(stmt, "kind") {
        Value::String(kind) if !matches!(kind.as_ref(), "unknown" | "other") => {
            Some(kind_words(kind))
        }
        Value::String(_) => Some(
            text(get!(stmt, "sql"))
                .and_then(first_word)
                .map_or_else(|| "unrecognised".to_owned(), str::to_uppercase),
        ),
        // a document's statements always have a kind
        _ => None,
    }
}

/// `regex.find_n(`[A-Za-z_]+`, sql, 1)[0]`
fn first_word(sql: &str) -> Option<&str> {
    let word = |c: char| c.is_ascii_alphabetic() || c == '_';
    let start = sql.find(word)?;
    let rest = &sql[start..];
    let end = rest.find(|c: char| !word(c)).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `reason(stmt)`
fn reason(stmt: &Value) -> &str {
    if let Some(error) = text(get!(stmt, "parse_error")) {
        error
    } else if is(get!(stmt, "kind"), "do")
        && matches!(get!(stmt, "body_parsed"), Value::Bool(false))
    {
        "its body is procedural code (conditions, loops, variables) the gate does not read; a body of plain statements between BEGIN and END is checked statement by statement"
    } else {
        "the parser gave no reason"
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    use super::super::common::native_only;

    #[test]
    fn unparsed_statements_and_opaque_do_blocks() {
        let sql = "CREATE INDEX i ON t (a);\n\
                   GRANT frobnicate ON orders TO bob;\n\
                   ALTER SYSTEM SET foo = 1 2 3;\n\
                   CREATE TYPE x AS (a int) weird;\n\
                   DO $$\nDECLARE n int;\nBEGIN\n  FOR i IN 1..3 LOOP\n    UPDATE orders SET status = 'new';\n  END LOOP;\nEND\n$$;\n\
                   DO $$ BEGIN UPDATE orders SET status = 'x'; END $$;\n";
        let found: Vec<String> = same_findings(Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("statement-not-analyzed"))
            .collect();
        assert_eq!(
            found,
            [
                "statement-not-analyzed error 2 Could not analyze this GRANT statement, so no rule could check it: Expected: a privilege keyword, found: frobnicate",
                "statement-not-analyzed error 4 Could not analyze this CREATE TYPE statement, so no rule could check it: Expected: end of statement, found: weird",
                "statement-not-analyzed error 5 Could not analyze this DO statement, so no rule could check it: its body is procedural code (conditions, loops, variables) the gate does not read; a body of plain statements between BEGIN and END is checked statement by statement",
            ]
        );
    }

    #[test]
    fn unknown_kinds_by_their_leading_word() {
        let stmt = |index: i64, kind: &str, sql: serde_json::Value, phase: &str| {
            serde_json::json!({"index": index, "phase": phase, "kind": kind, "sql": sql,
                "analyzed": false, "parse_error": null})
        };
        let input = serde_json::json!({"statements": [
            stmt(0, "unknown", "  frobnicate the table".into(), "forward"),
            stmt(1, "other", "-- 1 2 3".into(), "forward"),
            stmt(2, "other", serde_json::Value::Null, "forward"),
            stmt(3, "unknown", "x_y2z".into(), "forward"),
            stmt(4, "unknown", "oops".into(), "rollback"),
            {"index": 5, "phase": "forward", "kind": "unknown", "sql": "CRATE", "analyzed": false, "syntax_error": true},
            {"index": 6, "phase": "forward", "kind": "reindex", "sql": "REINDEX", "analyzed": true},
        ]});
        assert_eq!(
            native_only(
                super::deny,
                "statement-not-analyzed",
                input,
                serde_json::json!({})
            ),
            [
                "Statement(0) Could not analyze this FROBNICATE statement, so no rule could check it: the parser gave no reason",
                "Statement(1) Could not analyze this unrecognised statement, so no rule could check it: the parser gave no reason",
                "Statement(2) Could not analyze this unrecognised statement, so no rule could check it: the parser gave no reason",
                "Statement(3) Could not analyze this X_Y statement, so no rule could check it: the parser gave no reason",
            ]
        );
    }
}
