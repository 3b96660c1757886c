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

use std::collections::BTreeSet;
use std::path::PathBuf;

use schemagate::error::{Problem, ProblemAt};
use schemagate::policy::builtin::PolicyFile;
use schemagate::policy::engine::{PolicySet, RawFinding};
use schemagate::policy::input::Inputs;
use schemagate::policy::{At, Severity};
use serde_json::{Value, json};

fn file(path: &str, text: &str) -> PolicyFile {
    PolicyFile {
        path: path.into(),
        text: text.into(),
    }
}

/// A realistic document: a Flyway migration that adds an index without
/// CONCURRENTLY on an existing table and drops a column.
fn document() -> Value {
    let impact = json!({"lock": "access_exclusive", "blocks_reads": true, "blocks_writes": true,
        "rewrite": false, "scan": false, "destructive": false, "backward_incompatible": false, "reasons": []});
    let table =
        json!({"schema": null, "name": "orders", "new": false, "known": false, "created_in": null});
    let common = |index: usize, kind: &str, sql: &str| {
        json!({"index": index, "changeset": 0, "change_type": "sql", "phase": "forward",
            "file": "db/migration/V2__orders.sql", "line": index + 1, "column": 1,
            "end_line": index + 1, "end_column": sql.len() + 1, "sql": sql, "parsed": true, "analyzed": true,
            "parse_error": null, "kind": kind, "object": null, "table": table,
            "if_exists": false, "if_not_exists": false, "concurrently": false, "cascade": false,
            "transaction": "implicit", "in_transaction": true, "impact": impact})
    };
    let mut s0 = common(0, "set", "SET lock_timeout = '5s'");
    s0["table"] = Value::Null;
    s0["impact"]["lock"] = Value::Null;
    s0["variable"] = json!("lock_timeout");
    s0["value"] = json!("'5s'");
    s0["local"] = json!(false);
    let mut s1 = common(
        1,
        "create_index",
        "CREATE INDEX idx_orders_customer ON orders (customer_id)",
    );
    s1["object"] = json!({"type": "index", "schema": null, "name": "idx_orders_customer"});
    s1["unique"] = json!(false);
    s1["columns"] = json!(["customer_id"]);
    s1["using"] = Value::Null;
    s1["where"] = json!(false);
    s1["impact"]["lock"] = json!("share");
    let mut s2 = common(2, "alter_table", "ALTER TABLE orders DROP COLUMN note");
    s2["object"] = json!({"type": "table", "schema": null, "name": "orders"});
    s2["ops"] =
        json!([{"op": "drop_column", "column": "note", "if_exists": false, "cascade": false}]);
    json!({
        "schema_version": 1,
        "tool": {"name": "schemagate", "version": "0.1.0"},
        "target": {"dialect": "postgres", "version": "16"},
        "source": {"format": "flyway", "path": "db/migration"},
        "changesets": [{"index": 0, "id": "2", "author": null, "version": "2",
            "description": "orders", "role": "versioned", "file": "db/migration/V2__orders.sql",
            "line": 1, "column": 1, "transaction": "implicit", "rollback": "none",
            "statements": [0, 1, 2], "rollback_statements": [], "attributes": {}}],
        "statements": [s0, s1, s2]
    })
}

/// The one problem an evaluation must report.
fn first_problem(evaluation: schemagate::policy::engine::Evaluation) -> Problem {
    assert_eq!(evaluation.problems.len(), 1, "{:?}", evaluation.problems);
    evaluation.problems.into_iter().next().unwrap()
}

fn load(files: Vec<PolicyFile>, data: Value) -> PolicySet {
    match PolicySet::load(files, data) {
        Ok(set) => set,
        Err(problems) => panic!("policies do not load: {problems:#?}"),
    }
}

fn at_path(p: &Problem) -> (String, usize, usize) {
    match &p.at {
        ProblemAt::Path { path, line, column } => (path.display().to_string(), *line, *column),
        other => panic!("problem without a file position: {other:?} ({})", p.message),
    }
}

