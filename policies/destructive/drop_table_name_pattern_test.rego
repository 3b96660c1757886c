package schemagate.rules.drop_table_name_pattern_test

import data.schemagate.rules.drop_table_name_pattern as rule
import data.schemagate.test.fixtures as fx
import rego.v1

config := {"params": {"drop-table-name-pattern": {"pattern": "_deprecated$"}}}

drop(index, names, table) := fx.statement(index, {"kind": "drop_table", "object": names[0], "names": names, "table": table})

test_unmarked_names_warn if {
	names := [fx.table_object("orders"), {"type": "table", "schema": "sales", "name": "notes_deprecated"}]
	findings := rule.warn with input as fx.pg([drop(0, names, fx.existing_table("orders"))]) with data.schemagate.config as config
	[f.msg | some f in findings] == [`DROP TABLE "orders": the name does not match _deprecated$ (params.drop-table-name-pattern.pattern), so it was not renamed for deletion first`]
}

test_nothing_until_configured_and_new_tables_exempt if {
	count(rule.warn) == 0 with input as fx.pg([drop(0, [fx.table_object("orders")], fx.existing_table("orders"))])
	count(rule.warn) == 0 with input as fx.pg([drop(0, [fx.table_object("scratch")], fx.new_table("scratch"))]) with data.schemagate.config as config
}
