package schemagate.rules.ban_delete_without_where_test

import data.schemagate.rules.ban_delete_without_where as rule
import data.schemagate.test.fixtures as fx
import rego.v1

delete(index, table, where) := fx.statement(index, {
	"kind": "delete",
	"sql": sprintf("DELETE FROM %s", [table.name]),
	"object": fx.table_object(table.name),
	"table": table,
	"where": where,
	"limit": false,
	"from": false,
})

test_delete_without_where_is_denied if {
	findings := rule.deny with input as fx.document("mysql", "8.0", [delete(0, {"schema": "shop", "name": "sessions", "new": false, "known": false, "created_in": null}, false)])
	count(findings) == 1
	some f in findings
	f.rule == "ban-delete-without-where"
	f.at == 0
	f.msg == `DELETE from "shop.sessions" has no WHERE clause: it removes every row of the table`
}

test_delete_with_where_or_on_new_table_passes if {
	count(rule.deny) == 0 with input as fx.pg([delete(0, fx.existing_table("sessions"), true), delete(1, fx.new_table("tmp"), false)])
}
