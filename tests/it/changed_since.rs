//! `--changed-since`: throwaway git repositories with a base commit (history),
//! a head commit and uncommitted changes (the proposal), in every changelog
//! format. Only the proposal is judged; editing history is a finding.

use std::path::{Path, PathBuf};
use std::process::Command;

use schemagate::check::{CheckOptions, check};
use schemagate::dialect::Dialect;
use tempfile::TempDir;

struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: TempDir::new().expect("temporary folder"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap();
        self
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.dir.path())
            .args(["-c", "user.name=dev", "-c", "user.email=dev@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    fn commit(&self, message: &str) -> &Self {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self
    }

    /// `(rule, file relative to the repository, line)` of every finding,
    /// and the problems' messages.
    fn check(&self, path: &str, rev: &str) -> (Vec<(String, String, usize)>, Vec<String>) {
        let mut opts = CheckOptions::new(vec![self.path(path)], Dialect::Postgres);
        opts.changed_since = Some(rev.to_string());
        let outcome = check(&opts);
        let root = self.dir.path().canonicalize().unwrap();
        let findings = outcome
            .findings
            .iter()
            .map(|f| {
                let (file, line) = f.span.map_or((String::new(), 0), |s| {
                    let loc = outcome.sources.locate(s);
                    let p = Path::new(&loc.file);
                    let p = p.canonicalize().unwrap_or(p.to_path_buf());
                    let rel = p.strip_prefix(&root).unwrap_or(&p).to_path_buf();
                    (rel.to_string_lossy().replace('\\', "/"), loc.line)
                });
                (f.rule.clone(), file, line)
            })
            .collect();
        let problems = outcome.problems.iter().map(|p| p.message.clone()).collect();
        (findings, problems)
    }
}

fn found(rule: &str, file: &str, line: usize) -> (String, String, usize) {
    (rule.to_string(), file.to_string(), line)
}

/// Only these rules: the history fixtures would trip others too.
fn only(findings: Vec<(String, String, usize)>, rules: &[&str]) -> Vec<(String, String, usize)> {
    findings
        .into_iter()
        .filter(|(r, _, _)| rules.contains(&r.as_str()))
        .collect()
}

const CREATE_T: &str = "CREATE TABLE t (id bigint PRIMARY KEY, name text);\n";
const INDEX_T: &str = "CREATE INDEX t_name_idx ON t (name);\n";
const RULES: &[&str] = &[
    "require-concurrent-index-creation",
    "ban-update-without-where",
    "edited-history",
    "adding-required-field",
];

#[test]
fn flyway_judges_the_new_migrations_and_the_uncommitted_ones_only() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .write("db/V2__index_t.sql", INDEX_T)
        .commit("history");
    repo.write(
        "db/V3__index_t_again.sql",
        "CREATE INDEX t_id_name_idx ON t (id, name);\n",
    )
    .write(
        "db/V4__new_table.sql",
        "CREATE TABLE p (id bigint, ref text);\nCREATE INDEX p_ref_idx ON p (ref);\n",
    )
    .commit("proposal");
    // not committed, not even added: proposed all the same
    repo.write(
        "db/V5__more.sql",
        "CREATE INDEX p_id_idx ON p (id);\nUPDATE t SET name = 'x';\n",
    );
    let (findings, problems) = repo.check("db", "HEAD~1");
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        only(findings, RULES),
        [
            found(
                "require-concurrent-index-creation",
                "db/V3__index_t_again.sql",
                1
            ),
            found("ban-update-without-where", "db/V5__more.sql", 2),
        ]
    );
}

#[test]
fn nothing_changed_is_nothing_judged() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .write("db/V2__index_t.sql", INDEX_T)
        .commit("history");
    let (findings, problems) = repo.check("db", "HEAD");
    assert!(findings.is_empty(), "{findings:?}");
    assert!(problems.is_empty(), "{problems:?}");
    // without --changed-since the same folder is all proposal
    let outcome = check(&CheckOptions::new(vec![repo.path("db")], Dialect::Postgres));
    assert_eq!(outcome.stats.changesets, 2);
    assert_eq!(outcome.stats.history_changesets, 0);
}

