//! `object-does-not-exist` (`policies/integrity/object_does_not_exist.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    super::common::refusals(doc, meta, "does_not_exist")
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    #[test]
    fn a_table_dropped_twice() {
        let found = super::super::common::findings_of(
            "object-does-not-exist",
            Dialect::Postgres,
            &[],
            "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n\
DROP TABLE users;\n\
DROP TABLE users;\n\
DROP INDEX users_email;\n\
CREATE TABLE t2 (a int);\n\
ALTER TABLE t2 DROP COLUMN nope;\n\
ALTER TABLE t2 RENAME COLUMN zz TO yy;\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "object-does-not-exist error 3 DROP TABLE would be refused by the database: table \"users\" does not exist: created by changeset \"V1__migration.sql\", dropped by changeset \"V1__migration.sql\"",
            ]
        );
    }
}
