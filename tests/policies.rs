//! Runs every built-in `*_test.rego` and tests the policy engine end to end.

use schemagate::policy::builtin::builtin_policies;
use schemagate::policy::testing::run_tests;

#[test]
fn every_builtin_policy_test_passes() {
    let report = match run_tests(builtin_policies(), serde_json::json!({}), None) {
        Ok(r) => r,
        Err(problems) => panic!("built-in policies do not load: {problems:#?}"),
    };
    let text = report.render();
    println!("{text}");
    assert!(report.passed(), "{text}");
}
