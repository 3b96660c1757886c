//! `auto-increment-must-be-unsigned` (`policies/types/auto_increment_must_be_unsigned.rego`, `warn`).

use super::common::{folded, integer_like, new_identity_columns};
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::defined;
use crate::policy::native::value::{get, show};
use crate::policy::native::{Doc, Meta};

/// `unsigned(type_name)`: SERIAL is BIGINT UNSIGNED NOT NULL
/// AUTO_INCREMENT UNIQUE.
fn unsigned(type_name: &str) -> bool {
    type_name.to_lowercase().contains("unsigned") || folded(type_name) == "serial"
}

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    new_identity_columns(doc)
        .into_iter()
        .filter(|(_, _, type_name)| integer_like(type_name) && !unsigned(type_name))
        .filter_map(|(stmt, col, type_name)| {
            let name = show(defined(get!(col, "name"))?);
            finding(
                meta,
                stmt,
                format!(
                    "AUTO_INCREMENT column \"{name}\" is a signed {type_name}: the negative half of its range is never used"
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
        same_findings(
            dialect,
            sql,
            serde_json::json!({"rules": {"auto-increment-must-be-unsigned": {"enabled": true}}}),
        )
        .into_iter()
        .filter(|f| f.starts_with("auto-increment-must-be-unsigned "))
        .collect()
    }

    #[test]
    fn signed_integer_keys_warn() {
        let found = findings(
            Dialect::Mysql,
            "CREATE TABLE a (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v int NOT NULL);\n\
             CREATE TABLE b (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY);\n\
             CREATE TABLE c (id SERIAL, at datetime NOT NULL);\n\
             CREATE TABLE d (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n\
             CREATE TABLE e (id DOUBLE NOT NULL AUTO_INCREMENT PRIMARY KEY);\n\
             ALTER TABLE f ADD COLUMN n smallint NOT NULL AUTO_INCREMENT PRIMARY KEY;\n",
        );
        assert_eq!(
            found,
            [
                "auto-increment-must-be-unsigned warning 1 AUTO_INCREMENT column \"id\" is a signed INT: the negative half of its range is never used",
                "auto-increment-must-be-unsigned warning 4 AUTO_INCREMENT column \"id\" is a signed BIGINT: the negative half of its range is never used",
                "auto-increment-must-be-unsigned warning 6 AUTO_INCREMENT column \"n\" is a signed SMALLINT: the negative half of its range is never used",
            ]
        );
    }

    #[test]
    fn only_on_mysql() {
        assert!(
            findings(
                Dialect::Postgres,
                "CREATE TABLE a (id int GENERATED ALWAYS AS IDENTITY);\n"
            )
            .is_empty()
        );
    }
}
