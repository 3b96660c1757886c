package schemagate.rules.max_affected_rows

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "max-affected-rows",
	"title": "DML touching too many rows",
	"severity": "warning",
	"category": "dml",
	"description": "An UPDATE or DELETE in a migration runs in one transaction: every row it touches stays locked until commit, the table grows by a new version of each row (PostgreSQL) or the undo log does (MySQL), and replicas fall behind. Bytebase calls this the affected row limit. The rows come from the `--stats` snapshot: the whole table without a WHERE clause, else an estimate from the column statistics (`impact.rows_method` says how).",
	"help": "Backfill in batches by key range, committing between them, outside the schema migration, or raise the limit for this change with a waiver. Limit: `{\"params\": {\"max-affected-rows\": {\"max_rows\": 100000}}}`.",
	"kinds": ["update", "delete"],
	"dialects": [],
	"aliases": ["liquibase:MaxAffectedRowsAllowedUpdate", "liquibase:MaxAffectedRowsAllowedDelete", "bytebase:statement.affected-row-limit"],
	"params": {"max_rows": "integer"},
}

max_rows := lib.param(meta, "max_rows", 100000)

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind in {"update", "delete"}
	not lib.is_new_table(stmt)
	is_number(stmt.impact.rows)
	stmt.impact.rows > max_rows
	how := method(stmt)
	msg := sprintf("This %s touches %s rows of %s (%s), more than %d", [upper(stmt.kind), how[0], lib.table_label(stmt), how[1], max_rows])
	f := lib.finding(meta, stmt, msg)
}

method(stmt) := [sprintf("%d", [stmt.impact.rows]), "the whole table"] if stmt.impact.rows_method == "table"

else := [sprintf("about %d", [stmt.impact.rows]), sprintf("estimated by %s", [stmt.impact.rows_method])]

# UPDATE/DELETE on existing tables of unknown size, said once per proposal.
unknown contains stmt if {
	some stmt in lib.forward_statements
	stmt.kind in {"update", "delete"}
	is_string(stmt.table.name)
	not lib.is_new_table(stmt)
	stmt.impact.rows == null
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
	msg := sprintf("%d UPDATE/DELETE statement(s) on tables of unknown size (%s): max-affected-rows could not check them; give the target's table sizes with --stats", [count(unknown), concat(", ", sort(tables))])
	f := object.union(lib.finding(meta, stmt, msg), {"severity": "info"})
}
