package schemagate.rules.ban_uncommitted_transaction_test

import data.schemagate.rules.ban_uncommitted_transaction as rule
import data.schemagate.test.fixtures as fx
import rego.v1

tx(index, kind) := fx.statement(index, {"kind": kind, "transaction": "explicit"})

test_begin_without_commit_warns if {
	findings := rule.warn with input as fx.pg([tx(0, "begin"), tx(1, "commit"), tx(2, "begin"), fx.statement(3, {"kind": "insert"})])
	{[f.at, f.msg] | some f in findings} == {[2, "BEGIN without a COMMIT or ROLLBACK later in the migration: the transaction is still open when the script ends, holding every lock taken since"]}
}

test_closed_transactions_pass if {
	count(rule.warn) == 0 with input as fx.pg([tx(0, "begin"), tx(1, "rollback"), tx(2, "begin"), tx(3, "commit")])
}

test_a_statement_that_may_commit_passes if {
	maybe := fx.statement(1, {"kind": "other", "parsed": true})
	count(rule.warn) == 0 with input as fx.pg([tx(0, "begin"), maybe])
}
