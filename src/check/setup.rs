//! What is wrong with a run's setup once its policies are loaded.

use super::CheckOptions;
use crate::error::Problem;
use crate::policy::builtin::PolicyFile;
use crate::policy::engine::PolicySet;

/// Rule ids policies give their findings without declaring `meta`
/// (`"rule": "team-protected-table"`): configuration may name them too.
pub(super) fn rule_ids_named(files: &[PolicyFile]) -> Vec<String> {
    let mut ids = Vec::new();
    for f in files.iter().filter(|f| !f.is_test()) {
        for (i, _) in f.text.match_indices("\"rule\"") {
            let rest = f.text[i + 6..].trim_start();
            let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else {
                continue;
            };
            if let Some(value) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                ids.push(value.to_string());
            }
        }
    }
    ids
}

/// What is wrong with the run's setup once the policies are loaded: no
/// rule to evaluate, rule ids and parameters the configuration names that
/// the policies do not have, and the settings the configuration set aside.
pub(super) fn setup_problems(
    opts: &CheckOptions,
    policies: Option<&PolicySet>,
    named_rules: Vec<String>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(p) = policies
        && !opts.allow_no_rules
        && p.active_entry_points() == 0
    {
        problems.push(no_rules(opts, p));
    }
    let Some(settings) = &opts.settings else {
        return problems;
    };
    if let Some(policies) = policies {
        // the waiver stage's own findings are tuned like rules
        use crate::policy::waivers::{EXPIRED, UNUSED, WITHOUT_REASON};
        let other = named_rules
            .into_iter()
            .chain([WITHOUT_REASON, EXPIRED, UNUSED].map(String::from));
        let known = crate::policy::aliases::RuleNames::new(&policies.rules(), other);
        problems.extend(settings.unknown_rules(&known));
        problems.extend(settings.param_problems(&policies.rules()));
    }
    // Bad rule settings were set aside: the rest of the run goes on.
    problems.extend(settings.problems.iter().cloned());
    problems
}

/// The error of a run that would evaluate no rule, saying why.
fn no_rules(opts: &CheckOptions, policies: &PolicySet) -> Problem {
    let why = if !opts.builtin_policies && opts.policy_paths.is_empty() {
        "--no-builtin, and no --policy (nor `policies:` in the configuration)".to_string()
    } else if policies.entry_points() == 0 {
        "the policies loaded declare no `deny`, `warn` or `violation` rule".to_string()
    } else {
        "the configuration turns every rule off".to_string()
    };
    Problem::general(format!(
        "no rule to evaluate ({why}): a gate that checks nothing would pass anything; pass --allow-no-rules if that is meant"
    ))
}
