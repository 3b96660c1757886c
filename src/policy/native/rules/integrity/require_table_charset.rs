//! `require-table-charset` (`policies/integrity/require_table_charset.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is, is_true, text};
use crate::policy::native::{Doc, Meta};

/// `missing(stmt)`: what the table does not name.
fn missing(stmt: &Value, require_collation: bool) -> Option<&'static str> {
    let charset = text(get!(stmt, "charset")).is_some();
    let collation = text(get!(stmt, "collation")).is_some();
    if !charset && !collation {
        Some("a character set")
    } else if require_collation && !collation {
        Some("a collation")
    } else {
        None
    }
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    let require_collation = doc.param(meta, "require_collation").is_some_and(is_true);
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "create_table")
                && matches!(
                    get!(stmt, "temporary"),
                    Value::Undefined | Value::Bool(false)
                )
                && text(get!(stmt, "object", "name")).is_some()
        })
        .filter_map(|stmt| {
            let what = missing(stmt, require_collation)?;
            let name = name_of(get!(stmt, "object"))?;
            let msg = format!(
                "Table \"{name}\" is created without {what}: it takes the server's default, which differs between servers and versions"
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::common::findings_of;
    use crate::dialect::Dialect;

    #[test]
    fn charset_or_collation_required() {
        let found = findings_of(
            "require-table-charset",
            Dialect::Mysql,
            &[],
            "CREATE TABLE orders (id bigint PRIMARY KEY) ENGINE=InnoDB;\n\
CREATE TABLE shop.users (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n\
CREATE TABLE notes (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE tags (id bigint PRIMARY KEY) COLLATE=utf8mb4_bin;\n\
CREATE TEMPORARY TABLE scratch (id int);\n",
            serde_json::json!({"rules": {"require-table-charset": {"enabled": true}}}),
        );
        assert_eq!(
            found,
            [
                "require-table-charset warning 1 Table \"orders\" is created without a character set: it takes the server's default, which differs between servers and versions",
            ]
        );
    }

    #[test]
    fn collation_required() {
        let found = findings_of(
            "require-table-charset",
            Dialect::Mysql,
            &[],
            "CREATE TABLE orders (id bigint PRIMARY KEY) ENGINE=InnoDB;\n\
CREATE TABLE shop.users (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n\
CREATE TABLE notes (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE tags (id bigint PRIMARY KEY) COLLATE=utf8mb4_bin;\n\
CREATE TEMPORARY TABLE scratch (id int);\n",
            serde_json::json!({"rules": {"require-table-charset": {"enabled": true}}, "params": {"require-table-charset": {"require_collation": true}}}),
        );
        assert_eq!(
            found,
            [
                "require-table-charset warning 1 Table \"orders\" is created without a character set: it takes the server's default, which differs between servers and versions",
                "require-table-charset warning 3 Table \"notes\" is created without a collation: it takes the server's default, which differs between servers and versions",
            ]
        );
    }

    #[test]
    fn off_by_default() {
        let found = findings_of(
            "require-table-charset",
            Dialect::Mysql,
            &[],
            "CREATE TABLE orders (id bigint PRIMARY KEY) ENGINE=InnoDB;\n\
CREATE TABLE shop.users (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n\
CREATE TABLE notes (id bigint PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE tags (id bigint PRIMARY KEY) COLLATE=utf8mb4_bin;\n\
CREATE TEMPORARY TABLE scratch (id int);\n",
            serde_json::json!({}),
        );
        assert_eq!(found, Vec::<String>::new());
    }
}
