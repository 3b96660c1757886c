//! `rollback-lossy` (`policies/rollback/rollback_lossy.rego`, `warn`).

use crate::policy::At;
use crate::policy::engine::RawFinding;
use crate::policy::native::value::{Value, get, int, is_object, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    let check = get!(doc.input, "changeset", "rollback_check");
    if !is_object(check) {
        return Vec::new();
    }
    let lossy = get!(check, "lossy");
    let losses: Vec<&Value> = match lossy {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o.values().collect(),
        _ => Vec::new(),
    };
    losses
        .into_iter()
        .filter_map(|loss| {
            let reason = get!(loss, "reason");
            if *reason == Value::Undefined {
                return None;
            }
            // `"at": loss.statement`: a statement index, or none for null
            let at = match get!(loss, "statement") {
                Value::Null => At::Nothing,
                statement => At::Statement(usize::try_from(int(statement)?).ok()?),
            };
            Some(RawFinding {
                rule: meta.id.clone(),
                severity: meta.severity,
                message: format!("The rollback cannot restore data: {}", show(reason)),
                help: meta.help.clone(),
                at,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn dropped_columns_and_narrowed_types() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            super::super::CHANGELOG,
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("rollback-lossy "))
        .collect();
        assert_eq!(
            found,
            [
                "rollback-lossy warning 8 The rollback cannot restore data: column \"orders\".\"note\" is dropped with its data: the rollback can add the column back, not its values",
                "rollback-lossy warning 19 The rollback cannot restore data: column \"orders\".\"status\" narrows from VARCHAR(100) to VARCHAR(20): values that do not fit are cut or refused, and the rollback cannot widen them back",
            ]
        );
    }
}
