package schemagate.rules.require_concurrent_index_creation

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-concurrent-index-creation",
	"title": "CREATE INDEX without CONCURRENTLY",
	"severity": "error",
	"category": "locking",
	"description": "PostgreSQL's plain CREATE INDEX takes a SHARE lock on the table for the whole build: reads continue, but every INSERT, UPDATE and DELETE waits, for minutes on a large table. Indexes on tables created earlier in the same changeset are not flagged (nobody uses them yet).",
	"help": "Build the index with `CREATE INDEX CONCURRENTLY` (for example `CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);`) outside a transaction (see ban-concurrently-in-transaction). It takes longer and does not block writes. If it fails it leaves an INVALID index: `DROP INDEX CONCURRENTLY idx_orders_customer;` and run it again.",
	"dialects": ["postgres"],
	"aliases": ["squawk:require-concurrent-index-creation", "atlas:PG101", "bytebase:index.create-concurrently"],
	"kinds": ["create_index"],
}

deny contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "create_index"
	# what the words of a statement the parser refused say is a guess:
	# statement-not-analyzed reports it (MySQL's `DROP INDEX i ON t` on
	# PostgreSQL is no PostgreSQL DROP INDEX)
	stmt.analyzed == true
	not stmt.concurrently
	not lib.is_new_table(stmt)
	table := lib.table_label(stmt)
	msg := sprintf("Creating %s on existing table %s without CONCURRENTLY blocks writes to %s for the whole build", [index_label(stmt), table, table])
	f := lib.finding_with_help(meta, stmt, msg, help(stmt))
}

# The safe alternative, built from the statement itself.
help(stmt) := sprintf("Build the index with `%s` outside a transaction (see ban-concurrently-in-transaction). It takes longer and does not block writes. If it fails it leaves an INVALID index: %s and run it again.", [concurrent_sql(stmt), drop_invalid(stmt)]) if {
	is_array(stmt.columns)
	is_string(stmt.table.name)
} else := meta.help

concurrent_sql(stmt) := sprintf("CREATE %sINDEX CONCURRENTLY %s%sON %s%s (%s)%s;", [
	unique_word(stmt),
	if_not_exists_words(stmt),
	index_name_words(stmt),
	lib.name_of(stmt.table),
	using_words(stmt),
	concat(", ", [c | some c in stmt.columns; is_string(c)]),
	where_words(stmt),
])

unique_word(stmt) := "UNIQUE " if stmt.unique == true
else := ""

if_not_exists_words(stmt) := "IF NOT EXISTS " if {
	stmt.if_not_exists == true
	is_string(stmt.object.name)
} else := ""

index_name_words(stmt) := sprintf("%s ", [stmt.object.name]) if is_string(stmt.object.name)
else := ""

using_words(stmt) := sprintf(" USING %s", [stmt.using]) if is_string(stmt.using)
else := ""

where_words(stmt) := sprintf(" WHERE %s", [stmt.predicate]) if is_string(stmt.predicate)
else := ""

drop_invalid(stmt) := sprintf("`DROP INDEX CONCURRENTLY %s;`", [lib.name_of(stmt.object)]) if is_string(stmt.object.name)
else := "drop it with `DROP INDEX CONCURRENTLY`"

index_label(stmt) := sprintf(`index "%s"`, [stmt.object.name]) if stmt.object.name
else := "an index"
