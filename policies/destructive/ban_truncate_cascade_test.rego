package schemagate.rules.ban_truncate_cascade_test

import data.schemagate.rules.ban_truncate_cascade as rule
import data.schemagate.test.fixtures as fx
import rego.v1

truncate(index, table, cascade) := fx.statement(index, {"kind": "truncate", "object": fx.table_object(table.name), "table": table, "names": [fx.table_object(table.name)], "cascade": cascade})

test_cascade_on_an_existing_table_is_denied if {
	findings := rule.deny with input as fx.pg([truncate(0, fx.existing_table("orders"), true)])
	{[f.at, f.msg] | some f in findings} == {[0, `TRUNCATE "orders" CASCADE also empties every table with a foreign key to it, and the tables referencing those, whether the statement names them or not`]}
}

test_without_cascade_or_on_a_new_table_passes if {
	count(rule.deny) == 0 with input as fx.pg([truncate(0, fx.existing_table("orders"), false), truncate(1, fx.new_table("staging"), true)])
}
