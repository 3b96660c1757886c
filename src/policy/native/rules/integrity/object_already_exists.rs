//! `object-already-exists` (`policies/integrity/object_already_exists.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    super::common::refusals(doc, meta, "already_exists")
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    #[test]
    fn an_index_and_a_table_created_twice() {
        let found = super::super::common::findings_of(
            "object-already-exists",
            Dialect::Postgres,
            &[],
            "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n\
CREATE INDEX users_email ON users (email);\n\
CREATE INDEX users_email ON users (id);\n\
CREATE TABLE users (id int);\n\
DROP TABLE gone_never;\n\
DROP TABLE users;\n\
DROP TABLE users;\n\
CREATE TABLE t2 (a int);\n\
ALTER TABLE t2 DROP COLUMN nope;\n\
ALTER TABLE t2 RENAME COLUMN zz TO yy;\n\
ALTER TABLE t2 DROP COLUMN a;\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "object-already-exists error 3 CREATE INDEX would be refused by the database: index \"users_email\" already exists (on \"users\", created by changeset \"V1__migration.sql\")",
                "object-already-exists error 4 CREATE TABLE would be refused by the database: table \"users\" already exists (created by changeset \"V1__migration.sql\")",
            ]
        );
    }
}
