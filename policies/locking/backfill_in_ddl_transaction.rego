package schemagate.rules.backfill_in_ddl_transaction

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "backfill-in-ddl-transaction",
	"title": "Backfill in the same transaction as an ALTER TABLE",
	"severity": "warning",
	"category": "locking",
	"description": "An `UPDATE` of a table in the same transaction as an earlier `ALTER TABLE` of it holds the ALTER's lock (ACCESS EXCLUSIVE on PostgreSQL: no reads, no writes) until the whole backfill commits: a metadata-only ALTER that takes milliseconds becomes an outage as long as the backfill. strong_migrations says it cannot detect this; the replay knows both statements and their transaction. PostgreSQL (MySQL commits each DDL statement on its own). Tables created by the proposal are not flagged.",
	"help": "Commit the ALTER first and backfill in a later migration (or one without a transaction), in batches: `UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000 AND status IS NULL;` … ",
	"dialects": ["postgres"],
	"aliases": [],
	"kinds": ["update"],
}

# the first ALTER TABLE of each table that blocks reads or writes, by name
altered[name] := first if {
	some stmt in lib.forward_statements
	stmt.kind == "alter_table"
	stmt.in_transaction == true
	is_string(stmt.table.name)
	name := lower(stmt.table.name)
	first := min({s.index |
		some s in lib.forward_statements
		s.kind == "alter_table"
		s.in_transaction == true
		is_string(s.table.name)
		lower(s.table.name) == name
		s.impact.blocks_writes == true
	})
}

line_of[s.index] := s.line if {
	some s in lib.forward_statements
}

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind == "update"
	stmt.in_transaction == true
	not lib.is_new_table(stmt)
	is_string(stmt.table.name)
	first := altered[lower(stmt.table.name)]
	first < stmt.index
	msg := sprintf(`UPDATE of %s runs in the same transaction as the ALTER TABLE at line %d: its lock on %s is held until the whole backfill commits`, [lib.table_label(stmt), line_of[first], lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}
