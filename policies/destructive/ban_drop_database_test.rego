package schemagate.rules.ban_drop_database_test

import data.schemagate.rules.ban_drop_database as rule
import data.schemagate.test.fixtures as fx
import rego.v1

db := {"type": "database", "schema": null, "name": "legacy"}

test_drop_database_is_denied if {
	stmt := fx.statement(1, {"kind": "drop_database", "sql": "DROP DATABASE legacy", "object": db, "names": [db], "transaction": "none", "in_transaction": false})
	findings := rule.deny with input as fx.pg([fx.statement(0, {"kind": "select"}), stmt])
	count(findings) == 1
	some f in findings
	f.rule == "ban-drop-database"
	f.at == 1
	f.msg == `Dropping database "legacy" deletes every table and all data in it`
}

test_create_database_passes if {
	count(rule.deny) == 0 with input as fx.pg([fx.statement(0, {"kind": "create_database", "object": db})])
}
