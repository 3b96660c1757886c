//! Every `console` example in README.md and docs/*.md runs and prints what
//! the example shows (`...` stands for lines left out), so the docs cannot
//! drift from the tool again.

#[test]
fn the_documented_commands_print_what_the_docs_show() {
    let cases = trycmd::TestCases::new();
    cases.register_bin("schemagate", trycmd::cargo::cargo_bin!("schemagate"));
    cases.env("NO_COLOR", "1");
    cases.case("README.md");
    cases.case("docs/*.md");
}
