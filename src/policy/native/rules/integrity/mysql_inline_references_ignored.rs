//! `mysql-inline-references-ignored` (`policies/integrity/mysql_inline_references_ignored.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is_object, show, text};
use crate::policy::native::{Doc, Meta};

/// `major`: the target's major version, when given (`8.0.36` → 8).
fn major(doc: &Doc<'_>) -> Option<f64> {
    let version = text(get!(doc.input, "target", "version"))?;
    let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<f64>().ok()
}

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    // `ignored`: no major, or below 9
    if doc.dialect() != "mysql" || major(doc).is_some_and(|m| m >= 9.0) {
        return Vec::new();
    }
    doc.new_columns()
        .into_iter()
        .filter(|(_, col)| is_object(get!(col, "references")))
        .filter_map(|(stmt, col)| {
            let name = get!(col, "name");
            if *name == Value::Undefined {
                return None;
            }
            let parent = name_of(get!(col, "references"))?;
            let msg = format!(
                "Column \"{}\" references \"{parent}\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
                show(name)
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
    fn no_version_create_table_and_add_column() {
        let found = findings_of(
            "mysql-inline-references-ignored",
            Dialect::Mysql,
            &[],
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), c bigint REFERENCES shop.customers (id));\n\
ALTER TABLE lines ADD COLUMN ship_id bigint REFERENCES ships (id);\n\
CREATE TABLE fine (order_id bigint, FOREIGN KEY (order_id) REFERENCES orders (id));\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "mysql-inline-references-ignored error 1 Column \"c\" references \"shop.customers\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
                "mysql-inline-references-ignored error 1 Column \"order_id\" references \"orders\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
                "mysql-inline-references-ignored error 2 Column \"ship_id\" references \"ships\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
            ]
        );
    }

    #[test]
    fn before_9() {
        let found = findings_of(
            "mysql-inline-references-ignored",
            Dialect::Mysql,
            &[8, 0, 36],
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), c bigint REFERENCES shop.customers (id));\n\
ALTER TABLE lines ADD COLUMN ship_id bigint REFERENCES ships (id);\n\
CREATE TABLE fine (order_id bigint, FOREIGN KEY (order_id) REFERENCES orders (id));\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "mysql-inline-references-ignored error 1 Column \"c\" references \"shop.customers\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
                "mysql-inline-references-ignored error 1 Column \"order_id\" references \"orders\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
                "mysql-inline-references-ignored error 2 Column \"ship_id\" references \"ships\" inline: MySQL ignores inline REFERENCES, so no foreign key is created",
            ]
        );
    }

    #[test]
    fn from_9() {
        let found = findings_of(
            "mysql-inline-references-ignored",
            Dialect::Mysql,
            &[9, 1],
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), c bigint REFERENCES shop.customers (id));\n\
ALTER TABLE lines ADD COLUMN ship_id bigint REFERENCES ships (id);\n\
CREATE TABLE fine (order_id bigint, FOREIGN KEY (order_id) REFERENCES orders (id));\n",
            serde_json::json!({}),
        );
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn not_mariadb() {
        let found = findings_of(
            "mysql-inline-references-ignored",
            Dialect::Mariadb,
            &[],
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), c bigint REFERENCES shop.customers (id));\n\
ALTER TABLE lines ADD COLUMN ship_id bigint REFERENCES ships (id);\n\
CREATE TABLE fine (order_id bigint, FOREIGN KEY (order_id) REFERENCES orders (id));\n",
            serde_json::json!({}),
        );
        assert_eq!(found, Vec::<String>::new());
    }
}
