//! The commented `schemagate.yaml` that `schemagate init` writes: the keys
//! it could fill in from the repository set, the others shown commented
//! out with an example each.

use crate::dialect::Dialect;
use crate::source::guess::Guess;

use super::layout::Found;

/// The file's text for a repository whose changelog is `found` and whose
/// SQL suggests `guess`.
pub fn render(found: Option<&Found>, guess: Option<&Guess>) -> String {
    let mut out = String::from(HEADER);
    out.push_str(&dialect_lines(guess));
    out.push_str(&changelog_lines(found));
    out.push_str(&format!(
        "\n# your own policies, beside the built-in rules (`schemagate rules` lists\n\
         # those); `schemagate test {dir}` runs their tests\n\
         policies: [{dir}]\n",
        dir = super::team_policy::DIR
    ));
    out.push_str(OTHER_KEYS);
    out
}

const HEADER: &str = "\
# schemagate configuration, written by `schemagate init`: one file for every
# environment. `schemagate check` finds it from any folder of the repository
# (up to its root); `schemagate config --env prod` shows what applies and
# where each value comes from. Unknown keys and rule ids are errors.
# Paths are relative to this file.

";

fn dialect_lines(guess: Option<&Guess>) -> String {
    match guess {
        Some(g) => format!(
            "# the target database, guessed by `schemagate init` from\n\
             #   {}\n\
             # check it (postgres, mysql, mariadb, sqlserver, sqlite, oracle, …)\n\
             dialect: {}\n",
            g.evidence,
            g.dialect.name()
        ),
        None => format!(
            "# the target database: `schemagate init` found no dialect-specific SQL,\n\
             # so this is the default; set yours (postgres, mysql, mariadb, sqlserver,\n\
             # sqlite, oracle, …)\n\
             dialect: {}\n",
            Dialect::Postgres.name()
        ),
    }
}

fn changelog_lines(found: Option<&Found>) -> String {
    match found {
        Some(f) => format!(
            "\n# what `schemagate check` checks when no path is given: {} found\n\
             # by `schemagate init`\n\
             changelog: {}\n",
            f.described(),
            yaml_string(&f.path)
        ),
        None => "\n# what `schemagate check` checks when no path is given (`schemagate init`\n\
             # found no changelog: a Liquibase changelog or a migration folder)\n\
             # changelog: db/migrations\n"
            .to_string(),
    }
}

/// A path as a YAML scalar: quoted when plain YAML would misread it.
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
        && !s.starts_with(['-', '.']);
    if plain {
        s.to_string()
    } else {
        format!("{:?}", s)
    }
}

const OTHER_KEYS: &str = r#"
# the server version: changes what some statements lock
# db_version: 16

# which changesets are proposed (judged); the rest is history, replayed only:
#   what a pull request adds or edits since a git revision
# changed_since: origin/main
#   or an export of the target's history table (flyway_schema_history,
#   DATABASECHANGELOG)
# applied: prod/flyway_schema_history.csv
# a schema dump replayed first, as history (pg_dump --schema-only, …)
# baseline: prod-schema.sql

# Liquibase contexts and labels, and `${key}` values (Liquibase properties,
# Flyway placeholders)
# contexts: "!test"
# labels: release-42
# properties: {schema: app}
# placeholders: {schema: app}

# what fails the gate: error (the default) or warning
# fail_on: warning

# per rule id: off | info | warning | error, or {severity, params}
# rules:
#   identifier-too-long: {severity: error, params: {max_length: 63}}
#   ban-drop-column: warning

# anything your own policies read, as data.schemagate.config.<key>
# data:
#   protected_tables: [customers, orders]

# findings accepted on purpose, each with a reason (inline comments work too:
# `-- schemagate:ignore ban-drop-column -- reason` above the statement)
# waivers:
#   - {rule: ban-drop-column, file: V7__drop_legacy.sql, reason: "column unused since 2.3", owner: dba-team, expires: 2026-12-31}

# per environment, chosen with `--env NAME` (or SCHEMAGATE_ENV): each
# overrides the keys above
environments:
  # development databases: lenient
  dev:
    rules:
      require-lock-timeout: off
  # production gates: strict
  prod:
    fail_on: warning
    rules:
      require-lock-timeout: error
"#;
