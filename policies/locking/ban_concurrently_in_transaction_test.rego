package schemagate.rules.ban_concurrently_in_transaction_test

import data.schemagate.rules.ban_concurrently_in_transaction as rule
import data.schemagate.test.fixtures as fx
import rego.v1

concurrent_index(index, transaction) := fx.statement(index, {
	"kind": "create_index",
	"sql": "CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id)",
	"object": {"type": "index", "schema": null, "name": "idx_orders_customer"},
	"table": fx.existing_table("orders"),
	"concurrently": true,
	"unique": false,
	"columns": ["customer_id"],
	"using": null,
	"where": false,
	"transaction": transaction,
	"in_transaction": transaction != "none",
})

test_implicit_flyway_transaction_is_denied_with_flyway_help if {
	findings := rule.deny with input as fx.pg([concurrent_index(0, "implicit")])
	count(findings) == 1
	some f in findings
	f.rule == "ban-concurrently-in-transaction"
	f.at == 0
	f.msg == "CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and this one runs inside the transaction the migration tool opens around the migration: PostgreSQL rejects it and the migration fails"
	contains(f.help, "executeInTransaction=false")
}

test_liquibase_help if {
	findings := rule.deny with input as fx.document_in("postgres", "15", "liquibase", [concurrent_index(0, "implicit")])
	count(findings) == 1
	some f in findings
	startswith(f.help, "Liquibase runs each changeset in a transaction: set `runInTransaction: false`")
}

test_explicit_transaction_message if {
	findings := rule.deny with input as fx.pg([fx.statement(0, {"kind": "begin", "transaction": "explicit"}), concurrent_index(1, "explicit")])
	some f in findings
	count(findings) == 1
	f.at == 1
	contains(f.msg, "an explicit transaction (BEGIN … COMMIT in the script)")
	f.help == "Remove the BEGIN/COMMIT around the statement and run it alone in its migration, in autocommit."
}

test_autocommit_passes if {
	count(rule.deny) == 0 with input as fx.pg([concurrent_index(0, "none")])
}
