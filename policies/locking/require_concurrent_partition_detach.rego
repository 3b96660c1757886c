package schemagate.rules.require_concurrent_partition_detach

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-concurrent-partition-detach",
	"title": "DETACH PARTITION without CONCURRENTLY",
	"severity": "warning",
	"category": "locking",
	"description": "PostgreSQL's plain ALTER TABLE … DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table: every read and write of every partition waits. Since PostgreSQL 14, DETACH PARTITION … CONCURRENTLY only takes SHARE UPDATE EXCLUSIVE.",
	"help": "PostgreSQL 14+: `ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;` outside a transaction (see ban-concurrently-in-transaction). Before 14 there is no online form: schedule the detach in a quiet window with a short `lock_timeout`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:require-concurrent-partition-detach"],
	"kinds": ["alter_table"],
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "detach_partition"
	not op.concurrently
	not lib.is_new_table(stmt)
	table := lib.table_label(stmt)
	msg := sprintf(`Detaching partition "%s" from %s without CONCURRENTLY locks %s and all its partitions against reads and writes`, [op.name, table, table])
	f := lib.finding(meta, stmt, msg)
}
