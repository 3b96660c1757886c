package schemagate.rules.require_primary_key_test

import data.schemagate.rules.require_primary_key as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, name, fields) := fx.statement(index, object.union(
	{
		"kind": "create_table",
		"sql": sprintf("CREATE TABLE %s (payload jsonb)", [name]),
		"object": fx.table_object(name),
		"table": fx.new_table(name),
		"columns": [fx.column("payload", "jsonb", {})],
		"constraints": [],
		"as_select": false,
		"temporary": false,
		"primary_key": false,
	},
	fields,
))

test_table_without_primary_key_warns if {
	findings := rule.proposal_warn with input as fx.pg([create(0, "events", {})])
	count(findings) == 1
	some f in findings
	f.rule == "require-primary-key"
	f.severity == "warning"
	f.at == 0
	f.msg == `Table "events" has no primary key: its rows cannot be replicated or fixed one by one`
}

test_keyed_temporary_and_later_keyed_tables_pass if {
	add_pk := fx.alter_table(3, fx.new_table("audit"), [{"op": "add_constraint", "constraint": fx.constraint("primary_key", "audit_pkey", {"columns": ["id"]})}])
	count(rule.proposal_warn) == 0 with input as fx.pg([
		create(0, "orders", {"primary_key": true}),
		create(1, "scratch", {"temporary": true}),
		create(2, "audit", {}),
		add_pk,
	])
}
