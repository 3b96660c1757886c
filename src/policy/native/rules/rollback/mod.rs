//! The native `rollback` rules (`policies/rollback/`).

use crate::policy::native::Native;

mod rollback_does_not_restore;
mod rollback_lossy;
mod rollback_missing;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[
    Native {
        package: "schemagate.rules.rollback_missing",
        entry: "warn",
        eval: rollback_missing::warn,
    },
    Native {
        package: "schemagate.rules.rollback_lossy",
        entry: "warn",
        eval: rollback_lossy::warn,
    },
    Native {
        package: "schemagate.rules.rollback_does_not_restore",
        entry: "deny",
        eval: rollback_does_not_restore::deny,
    },
];

/// The Liquibase changelog the rollback ports' tests check: rollbacks that
/// restore, one missing, one that leaves an index, one that narrows a
/// column back, one empty.
#[cfg(test)]
const CHANGELOG: &str = "-- liquibase formatted sql\n\
\n\
-- changeset alice:1\n\
CREATE TABLE orders (id bigint PRIMARY KEY, note text, status varchar(100));\n\
-- rollback DROP TABLE orders;\n\
\n\
-- changeset alice:2\n\
ALTER TABLE orders DROP COLUMN note;\n\
-- rollback ALTER TABLE orders ADD COLUMN note text;\n\
\n\
-- changeset bob:3\n\
ALTER TABLE orders ADD COLUMN total int;\n\
\n\
-- changeset bob:4\n\
CREATE INDEX orders_status_idx ON orders (status);\n\
-- rollback SELECT 1;\n\
\n\
-- changeset bob:5\n\
ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);\n\
-- rollback ALTER TABLE orders ALTER COLUMN status TYPE varchar(100);\n\
\n\
-- changeset bob:6\n\
CREATE TABLE empty_rb (id int PRIMARY KEY);\n\
-- rollback empty\n";