#[test]
fn builtins_judge_a_realistic_migration() {
    let set = load(builtin_policies(), json!({}));
    let findings = set.evaluate(Inputs::from_whole(&document())).findings;
    let got: Vec<(&str, Severity, At)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.severity, f.at))
        .collect();
    assert_eq!(
        got,
        [
            (
                "require-concurrent-index-creation",
                Severity::Error,
                At::Statement(1)
            ),
            ("ban-drop-column", Severity::Error, At::Statement(2)),
        ]
    );
    assert_eq!(
        findings[0].message,
        "Creating index \"idx_orders_customer\" on existing table \"orders\" without CONCURRENTLY blocks writes to \"orders\" for the whole build"
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("CREATE INDEX CONCURRENTLY")
    );
}

#[test]
fn string_results_take_the_package_and_entry_point_as_rule() {
    let set = load(
        vec![file(
            "team/naming.rego",
            "package team.naming\nimport rego.v1\n\
             deny contains \"no drops\" if { some s in input.statements; s.kind == \"alter_table\" }\n\
             warn contains \"careful\" if count(input.statements) > 2\n\
             violation contains \"v\" if input.target.dialect == \"postgres\"\n",
        )],
        json!({}),
    );
    let findings = set.evaluate(Inputs::from_whole(&document())).findings;
    let got: Vec<(&str, Severity, &str, At)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.severity, f.message.as_str(), f.at))
        .collect();
    assert_eq!(
        got,
        [
            ("team.naming.deny", Severity::Error, "no drops", At::Nothing),
            ("team.naming.violation", Severity::Error, "v", At::Nothing),
            (
                "team.naming.warn",
                Severity::Warning,
                "careful",
                At::Nothing
            ),
        ]
    );
}

#[test]
fn object_results_carry_rule_severity_help_and_at() {
    let set = load(
        vec![file(
            "p.rego",
            r#"package custom
import rego.v1
deny contains f if {
    some s in input.statements
    s.kind == "create_index"
    f := {"msg": sprintf("index %d", [s.index]), "rule": "my-rule", "at": s.index, "help": "do x"}
}
deny contains {"msg": "changeset", "severity": "info", "at": {"changeset": 0}} if true
warn contains {"msg": "stmt", "at": {"statement": 2}} if true
"#,
        )],
        json!({}),
    );
    let findings = set.evaluate(Inputs::from_whole(&document())).findings;
    assert_eq!(
        findings,
        [
            RawFinding {
                rule: "my-rule".into(),
                severity: Severity::Error,
                message: "index 1".into(),
                help: Some("do x".into()),
                at: At::Statement(1),
            },
            RawFinding {
                rule: "custom.warn".into(),
                severity: Severity::Warning,
                message: "stmt".into(),
                help: None,
                at: At::Statement(2),
            },
            RawFinding {
                rule: "custom.deny".into(),
                severity: Severity::Info,
                message: "changeset".into(),
                help: None,
                at: At::Changeset(0),
            },
        ]
    );
}

#[test]
fn malformed_results_and_out_of_range_at_are_problems() {
    let set = load(
        vec![file(
            "p.rego",
            "package bad\nimport rego.v1\ndeny contains {\"msg\": \"x\", \"at\": 7} if true\n",
        )],
        json!({}),
    );
    let problem = first_problem(set.evaluate(Inputs::from_whole(&document())));
    assert!(
        problem.message.contains("statement 7"),
        "{}",
        problem.message
    );
    let set = load(
        vec![file(
            "q.rego",
            "package q\nimport rego.v1\ndeny contains {\"text\": \"x\"} if true\n",
        )],
        json!({}),
    );
    let problem = first_problem(set.evaluate(Inputs::from_whole(&document())));
    assert!(problem.message.contains("no `msg`"), "{}", problem.message);
}

#[test]
fn syntax_errors_of_every_file_are_reported_at_file_line_col() {
    let problems = PolicySet::load(
        vec![
            file(
                "ok.rego",
                "package ok\nimport rego.v1\ndeny contains \"x\" if false\n",
            ),
            file(
                "a.rego",
                "package a\nimport rego.v1\ndeny contains m if {\n  m := \n}\n",
            ),
            // Rego v0: read as v0, no problem
            file("b.rego", "package b\ndeny[m] { m := 1 }\n"),
            // asks for v1, so never read as v0
            file("c.rego", "package c\nimport rego.v1\ndeny[m] { m := 1 }\n"),
        ],
        json!({}),
    )
    .unwrap_err();
    let got: Vec<(String, usize, usize)> = problems.iter().map(at_path).collect();
    assert_eq!(got, [("a.rego".into(), 4, 5), ("c.rego".into(), 3, 9)]);
    assert_eq!(
        problems[1].message,
        "`if` keyword is required before rule body"
    );
}

