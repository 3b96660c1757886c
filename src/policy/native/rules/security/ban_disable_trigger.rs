//! `ban-disable-trigger` (`policies/security/ban_disable_trigger.rego`,
//! `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label, upper_text};
use crate::policy::native::value::{Value, get, is, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.alter_ops()
        .filter(|(stmt, op)| {
            is(get!(op, "op"), "disable_trigger")
                && !is_new_table(stmt)
                && !enabled_later(doc, stmt, op)
        })
        .filter_map(|(stmt, op)| {
            let msg = format!(
                "Trigger {} of table {} is disabled and not enabled again in the migration: it stays off for every session",
                trigger(op)?,
                table_label(stmt)?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `trigger(op)`: `ALL`, `USER`, or the trigger's name quoted.
fn trigger(op: &Value) -> Option<String> {
    let name = get!(op, "name");
    let upper = upper_text(name);
    if matches!(upper.as_str(), "ALL" | "USER") {
        return Some(upper);
    }
    if *name == Value::Undefined {
        return None;
    }
    Some(format!("\"{}\"", show(name)))
}

/// `enabled_later(stmt, op)`: a later ALTER TABLE of the same table
/// enables the same trigger again.
fn enabled_later(doc: &Doc<'_>, stmt: &Value, op: &Value) -> bool {
    let index = get!(stmt, "index");
    let table = get!(stmt, "table", "name");
    if *index == Value::Undefined || *table == Value::Undefined {
        return false;
    }
    let name = upper_text(get!(op, "name"));
    doc.alter_ops().any(|(later, e)| {
        is(get!(e, "op"), "enable_trigger") && {
            let later_index = get!(later, "index");
            *later_index != Value::Undefined
                && later_index > index
                && get!(later, "table", "name") == table
                && upper_text(get!(e, "name")) == name
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-disable-trigger "))
            .collect()
    }

    #[test]
    fn triggers_left_disabled() {
        // line 3 counts as enabled again by line 5: the Rego compares the
        // tables' names only, not their schemas
        assert_eq!(
            findings(
                Dialect::Postgres,
                "SET lock_timeout = '1s';\n\
                 ALTER TABLE orders DISABLE TRIGGER orders_audit;\n\
                 ALTER TABLE app.lines DISABLE TRIGGER all;\n\
                 ALTER TABLE orders DISABLE TRIGGER USER;\n\
                 ALTER TABLE lines ENABLE TRIGGER ALL;\n\
                 ALTER TABLE orders DISABLE TRIGGER t2;\n\
                 ALTER TABLE orders ENABLE TRIGGER T2;\n\
                 ALTER TABLE orders ENABLE TRIGGER t3;\n\
                 ALTER TABLE orders DISABLE TRIGGER t3;\n\
                 CREATE TABLE fresh (id int);\n\
                 ALTER TABLE fresh DISABLE TRIGGER ALL;\n"
            ),
            [
                "ban-disable-trigger warning 2 Trigger \"orders_audit\" of table \"orders\" is disabled and not enabled again in the migration: it stays off for every session",
                "ban-disable-trigger warning 4 Trigger USER of table \"orders\" is disabled and not enabled again in the migration: it stays off for every session",
                "ban-disable-trigger warning 9 Trigger \"t3\" of table \"orders\" is disabled and not enabled again in the migration: it stays off for every session",
            ]
        );
    }

    #[test]
    fn postgres_only() {
        assert!(
            findings(
                Dialect::Generic,
                "ALTER TABLE orders DISABLE TRIGGER orders_audit;\n"
            )
            .is_empty()
        );
    }
}
