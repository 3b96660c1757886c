//! `ban-create-trigger` (`policies/hygiene/ban_create_trigger.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of, table_label};
use crate::policy::native::value::{Value, get, is, is_object, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let mut found = Vec::new();
    for stmt in doc.forward() {
        if !is(get!(stmt, "kind"), "create_trigger") {
            continue;
        }
        let object = get!(stmt, "object");
        if !is_object(object) || text(get!(object, "name")).is_none() {
            continue;
        }
        let what = match get!(object, "type") {
            Value::String(t) => t.replace('_', " ").to_uppercase(),
            Value::Undefined => continue,
            // `replace` of anything else is an error in regorus: the
            // entry point gives no findings
            _ => return Vec::new(),
        };
        let Some(name) = name_of(object) else {
            continue;
        };
        let on_what = table_label(stmt)
            .map(|label| format!(" on {label}"))
            .unwrap_or_default();
        let msg = format!(
            "CREATE {what} \"{name}\"{on_what}: its logic runs inside every write, out of the application's sight"
        );
        found.extend(finding(meta, stmt, msg));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    use super::super::common::native_only;

    #[test]
    fn triggers_when_enabled() {
        let sql = "CREATE TRIGGER audit AFTER INSERT ON app.orders FOR EACH ROW EXECUTE FUNCTION audit();\n\
                   CREATE CONSTRAINT TRIGGER ck AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION ck();\n";
        let on = serde_json::json!({"rules": {"ban-create-trigger": {"enabled": true}}});
        let found = |config| -> Vec<String> {
            same_findings(Dialect::Postgres, sql, config)
                .into_iter()
                .filter(|f| f.starts_with("ban-create-trigger"))
                .collect()
        };
        let tail = "its logic runs inside every write, out of the application's sight";
        let on_found = found(on);
        assert_eq!(on_found.len(), 2, "{on_found:?}");
        assert_eq!(
            on_found[0],
            format!(
                "ban-create-trigger warning 1 CREATE TRIGGER \"audit\" on \"app.orders\": {tail}"
            )
        );
        assert!(found(serde_json::json!({})).is_empty());
    }

    #[test]
    fn without_a_table_or_a_type() {
        let input = serde_json::json!({"statements": [
            {"index": 0, "phase": "forward", "kind": "create_trigger",
             "object": {"type": "event_trigger", "schema": "s", "name": "t"}},
            {"index": 1, "phase": "forward", "kind": "create_trigger", "object": {"name": "t"}},
            {"index": 2, "phase": "forward", "kind": "create_trigger", "object": {"type": "trigger"}},
        ]});
        assert_eq!(
            native_only(
                super::warn,
                "ban-create-trigger",
                input,
                serde_json::json!({})
            ),
            [
                "Statement(0) CREATE EVENT TRIGGER \"s.t\": its logic runs inside every write, out of the application's sight"
            ]
        );
    }
}