#[test]
fn semantic_errors_surface_at_load_for_every_broken_file() {
    let problems = PolicySet::load(
        vec![
            file(
                "good.rego",
                "package good\nimport rego.v1\ndeny contains \"x\" if false\n",
            ),
            file(
                "unsafe.rego",
                "package u\nimport rego.v1\ndeny contains m if {\n  m := y\n}\n",
            ),
            file(
                "conflict.rego",
                "package c\nimport rego.v1\nwarn := 1\nwarn := 2\n",
            ),
        ],
        json!({}),
    )
    .unwrap_err();
    let got: BTreeSet<(String, usize)> = problems
        .iter()
        .map(|p| {
            let (path, line, _) = at_path(p);
            (path, line)
        })
        .collect();
    assert_eq!(
        got,
        BTreeSet::from([("unsafe.rego".into(), 4), ("conflict.rego".into(), 4)])
    );
    let unsafe_problem = problems
        .iter()
        .find(|p| at_path(p).0 == "unsafe.rego")
        .unwrap();
    assert!(
        unsafe_problem.message.contains("var y is unsafe"),
        "{}",
        unsafe_problem.message
    );
}

#[test]
fn test_files_are_not_evaluated() {
    let set = load(
        vec![file(
            "p_test.rego",
            "package p_test\nimport rego.v1\ndeny contains \"from a test\" if true\n",
        )],
        json!({}),
    );
    assert_eq!(set.evaluate(Inputs::from_whole(&document())).findings, []);
}

#[test]
fn config_disables_rules_and_overrides_severity() {
    let data = json!({"rules": {
        "ban-drop-column": {"enabled": false},
        "require-concurrent-index-creation": {"severity": "warning"}
    }});
    let set = load(builtin_policies(), data);
    let findings = set.evaluate(Inputs::from_whole(&document())).findings;
    let got: Vec<(&str, Severity)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.severity))
        .collect();
    assert_eq!(
        got,
        [("require-concurrent-index-creation", Severity::Warning)]
    );

    let problems = PolicySet::load(
        builtin_policies(),
        json!({"rules": {"x": {"severity": "fatal"}}}),
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("rules.x.severity"),
        "{}",
        problems[0].message
    );
}

#[test]
fn policies_read_their_parameters_from_config() {
    let policy = "package team.limits\nimport rego.v1\nimport data.schemagate.lib\n\
        meta := {\"id\": \"max-statements\", \"severity\": \"warning\"}\n\
        warn contains f if {\n\
          n := count(input.statements)\n\
          n > lib.param(meta, \"max\", 10)\n\
          f := lib.finding(meta, {\"index\": 0}, sprintf(\"%d statements\", [n]))\n\
        }\n";
    let mut files: Vec<PolicyFile> = builtin_policies()
        .into_iter()
        .filter(|f| f.path.starts_with("policies/lib/"))
        .collect();
    files.push(file("limits.rego", policy));
    let quiet = load(files.clone(), json!({}));
    assert_eq!(quiet.evaluate(Inputs::from_whole(&document())).findings, []);
    let strict = load(files, json!({"params": {"max-statements": {"max": 2}}}));
    let findings = strict.evaluate(Inputs::from_whole(&document())).findings;
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "max-statements");
    assert_eq!(findings[0].message, "3 statements");
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[test]
fn every_builtin_rule_has_complete_metadata_and_tests() {
    let files = builtin_policies();
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let set = load(files.clone(), json!({}));
    let rules = set.rules();
    let rule_files: Vec<&PolicyFile> = files
        .iter()
        .filter(|f| !f.is_test() && !f.path.starts_with("policies/lib/"))
        .collect();
    assert_eq!(rules.len(), rule_files.len(), "one rule per file");
    let mut ids = BTreeSet::new();
    for r in &rules {
        assert!(ids.insert(r.id.clone()), "duplicate id {}", r.id);
        let kebab = !r.id.is_empty()
            && r.id.split('-').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        assert!(kebab, "{} is not kebab-case", r.id);
        for (name, value) in [
            ("title", &r.title),
            ("category", &r.category),
            ("description", &r.description),
            ("help", &r.help),
        ] {
            assert!(!value.trim().is_empty(), "{}: empty {name}", r.id);
        }
        // the file is policies/<category>/<package leaf>.rego
        let leaf = r.package.rsplit('.').next().unwrap_or_default();
        assert_eq!(
            r.file,
            format!("policies/{}/{leaf}.rego", r.category),
            "{}",
            r.id
        );
        assert_eq!(r.package, format!("schemagate.rules.{leaf}"));
        assert_eq!(leaf.replace('_', "-"), r.id, "id matches the file name");
        let test = format!("policies/{}/{leaf}_test.rego", r.category);
        assert!(paths.contains(test.as_str()), "{} has no {test}", r.id);
        assert!(matches!(r.severity, Severity::Error | Severity::Warning));
        // deny rules are errors, warn rules warnings
        let text = &files.iter().find(|f| f.path == r.file).unwrap().text;
        let entry = if r.severity == Severity::Error {
            "deny contains"
        } else {
            "warn contains"
        };
        assert!(
            text.contains(entry),
            "{}: severity {:?} but no `{entry}`",
            r.id,
            r.severity
        );
    }
}

