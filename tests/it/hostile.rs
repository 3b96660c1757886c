//! Hostile inputs the gate already refuses (issue 9, "keep it that way"):
//! external entities, entity and alias bombs, include cycles and escapes,
//! text that is not UTF-8, symlink loops. Each case is a run over a bad
//! file beside a good one: the run exits 2, the error names the bad file's
//! line and column (in the JSON and the human report alike), and the good
//! file's finding is still reported.
//!
//! Fixtures: `tests/fixtures/hostile/known/<case>/`, each with a
//! `drop.xml`/`drop.sql` whose `DROP TABLE users` is the finding that must
//! survive. Symlinks and absolute paths are made at test time.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common;

const KNOWN: &str = "tests/fixtures/hostile/known";

/// One `schemagate check` over the same paths, in both formats.
struct Checked {
    code: i32,
    report: Value,
    /// The human report (stdout and stderr).
    human: String,
}

/// `schemagate check ARGS --dialect postgres` run in `dir`, as JSON and as
/// the human report; both give the same exit code.
fn check_in(dir: &Path, args: &[&str]) -> Checked {
    let with = |extra: &[&'static str]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--dialect", "postgres"]);
        all.extend_from_slice(extra);
        common::run_in(dir, &all)
    };
    let json = with(&["--format", "json"]);
    let report = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", json.stdout, json.stderr));
    let human = with(&[]);
    assert_eq!(human.code, json.code, "exit codes of the two formats");
    Checked {
        code: json.code,
        report,
        human: format!("{}{}", human.stdout, human.stderr),
    }
}

fn check(args: &[&str]) -> Checked {
    check_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn known(case: &str) -> String {
    format!("{KNOWN}/{case}")
}

impl Checked {
    fn errors(&self) -> &[Value] {
        self.report["errors"].as_array().map_or(&[], Vec::as_slice)
    }

    /// The run could not analyze everything: exit 2, not passed.
    fn refused(&self) -> &Self {
        assert_eq!(self.code, 2, "{:#}", self.report);
        assert_eq!(self.report["passed"], false);
        self
    }

    /// An error in a file ending with `file`, at `line:column`, whose
    /// message holds `message`; the human report shows the same place.
    fn error_at(&self, file: &str, (line, column): (u64, u64), message: &str) -> &Self {
        let found = self.errors().iter().find(|e| {
            e["file"].as_str().is_some_and(|f| f.ends_with(file))
                && e["line"] == line
                && e["column"] == column
                && e["message"].as_str().is_some_and(|m| m.contains(message))
        });
        let Some(e) = found else {
            panic!(
                "no error at {file}:{line}:{column} saying `{message}`:\n{:#}",
                self.report["errors"]
            );
        };
        let place = format!("{}:{line}:{column}", e["file"].as_str().unwrap_or_default());
        assert!(
            self.human.contains(&place),
            "the human report does not show {place}:\n{}",
            self.human
        );
        self
    }

    /// The good file's finding survived: `rule` at `file:line`.
    fn finding_at(&self, rule: &str, file: &str, line: u64) -> &Self {
        let found = self.report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| {
                f["rule"] == rule
                    && f["file"].as_str().is_some_and(|p| p.ends_with(file))
                    && f["line"] == line
            });
        assert!(
            found,
            "no {rule} at {file}:{line}:\n{:#}",
            self.report["findings"]
        );
        self
    }

    fn error_count(&self, n: usize) -> &Self {
        assert_eq!(self.errors().len(), n, "{:#}", self.report["errors"]);
        self
    }
}

#[test]
fn external_entities_are_never_resolved() {
    let run = check(&[&known("xxe/master.xml")]);
    run.refused()
        .error_count(2)
        // used: the DOCTYPE declaring it is refused before anything is
        // expanded or resolved
        .error_at(
            "xxe/xxe.xml",
            (2, 1),
            "DOCTYPE declarations are not allowed",
        )
        // declared only: the DOCTYPE itself is refused, as Liquibase does
        .error_at(
            "xxe/declared.xml",
            (2, 1),
            "DOCTYPE declarations are not allowed",
        )
        .finding_at("ban-drop-table", "xxe/drop.xml", 3);
    // nothing of the file the entity names was read
    assert!(!run.human.contains("root:"), "{}", run.human);
    assert!(!run.report.to_string().contains("root:"));
}

