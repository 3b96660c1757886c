//! What several native `hygiene` rules' tests share.

/// The findings of a native rule on a document written by hand (for the
/// branches of a rule no migration reaches), as `at message` strings.
#[cfg(test)]
pub(super) fn native_only(
    eval: crate::policy::native::Eval,
    id: &str,
    input: serde_json::Value,
    params: serde_json::Value,
) -> Vec<String> {
    use crate::policy::native::{Doc, Meta};
    let input = regorus::Value::from(input);
    let params = regorus::Value::from(params);
    let doc = Doc::new(&input, &params);
    let meta = Meta {
        id: id.into(),
        severity: crate::policy::Severity::Warning,
        help: None,
    };
    eval(&doc, &meta)
        .into_iter()
        .map(|f| format!("{:?} {}", f.at, f.message))
        .collect()
}
