//! Every `console` example in README.md and docs/*.md runs and prints what
//! the example shows (`...` stands for lines left out), so the docs cannot
//! drift from the tool again.

use std::path::Path;

#[test]
fn the_documented_commands_print_what_the_docs_show() {
    let cases = trycmd::TestCases::new();
    cases.register_bin("schemagate", trycmd::cargo::cargo_bin!("schemagate"));
    cases.env("NO_COLOR", "1");
    // on GitHub Actions the default report would be annotations
    cases.env("GITHUB_ACTIONS", "false");
    cases.case("README.md");
    cases.case("docs/*.md");
}

/// trycmd runs a fenced block without a language as commands, in the
/// repository: every block must say what it is (`console` to run, `text`,
/// `rego`, `yaml`, … not to), so no example runs by accident.
#[test]
fn every_fenced_block_says_its_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut bare = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut inside = false;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with("```") {
                if !inside && line.trim() == "```" {
                    bare.push(format!("{}:{}", file.display(), i + 1));
                }
                inside = !inside;
            }
        }
    }
    assert!(
        bare.is_empty(),
        "fenced blocks without a language: {bare:?}"
    );
}

/// The README opens with `cargo run --release -- <args>`; trycmd runs the
/// tour's `$ schemagate <args>` below it, so both must be the same command.
#[test]
fn the_readme_first_command_is_the_tour_command_that_runs() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let built = readme
        .lines()
        .find_map(|line| line.strip_prefix("cargo run --release -- "))
        .expect("README: a `cargo run --release -- …` line");
    let toured = readme
        .lines()
        .find_map(|line| line.strip_prefix("$ schemagate "))
        .expect("README: a `$ schemagate …` example");
    assert_eq!(built, toured);
    assert!(
        readme.contains("\n# 2. run the tests\ncargo test\n"),
        "README: the second command is `cargo test`"
    );
}

/// The README and the rule catalogue name only rules that exist (the README
/// once named `unparsed-statement` for `statement-not-analyzed`): every
/// backquoted kebab-case word of README.md is a built-in rule id or one of
/// the few other names it uses, and the catalogue table of docs/policies.md
/// lists exactly the built-in rules.
#[test]
fn the_docs_name_rules_that_exist() {
    use schemagate::check::{CheckOptions, load_policies};
    use schemagate::dialect::Dialect;
    let set = load_policies(&CheckOptions::new(vec![], Dialect::Postgres)).unwrap();
    let ids: std::collections::BTreeSet<String> =
        set.rules().into_iter().map(|r| r.id.clone()).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    // names the README uses that are not rule ids: waiver comments, a CI job
    let other = ["ignore-file", "schemagate-changed", "squawk-ignore"];
    let word = regex::Regex::new(r"`([a-z]+(?:-[a-z]+)+)`").unwrap();
    for c in word.captures_iter(&readme) {
        let name = &c[1];
        assert!(
            ids.contains(name) || other.contains(&name),
            "README.md names `{name}`, which is no built-in rule (add it to `other` if it is not meant as one)"
        );
    }
    let policies = std::fs::read_to_string(root.join("docs/policies.md")).unwrap();
    let row = regex::Regex::new(r"(?m)^\| `([a-z-]+)` \| (?:error|warning|info) \|").unwrap();
    let listed: std::collections::BTreeSet<String> = row
        .captures_iter(&policies)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(
        listed, ids,
        "docs/policies.md's catalogue and the built-in rules"
    );
}
