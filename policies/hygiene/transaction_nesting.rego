package schemagate.rules.transaction_nesting

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "transaction-nesting",
	"title": "BEGIN/COMMIT inside a transaction",
	"severity": "warning",
	"category": "hygiene",
	"description": "A `BEGIN` or `COMMIT` written in a migration the tool already runs in a transaction (Flyway, Liquibase, dbmate, sqlx, diesel) does not do what the script says: PostgreSQL warns and ignores the `BEGIN`, MySQL commits the open transaction; the `COMMIT` ends the tool's transaction early, so what follows runs without one and a later failure leaves the migration half applied (and the tool's history row is written outside it). A second `BEGIN` while an explicit one is open is the same mistake. golang-migrate runs a file as one multi-statement query, where an explicit `BEGIN … COMMIT` is the documented way to get a transaction, and is not flagged.",
	"help": "Drop the `BEGIN`/`COMMIT` and let the tool's transaction hold the migration; for statements that cannot run in a transaction, turn the tool's transaction off for that migration instead. ",
	"dialects": [],
	"aliases": ["squawk:transaction-nesting", "bytebase:statement.disallow-commit"],
	"kinds": ["begin", "commit"],
}

closing := {"commit", "rollback"}

effect := {
	"begin": "PostgreSQL ignores it with a warning and MySQL commits the open transaction, so the script's transaction is not the one that runs",
	"commit": "it commits the tool's transaction early: what follows runs outside any transaction, and a later failure leaves the migration half applied",
}

warn contains f if {
	input.changeset.transaction == "implicit"
	input.source.format != "golang-migrate"
	some stmt in lib.forward_statements
	stmt.kind in {"begin", "commit"}
	msg := sprintf("%s inside a migration the tool already runs in a transaction: %s", [upper(stmt.kind), effect[stmt.kind]])
	f := lib.finding_with_help(meta, stmt, msg, concat("", [meta.help, lib.no_transaction_help]))
}

# a BEGIN while one written earlier is still open
warn contains f if {
	input.changeset.transaction != "implicit"
	some stmt in lib.forward_statements
	stmt.kind == "begin"
	some open in lib.forward_statements
	open.kind == "begin"
	open.index < stmt.index
	not closed_between(open.index, stmt.index)
	msg := sprintf("BEGIN while the transaction begun at line %d is still open: PostgreSQL ignores it with a warning, MySQL commits the open transaction", [open.line])
	f := lib.finding(meta, stmt, msg)
}

closed_between(a, b) if {
	some s in lib.forward_statements
	s.kind in closing
	s.index > a
	s.index < b
}