#[test]
fn missing_policy_path_is_named() {
    let p = schemagate::policy::builtin::read_policy_dir(&PathBuf::from("no/such/policies"))
        .unwrap_err();
    assert!(p.message.contains("no/such/policies"), "{}", p.message);
}

#[test]
fn the_catalogue_lists_every_builtin_rule_with_its_severity() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/policies.md")).unwrap();
    let set = load(builtin_policies(), json!({}));
    for r in set.rules() {
        let row = format!("| `{}` | {} |", r.id, r.severity.name());
        assert!(doc.contains(&row), "docs/policies.md has no row `{row}`");
    }
}

#[test]
fn calls_in_heads_that_would_drop_a_rules_values_are_refused_at_load() {
    // regorus resets a rule gathering values when its head is undefined
    // for one of them: OPA skips that one, regorus loses them all
    let policy = "package team.rules\nimport rego.v1\n\
        deny contains sprintf(\"table %s\", [s.table.name]) if {\n\
          some s in input.statements\n\
        }\n\
        kinds[lower(s.kind)] := true if {\n\
          some s in input.statements\n\
        }\n\
        first := upper(s.kind) if {\n\
          some s in input.statements\n\
        }\n\
        warn contains msg if {\n\
          some s in input.statements\n\
          msg := sprintf(\"table %s\", [s.table.name])\n\
        }\n\
        label := upper(\"x\")\n\
        lowered contains [k | k := lower(s.kind)] if {\n\
          some s in input.statements\n\
        }\n";
    let problems = PolicySet::load(vec![file("rules.rego", policy)], json!({})).unwrap_err();
    let got: Vec<(String, usize, usize)> = problems.iter().map(at_path).collect();
    assert_eq!(
        got,
        [
            ("rules.rego".into(), 3, 15),
            ("rules.rego".into(), 6, 7),
            ("rules.rego".into(), 9, 10),
        ]
    );
    assert_eq!(
        problems[0].message,
        "`deny` calls `sprintf` in its head: where the call is undefined for one value, the \
         policy engine (regorus) drops every value of `deny`, which would pass silently. Bind the \
         call in the body instead (`v := sprintf(…)`) and put `v` in the head"
    );
}

#[test]
fn unknown_functions_in_unreached_branches_are_found_at_load() {
    let helper = "package team.util\nimport rego.v1\nshout(s) := upper(s)\n";
    let policy = "package team.rules\nimport rego.v1\nimport data.team.util\nimport data.team.util as u\n\
        local(x) := x\n\
        deny contains msg if {\n\
          some s in input.statements\n\
          msg := concat(\" \", [util.shout(s.kind), u.shout(\"x\"), data.team.util.shout(\"y\"), local(\"z\"), regex.replace(\"a\", \"a\", \"b\")])\n\
          print(msg)\n\
        }\n\
        warn contains msg if {\n\
          some s in input.statements\n\
          msg := strings.shout(s.kind)\n\
        }\n\
        violation contains msg if {\n\
          some s in input.statements\n\
          every o in s.ops { util.whisper(o) }\n\
          msg := \"x\"\n\
        }\n";
    let problems = PolicySet::load(
        vec![file("util.rego", helper), file("rules.rego", policy)],
        json!({}),
    )
    .unwrap_err();
    let got: Vec<(String, usize, usize, &str)> = problems
        .iter()
        .map(|p| {
            let (path, line, col) = at_path(p);
            (path, line, col, p.message.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "rules.rego".into(),
                13,
                8,
                "unknown function `strings.shout`: no policy defines it and it is not a builtin"
            ),
            (
                "rules.rego".into(),
                17,
                20,
                "unknown function `util.whisper`: no policy defines it and it is not a builtin"
            ),
        ]
    );
}

