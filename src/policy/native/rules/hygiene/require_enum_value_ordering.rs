//! `require-enum-value-ordering` (`policies/hygiene/require_enum_value_ordering.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "alter_type")
                && is(get!(stmt, "op"), "add_value")
                && matches!(get!(stmt, "before_after"), Value::Bool(false))
        })
        .filter_map(|stmt| {
            let name = name_of(get!(stmt, "object"))?;
            let msg = format!(
                "ALTER TYPE \"{name}\" ADD VALUE without BEFORE or AFTER puts the value last in the enum's sort order"
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn values_added_without_a_place() {
        let sql = "ALTER TYPE order_status ADD VALUE 'packed';\n\
                   ALTER TYPE app.order_status ADD VALUE 'sent' AFTER 'packed';\n\
                   ALTER TYPE app.order_status ADD VALUE IF NOT EXISTS 'lost';\n\
                   ALTER TYPE order_status RENAME VALUE 'a' TO 'b';\n";
        let on = serde_json::json!({"rules": {"require-enum-value-ordering": {"enabled": true}}});
        let found = |dialect, config| -> Vec<String> {
            same_findings(dialect, sql, config)
                .into_iter()
                .filter(|f| f.starts_with("require-enum-value-ordering"))
                .collect()
        };
        assert_eq!(
            found(Dialect::Postgres, on.clone()),
            [
                "require-enum-value-ordering warning 1 ALTER TYPE \"order_status\" ADD VALUE without BEFORE or AFTER puts the value last in the enum's sort order",
                "require-enum-value-ordering warning 3 ALTER TYPE \"app.order_status\" ADD VALUE without BEFORE or AFTER puts the value last in the enum's sort order",
            ]
        );
        assert!(found(Dialect::Postgres, serde_json::json!({})).is_empty());
        assert!(found(Dialect::Generic, on).is_empty());
    }
}
