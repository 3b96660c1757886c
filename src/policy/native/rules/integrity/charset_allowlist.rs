//! `charset-allowlist` (`policies/integrity/charset_allowlist.rego`, `warn`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{get, is, is_array, items, text};
use crate::policy::native::{Doc, Meta};

/// `allowed(key)`: the configured names, lower case; `None` when the
/// parameter is not an array.
fn allowed(doc: &Doc<'_>, meta: &Meta, key: &str) -> Option<BTreeSet<String>> {
    let configured = doc.param(meta, key).filter(|c| is_array(c))?;
    Some(
        items(configured)
            .iter()
            .filter_map(text)
            .map(str::to_lowercase)
            .collect(),
    )
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // `checks`, in key order
    for (field, key) in [("charset", "charsets"), ("collation", "collations")] {
        let Some(list) = allowed(doc, meta, key) else {
            continue;
        };
        for stmt in doc.forward() {
            if !is(get!(stmt, "kind"), "create_table") {
                continue;
            }
            let value = match field {
                "charset" => get!(stmt, "charset"),
                _ => get!(stmt, "collation"),
            };
            let Some(value) = text(value) else {
                continue;
            };
            if list.contains(value) {
                continue;
            }
            let Some(name) = name_of(get!(stmt, "object")) else {
                continue;
            };
            let msg = format!(
                "Table \"{name}\" is created with {} {value}, which params.charset-allowlist.{key} does not allow",
                field.to_uppercase()
            );
            out.extend(finding(meta, stmt, msg));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::common::findings_of;
    use crate::dialect::Dialect;

    #[test]
    fn charsets_and_collations_lower_cased() {
        let found = findings_of(
            "charset-allowlist",
            Dialect::Mysql,
            &[],
            "CREATE TABLE legacy (id bigint PRIMARY KEY) DEFAULT CHARSET=latin1;\n\
CREATE TABLE events (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE shop.notes (id bigint PRIMARY KEY) DEFAULT CHARSET=UTF8MB4 COLLATE=utf8mb4_bin;\n\
CREATE TABLE plain (id bigint PRIMARY KEY) COLLATE=latin1_swedish_ci;\n",
            serde_json::json!({"params": {"charset-allowlist": {"charsets": ["utf8mb4", 3], "collations": ["UTF8MB4_BIN"]}}}),
        );
        assert_eq!(
            found,
            [
                "charset-allowlist warning 1 Table \"legacy\" is created with CHARSET latin1, which params.charset-allowlist.charsets does not allow",
                "charset-allowlist warning 4 Table \"plain\" is created with COLLATION latin1_swedish_ci, which params.charset-allowlist.collations does not allow",
            ]
        );
    }

    #[test]
    fn only_charsets() {
        let found = findings_of(
            "charset-allowlist",
            Dialect::Mysql,
            &[],
            "CREATE TABLE legacy (id bigint PRIMARY KEY) DEFAULT CHARSET=latin1;\n\
CREATE TABLE events (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE shop.notes (id bigint PRIMARY KEY) DEFAULT CHARSET=UTF8MB4 COLLATE=utf8mb4_bin;\n\
CREATE TABLE plain (id bigint PRIMARY KEY) COLLATE=latin1_swedish_ci;\n",
            serde_json::json!({"params": {"charset-allowlist": {"charsets": ["latin1"]}}}),
        );
        assert_eq!(
            found,
            [
                "charset-allowlist warning 2 Table \"events\" is created with CHARSET utf8mb4, which params.charset-allowlist.charsets does not allow",
                "charset-allowlist warning 3 Table \"shop.notes\" is created with CHARSET utf8mb4, which params.charset-allowlist.charsets does not allow",
            ]
        );
    }

    #[test]
    fn not_configured() {
        let found = findings_of(
            "charset-allowlist",
            Dialect::Mysql,
            &[],
            "CREATE TABLE legacy (id bigint PRIMARY KEY) DEFAULT CHARSET=latin1;\n\
CREATE TABLE events (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE shop.notes (id bigint PRIMARY KEY) DEFAULT CHARSET=UTF8MB4 COLLATE=utf8mb4_bin;\n\
CREATE TABLE plain (id bigint PRIMARY KEY) COLLATE=latin1_swedish_ci;\n",
            serde_json::json!({}),
        );
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn not_an_array() {
        let found = findings_of(
            "charset-allowlist",
            Dialect::Mysql,
            &[],
            "CREATE TABLE legacy (id bigint PRIMARY KEY) DEFAULT CHARSET=latin1;\n\
CREATE TABLE events (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE shop.notes (id bigint PRIMARY KEY) DEFAULT CHARSET=UTF8MB4 COLLATE=utf8mb4_bin;\n\
CREATE TABLE plain (id bigint PRIMARY KEY) COLLATE=latin1_swedish_ci;\n",
            serde_json::json!({"params": {"charset-allowlist": {"charsets": "latin1"}}}),
        );
        assert_eq!(found, Vec::<String>::new());
    }
}
