//! `drop-table-name-pattern`
//! (`policies/destructive/drop_table_name_pattern.rego`, `warn`).

use std::cell::OnceCell;

use regex::{Regex, RegexBuilder};

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, name_of, names_of};
use crate::policy::native::value::{get, is, text};
use crate::policy::native::{Doc, Meta};

/// regorus's limit on a compiled pattern (`builtins/regex.rs`).
const REGEX_SIZE_LIMIT: usize = 100 * 1024;

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // unset: nothing to look at
    let Some(pattern) = doc.param(meta, "pattern").and_then(text) else {
        return Vec::new();
    };
    // `regex.match` as regorus compiles the pattern; one it rejects
    // (invalid, or too big) is an evaluation error that fails the rule in
    // Rego (a policy problem, which a native rule cannot report): no
    // findings here. Compiled only when a statement needs it.
    let regex: OnceCell<Option<Regex>> = OnceCell::new();
    let compiled = || {
        regex.get_or_init(|| {
            RegexBuilder::new(pattern)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .ok()
        })
    };
    let mut out = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "drop_table") || is_new_table(stmt) {
            continue;
        }
        for obj in names_of(stmt) {
            let Some(name) = text(get!(obj, "name")) else {
                continue;
            };
            let Some(re) = compiled() else {
                return Vec::new();
            };
            if re.is_match(name) {
                continue;
            }
            let Some(label) = name_of(obj) else { continue };
            let msg = format!(
                "DROP TABLE \"{label}\": the name does not match {pattern} (params.drop-table-name-pattern.pattern), so it was not renamed for deletion first"
            );
            out.extend(finding(meta, stmt, msg));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(sql: &str, config: serde_json::Value) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, config)
            .into_iter()
            .filter(|f| f.starts_with("drop-table-name-pattern "))
            .collect()
    }

    fn pattern(p: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"params": {"drop-table-name-pattern": {"pattern": p}}})
    }

    const SQL: &str = "DROP TABLE orders_deprecated;\nDROP TABLE customers, s.notes_deprecated, s.lines;\n\
                       CREATE TABLE scratch (id int);\nDROP TABLE scratch;\n";

    #[test]
    fn unmarked_names_warn_and_new_tables_are_exempt() {
        assert_eq!(
            found(SQL, pattern(serde_json::json!("_deprecated$"))),
            [
                "drop-table-name-pattern warning 2 DROP TABLE \"customers\": the name does not match _deprecated$ (params.drop-table-name-pattern.pattern), so it was not renamed for deletion first",
                "drop-table-name-pattern warning 2 DROP TABLE \"s.lines\": the name does not match _deprecated$ (params.drop-table-name-pattern.pattern), so it was not renamed for deletion first",
            ]
        );
    }

    #[test]
    fn nothing_until_configured_with_a_string() {
        assert!(found(SQL, serde_json::json!({})).is_empty());
        assert!(found(SQL, pattern(serde_json::json!(3))).is_empty());
        assert!(found(SQL, pattern(serde_json::Value::Null)).is_empty());
    }

    /// Rego reports the evaluation error as a policy problem; natively the
    /// rule finds nothing (`same_findings` would see the problem differ).
    #[test]
    fn an_invalid_pattern_finds_nothing() {
        let input =
            crate::policy::native::value::Value::from_json(&serde_json::json!({"statements": [{
                "index": 0, "phase": "forward", "kind": "drop_table",
                "names": [{"type": "table", "name": "t"}], "table": {"name": "t", "new": false}
            }]}));
        let meta = crate::policy::native::Meta {
            id: "drop-table-name-pattern".into(),
            severity: crate::policy::Severity::Warning,
            help: None,
        };
        for (p, n) in [("(", 0), ("^x", 1)] {
            let params = crate::policy::native::params_of(&pattern(serde_json::json!(p)));
            let doc = crate::policy::native::Doc::new(&input, &params);
            assert_eq!(super::warn(&doc, &meta).len(), n, "{p}");
        }
    }
}
