package schemagate.rules.ban_update_without_where_test

import data.schemagate.rules.ban_update_without_where as rule
import data.schemagate.test.fixtures as fx
import rego.v1

update(index, table, where) := fx.statement(index, {
	"kind": "update",
	"sql": sprintf("UPDATE %s SET status = 'new'", [table.name]),
	"object": fx.table_object(table.name),
	"table": table,
	"where": where,
	"limit": false,
	"from": false,
})

test_update_without_where_is_denied if {
	findings := rule.deny with input as fx.pg([update(0, fx.existing_table("orders"), true), update(1, fx.existing_table("orders"), false)])
	count(findings) == 1
	some f in findings
	f.rule == "ban-update-without-where"
	f.at == 1
	f.msg == `UPDATE of "orders" has no WHERE clause: it changes every row of the table in one transaction`
}

test_update_of_new_table_passes if {
	count(rule.deny) == 0 with input as fx.pg([update(0, fx.new_table("orders_v2"), false)])
}