#[test]
fn runtime_errors_name_the_rule_and_its_place() {
    let set = load(
        vec![
            file(
                "fine.rego",
                "package fine\nimport rego.v1\nwarn contains \"ok\" if true\n",
            ),
            file(
                "broken.rego",
                "package broken\nimport rego.v1\ndeny contains msg if {\n  some s in input.statements\n  msg := sprintf(\"%d\", [to_number(s.kind)])\n}\n",
            ),
        ],
        json!({}),
    );
    let evaluation = set.evaluate(Inputs::from_whole(&document()));
    // the other rules' findings are kept
    let kept: Vec<&str> = evaluation
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(kept, ["fine.warn"]);
    let problem = first_problem(evaluation);
    assert_eq!(at_path(&problem), ("broken.rego".into(), 5, 36));
    assert_eq!(
        problem.message,
        "evaluating data.broken.deny: could not parse string as number"
    );
}

#[test]
fn the_same_file_twice_loads_once_but_two_files_with_one_name_are_an_error() {
    let a = file(
        "p.rego",
        "package p\nimport rego.v1\nwarn contains \"w\" if true\n",
    );
    let set = load(vec![a.clone(), a.clone()], json!({}));
    assert_eq!(
        set.evaluate(Inputs::from_whole(&document())).findings.len(),
        1
    );
    let b = file("p.rego", "package q\nimport rego.v1\n");
    let problems = PolicySet::load(vec![a, b], json!({})).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(at_path(&problems[0]), ("p.rego".into(), 1, 1));
}

/// Every kind, with kind-specific fields absent, null, or shaped but empty,
/// under each dialect family: built-in rules must never fail at runtime
/// (regorus treats a builtin called with null as an error, not undefined).
#[test]
fn builtins_never_fail_on_sparse_or_null_fields() {
    // every kind the input document defines
    let kinds = schemagate::sql::facts::KINDS;
    let nulls = json!({"names": null, "where": null, "grantees": null, "privileges": null,
        "objects": null, "variable": null, "value": null, "algorithm": null, "lock": null,
        "new_name": null, "all_privileges": null, "columns": null, "constraints": null,
        "unique": null, "using": null, "limit": null, "from": null, "ops": null});
    let empty_column = json!({"name": "c", "type": null, "not_null": true, "primary_key": false,
        "unique": false, "has_default": false, "default": null, "default_volatile": false,
        "generated": null, "references": null});
    let ops = json!([
        {"op": "add_column", "column": empty_column, "if_not_exists": false},
        {"op": "add_column", "column": {"name": "d"}},
        {"op": "drop_column", "column": "x"},
        {"op": "rename_column", "column": "a", "new_name": null},
        {"op": "rename_table", "new_name": null},
        {"op": "alter_column_type", "column": "a", "type": null, "using": false},
        {"op": "set_not_null", "column": "a"},
        {"op": "drop_not_null", "column": "a"},
        {"op": "set_default", "column": "a", "default": null, "default_volatile": null},
        {"op": "add_constraint", "constraint": {"type": "foreign_key", "name": null, "columns": [],
            "references": null, "not_valid": false, "using_index": null}},
        {"op": "add_constraint", "constraint": {"type": "unique"}},
        {"op": "add_constraint", "constraint": null},
        {"op": "modify_column", "column": "a", "new_name": null, "type": null, "not_null": null, "has_default": null},
        {"op": "detach_partition", "name": null, "concurrently": null},
        {"op": "other", "detail": null},
    ]);
    let mut statements = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        for variant in 0..3 {
            let index = statements.len();
            let mut s = json!({"index": index, "changeset": 0, "change_type": "sql", "phase": "forward",
                "file": "x.sql", "line": 1, "column": 1, "end_line": 1, "end_column": 2,
                "sql": "", "parsed": i % 2 == 0, "parse_error": null, "kind": kind,
                "object": null, "table": null, "if_exists": false, "if_not_exists": false,
                "concurrently": false, "cascade": false, "transaction": "implicit",
                "in_transaction": true,
                "impact": {"lock": null, "blocks_reads": false, "blocks_writes": false,
                    "rewrite": true, "scan": false, "destructive": false,
                    "backward_incompatible": false, "reasons": []}});
            match variant {
                0 => {}
                1 => {
                    for (k, v) in nulls.as_object().unwrap() {
                        s[k] = v.clone();
                    }
                    s["sql"] = Value::Null;
                    s["object"] = json!({"type": "index", "schema": null, "name": null});
                }
                _ => {
                    s["ops"] = ops.clone();
                    s["table"] = json!({"schema": null, "name": "t"});
                    s["names"] = json!([]);
                    s["grantees"] = json!(["PUBLIC"]);
                    s["privileges"] = json!([]);
                    s["objects"] = json!([]);
                    s["all_privileges"] = json!(true);
                    s["where"] = json!(false);
                    s["variable"] = json!("lock_timeout");
                }
            }
            statements.push(s);
        }
    }
    let all: Vec<usize> = (0..statements.len()).collect();
    let set = load(builtin_policies(), json!({}));
    for (dialect, version) in [
        ("postgres", Value::Null),
        ("postgres", json!("9.6")),
        ("mysql", json!("8.0")),
        ("sqlite", Value::Null),
    ] {
        let doc = json!({
            "schema_version": 1,
            "tool": {"name": "schemagate", "version": "0.1.0"},
            "target": {"dialect": dialect, "version": version},
            "source": {"format": "liquibase", "path": "changelog.xml"},
            "changesets": [{"index": 0, "id": "1", "author": null, "version": null,
                "description": null, "role": "versioned", "file": "changelog.xml", "line": 1,
                "column": 1, "transaction": "implicit", "rollback": "none",
                "statements": all, "rollback_statements": [], "attributes": {}}],
            "statements": statements,
        });
        let evaluation = set.evaluate(Inputs::from_whole(&doc));
        assert!(
            evaluation.problems.is_empty(),
            "{dialect} {version}: {:?}",
            evaluation.problems
        );
        assert!(!evaluation.findings.is_empty());
    }
}

