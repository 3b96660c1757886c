//! Helpers shared by the native `integrity` rules.

use crate::policy::native::value::Value;

/// `object.get(obj, key, default)` for a key already read (`get!`): the
/// value when present (even `null`), else `default`.
pub(super) fn or_default<'v>(value: &'v Value, default: &'v Value) -> &'v Value {
    match value {
        Value::Undefined => default,
        v => v,
    }
}

/// The findings of the rule `id` (`rule severity line message`) on `sql`,
/// checked natively and in Rego as
/// [`same_findings`](crate::policy::native::testing::same_findings) does,
/// with the target at `version` (`--db-version`, none when empty).
#[cfg(test)]
pub(super) fn findings_of(
    id: &str,
    dialect: crate::dialect::Dialect,
    version: &[u32],
    sql: &str,
    config: serde_json::Value,
) -> Vec<String> {
    let with = crate::policy::native::testing::With {
        config: Some(config),
        db_version: version,
        ..Default::default()
    };
    crate::policy::native::testing::findings_of(id, dialect, sql, &with)
}

/// The findings of every forward statement's refusals of `kind`, as the
/// four refusal rules write them (`object_already_exists.rego`, …):
/// `<KIND WORDS> would be refused by the database: <reason>`.
pub(super) fn refusals(
    doc: &crate::policy::native::Doc<'_>,
    meta: &crate::policy::native::Meta,
    kind: &str,
) -> Vec<crate::policy::engine::RawFinding> {
    use crate::policy::native::lib::{finding, kind_words};
    use crate::policy::native::value::{get, is, is_array, items, show, text};
    let mut out = Vec::new();
    for stmt in doc.forward() {
        let refused = get!(stmt, "refusals");
        if !is_array(refused) {
            continue;
        }
        for refusal in items(refused) {
            if !is(get!(refusal, "kind"), kind) {
                continue;
            }
            let reason = get!(refusal, "reason");
            // `kind_words` of a kind that is not a string is an error in
            // regorus: no finding
            let Some(stmt_kind) = text(get!(stmt, "kind")) else {
                continue;
            };
            if *reason == Value::Undefined {
                continue;
            }
            let msg = format!(
                "{} would be refused by the database: {}",
                kind_words(stmt_kind),
                show(reason)
            );
            out.extend(finding(meta, stmt, msg));
        }
    }
    out
}
