//! `require-online-alter` (`policies/locking/require_online_alter.rego`,
//! `warn`).

use std::borrow::Cow;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label, upper_text};
use crate::policy::native::value::{Value, get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "alter_table")
                && !is_new_table(stmt)
                && is_true(get!(stmt, "impact", "blocks_writes"))
        })
        .filter_map(|stmt| {
            let table = table_label(stmt)?;
            let blocked = if is_true(get!(stmt, "impact", "blocks_reads")) {
                "reads and writes of"
            } else {
                "writes to"
            };
            let msg = format!(
                "ALTER TABLE on {table} {}: {blocked} {table} are blocked until it finishes",
                reason(stmt)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `reason(stmt)`: why the ALTER blocks writes.
fn reason(stmt: &Value) -> Cow<'static, str> {
    if upper_text(get!(stmt, "algorithm")) == "COPY" {
        return "asks for ALGORITHM=COPY, which copies the whole table".into();
    }
    let lock = upper_text(get!(stmt, "lock"));
    if lock == "SHARED" || lock == "EXCLUSIVE" {
        return format!("asks for LOCK={lock}").into();
    }
    if is_true(get!(stmt, "impact", "rewrite")) {
        return "copies the whole table (the change cannot be made in place)".into();
    }
    "takes a lock that blocks writes".into()
}

#[cfg(test)]
mod tests {
    use super::super::oracle::{With, findings_of};
    use crate::dialect::Dialect;

    const RULE: &str = "require-online-alter";

    #[test]
    fn every_reason_and_what_is_blocked() {
        let found = findings_of(
            RULE,
            Dialect::Mysql,
            "ALTER TABLE users MODIFY COLUMN email VARCHAR(320) NOT NULL;\n\
             ALTER TABLE users ADD COLUMN note TEXT, ALGORITHM=copy;\n\
             ALTER TABLE users ADD INDEX users_email_idx (email), ALGORITHM=INPLACE, LOCK=shared;\n\
             ALTER TABLE users ADD COLUMN x int, LOCK=EXCLUSIVE;\n\
             ALTER TABLE users ADD COLUMN y int, ALGORITHM=INPLACE, LOCK=NONE;\n\
             ALTER TABLE users ADD COLUMN z int, ALGORITHM=INSTANT;\n\
             CREATE TABLE n (id int);\n\
             ALTER TABLE n ADD COLUMN note TEXT, ALGORITHM=COPY;\n",
            With::default(),
        );
        assert_eq!(
            found,
            [
                "require-online-alter warning 1 ALTER TABLE on \"users\" copies the whole table (the change cannot be made in place): writes to \"users\" are blocked until it finishes",
                "require-online-alter warning 2 ALTER TABLE on \"users\" asks for ALGORITHM=COPY, which copies the whole table: writes to \"users\" are blocked until it finishes",
                "require-online-alter warning 3 ALTER TABLE on \"users\" asks for LOCK=SHARED: writes to \"users\" are blocked until it finishes",
                "require-online-alter warning 4 ALTER TABLE on \"users\" asks for LOCK=EXCLUSIVE: reads and writes of \"users\" are blocked until it finishes",
            ]
        );
    }

    #[test]
    fn not_on_postgres() {
        let found = findings_of(
            RULE,
            Dialect::Postgres,
            "ALTER TABLE orders ALTER COLUMN a TYPE bigint;\n",
            With::default(),
        );
        assert!(found.is_empty());
    }
}
