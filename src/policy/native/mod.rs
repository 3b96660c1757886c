//! The built-in rules evaluated in Rust.
//!
//! Every built-in rule is written in Rego (`policies/<category>/<rule>.rego`):
//! that is its documentation, what `schemagate explain` shows, what its
//! `_test.rego` tests exercise and what a team copies to write its own. It
//! is also the reference. Evaluating ~90 rules with regorus on every
//! changeset cost about six times the rest of a check (issue 10), so the
//! rules listed in [`rules`] are evaluated here instead, each a port of its
//! Rego body over the same input document, reading it as Rego reads it
//! ([`value`]) with the same library ([`lib`]).
//!
//! A rule is evaluated natively only when what is loaded for it is exactly
//! the built-in: its package and `data.schemagate.lib` come from the
//! embedded files and nothing else adds to them (a team's file extending
//! either sends the rule back to regorus). The tests in
//! `tests/it/native_rules.rs` compare both on every fixture case of the
//! built-in rules and, with `--features corpus`, on the corpus: a port that
//! drifts from its Rego fails them. `check --rego-builtins` evaluates every
//! rule with regorus.

use std::cell::OnceCell;

use super::Severity;
use super::engine::RawFinding;
use super::input::value::Value;

pub(crate) mod lib;
mod rules;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod value;

/// The package of `policies/lib/schemagate.rego`, which the native rules
/// port ([`lib`]).
pub(crate) const LIB_PACKAGE: &str = "schemagate.lib";

/// A native rule: the findings of one entry point (`deny`, `warn`, …) of a
/// built-in package on one document.
pub(crate) type Eval = fn(&Doc<'_>, &Meta) -> Vec<RawFinding>;

/// What a finding takes from the rule's `meta`, as `lib.finding` reads it.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub(crate) id: String,
    pub(crate) severity: Severity,
    /// `None` when `meta.help` is absent or empty.
    pub(crate) help: Option<String>,
}

/// One input document, as a native rule reads it.
pub(crate) struct Doc<'a> {
    /// The document (`input`).
    pub(crate) input: &'a Value,
    /// `data.schemagate.config.params` (`{}` when not configured).
    params: &'a Value,
    /// What the library computes from it, on first use.
    cache: Cache<'a>,
}

/// What the library computes from a document, found once for every rule
/// that asks (Rego computes a rule once per evaluation too).
#[derive(Default)]
struct Cache<'a> {
    /// `lib.forward_statements`.
    forward: OnceCell<Vec<&'a Value>>,
    /// `lib.alter_ops`.
    alter_ops: OnceCell<Vec<(&'a Value, &'a Value)>>,
    /// `lib.new_columns`.
    new_columns: OnceCell<Vec<(&'a Value, &'a Value)>>,
    /// `lib.dialect`.
    dialect: OnceCell<&'a str>,
}

impl<'a> Doc<'a> {
    pub(crate) fn new(input: &'a Value, params: &'a Value) -> Doc<'a> {
        Doc {
            input,
            params,
            cache: Cache::default(),
        }
    }
}

/// The native implementation of entry point `name` of built-in package
/// `package` (`schemagate.rules.ban_drop_table`, `deny`), if it has one.
pub(crate) fn find(package: &str, name: &str) -> Option<Eval> {
    rules::ALL
        .iter()
        .flat_map(|category| category.iter())
        .find(|rule| rule.package == package && rule.entry == name)
        .map(|rule| rule.eval)
}

/// A native rule, by the Rego entry point it implements.
pub(crate) struct Native {
    /// The package, without `data.`.
    pub(crate) package: &'static str,
    /// The entry point: `deny`, `warn`, `proposal_deny`, …
    pub(crate) entry: &'static str,
    pub(crate) eval: Eval,
}

/// `data.schemagate.config.params` of the policies' data (the
/// configuration), as [`Doc`] reads it.
pub(crate) fn params_of(config: &serde_json::Value) -> Value {
    match config.get("params") {
        Some(params) => Value::from_json(params),
        None => Value::empty_object(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_native_rule_names_a_builtin_entry_point() {
        let set = crate::policy::engine::PolicySet::load(
            crate::policy::builtin::builtin_policies(),
            serde_json::json!({}),
        )
        .unwrap();
        let declared = set.entry_point_names();
        for rule in rules::ALL.iter().flat_map(|c| c.iter()) {
            assert!(
                declared
                    .iter()
                    .any(|(p, e)| p == rule.package && e == rule.entry),
                "{}.{} is not a built-in entry point",
                rule.package,
                rule.entry
            );
        }
        // every built-in rule has its port: a rule added without one would
        // be interpreted on every changeset (and the workers would load an
        // engine for it)
        let interpreted: Vec<(String, String)> = set
            .entries_without_native()
            .into_iter()
            .filter(|(package, _)| package.starts_with("schemagate.rules."))
            .collect();
        assert_eq!(
            interpreted,
            Vec::<(String, String)>::new(),
            "built-in entry points without a port"
        );
        let mut seen = std::collections::BTreeSet::new();
        for rule in rules::ALL.iter().flat_map(|c| c.iter()) {
            assert!(
                seen.insert((rule.package, rule.entry)),
                "{} twice",
                rule.package
            );
        }
    }
}
