package schemagate.rules.ban_use_database_test

import data.schemagate.rules.ban_use_database as rule
import data.schemagate.test.fixtures as fx
import rego.v1

test_use_warns if {
	findings := rule.warn with input as fx.document("mysql", "8.0", [fx.statement(0, {"kind": "use", "object": {"type": "database", "schema": null, "name": "billing"}})])
	{[f.at, f.msg] | some f in findings} == {[0, `USE "billing" switches the database in the middle of the migration: what follows runs against another database than the tool's`]}
}
