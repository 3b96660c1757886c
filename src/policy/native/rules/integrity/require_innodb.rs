//! `require-innodb` (`policies/integrity/require_innodb.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "create_table")
                && matches!(
                    get!(stmt, "temporary"),
                    Value::Undefined | Value::Bool(false)
                )
        })
        .filter_map(|stmt| {
            let engine = text(get!(stmt, "engine")).filter(|e| *e != "innodb")?;
            let name = name_of(get!(stmt, "object"))?;
            let msg = format!(
                "Table \"{name}\" is created with ENGINE={engine}: no transactions, crash recovery or foreign keys, and every write locks the whole table"
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
    fn other_engines_not_innodb_default_or_temporary() {
        let found = findings_of(
            "require-innodb",
            Dialect::Mysql,
            &[],
            "CREATE TABLE a (id int PRIMARY KEY) ENGINE=MyISAM;\n\
CREATE TABLE shop.b (id int PRIMARY KEY) ENGINE=memory;\n\
CREATE TABLE c (id int PRIMARY KEY) ENGINE=InnoDB;\n\
CREATE TABLE d (id int PRIMARY KEY);\n\
CREATE TEMPORARY TABLE e (id int) ENGINE=MEMORY;\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "require-innodb warning 1 Table \"a\" is created with ENGINE=myisam: no transactions, crash recovery or foreign keys, and every write locks the whole table",
                "require-innodb warning 2 Table \"shop.b\" is created with ENGINE=memory: no transactions, crash recovery or foreign keys, and every write locks the whole table",
            ]
        );
    }

    #[test]
    fn mariadb_too() {
        let found = findings_of(
            "require-innodb",
            Dialect::Mariadb,
            &[],
            "CREATE TABLE a (id int PRIMARY KEY) ENGINE=MyISAM;\n\
CREATE TABLE shop.b (id int PRIMARY KEY) ENGINE=memory;\n\
CREATE TABLE c (id int PRIMARY KEY) ENGINE=InnoDB;\n\
CREATE TABLE d (id int PRIMARY KEY);\n\
CREATE TEMPORARY TABLE e (id int) ENGINE=MEMORY;\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "require-innodb warning 1 Table \"a\" is created with ENGINE=myisam: no transactions, crash recovery or foreign keys, and every write locks the whole table",
                "require-innodb warning 2 Table \"shop.b\" is created with ENGINE=memory: no transactions, crash recovery or foreign keys, and every write locks the whole table",
            ]
        );
    }
}
