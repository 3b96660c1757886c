//! Fixture tests for the built-in rules, in the style of ruff and squawk:
//! `tests/fixtures/rules/<rule-id>/*.sql` (or a migration folder) is checked
//! with the built-in policies, and the rule's findings must be exactly the
//! ones the fixture announces with `-- expect: <rule-id>` comments, each on
//! the line just above the statement it is about. A case with no `expect`
//! comment is one the rule must not fire on. Other rules are judged by their
//! own fixtures, so a fixture need not be clean of them.
//!
//! Header comments choose the target: `-- dialect: mysql`,
//! `-- db-version: 10`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;

/// (file name, line, rule) triples.
type Expected = BTreeSet<(String, usize, String)>;

fn header(text: &str, key: &str) -> Option<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("--"))
        .filter_map(|l| l.trim().strip_prefix(key))
        .filter_map(|l| l.trim().strip_prefix(':'))
        .map(|v| v.trim().to_string())
        .next()
}

fn expected_in(file: &Path, name: &str) -> Expected {
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = Expected::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix("-- expect:") else {
            continue;
        };
        // The statement starts on the next line that is not another expect.
        let target = text
            .lines()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| !l.trim().starts_with("-- expect:"))
            .map_or(i + 2, |(j, _)| j + 1);
        for rule in rest.split(',') {
            out.insert((name.to_string(), target, rule.trim().to_string()));
        }
    }
    out
}

fn sql_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

fn check_case(rule: &str, case: &Path) -> Result<(), String> {
    let files = sql_files(case);
    let first =
        std::fs::read_to_string(files.first().ok_or("no .sql file")?).map_err(|e| e.to_string())?;
    let dialect: Dialect =
        header(&first, "dialect").map_or(Ok(Dialect::Postgres), |d| d.parse())?;
    let mut opts = CheckOptions::new(vec![case.to_path_buf()], dialect);
    if let Some(v) = header(&first, "db-version") {
        opts.db_version = v.parse()?;
    }
    let name_of = |p: &Path| p.file_name().unwrap().to_string_lossy().to_string();
    let expected: Expected = files
        .iter()
        .flat_map(|f| expected_in(f, &name_of(f)))
        .collect();
    let outcome = check(&opts);
    if !outcome.problems.is_empty() {
        let msgs: Vec<String> = outcome.problems.iter().map(|p| p.message.clone()).collect();
        return Err(format!("input errors: {msgs:?}"));
    }
    let actual: Expected = outcome
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let loc = f.span.map(|s| outcome.sources.locate(s));
            let file = loc
                .as_ref()
                .map(|l| name_of(Path::new(&l.file)))
                .unwrap_or_default();
            (file, loc.map_or(0, |l| l.line), f.rule.clone())
        })
        .collect();
    if actual == expected {
        return Ok(());
    }
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    Err(format!("missing {missing:?}\n    unexpected {extra:?}"))
}

#[test]
fn every_rule_fixture_gives_exactly_its_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut rules_dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    rules_dirs.sort();
    for rule_dir in rules_dirs {
        let mut entries: Vec<_> = std::fs::read_dir(&rule_dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for case in entries {
            cases += 1;
            let rule = rule_dir.file_name().unwrap().to_string_lossy().to_string();
            if let Err(e) = check_case(&rule, &case) {
                failures.push(format!(
                    "{}:\n    {e}",
                    case.strip_prefix(&root).unwrap().display()
                ));
            }
        }
    }
    assert!(cases > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {cases} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_rule_has_a_failing_and_a_passing_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let set =
        schemagate::check::load_policies(&CheckOptions::new(vec![], Dialect::Postgres)).unwrap();
    let mut missing = Vec::new();
    // Rules about history need a git history or an `--applied` export:
    // their cases are repositories built by `tests/changed_since.rs`.
    for rule in set.rules().into_iter().filter(|r| r.category != "history") {
        let dir = root.join(&rule.id);
        let files = if dir.is_dir() {
            sql_files(&dir)
        } else {
            Vec::new()
        };
        let texts: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        let fails = texts
            .iter()
            .any(|t| t.contains(&format!("-- expect: {}", rule.id)));
        let passes = texts.iter().any(|t| !t.contains("-- expect:"));
        if !fails || !passes {
            missing.push(format!("{} (failing: {fails}, passing: {passes})", rule.id));
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}
