package schemagate.rules.prefer_robust_stmts_test

import data.schemagate.rules.prefer_robust_stmts as rule
import data.schemagate.test.fixtures as fx
import rego.v1

stmt(index, kind, fields) := fx.statement(index, object.union({"kind": kind, "transaction": "none", "in_transaction": false}, fields))

test_unguarded_ddl_outside_a_transaction_warns if {
	add := object.union(fx.alter_table(2, fx.existing_table("orders"), [{"op": "add_column", "column": fx.column("note", "text", {}), "if_not_exists": false}]), {"transaction": "none"})
	findings := rule.warn with input as fx.pg([stmt(0, "create_index", {"concurrently": true}), stmt(1, "drop_index", {}), add])
	{[f.at, f.msg] | some f in findings} == {
		[0, "CREATE INDEX without IF NOT EXISTS outside a transaction: if the migration fails after it and runs again, it fails here"],
		[1, "DROP INDEX without IF EXISTS outside a transaction: if the migration fails after it and runs again, it fails here"],
		[2, "ALTER TABLE … ADD COLUMN without IF NOT EXISTS outside a transaction: if the migration fails after it and runs again, it fails here"],
	}
}

test_guarded_or_transactional_ddl_passes if {
	inside := fx.statement(2, {"kind": "create_table"})
	count(rule.warn) == 0 with input as fx.pg([stmt(0, "create_index", {"if_not_exists": true}), stmt(1, "drop_table", {"if_exists": true}), inside])
}