#[test]
fn flyway_edited_deleted_and_out_of_order_history_are_errors() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .write("db/V2__index_t.sql", INDEX_T)
        .write("db/V3__seed.sql", "INSERT INTO t (id) VALUES (1);\n")
        .write("db/V5__comment.sql", "COMMENT ON TABLE t IS 'x';\n")
        .write(
            "db/R__view.sql",
            "CREATE OR REPLACE VIEW v AS SELECT id FROM t;\n",
        )
        .commit("history");
    repo.write(
        "db/V1__create_t.sql",
        "CREATE TABLE t (id bigint PRIMARY KEY);\n",
    )
    .remove("db/V3__seed.sql")
    .write("db/V4__late.sql", "COMMENT ON TABLE t IS 'y';\n")
    // a repeatable is meant to change
    .write(
        "db/R__view.sql",
        "CREATE OR REPLACE VIEW v AS SELECT id, name FROM t;\n",
    );
    let mut opts = CheckOptions::new(vec![repo.path("db")], Dialect::Postgres);
    opts.changed_since = Some("HEAD".into());
    let outcome = check(&opts);
    let history: Vec<(String, Option<usize>)> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "edited-history")
        .map(|f| {
            (
                f.message.split(':').next().unwrap_or_default().to_string(),
                f.span.map(|s| outcome.sources.locate(s).line),
            )
        })
        .collect();
    assert_eq!(
        history,
        // a finding without a place sorts first
        [
            (
                format!(
                    "Migration \"3\" ({}",
                    repo.path("db/V3__seed.sql").display()
                ),
                None
            ),
            (
                "Migration 1 was already applied and has been changed since".to_string(),
                Some(1)
            ),
            (
                "Version 4 is below version 5, which history already holds".to_string(),
                Some(1)
            ),
        ]
    );
    assert_eq!(
        outcome.stats.changesets, 3,
        "V1 (edited), V4 (new), R (changed)"
    );
    assert_eq!(outcome.stats.history_changesets, 2);
}

#[test]
fn a_renumbered_migration_is_named_as_such() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .write("db/V2__index_t.sql", INDEX_T)
        .commit("history");
    repo.git(&["mv", "db/V2__index_t.sql", "db/V3__index_t.sql"]);
    let mut opts = CheckOptions::new(vec![repo.path("db")], Dialect::Postgres);
    opts.changed_since = Some("HEAD".into());
    let outcome = check(&opts);
    let removed: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "edited-history")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(
        removed[0].contains("was applied and it was renumbered as version 3"),
        "{removed:?}"
    );
}

const LB_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.20.xsd">
"#;

fn xml_changeset(id: &str, sql: &str) -> String {
    format!(
        "    <changeSet id=\"{id}\" author=\"dev\">\n        <sql>{sql}</sql>\n    </changeSet>\n"
    )
}

#[test]
fn liquibase_xml_judges_the_changeset_appended_to_an_old_file() {
    let repo = Repo::new();
    let history = [
        xml_changeset("1", CREATE_T.trim()),
        xml_changeset("2", INDEX_T.trim()),
        xml_changeset("3", "UPDATE t SET name = 'a';"),
    ]
    .concat();
    repo.write(
        "lb/master.xml",
        &format!("{LB_HEAD}    <include file=\"part.xml\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n"),
    )
    .write("lb/part.xml", &format!("{LB_HEAD}{history}</databaseChangeLog>\n"))
    .commit("history");
    let proposed = xml_changeset("4", "CREATE INDEX t_id_idx ON t (id);");
    repo.write(
        "lb/part.xml",
        &format!("{LB_HEAD}{history}{proposed}</databaseChangeLog>\n"),
    )
    .commit("proposal");
    let (findings, problems) = repo.check("lb/master.xml", "HEAD~1");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        only(findings, RULES),
        [found(
            "require-concurrent-index-creation",
            "lb/part.xml",
            15
        )]
    );

    // an edit of an old changeset is edited history, at its line; renaming
    // its id removes one changeset and proposes another
    let edited = [
        xml_changeset("1", CREATE_T.trim()),
        xml_changeset("2", "CREATE INDEX t_name_idx ON t (name, id);"),
        xml_changeset("3b", "UPDATE t SET name = 'a';"),
    ]
    .concat();
    repo.write(
        "lb/part.xml",
        &format!("{LB_HEAD}{edited}{proposed}</databaseChangeLog>\n"),
    );
    let (findings, _) = repo.check("lb/master.xml", "HEAD~1");
    assert_eq!(
        only(findings, RULES),
        [
            found("edited-history", "", 0),
            found("edited-history", "lb/part.xml", 8),
            found("require-concurrent-index-creation", "lb/part.xml", 9),
            found("ban-update-without-where", "lb/part.xml", 12),
            found("require-concurrent-index-creation", "lb/part.xml", 15),
        ]
    );
}

