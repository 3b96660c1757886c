package schemagate.rules.mysql_inline_references_ignored_test

import data.schemagate.rules.mysql_inline_references_ignored as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, cols) := fx.statement(index, {"kind": "create_table", "object": fx.table_object("lines"), "table": fx.new_table("lines"), "columns": cols, "constraints": []})

test_inline_references_are_denied_before_9 if {
	stmt := create(0, [fx.column("order_id", "bigint", {"references": {"schema": null, "name": "orders"}}), fx.column("sku", "text", {})])
	findings := rule.deny with input as fx.document("mysql", "8.0", [stmt])
	{[f.at, f.msg] | some f in findings} == {[0, `Column "order_id" references "orders" inline: MySQL ignores inline REFERENCES, so no foreign key is created`]}
	count(rule.deny) == 0 with input as fx.document("mysql", "9.1", [stmt])
	count(rule.deny) == 0 with input as fx.document("mariadb", "10.11", [stmt])
}
