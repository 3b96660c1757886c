package schemagate.rules.ban_concurrently_in_transaction

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-concurrently-in-transaction",
	"title": "CONCURRENTLY inside a transaction",
	"severity": "error",
	"category": "locking",
	"description": "PostgreSQL refuses CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY inside a transaction block (\"cannot run inside a transaction block\"): the migration fails at deploy time. The transaction is either explicit (BEGIN … COMMIT written in the script) or implicit (the migration tool wraps each migration in one).",
	"help": "Run the statement outside any transaction, alone in its migration. Flyway: `executeInTransaction=false` in `<script>.sql.conf`; Liquibase: `runInTransaction: false` on the changeset; dbmate: `-- migrate:up transaction:false`; golang-migrate: one statement per migration file; sqlx: `-- no-transaction`; diesel: `run_in_transaction = false` in `metadata.toml`. Remove BEGIN/COMMIT written around it.",
	"dialects": ["postgres"],
	"facts": ["concurrently"],
	"aliases": ["squawk:ban-concurrent-index-creation-in-transaction", "atlas:PG103"],
}

deny contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.concurrently == true
	stmt.in_transaction == true
	msg := sprintf("%s cannot run inside a transaction block, and this one runs inside %s: PostgreSQL rejects it and the migration fails", [statement_words(stmt), transaction_words(stmt)])
	f := lib.finding_with_help(meta, stmt, msg, help(stmt))
}

statement_words(stmt) := "CREATE INDEX CONCURRENTLY" if stmt.kind == "create_index"
else := "DROP INDEX CONCURRENTLY" if stmt.kind == "drop_index"
else := "REINDEX … CONCURRENTLY" if stmt.kind == "reindex"
else := "DETACH PARTITION … CONCURRENTLY" if stmt.kind == "alter_table"
else := sprintf("%s … CONCURRENTLY", [lib.kind_words(stmt.kind)])

transaction_words(stmt) := "an explicit transaction (BEGIN … COMMIT in the script)" if stmt.transaction == "explicit"
else := "the transaction the migration tool opens around the migration"

help(stmt) := "Remove the BEGIN/COMMIT around the statement and run it alone in its migration, in autocommit." if stmt.transaction == "explicit"
else := lib.no_transaction_help
