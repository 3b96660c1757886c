//! `schemagate init` on small repositories: the files it writes, and that
//! `schemagate check` and `schemagate test policies/team` then work there.

use std::path::Path;

use crate::common;
use crate::common::Run;

fn schemagate(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args)
}

/// A temporary repository holding `files` (`.git` marks its root, so the
/// configuration is not looked for above it).
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const TEAM_FILES: [&str; 4] = [
    "policies/team/table_names.rego",
    "policies/team/table_names_test.rego",
    "policies/team/fixtures/camel-case-table/V1__create_tables.sql",
    "policies/team/fixtures/camel-case-table/expected.yaml",
];

/// What every initialised repository must do: the strict reader accepts
/// the configuration in each environment, `check` runs with no argument,
/// and the team policy's tests pass.
fn assert_ready(dir: &Path) {
    for env in [None, Some("dev"), Some("prod")] {
        if let Err(p) = schemagate::config::read(&dir.join("schemagate.yaml"), env) {
            panic!("{env:?}: {}", p.message);
        }
    }
    for f in TEAM_FILES {
        assert!(dir.join(f).is_file(), "{f} not written");
    }
    let check = schemagate(dir, &["check"]);
    assert!(
        check.code == 0 || check.code == 1,
        "check exited {}:\n{}{}",
        check.code,
        check.stdout,
        check.stderr
    );
    let test = schemagate(dir, &["test", "policies/team"]);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    assert!(test.stdout.contains("PASS: 3/3"), "{}", test.stdout);
}

