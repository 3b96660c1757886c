//! `require-primary-key` (`policies/integrity/require_primary_key.rego`, `proposal_warn`).

use std::collections::BTreeSet;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of, table_label};
use crate::policy::native::value::{get, is, is_true, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn proposal_warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let mut keyed_later: Option<BTreeSet<String>> = None;
    let mut out = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "create_table")
            || !matches!(
                get!(stmt, "primary_key"),
                crate::policy::native::value::Value::Bool(false)
            )
            || is_true(get!(stmt, "temporary"))
        {
            continue;
        }
        let keyed = keyed_later.get_or_insert_with(|| keyed(doc));
        if name_of(get!(stmt, "object")).is_some_and(|name| keyed.contains(&name)) {
            continue;
        }
        let Some(label) = table_label(stmt) else {
            continue;
        };
        let msg = format!(
            "Table {label} has no primary key: its rows cannot be replicated or fixed one by one"
        );
        out.extend(finding(meta, stmt, msg));
    }
    out
}

/// `keyed_later`: the tables an ALTER TABLE of the proposal gives a primary
/// key.
fn keyed(doc: &Doc<'_>) -> BTreeSet<String> {
    doc.alter_ops()
        .filter(|(stmt, op)| {
            is(get!(op, "op"), "add_constraint")
                && is(get!(op, "constraint", "type"), "primary_key")
                && text(get!(stmt, "table", "name")).is_some()
        })
        .filter_map(|(stmt, _)| name_of(get!(stmt, "table")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::common::findings_of;
    use crate::dialect::Dialect;

    #[test]
    fn without_a_key_temporary_keyed_and_keyed_later() {
        let found = findings_of(
            "require-primary-key",
            Dialect::Postgres,
            &[],
            "CREATE TABLE events (id bigint NOT NULL, payload jsonb);\n\
CREATE TABLE app.logs (id bigint);\n\
CREATE TEMPORARY TABLE scratch (id int);\n\
CREATE TABLE keyed (id bigint PRIMARY KEY);\n\
CREATE TABLE later (id bigint NOT NULL);\n\
ALTER TABLE later ADD PRIMARY KEY (id);\n\
CREATE TABLE app.later2 (id bigint NOT NULL);\n\
ALTER TABLE app.later2 ADD CONSTRAINT later2_pk PRIMARY KEY (id);\n\
CREATE TABLE t3 (id int, CONSTRAINT t3_pk PRIMARY KEY (id));\n\
CREATE TABLE copy AS SELECT 1 AS x;\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "require-primary-key warning 1 Table \"events\" has no primary key: its rows cannot be replicated or fixed one by one",
                "require-primary-key warning 2 Table \"app.logs\" has no primary key: its rows cannot be replicated or fixed one by one",
                "require-primary-key warning 10 Table \"copy\" has no primary key: its rows cannot be replicated or fixed one by one",
            ]
        );
    }
}
