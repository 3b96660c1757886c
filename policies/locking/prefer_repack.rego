package schemagate.rules.prefer_repack

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "prefer-repack",
	"title": "VACUUM FULL or CLUSTER",
	"severity": "warning",
	"category": "locking",
	"description": "`VACUUM FULL` and `CLUSTER` rewrite the whole table and its indexes under an ACCESS EXCLUSIVE lock: nothing reads or writes the table until they end, which on a large table is minutes to hours. `VACUUM FULL` without a table does it to every table of the database.",
	"help": "Reclaim space or reorder rows online with pg_repack (`pg_repack --table=orders`) or pg_squeeze, outside the migration; plain `VACUUM` (no FULL) takes no blocking lock. Tables created by the proposal are not flagged.",
	"dialects": ["postgres"],
	"aliases": ["squawk:prefer-repack"],
	"kinds": ["vacuum", "cluster"],
}

target(stmt) := label if {
	label := lib.table_label(stmt)
} else := "every table of the database"

what(stmt) := "VACUUM FULL" if stmt.kind == "vacuum"

else := "CLUSTER"

rewrites(stmt) if {
	stmt.kind == "vacuum"
	stmt.full == true
}

rewrites(stmt) if stmt.kind == "cluster"

warn contains f if {
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.kind in {"vacuum", "cluster"}
	rewrites(stmt)
	not lib.is_new_table(stmt)
	msg := sprintf(`%s on %s rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends`, [what(stmt), target(stmt)])
	f := lib.finding(meta, stmt, msg)
}
