package schemagate.rules.schema_outside_allowlist_test

import data.schemagate.rules.schema_outside_allowlist as rule
import data.schemagate.test.fixtures as fx
import rego.v1

stmt(index, kind, schema) := fx.statement(index, {"kind": kind, "table": {"schema": schema, "name": "orders", "new": false, "known": false, "created_in": null}, "object": {"type": "table", "schema": schema, "name": "orders"}})

config := {"params": {"schema-outside-allowlist": {"allowed_schemas": ["App"]}}}

test_other_schemas_are_denied if {
	findings := rule.deny with input as fx.pg([stmt(0, "update", "billing"), stmt(1, "alter_table", "app"), stmt(2, "insert", null)]) with data.schemagate.config as config
	{[f.at, f.msg] | some f in findings} == {[0, `UPDATE in schema "billing", which params.schema-outside-allowlist.allowed_schemas does not hold`]}
}

test_nothing_until_configured if {
	count(rule.deny) == 0 with input as fx.pg([stmt(0, "update", "billing")])
}
