package schemagate.rules.backfill_in_ddl_transaction_test

import data.schemagate.rules.backfill_in_ddl_transaction as rule
import data.schemagate.test.fixtures as fx
import rego.v1

alter(index, table) := object.union(fx.alter_table(index, table, [{"op": "add_column", "column": fx.column("status", "text", {}), "if_not_exists": false}]), {"line": index + 1})

update(index, table) := fx.statement(index, {"kind": "update", "table": table, "where": false})

test_a_backfill_after_an_alter_in_one_transaction_warns if {
	stmts := [update(0, fx.existing_table("orders")), alter(1, fx.existing_table("orders")), update(2, fx.existing_table("ORDERS")), update(3, fx.existing_table("users"))]
	findings := rule.warn with input as fx.pg(stmts)
	{[f.at, f.msg] | some f in findings} == {[2, `UPDATE of "ORDERS" runs in the same transaction as the ALTER TABLE at line 2: its lock on "ORDERS" is held until the whole backfill commits`]}
}

test_outside_a_transaction_or_on_a_new_table_passes if {
	outside := object.union(update(1, fx.existing_table("orders")), {"in_transaction": false, "transaction": "none"})
	count(rule.warn) == 0 with input as fx.pg([alter(0, fx.existing_table("orders")), outside])
	count(rule.warn) == 0 with input as fx.pg([alter(0, fx.new_table("t")), update(1, fx.new_table("t"))])
}
