//! `column-charset-differs-from-table` (`policies/integrity/column_charset_differs_from_table.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is, is_array, is_object, items, show, text};
use crate::policy::native::{Doc, Meta};

/// `charset_of(name)`: the character set a charset or collation name
/// belongs to.
fn charset_of(name: &str) -> &str {
    if name == "utf8" {
        "utf8mb3"
    } else if !name.contains('_') {
        name
    } else {
        charset_of(name.split('_').next().unwrap_or_default())
    }
}

/// `declared(obj)`: its charset, else its collation's.
fn declared(obj: &Value) -> Option<&str> {
    if let Some(charset) = text(get!(obj, "charset")) {
        Some(charset_of(charset))
    } else {
        text(get!(obj, "collation")).map(charset_of)
    }
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "create_table") {
            continue;
        }
        let Some(table) = declared(stmt) else {
            continue;
        };
        let columns = get!(stmt, "columns");
        if !is_array(columns) {
            continue;
        }
        for col in items(columns).iter().filter(|c| is_object(c)) {
            let Some(own) = declared(col).filter(|own| *own != table) else {
                continue;
            };
            let col_name = get!(col, "name");
            if *col_name == Value::Undefined {
                continue;
            }
            let Some(name) = name_of(get!(stmt, "object")) else {
                continue;
            };
            let msg = format!(
                "Column \"{}\" of \"{name}\" is {own}, the table is {table}: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with \"Illegal mix of collations\"",
                show(col_name)
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
    fn charsets_and_collations_of_columns_and_tables() {
        let found = findings_of(
            "column-charset-differs-from-table",
            Dialect::Mysql,
            &[],
            "CREATE TABLE users (\n\
  id bigint PRIMARY KEY,\n\
  name varchar(100) CHARACTER SET latin1 NOT NULL,\n\
  token varchar(64) COLLATE utf8mb4_bin,\n\
  code varchar(8) COLLATE latin1_bin,\n\
  old varchar(8) CHARACTER SET utf8\n\
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\
CREATE TABLE shop.legacy (\n\
  a varchar(10) CHARACTER SET utf8mb3,\n\
  b varchar(10) CHARACTER SET utf8mb4\n\
) COLLATE=utf8_general_ci;\n\
CREATE TABLE free (a varchar(10) CHARACTER SET latin1);\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "column-charset-differs-from-table warning 1 Column \"code\" of \"users\" is latin1, the table is utf8mb4: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with \"Illegal mix of collations\"",
                "column-charset-differs-from-table warning 1 Column \"name\" of \"users\" is latin1, the table is utf8mb4: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with \"Illegal mix of collations\"",
                "column-charset-differs-from-table warning 1 Column \"old\" of \"users\" is utf8mb3, the table is utf8mb4: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with \"Illegal mix of collations\"",
                "column-charset-differs-from-table warning 8 Column \"b\" of \"shop.legacy\" is utf8mb4, the table is utf8mb3: comparisons and joins with the table's other text columns convert every row (no index is used) or fail with \"Illegal mix of collations\"",
            ]
        );
    }
}
