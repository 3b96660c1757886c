package schemagate.rules.ban_truncate_test

import data.schemagate.rules.ban_truncate as rule
import data.schemagate.test.fixtures as fx
import rego.v1

truncate(index, table, cascade) := fx.statement(index, {
	"kind": "truncate",
	"sql": sprintf("TRUNCATE %s", [table.name]),
	"object": fx.table_object(table.name),
	"table": table,
	"names": [fx.table_object(table.name)],
	"cascade": cascade,
})

test_truncate_existing_table_is_denied if {
	findings := rule.deny with input as fx.pg([truncate(0, fx.existing_table("audit_log"), true)])
	count(findings) == 1
	some f in findings
	f.rule == "ban-truncate"
	f.at == 0
	f.msg == `Truncating "audit_log" deletes every row, and CASCADE also empties every table that references it`
}

test_truncate_new_table_passes if {
	count(rule.deny) == 0 with input as fx.pg([truncate(0, fx.new_table("staging"), false)])
}
