//! `auto-increment-must-be-integer` (`policies/types/auto_increment_must_be_integer.rego`, `warn`).

use super::common::{folded, integer_like, new_identity_columns};
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::defined;
use crate::policy::native::value::{get, show};
use crate::policy::native::{Doc, Meta};

/// `integer_type(type_name)`.
fn integer_type(type_name: &str) -> bool {
    integer_like(type_name) || folded(type_name) == "serial"
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    new_identity_columns(doc)
        .into_iter()
        .filter(|(_, _, type_name)| !integer_type(type_name))
        .filter_map(|(stmt, col, type_name)| {
            let name = show(defined(get!(col, "name"))?);
            finding(
                meta,
                stmt,
                format!(
                    "AUTO_INCREMENT column \"{name}\" is {type_name}: past 2^24 (float) new keys round onto existing ones"
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("auto-increment-must-be-integer "))
            .collect()
    }

    #[test]
    fn float_keys_warn_integer_keys_pass() {
        let found = findings(
            Dialect::Mysql,
            "CREATE TABLE a (id DOUBLE NOT NULL AUTO_INCREMENT PRIMARY KEY, v DOUBLE);\n\
             CREATE TABLE b (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY);\n\
             CREATE TABLE c (id SERIAL, at datetime NOT NULL);\n\
             CREATE TABLE d (id INT(11) NOT NULL AUTO_INCREMENT PRIMARY KEY);\n\
             CREATE TABLE e (id tinyint NOT NULL AUTO_INCREMENT PRIMARY KEY);\n\
             ALTER TABLE f ADD COLUMN n FLOAT NOT NULL AUTO_INCREMENT PRIMARY KEY;\n\
             CREATE TABLE g (id decimal(20,0) NOT NULL AUTO_INCREMENT PRIMARY KEY);\n",
        );
        assert_eq!(
            found,
            [
                "auto-increment-must-be-integer warning 1 AUTO_INCREMENT column \"id\" is DOUBLE: past 2^24 (float) new keys round onto existing ones",
                "auto-increment-must-be-integer warning 6 AUTO_INCREMENT column \"n\" is FLOAT: past 2^24 (float) new keys round onto existing ones",
                "auto-increment-must-be-integer warning 7 AUTO_INCREMENT column \"id\" is DECIMAL(20,0): past 2^24 (float) new keys round onto existing ones",
            ]
        );
    }

    #[test]
    fn only_on_mysql() {
        assert!(
            findings(
                Dialect::Postgres,
                "CREATE TABLE a (id double precision GENERATED ALWAYS AS IDENTITY);\n"
            )
            .is_empty()
        );
    }
}
