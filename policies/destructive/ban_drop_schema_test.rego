package schemagate.rules.ban_drop_schema_test

import data.schemagate.rules.ban_drop_schema as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop_schema(index, name, cascade) := fx.statement(index, {
	"kind": "drop_schema",
	"sql": sprintf("DROP SCHEMA %s", [name]),
	"object": {"type": "schema", "schema": null, "name": name},
	"names": [{"type": "schema", "schema": null, "name": name}],
	"cascade": cascade,
})

test_drop_schema_cascade_is_denied if {
	findings := rule.deny with input as fx.pg([drop_schema(0, "reporting", true)])
	count(findings) == 1
	some f in findings
	f.rule == "ban-drop-schema"
	f.at == 0
	f.msg == `Dropping schema "reporting" with CASCADE drops every table, view and function in it, with all their data`
}

test_mysql_message_says_database if {
	findings := rule.deny with input as fx.document("mysql", null, [drop_schema(0, "shop", false)])
	[f.msg | some f in findings] == [`Dropping schema "shop" drops the whole database with all its tables and data (in MySQL a schema is a database)`]
}

test_create_schema_passes if {
	stmt := fx.statement(0, {"kind": "create_schema", "object": {"type": "schema", "schema": null, "name": "reporting"}})
	count(rule.deny) == 0 with input as fx.pg([stmt])
}
