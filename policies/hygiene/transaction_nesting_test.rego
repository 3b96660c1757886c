package schemagate.rules.transaction_nesting_test

import data.schemagate.rules.transaction_nesting as rule
import data.schemagate.test.fixtures as fx
import rego.v1

tx(index, kind) := fx.statement(index, {"kind": kind, "transaction": "explicit"})

test_begin_and_commit_inside_the_tools_transaction_warn if {
	findings := rule.warn with input as fx.pg([tx(0, "begin"), fx.statement(1, {"kind": "insert"}), tx(2, "commit")])
	{[f.at, f.msg] | some f in findings} == {
		[0, "BEGIN inside a migration the tool already runs in a transaction: PostgreSQL ignores it with a warning and MySQL commits the open transaction, so the script's transaction is not the one that runs"],
		[2, "COMMIT inside a migration the tool already runs in a transaction: it commits the tool's transaction early: what follows runs outside any transaction, and a later failure leaves the migration half applied"],
	}
}

test_nested_begin_without_a_tool_transaction_warns if {
	doc := fx.document_in("postgres", "16", "sql", [tx(0, "begin"), tx(1, "begin"), tx(2, "commit"), tx(3, "begin"), tx(4, "commit")])
	plain := json.patch(doc, [{"op": "replace", "path": "/changeset/transaction", "value": "none"}])
	findings := rule.warn with input as plain
	{[f.at, f.msg] | some f in findings} == {[1, "BEGIN while the transaction begun at line 1 is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction"]}
}

test_golang_migrate_begin_commit_passes if {
	count(rule.warn) == 0 with input as fx.document_in("postgres", "16", "golang-migrate", [tx(0, "begin"), tx(1, "commit")])
}
