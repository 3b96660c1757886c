//! `ban-enum-value-in-transaction` (`policies/integrity/ban_enum_value_in_transaction.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding_with_help, name_of};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() || doc.pg_version_at_least(12.0) {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "alter_type")
                && is(get!(stmt, "op"), "add_value")
                && is_true(get!(stmt, "in_transaction"))
        })
        .filter_map(|stmt| {
            let name = name_of(get!(stmt, "object"))?;
            // below 12: an integer of at most two digits (`%d`)
            let major = doc.pg_major() as i64;
            let msg = format!(
                "ALTER TYPE \"{name}\" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: {major}): the migration fails here"
            );
            finding_with_help(meta, stmt, msg, doc.no_transaction_help().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::common::findings_of;
    use crate::dialect::Dialect;

    #[test]
    fn before_12_in_a_transaction() {
        let found = findings_of(
            "ban-enum-value-in-transaction",
            Dialect::Postgres,
            &[11],
            "CREATE TYPE mood AS ENUM ('sad', 'happy');\n\
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n\
ALTER TYPE app.mood ADD VALUE 'meh';\n\
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "ban-enum-value-in-transaction error 2 ALTER TYPE \"mood\" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: 11): the migration fails here",
                "ban-enum-value-in-transaction error 3 ALTER TYPE \"app.mood\" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: 11): the migration fails here",
            ]
        );
    }

    #[test]
    fn a_minor_version() {
        let found = findings_of(
            "ban-enum-value-in-transaction",
            Dialect::Postgres,
            &[9, 6],
            "CREATE TYPE mood AS ENUM ('sad', 'happy');\n\
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n\
ALTER TYPE app.mood ADD VALUE 'meh';\n\
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "ban-enum-value-in-transaction error 2 ALTER TYPE \"mood\" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: 9): the migration fails here",
                "ban-enum-value-in-transaction error 3 ALTER TYPE \"app.mood\" ADD VALUE cannot run inside a transaction block before PostgreSQL 12 (target: 9): the migration fails here",
            ]
        );
    }

    #[test]
    fn from_12_and_by_default() {
        let found = findings_of(
            "ban-enum-value-in-transaction",
            Dialect::Postgres,
            &[12],
            "CREATE TYPE mood AS ENUM ('sad', 'happy');\n\
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n\
ALTER TYPE app.mood ADD VALUE 'meh';\n\
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n",
            serde_json::json!({}),
        );
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn assumed_version() {
        let found = findings_of(
            "ban-enum-value-in-transaction",
            Dialect::Postgres,
            &[],
            "CREATE TYPE mood AS ENUM ('sad', 'happy');\n\
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n\
ALTER TYPE app.mood ADD VALUE 'meh';\n\
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n",
            serde_json::json!({}),
        );
        assert_eq!(found, Vec::<String>::new());
    }
}
