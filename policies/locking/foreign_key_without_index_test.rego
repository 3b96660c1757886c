package schemagate.rules.foreign_key_without_index_test

import data.schemagate.rules.foreign_key_without_index as rule
import data.schemagate.test.fixtures as fx
import rego.v1

create(index, name, columns, constraints) := fx.statement(index, {"kind": "create_table", "object": fx.table_object(name), "table": fx.new_table(name), "columns": columns, "constraints": constraints})

index_on(index, table, columns) := fx.statement(index, {"kind": "create_index", "object": {"type": "index", "schema": null, "name": "i"}, "table": fx.new_table(table), "columns": columns, "unique": false, "where": false})

fk(columns) := fx.constraint("foreign_key", null, {"columns": columns, "references": {"schema": null, "name": "orders"}})

test_unindexed_foreign_keys_warn if {
	lines := create(0, "lines", [fx.column("order_id", "bigint", {}), fx.column("sku", "text", {"references": {"schema": null, "name": "skus"}})], [fk(["order_id"])])
	findings := rule.proposal_warn with input as fx.pg([lines])
	{[f.at, f.msg] | some f in findings} == {
		[0, `Foreign key (order_id) of "lines" has no index on its columns: every DELETE or key update of the referenced table scans "lines" to check it`],
		[0, `Foreign key (sku) of "lines" has no index on its columns: every DELETE or key update of the referenced table scans "lines" to check it`],
	}
}

test_an_index_with_the_same_leading_columns_clears_it if {
	lines := create(0, "lines", [fx.column("order_id", "bigint", {}), fx.column("n", "int", {})], [fk(["order_id", "n"]), fx.constraint("primary_key", null, {"columns": ["n", "order_id", "x"]})])
	count(rule.proposal_warn) == 0 with input as fx.pg([lines])
	lines2 := create(0, "Lines", [fx.column("order_id", "bigint", {})], [fk(["order_id"])])
	count(rule.proposal_warn) == 0 with input as fx.pg([lines2, index_on(1, "lines", ["ORDER_ID", "created_at"])])
	# a second column first does not serve the foreign key
	count(rule.proposal_warn) == 1 with input as fx.pg([lines2, index_on(1, "lines", ["created_at", "order_id"])])
}

test_mysql_indexes_foreign_keys_itself if {
	lines := create(0, "lines", [fx.column("order_id", "bigint", {})], [fk(["order_id"])])
	count(rule.proposal_warn) == 0 with input as fx.document("mysql", "8.0", [lines])
}

test_the_help_builds_the_index_from_the_statement if {
	shipments := object.union(create(0, "Shipments", [fx.column("order_id", "bigint", {})], [fk(["Order_ID"])]), {"object": {"type": "table", "schema": "sales", "name": "Shipments"}})
	[f.help | some f in rule.proposal_warn] == ["Index the referencing columns, in the same migration as the table: `CREATE INDEX shipments_order_id_idx ON sales.Shipments (order_id);` (on an existing table, `CREATE INDEX CONCURRENTLY`)."] with input as fx.pg([shipments])
	[f.help | some f in rule.proposal_warn] == ["Index the referencing columns, in the same migration as the table: `CREATE INDEX shipments_order_id_idx ON sales.Shipments (order_id);`."] with input as fx.document("sqlserver", "2019", [shipments])
}