#[test]
fn billion_laughs_is_refused_before_it_expands() {
    check(&[&known("billion_laughs/master.xml")])
        .refused()
        .error_count(1)
        // refused at the DOCTYPE, before a single entity is expanded
        .error_at(
            "billion_laughs/lol.xml",
            (2, 1),
            "DOCTYPE declarations are not allowed",
        )
        .finding_at("ban-drop-table", "billion_laughs/drop.xml", 3);
}

#[test]
fn yaml_alias_bomb_breaches_the_parser_budget() {
    check(&[&known("yaml_alias_bomb/master.yaml")])
        .refused()
        .error_count(1)
        .error_at("yaml_alias_bomb/bomb.yaml", (6, 14), "budget breached")
        .finding_at("ban-drop-table", "yaml_alias_bomb/drop.yaml", 6);
}

#[test]
fn include_cycle_is_named_at_the_include_that_closes_it() {
    let run = check(&[&known("include_cycle/master.xml")]);
    run.refused()
        .error_count(1)
        .error_at("include_cycle/b.xml", (2, 18), "include cycle: ")
        .finding_at("ban-drop-table", "include_cycle/drop.xml", 3);
    let message = run.errors()[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.ends_with("include_cycle/a.xml -> tests/fixtures/hostile/known/include_cycle/b.xml -> tests/fixtures/hostile/known/include_cycle/a.xml"),
        "{message}"
    );
}

#[test]
fn relative_includes_may_not_leave_the_project() {
    // run from the project folder: it and the changelog's folder are the
    // project; `../outside.xml` exists, and is refused, not "not found"
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join(known("include_escape/project"));
    check_in(&project, &["master.xml"])
        .refused()
        .error_count(3)
        .error_at(
            "master.xml",
            (2, 18),
            "`../outside.xml` is outside the project",
        )
        .error_at(
            "master.xml",
            (3, 18),
            "`../outside.xml` is outside the project",
        )
        .error_at(
            "master.xml",
            (4, 21),
            "includeAll folder `../` is outside the project",
        )
        .finding_at("ban-drop-table", "drop.xml", 3);
}

/// A temporary folder with a `project/` holding `drop.xml`, and
/// `outside.xml` beside `project/`.
fn project_beside_outside() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join(known("include_escape"));
    for (from, to) in [
        ("project/drop.xml", project.join("drop.xml")),
        ("outside.xml", dir.path().join("outside.xml")),
    ] {
        std::fs::copy(fixtures.join(from), &to).unwrap_or_else(|e| panic!("copy {from}: {e}"));
    }
    (dir, project)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

