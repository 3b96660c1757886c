package schemagate.rules.lock_duration

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "lock-duration",
	"title": "Lock held on a large table for long",
	"severity": "error",
	"category": "locking",
	"description": "A statement that blocks writes (or reads) to a table holds that lock for as long as it works through the table: a rewrite, an index build without CONCURRENTLY, a constraint validation. On a large table that is an outage for every writer, and queries pile up behind it. The rows and seconds come from the `--stats` snapshot of the target's table sizes and the throughput model (docs/input-document.md, \"Impact\"); statements whose table size is unknown are listed once, as info, never passed as if the table were empty.",
	"help": "Use the online form (CREATE INDEX CONCURRENTLY, ADD CONSTRAINT … NOT VALID then VALIDATE CONSTRAINT, a new column and a batched backfill instead of a type change), or run it in a maintenance window. Limits: `{\"params\": {\"lock-duration\": {\"max_rows\": 1000000, \"max_seconds\": 10}}}`.",
	"dialects": [],
	"facts": ["stats"],
	"params": {"max_rows": "integer", "max_seconds": "number"},
}

max_rows := lib.param(meta, "max_rows", 1000000)

max_seconds := lib.param(meta, "max_seconds", 10)

blocking(stmt) if stmt.impact.blocks_writes == true

blocking(stmt) if stmt.impact.blocks_reads == true

blocked(stmt) := "reads and writes" if stmt.impact.blocks_reads == true

else := "writes"

over(stmt) := sprintf("%d rows, more than %d", [stmt.impact.rows, max_rows]) if {
	is_number(stmt.impact.rows)
	stmt.impact.rows > max_rows
}

else := sprintf("about %v s, more than %v", [stmt.impact.est_seconds, max_seconds]) if {
	is_number(stmt.impact.est_seconds)
	stmt.impact.est_seconds > max_seconds
}

# Judged against the --stats snapshot's size of the table (rows and time
# are only known from it).
deny contains f if {
	some stmt in lib.forward_statements
	blocking(stmt)
	not lib.is_new_table(stmt)
	is_object(stmt.impact.size)
	why := over(stmt)
	msg := sprintf("This %s blocks %s on %s while it works through the table (%s)", [stmt.kind, blocked(stmt), lib.table_label(stmt), why])
	f := lib.finding(meta, stmt, msg)
}

# Blocking statements on existing tables of unknown size, said once per
# proposal: the limit could not be checked for them.
unknown contains stmt if {
	some stmt in lib.forward_statements
	blocking(stmt)
	is_string(stmt.table.name)
	not lib.is_new_table(stmt)
	stmt.impact.size == null
	stmt.impact.est_seconds == null
}

# Only when a snapshot was given: without one, these rules check nothing
# (`schemagate impact` shows every size as unknown).
proposal_warn contains f if {
	is_string(input.target.stats)
	count(unknown) > 0
	first := min({stmt.index | some stmt in unknown})
	some stmt in unknown
	stmt.index == first
	tables := {lib.table_label(s) | some s in unknown}
	msg := sprintf("%d statement(s) block writes on tables of unknown size (%s): lock-duration could not check them; give the target's table sizes with --stats", [count(unknown), concat(", ", sort(tables))])
	f := object.union(lib.finding(meta, stmt, msg), {"severity": "info"})
}
