//! The example team policy `schemagate init` writes: a rule, its unit
//! tests and one fixture case, so `schemagate test policies/team` passes
//! from the start and shows both kinds of test.

use crate::dialect::Dialect;

/// Where the team's policies go, relative to the repository root.
pub const DIR: &str = "policies/team";

/// The fixture case's folder name.
pub const CASE: &str = "camel-case-table";

const POLICY: &str = r#"# A team policy, written by `schemagate init` as a starting point: new tables
# are named in snake_case (`order_items`, not `OrderItems`), so no query ever
# needs quoted names. Change it, or replace it with your own rules.
#
#   schemagate test policies/team        its unit tests and fixture cases
#   schemagate input <changelog>         the documents policies receive
#   docs: docs/policies.md (writing and testing policies)
package team.table_names

import rego.v1

# the input documents: one per proposed changeset (docs/input-document.md)
schema_version := 2

meta := {
	"id": "team-table-name",
	"title": "New tables are named in snake_case",
	"severity": "error",
	"category": "naming",
	"description": "Mixed-case names must be quoted in every query on some databases.",
	"help": "Name the table in lowercase words joined by `_`, e.g. order_items.",
	"dialects": [],
}

snake_case := `^[a-z][a-z0-9_]*$`

deny contains finding if {
	some stmt in input.statements
	stmt.phase == "forward"
	stmt.kind == "create_table"
	name := stmt.object.name
	is_string(name)
	not regex.match(snake_case, name)
	finding := {
		"msg": sprintf("table %q is not named in snake_case", [name]),
		"at": stmt.index,
	}
}
"#;

const TEST: &str = r#"# Unit tests of table_names.rego: each mocks the input document.
package team.table_names_test

import rego.v1

import data.team.table_names

create_table(name) := {"statements": [{
	"index": 0, "phase": "forward", "kind": "create_table",
	"object": {"type": "table", "schema": null, "name": name},
}]}

test_camel_case_table_is_denied if {
	result := table_names.deny with input as create_table("OrderItems")
	count(result) == 1
	some f in result
	f.at == 0
}

test_snake_case_table_passes if {
	result := table_names.deny with input as create_table("order_items")
	count(result) == 0
}
"#;

const MIGRATION: &str = "-- a fixture case: this migration goes through the whole pipeline\n\
CREATE TABLE OrderItems (id INT PRIMARY KEY);\n\
\n\
CREATE TABLE order_items (id INT PRIMARY KEY);\n";

/// The migration's file name in the fixture case.
pub const MIGRATION_FILE: &str = "V1__create_tables.sql";

fn expected(dialect: Dialect) -> String {
    format!(
        "# What checking the migration beside this file must produce (findings:)\n\
         # and must not (absent:); fields left out match anything. Other\n\
         # findings, the built-in rules' among them, are allowed.\n\
         dialect: {}\n\
         findings:\n  \
         - {{rule: team-table-name, severity: error, file: {MIGRATION_FILE}, line: 2}}\n\
         absent:\n  \
         - {{rule: team-table-name, file: {MIGRATION_FILE}, line: 4}}\n",
        dialect.name()
    )
}

/// `(path relative to the root, text)` of every file of the example policy.
pub fn files(dialect: Dialect) -> Vec<(String, String)> {
    let case = format!("{DIR}/fixtures/{CASE}");
    vec![
        (format!("{DIR}/table_names.rego"), POLICY.to_string()),
        (format!("{DIR}/table_names_test.rego"), TEST.to_string()),
        (format!("{case}/{MIGRATION_FILE}"), MIGRATION.to_string()),
        (format!("{case}/expected.yaml"), expected(dialect)),
    ]
}