#[test]
fn conftest_suffixed_entry_points_are_evaluated() {
    let set = load(
        vec![file(
            "c.rego",
            "package main\nimport rego.v1\n\
             deny_public_grant contains \"d\" if true\n\
             warn_wide contains \"w\" if true\n\
             denylist := {\"x\"}\n\
             deny_(x) := x\n",
        )],
        json!({}),
    );
    let got: Vec<(String, Severity)> = set
        .evaluate(Inputs::from_whole(&document()))
        .findings
        .into_iter()
        .map(|f| (f.rule, f.severity))
        .collect();
    assert_eq!(
        got,
        [
            ("main.deny_public_grant".to_string(), Severity::Error),
            ("main.warn_wide".to_string(), Severity::Warning)
        ]
    );
}

/// conftest's `exception`: the names it yields turn off the package's
/// `deny_<name>` (and `""` the bare `deny`), for the document at hand.
#[test]
fn conftest_exceptions_turn_rules_off() {
    let set = load(
        vec![file(
            "c.rego",
            "package main\nimport rego.v1\n\
             deny contains \"plain\" if true\n\
             deny_latest_tag contains \"latest\" if true\n\
             warn_wide contains \"wide\" if true\n\
             exception contains rules if {\n\tsome stmt in input.statements\n\tstmt.kind == \"create_index\"\n\trules := [\"latest_tag\"]\n}\n\
             exception contains [\"\"] if input.target.dialect == \"mysql\"\n",
        )],
        json!({}),
    );
    let evaluation = set.evaluate(Inputs::from_whole(&document()));
    assert!(evaluation.problems.is_empty(), "{:?}", evaluation.problems);
    let rules: Vec<&str> = evaluation
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["main.deny", "main.warn_wide"]);
    assert_eq!(evaluation.excepted, 1);
    let mut mysql = document();
    mysql["target"]["dialect"] = json!("mysql");
    let evaluation = set.evaluate(Inputs::from_whole(&mysql));
    let rules: Vec<&str> = evaluation
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["main.warn_wide"]);
    assert_eq!(evaluation.excepted, 2);
}