#[test]
fn a_flyway_folder_with_github_actions() {
    let dir = repo(&[
        (
            "db/migration/V1__users.sql",
            "CREATE TABLE users (id bigserial PRIMARY KEY, data jsonb);\n",
        ),
        (
            "db/migration/V2__index.sql",
            "CREATE INDEX users_data ON users (id);\n",
        ),
        (".github/workflows/build.yml", "name: build\n"),
    ]);
    let run = schemagate(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("found a Flyway folder at db/migration"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("wrote       .github/workflows/schemagate.yml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("schemagate test policies/team"),
        "{}",
        run.stdout
    );
    let config = read(dir.path(), "schemagate.yaml");
    assert!(config.contains("\nchangelog: db/migration\n"), "{config}");
    assert!(config.contains("\ndialect: postgres\n"), "{config}");
    assert!(
        config.contains("guessed by `schemagate init` from"),
        "{config}"
    );
    let workflow = read(dir.path(), ".github/workflows/schemagate.yml");
    assert!(
        workflow.contains("paths: [\"db/migration/**\""),
        "{workflow}"
    );
    assert!(
        workflow.contains("origin/${{ github.base_ref }}"),
        "{workflow}"
    );
    assert_eq!(
        read(dir.path(), ".github/workflows/build.yml"),
        "name: build\n"
    );
    assert_ready(dir.path());
}

#[test]
fn a_golang_migrate_mysql_folder_with_gitlab() {
    let gitlab = "stages: [test]\n";
    let dir = repo(&[
        (
            "migrations/000001_users.up.sql",
            "CREATE TABLE `users` (`id` int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n",
        ),
        ("migrations/000001_users.down.sql", "DROP TABLE `users`;\n"),
        (".gitlab-ci.yml", gitlab),
    ]);
    let run = schemagate(dir.path(), &["init", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("found a golang-migrate folder at migrations"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dialect: mysql, guessed from"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("GitLab CI: add this to .gitlab-ci.yml"),
        "{}",
        run.stdout
    );
    assert_eq!(
        read(dir.path(), ".gitlab-ci.yml"),
        gitlab,
        "never overwritten"
    );
    let config = read(dir.path(), "schemagate.yaml");
    assert!(config.contains("\nchangelog: migrations\n"), "{config}");
    assert!(config.contains("\ndialect: mysql\n"), "{config}");
    let expected = read(dir.path(), TEAM_FILES[3]);
    assert!(expected.contains("dialect: mysql"), "{expected}");
    assert_ready(dir.path());
}

#[test]
fn a_liquibase_xml_changelog_without_ci() {
    let master = r#"<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <include file="changes/001-users.xml" relativeToChangelogFile="true"/>
</databaseChangeLog>
"#;
    let change = r#"<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <changeSet id="1" author="dba">
        <createTable tableName="users">
            <column name="id" type="bigint"><constraints primaryKey="true"/></column>
        </createTable>
    </changeSet>
</databaseChangeLog>
"#;
    let base = "src/main/resources/db/changelog";
    let dir = repo(&[
        (&format!("{base}/db.changelog-master.xml"), master),
        (&format!("{base}/changes/001-users.xml"), change),
        ("pom.xml", "<project/>\n"),
    ]);
    let run = schemagate(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let config = read(dir.path(), "schemagate.yaml");
    assert!(
        config.contains(&format!("\nchangelog: {base}/db.changelog-master.xml\n")),
        "{config}"
    );
    assert!(config.contains("found no dialect-specific SQL"), "{config}");
    assert!(config.contains("\ndialect: postgres\n"), "{config}");
    assert!(
        run.stdout.contains("no CI configuration found"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("examples/ci/"), "{}", run.stdout);
    assert!(!dir.path().join(".github").exists());
    assert_ready(dir.path());
}

#[test]
fn existing_files_are_left_alone_unless_forced() {
    let mine = "# ours\ndialect: mysql\nchangelog: db\n";
    let policy = "package team.mine\n";
    let dir = repo(&[
        ("db/V1__a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n"),
        ("schemagate.yaml", mine),
        ("policies/team/table_names.rego", policy),
    ]);
    let run = schemagate(dir.path(), &["init", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("left alone  schemagate.yaml (it exists; --force overwrites)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("left alone  policies/team/table_names.rego"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("wrote       policies/team/table_names_test.rego"),
        "{}",
        run.stdout
    );
    assert_eq!(read(dir.path(), "schemagate.yaml"), mine);
    assert_eq!(read(dir.path(), "policies/team/table_names.rego"), policy);

    // a second run finds everything in place (and the fixture case's
    // migration is not taken for the changelog)
    let again = schemagate(dir.path(), &["init"]);
    assert!(!again.stdout.contains("wrote"), "{}", again.stdout);
    assert!(
        again.stdout.contains("found a Flyway folder at db\n"),
        "{}",
        again.stdout
    );

    let forced = schemagate(dir.path(), &["init", "--force"]);
    assert_eq!(forced.code, 0, "{}{}", forced.stdout, forced.stderr);
    assert!(!forced.stdout.contains("left alone"), "{}", forced.stdout);
    assert!(read(dir.path(), "schemagate.yaml").contains("\nchangelog: db\n"));
    assert_ready(dir.path());
}

#[test]
fn a_missing_folder_is_an_input_error() {
    let dir = repo(&[]);
    let run = schemagate(dir.path(), &["init", "no-such-folder"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("no-such-folder is not a folder"),
        "{}",
        run.stderr
    );
}

/// The `schemagate init` example of docs/policies.md is what init prints in
/// the repository the example describes: the golang-migrate example under
/// `migrations/`, with GitHub Actions.
#[test]
fn the_documented_init_example_prints_what_the_docs_show() {
    let docs = read(Path::new(env!("CARGO_MANIFEST_DIR")), "docs/policies.md");
    let block = docs
        .split("```text\n$ schemagate init\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/policies.md shows `$ schemagate init` in a text block");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/golang-migrate-mysql");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&example)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (format!("migrations/{name}"), read(&example, &name))
        })
        .collect();
    files.push((".github/workflows/build.yml".into(), "name: build\n".into()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let dir = repo(&files);
    let run = schemagate(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, block);
}