/// The same history and proposal in each Liquibase format: one changeset
/// of history per file stays unjudged, the appended one is judged.
#[test]
fn liquibase_yaml_json_and_formatted_sql_judge_changesets_not_files() {
    let yaml = |ids: &[&str]| {
        let mut s = String::from("databaseChangeLog:\n");
        for id in ids {
            let sql = if *id == "1" {
                CREATE_T.trim()
            } else {
                INDEX_T.trim()
            };
            s.push_str(&format!(
                "  - changeSet:\n      id: \"{id}\"\n      author: dev\n      changes:\n        - sql:\n            sql: \"{sql}\"\n"
            ));
        }
        s
    };
    let json = |ids: &[&str]| {
        let sets: Vec<String> = ids
            .iter()
            .map(|id| {
                let sql = if *id == "1" { CREATE_T.trim() } else { INDEX_T.trim() };
                format!(
                    "    {{\"changeSet\": {{\"id\": \"{id}\", \"author\": \"dev\", \"changes\": [{{\"sql\": {{\"sql\": \"{sql}\"}}}}]}}}}"
                )
            })
            .collect();
        format!("{{\"databaseChangeLog\": [\n{}\n]}}\n", sets.join(",\n"))
    };
    let formatted = |ids: &[&str]| {
        let mut s = String::from("--liquibase formatted sql\n\n");
        for id in ids {
            let sql = if *id == "1" { CREATE_T } else { INDEX_T };
            s.push_str(&format!("--changeset dev:{id}\n{sql}\n"));
        }
        s
    };
    type Render = dyn Fn(&[&str]) -> String;
    let cases: [(&str, &Render, usize); 3] = [
        ("changelog.yaml", &yaml, 19),
        ("changelog.json", &json, 4),
        ("changelog.sql", &formatted, 10),
    ];
    for (name, render, line) in cases {
        let repo = Repo::new();
        let path = format!("lb/{name}");
        repo.write(&path, &render(&["1", "2"])).commit("history");
        repo.write(&path, &render(&["1", "2", "3"]))
            .commit("proposal");
        let (findings, problems) = repo.check(&path, "HEAD~1");
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(
            only(findings, RULES),
            [found("require-concurrent-index-creation", &path, line)],
            "{name}"
        );
    }
}

