package schemagate.rules.require_concurrent_index_deletion

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-concurrent-index-deletion",
	"title": "DROP INDEX without CONCURRENTLY",
	"severity": "warning",
	"category": "locking",
	"description": "PostgreSQL's plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: every read and write of the table waits until the drop finishes, and, worse, while the drop itself waits behind a long-running query. Indexes of tables created earlier in the same changeset are not flagged.",
	"help": "Use `DROP INDEX CONCURRENTLY IF EXISTS idx_orders_customer;` outside a transaction (see ban-concurrently-in-transaction), one index per statement and without CASCADE.",
	"dialects": ["postgres"],
	"aliases": ["squawk:require-concurrent-index-deletion", "atlas:PG102"],
	"kinds": ["drop_index"],
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "drop_index"
	# what the words of a statement the parser refused say is a guess:
	# statement-not-analyzed reports it (MySQL's `DROP INDEX i ON t` on
	# PostgreSQL is no PostgreSQL DROP INDEX)
	stmt.analyzed == true
	not stmt.concurrently
	not lib.is_new_table(stmt)
	names := lib.names_of(stmt)
	msg := sprintf("Dropping index %s without CONCURRENTLY locks %s against reads and writes until the drop finishes", [lib.quoted_names(names), table_words(stmt)])
	f := lib.finding_with_help(meta, stmt, msg, help(names))
}

# The safe alternative, built from the statement: one index per statement.
help(names) := sprintf("Use %s outside a transaction (see ban-concurrently-in-transaction), one index per statement and without CASCADE.", [concat(" then ", drops)]) if {
	drops := [sprintf("`DROP INDEX CONCURRENTLY IF EXISTS %s;`", [lib.name_of(o)]) | some o in names; is_object(o)]
	count(drops) > 0
} else := meta.help

table_words(stmt) := sprintf("table %s", [lib.table_label(stmt)]) if stmt.table.name
else := "its table"