#[test]
fn absolute_includes_may_not_leave_the_project() {
    let (dir, project) = project_beside_outside();
    let outside = dir.path().join("outside.xml");
    let outside = outside.to_string_lossy();
    let folder = dir.path().to_string_lossy();
    write(
        &project.join("master.xml"),
        &format!(
            "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <include file=\"{outside}\"/>\n  <includeAll path=\"{folder}\"/>\n  <include file=\"drop.xml\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n"
        ),
    );
    check_in(&project, &["master.xml"])
        .refused()
        .error_count(2)
        .error_at("master.xml", (2, 18), "is outside the project")
        .error_at("master.xml", (3, 21), "is outside the project")
        .finding_at("ban-drop-table", "drop.xml", 3);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_project_is_an_escape_too() {
    let (_dir, project) = project_beside_outside();
    std::os::unix::fs::symlink("../outside.xml", project.join("link.xml"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    write(
        &project.join("master.xml"),
        "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <include file=\"link.xml\" relativeToChangelogFile=\"true\"/>\n  <include file=\"drop.xml\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n",
    );
    check_in(&project, &["master.xml"])
        .refused()
        .error_count(1)
        .error_at("master.xml", (2, 18), "`link.xml` is outside the project")
        .finding_at("ban-drop-table", "drop.xml", 3);
}

#[test]
fn latin1_sql_is_refused_at_its_first_bad_byte() {
    check(&[&known("latin1/flyway")])
        .refused()
        .error_count(1)
        // `-- caf\xe9`: byte 6 is line 1, column 7
        .error_at(
            "latin1/flyway/V2__latin1.sql",
            (1, 7),
            "is not valid UTF-8 (byte 6); re-encode it as UTF-8",
        )
        .finding_at("ban-drop-table", "latin1/flyway/V1__drop.sql", 1);
}

#[test]
fn latin1_changelogs_read_as_liquibase_reads_them() {
    // Liquibase falls back to ISO-8859-1: the changelog is checked, and its
    // finding (exit 1) names the changeset as written
    let run = check(&[&known("latin1/liquibase/changelog.xml")]);
    assert_eq!(run.code, 1, "{:#}", run.report);
    run.error_count(0)
        .finding_at("ban-drop-table", "latin1/liquibase/changelog.xml", 4);
    assert_eq!(run.report["findings"][0]["changeset"], "café");
}

#[test]
fn utf16_changelogs_are_refused_by_name() {
    let message = "UTF-16 is not supported: save as UTF-8";
    // included: at the include that names them (with and without a BOM)
    check(&[&known("utf16/master.xml")])
        .refused()
        .error_count(2)
        .error_at("utf16/master.xml", (2, 18), message)
        .error_at("utf16/master.xml", (3, 18), message)
        .finding_at("ban-drop-table", "utf16/drop.xml", 3);
    // the root changelog: at its start
    check(&[&known("utf16/utf16.xml"), &known("utf16/drop.xml")])
        .refused()
        .error_count(1)
        .error_at("utf16/utf16.xml", (1, 1), message)
        .finding_at("ban-drop-table", "utf16/drop.xml", 3);
}

#[test]
fn utf16_sql_is_refused_by_name() {
    check(&[&known("utf16/flyway")])
        .refused()
        .error_count(1)
        .error_at(
            "utf16/flyway/V2__utf16.sql",
            (1, 1),
            "UTF-16 is not supported: save as UTF-8",
        )
        .finding_at("ban-drop-table", "utf16/flyway/V1__drop.sql", 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_an_include_all_folder_end() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let all = dir.path().join("all");
    std::fs::create_dir_all(&all).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join(known("include_cycle"));
    std::fs::copy(fixtures.join("drop.xml"), all.join("a.xml"))
        .unwrap_or_else(|e| panic!("copy: {e}"));
    symlink(".", all.join("loop")).unwrap_or_else(|e| panic!("symlink: {e}"));
    symlink("..", all.join("up")).unwrap_or_else(|e| panic!("symlink: {e}"));
    write(
        &dir.path().join("master.xml"),
        "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n  <includeAll path=\"all/\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n",
    );
    // folder links are not followed: the walk ends, the real file is read
    // once, and its finding is the run's only failure (exit 1)
    let run = check_in(dir.path(), &["master.xml"]);
    assert_eq!(run.code, 1, "{:#}", run.report);
    run.error_count(0)
        .finding_at("ban-drop-table", "all/a.xml", 3);
    assert_eq!(run.report["stats"]["changesets"], 1, "{:#}", run.report);
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_a_migration_folder_are_named() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let m = dir.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap_or_else(|e| panic!("mkdir: {e}"));
    write(&m.join("V1__drop.sql"), "DROP TABLE users;\n");
    symlink(".", m.join("loop")).unwrap_or_else(|e| panic!("symlink: {e}"));
    // the folder's walk follows links (a linked migration is read), so a
    // loop is an error of its own: no line or column, the link is named
    let run = check_in(dir.path(), &["migrations"]);
    run.refused()
        .error_count(1)
        .error_at("migrations/loop", (0, 0), "File system loop found")
        .finding_at("ban-drop-table", "migrations/V1__drop.sql", 1);
}