#[test]
fn golang_migrate_dbmate_and_plain_folders_judge_new_files() {
    let cases: [(&str, &str, &str); 3] = [
        (
            "000001_create_t.up.sql",
            "000002_index_t.up.sql",
            "000003_index_again.up.sql",
        ),
        (
            "20240101000000_create_t.sql",
            "20240102000000_index_t.sql",
            "20240103000000_index_again.sql",
        ),
        ("001.sql", "002.sql", "003.sql"),
    ];
    for (i, (first, second, third)) in cases.into_iter().enumerate() {
        let wrap = |sql: &str| {
            if i == 1 {
                format!("-- migrate:up\n{sql}\n-- migrate:down\n")
            } else {
                sql.to_string()
            }
        };
        let line = if i == 1 { 2 } else { 1 };
        let repo = Repo::new();
        repo.write(&format!("db/{first}"), &wrap(CREATE_T))
            .write(&format!("db/{second}"), &wrap(INDEX_T))
            .commit("history");
        repo.write(
            &format!("db/{third}"),
            &wrap("CREATE INDEX t_id_idx ON t (id);\n"),
        );
        let (findings, problems) = repo.check("db", "HEAD");
        assert!(problems.is_empty(), "{third}: {problems:?}");
        assert_eq!(
            only(findings, RULES),
            [found(
                "require-concurrent-index-creation",
                &format!("db/{third}"),
                line
            )],
            "{third}"
        );
    }
}

#[test]
fn a_new_table_of_an_earlier_proposed_migration_is_new() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .commit("history");
    repo.write("db/V2__p.sql", "CREATE TABLE p (id bigint, ref text);\n")
        .write(
            "db/V3__p_index.sql",
            "ALTER TABLE p ADD COLUMN code text NOT NULL;\nCREATE INDEX p_ref_idx ON p (ref);\n",
        )
        .write(
            "db/V4__t_column.sql",
            "ALTER TABLE t ADD COLUMN code text NOT NULL;\n",
        );
    let (findings, problems) = repo.check("db", "HEAD");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        only(findings, RULES),
        [found("adding-required-field", "db/V4__t_column.sql", 1)]
    );
}

#[test]
fn bad_revisions_and_folders_outside_git_are_input_errors() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .commit("history");
    let (_, problems) = repo.check("db", "no-such-branch");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("--changed-since no-such-branch: git knows no commit `no-such-branch`"),
        "{problems:?}"
    );

    let outside = TempDir::new().unwrap();
    std::fs::write(outside.path().join("V1__x.sql"), CREATE_T).unwrap();
    let mut opts = CheckOptions::new(vec![outside.path().to_path_buf()], Dialect::Postgres);
    opts.changed_since = Some("HEAD".into());
    let outcome = check(&opts);
    assert_eq!(outcome.problems.len(), 1);
    assert!(
        outcome.problems[0]
            .message
            .contains("is not inside a git repository"),
        "{:?}",
        outcome.problems
    );
    // the report goes on, judging everything: never fewer findings
    assert_eq!(outcome.stats.changesets, 1);
}

/// As a user runs it: the binary, from a subfolder of the repository, with
/// a relative path and a branch name.
#[test]
fn the_cli_works_from_a_subfolder() {
    let repo = Repo::new();
    repo.write("app/db/V1__create_t.sql", CREATE_T)
        .commit("history");
    repo.git(&["branch", "base"]);
    repo.write("app/db/V2__index.sql", INDEX_T)
        .commit("proposal");
    let out = Command::new(env!("CARGO_BIN_EXE_schemagate"))
        .current_dir(repo.path("app"))
        .args(["check", "db", "--changed-since", "base", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        findings.contains(&(
            "require-concurrent-index-creation".into(),
            "db/V2__index.sql".into()
        )),
        "{findings:?}"
    );
    assert_eq!(report["stats"]["history_changesets"], 1);
    assert_eq!(report["stats"]["changesets"], 1);
}

/// A policy written for `schema_version` 1 (no declaration) keeps working:
/// it sees the whole changelog, and what it says about history is dropped.
/// A version 2 `proposal_warn` sees the proposal only.
#[test]
fn version_1_policies_still_work_and_proposal_rules_see_the_proposal() {
    let repo = Repo::new();
    repo.write("db/V1__create_t.sql", CREATE_T)
        .write("db/V2__index_t.sql", INDEX_T)
        .commit("history");
    repo.write("db/V3__index.sql", "CREATE INDEX t_id_idx ON t (id);\n");
    repo.write(
        "policies/v1.rego",
        "package team.v1\nimport rego.v1\n\
         deny contains f if {\n\tsome stmt in input.statements\n\tstmt.kind == \"create_index\"\n\
         \tcount(input.changesets) == 3\n\
         \tf := {\"msg\": sprintf(\"index %s\", [stmt.object.name]), \"at\": stmt.index}\n}\n",
    )
    .write(
        "policies/v2.rego",
        "package team.v2\nimport rego.v1\nschema_version := 2\n\
         proposal_warn contains msg if {\n\
         \tmsg := sprintf(\"%d proposed, %d of history\", [count(input.changesets), input.history.changesets])\n}\n",
    );
    let mut opts = CheckOptions::new(vec![repo.path("db")], Dialect::Postgres);
    opts.changed_since = Some("HEAD".into());
    opts.policy_paths = vec![repo.path("policies")];
    opts.builtin_policies = false;
    let outcome = check(&opts);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let got: Vec<(&str, &str)> = outcome
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("team.v2.proposal_warn", "1 proposed, 2 of history"),
            ("team.v1.deny", "index t_id_idx"),
        ]
    );
}

