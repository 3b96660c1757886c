//! `column-does-not-exist` (`policies/integrity/column_does_not_exist.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    super::common::refusals(doc, meta, "column_does_not_exist")
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    #[test]
    fn a_column_the_table_does_not_have() {
        let found = super::super::common::findings_of(
            "column-does-not-exist",
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
                "column-does-not-exist error 6 ALTER TABLE would be refused by the database: column \"nope\" does not exist in table \"t2\" (created by changeset \"V1__migration.sql\"), whose columns are: a",
            ]
        );
    }
}
