use super::*;
use serde_json::json;

fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schemagate.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

const FILE: &str = "\
dialect: postgres
db_version: 16
changelog: db/changelog.xml
policies: [policies]
fail_on: error
rules:
  require-lock-timeout: off
  require-concurrent-index-creation: warning
  identifier-too-long: {severity: error, params: {max_length: 50}}
data:
  protected_tables: [customers, orders]
environments:
  prod:
    fail_on: warning
    policies: [policies/prod]
    rules:
      require-lock-timeout: error
    data:
      protected_tables: [customers, orders, payments]
";

#[test]
fn an_environment_overrides_the_top_level() {
    let (_dir, path) = write(FILE);
    let top = read(&path, None).unwrap();
    assert_eq!(top.settings.fail_on.as_ref().unwrap().value, FailOn::Error);
    assert_eq!(
        top.policy_data(),
        json!({
            "protected_tables": ["customers", "orders"],
            "rules": {
                "require-lock-timeout": {"enabled": false},
                "require-concurrent-index-creation": {"severity": "warning"},
                "identifier-too-long": {"severity": "error"},
            },
            "params": {"identifier-too-long": {"max_length": 50}},
        })
    );
    let prod = read(&path, Some("prod")).unwrap();
    assert_eq!(
        prod.settings.fail_on.as_ref().unwrap().value,
        FailOn::Warning
    );
    assert_eq!(
        prod.settings.policies.as_ref().unwrap().value,
        ["policies", "policies/prod"]
    );
    let data = prod.policy_data();
    assert_eq!(
        data["rules"]["require-lock-timeout"],
        json!({"severity": "error"})
    );
    assert_eq!(
        data["rules"]["require-concurrent-index-creation"],
        json!({"severity": "warning"})
    );
    assert_eq!(
        data["protected_tables"],
        json!(["customers", "orders", "payments"])
    );
    // where each value came from
    let origin = &prod.origins["rules.require-lock-timeout"];
    assert_eq!(
        (origin.line, origin.environment.as_deref()),
        (17, Some("prod"))
    );
    assert_eq!(prod.origins["dialect"].line, 1);
    assert!(
        render(&prod).contains("fail_on: \"warning\"  # "),
        "{}",
        render(&prod)
    );
}

#[test]
fn unknown_keys_wrong_types_and_environments_are_named_at_their_place() {
    let at = |text: &str, env: Option<&str>| -> (usize, usize, String) {
        let (_dir, path) = write(text);
        let p = read(&path, env).unwrap_err();
        match p.at {
            crate::error::ProblemAt::Path { line, column, .. } => (line, column, p.message),
            other => panic!("{other:?}"),
        }
    };
    let (line, column, msg) = at("dialect: postgres\nprotected_tables: [a]\n", None);
    assert_eq!((line, column), (2, 1));
    assert!(
        msg.starts_with("invalid config file: unknown field `protected_tables`"),
        "{msg}"
    );
    let (line, column, msg) = at("fail_on: never\n", None);
    assert_eq!((line, column), (1, 10));
    assert!(msg.contains("unknown variant `never`"), "{msg}");
    let (line, _, msg) = at("environments:\n  prod:\n    dialekt: x\n", Some("prod"));
    assert_eq!(line, 3);
    assert!(msg.contains("unknown field `dialekt`"), "{msg}");
    let (_, _, msg) = at("environments:\n  prod: {}\n", Some("stage"));
    assert_eq!(
        msg,
        "no environment `stage` in the config file (it has prod)"
    );
}

#[test]
fn unknown_rule_ids_suggest_the_near_one() {
    let (_dir, path) = write("rules:\n  ban-drop-tabel: off\n  made-up: error\n");
    let config = read(&path, None).unwrap();
    let known = crate::policy::aliases::RuleNames::new(
        &[],
        ["ban-drop-table".to_string(), "ban-truncate".to_string()],
    );
    let problems: Vec<(String, usize)> = config
        .unknown_rules(&known)
        .into_iter()
        .map(|p| {
            let line = match p.at {
                crate::error::ProblemAt::Path { line, .. } => line,
                _ => 0,
            };
            (p.message, line)
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "configuration: no rule `ban-drop-tabel`; did you mean `ban-drop-table`?"
                    .to_string(),
                2
            ),
            (
                "configuration: no rule `made-up`; `schemagate rules` lists them".to_string(),
                3
            ),
        ]
    );
}

#[test]
fn discovery_walks_up_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let deep = repo.join("db/migrations");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    // above the repository: never read
    std::fs::write(dir.path().join("schemagate.yaml"), "dialect: mysql\n").unwrap();
    assert_eq!(discover(&deep), None);
    std::fs::write(repo.join(".schemagate.yaml"), "dialect: postgres\n").unwrap();
    let found = discover(&deep).unwrap();
    assert!(found.ends_with("repo/.schemagate.yaml"), "{found:?}");
}

#[test]
fn other_tools_rule_names_work_in_rules() {
    let (_dir, path) = write("rules:\n  require-timeout-settings: error\n  DS103: off\n");
    let config = read(&path, None).unwrap();
    // the aliases come from the rules' `meta.aliases`
    let meta = |id: &str, alias: &str| {
        let value = json!({"id": id, "aliases": [alias]});
        crate::policy::meta::RuleMeta::from_json(&value, "p", "p.rego").unwrap()
    };
    let known = crate::policy::aliases::RuleNames::new(
        &[
            meta("require-lock-timeout", "squawk:require-timeout-settings"),
            meta("ban-drop-column", "atlas:DS103"),
        ],
        [],
    );
    let data = known.canonical_data(&config.policy_data());
    assert_eq!(
        data["rules"]["require-lock-timeout"],
        json!({"severity": "error"})
    );
    assert_eq!(data["rules"]["ban-drop-column"], json!({"enabled": false}));
    assert!(config.unknown_rules(&known).is_empty());
    let none = crate::policy::aliases::RuleNames::new(&[], ["ban-drop-column".to_string()]);
    assert_eq!(config.unknown_rules(&none).len(), 2);
}