/// Liquibase knows a changeset by its logical file path when one is set:
/// moving the file keeps its changesets history.
#[test]
fn a_moved_liquibase_file_with_a_logical_path_keeps_its_history() {
    let repo = Repo::new();
    let part = format!(
        "{LB_HEAD}    <changeSet id=\"1\" author=\"dev\" logicalFilePath=\"db/part.xml\">\n        <sql>{}</sql>\n    </changeSet>\n    <changeSet id=\"2\" author=\"dev\" logicalFilePath=\"db/part.xml\">\n        <sql>{}</sql>\n    </changeSet>\n</databaseChangeLog>\n",
        CREATE_T.trim(),
        INDEX_T.trim()
    );
    let master = |file: &str| {
        format!(
            "{LB_HEAD}    <include file=\"{file}\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n"
        )
    };
    repo.write("lb/master.xml", &master("part.xml"))
        .write("lb/part.xml", &part)
        .commit("history");
    repo.git(&["mv", "lb/part.xml", "lb/moved.xml"]);
    repo.write("lb/master.xml", &master("moved.xml"));
    let (findings, problems) = repo.check("lb/master.xml", "HEAD");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(findings, []);
}

/// A shallow CI checkout has no merge base: the error says how to fetch it.
#[test]
fn a_shallow_clone_says_how_to_fetch_history() {
    let origin = Repo::new();
    origin.write("db/V1__create_t.sql", CREATE_T).commit("one");
    origin.git(&["branch", "base"]);
    origin.write("db/V2__index.sql", INDEX_T).commit("two");
    origin.git(&["checkout", "-q", "base"]);
    origin.write("db/V2__other.sql", INDEX_T).commit("other");
    origin.git(&["checkout", "-q", "main"]);
    let clone = TempDir::new().unwrap();
    let url = format!("file://{}", origin.dir.path().display());
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", "--no-single-branch", &url])
        .arg(clone.path().join("c"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut opts = CheckOptions::new(vec![clone.path().join("c/db")], Dialect::Postgres);
    opts.changed_since = Some("origin/base".into());
    let outcome = check(&opts);
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
    assert!(
        outcome.problems[0]
            .message
            .contains("this clone is shallow"),
        "{}",
        outcome.problems[0].message
    );
}

/// Two golang-migrate sets in one folder reuse version 1: an edit of one
/// is the edit of that file, not of the other set's version 1.
#[test]
fn migration_sets_that_share_versions_are_matched_by_file() {
    let repo = Repo::new();
    repo.write("db/auth/000001_users.up.sql", CREATE_T)
        .write(
            "db/billing/000001_invoices.up.sql",
            "CREATE TABLE invoices (id bigint PRIMARY KEY);\n",
        )
        .commit("history");
    repo.write(
        "db/auth/000001_users.up.sql",
        "CREATE TABLE t (id bigint PRIMARY KEY);\n",
    );
    let (findings, problems) = repo.check("db", "HEAD");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        only(findings, RULES),
        [found("edited-history", "db/auth/000001_users.up.sql", 1)]
    );
}
