//! `ban-drop-cascade` (`policies/destructive/ban_drop_cascade.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, kind_words, names_of, quoted_names};
use crate::policy::native::value::{get, is_true, text};
use crate::policy::native::{Doc, Meta};

/// `dropping`.
const DROPPING: [&str; 7] = [
    "drop_view",
    "drop_type",
    "drop_function",
    "drop_procedure",
    "drop_domain",
    "drop_sequence",
    "drop_extension",
];

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = text(get!(stmt, "kind")).filter(|k| DROPPING.contains(k))?;
            if !is_true(get!(stmt, "cascade")) {
                return None;
            }
            let msg = format!(
                "{} {} CASCADE also drops every object that depends on it (views, other tables' foreign keys, defaults), which the statement does not name",
                kind_words(kind),
                quoted_names(names_of(stmt))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn each_kind_with_and_without_cascade() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "DROP VIEW v1, s.v2 CASCADE;\nDROP VIEW v3;\nDROP TYPE t CASCADE;\n\
             DROP FUNCTION f(int) CASCADE;\nDROP SEQUENCE q CASCADE;\n\
             DROP EXTENSION e CASCADE;\nDROP DOMAIN d CASCADE;\nDROP TABLE x CASCADE;\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-drop-cascade "))
        .collect();
        let tail = "CASCADE also drops every object that depends on it (views, other tables' foreign keys, defaults), which the statement does not name";
        let expected: Vec<String> = [
            "1 DROP VIEW \"v1\", \"s.v2\"",
            "3 DROP TYPE \"t\"",
            "4 DROP FUNCTION \"f\"",
            "5 DROP SEQUENCE \"q\"",
            "6 DROP EXTENSION \"e\"",
            "7 DROP DOMAIN \"d\"",
        ]
        .iter()
        .map(|s| format!("ban-drop-cascade warning {s} {tail}"))
        .collect();
        assert_eq!(found, expected);
    }
}
