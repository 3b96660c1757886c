package schemagate.rules.ban_drop_cascade_test

import data.schemagate.rules.ban_drop_cascade as rule
import data.schemagate.test.fixtures as fx
import rego.v1

drop(index, kind, type, name, cascade) := fx.statement(index, {"kind": kind, "object": {"type": type, "schema": null, "name": name}, "names": [{"type": type, "schema": null, "name": name}], "cascade": cascade})

test_drop_cascade_warns if {
	findings := rule.warn with input as fx.pg([drop(0, "drop_view", "view", "totals", true), drop(1, "drop_type", "type", "mood", true)])
	{[f.at, f.msg] | some f in findings} == {
		[0, `DROP VIEW "totals" CASCADE also drops every object that depends on it (views, other tables' foreign keys, defaults), which the statement does not name`],
		[1, `DROP TYPE "mood" CASCADE also drops every object that depends on it (views, other tables' foreign keys, defaults), which the statement does not name`],
	}
}

test_restrict_tables_and_schemas_pass if {
	# DROP TABLE and DROP SCHEMA are ban-drop-table's and ban-drop-schema's
	stmts := [drop(0, "drop_view", "view", "totals", false), drop(1, "drop_table", "table", "orders", true), drop(2, "drop_schema", "schema", "old", true)]
	count(rule.warn) == 0 with input as fx.pg(stmts)
}
