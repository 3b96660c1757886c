package schemagate.rules.adding_not_nullable_field

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "adding-not-nullable-field",
	"title": "SET NOT NULL on an existing table",
	"severity": "warning",
	"category": "locking",
	"description": "PostgreSQL's ALTER COLUMN … SET NOT NULL reads the whole table to check for nulls while holding an ACCESS EXCLUSIVE lock: no reads or writes until the scan ends. Since PostgreSQL 12 the scan is skipped when a validated CHECK (column IS NOT NULL) constraint already proves it, so SET NOT NULL after such a constraint (added earlier in the changelog and validated, `op.proven_by`) is not flagged. Tables created earlier in the same changeset are not flagged.",
	"help": "PostgreSQL 12+: `ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;` then, in a separate transaction, `ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;` (does not block reads or writes), then `ALTER TABLE orders ALTER COLUMN status SET NOT NULL;` (no scan) and `ALTER TABLE orders DROP CONSTRAINT orders_status_not_null;`. Before 12, keep the validated CHECK constraint instead of SET NOT NULL.",
	"dialects": ["postgres"],
	"aliases": ["squawk:adding-not-nullable-field", "atlas:PG303", "atlas:MF104"],
	"kinds": ["alter_table"],
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "set_not_null"
	not lib.is_new_table(stmt)
	not proven(op)
	table := lib.table_label(stmt)
	msg := sprintf(`Setting column "%s" of table %s NOT NULL scans all of %s under an ACCESS EXCLUSIVE lock: reads and writes wait for the scan`, [op.column, table, table])
	f := lib.finding_with_help(meta, stmt, msg, help(stmt, op))
}

# A validated CHECK (col IS NOT NULL) added earlier (the replay's
# `proven_by`) lets PostgreSQL 12+ skip the scan.
proven(op) if {
	lib.pg_version_at_least(12)
	is_string(op.proven_by)
}

help(stmt, op) := sprintf("Prove the column non-null without blocking first: `ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;`, then in a separate transaction `ALTER TABLE %s VALIDATE CONSTRAINT %s;` (reads and writes continue), then `ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;` (PostgreSQL 12+ uses the constraint and skips the scan) and `ALTER TABLE %s DROP CONSTRAINT %s;`.", [t, c, op.column, t, c, t, op.column, t, c]) if {
	lib.pg_version_at_least(12)
	t := lib.name_of(stmt.table)
	c := sprintf("%s_%s_not_null", [stmt.table.name, op.column])
} else := sprintf("Before PostgreSQL 12, SET NOT NULL always scans: keep a validated CHECK constraint instead: `ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;` then `ALTER TABLE %s VALIDATE CONSTRAINT %s;`.", [t, c, op.column, t, c]) if {
	t := lib.name_of(stmt.table)
	c := sprintf("%s_%s_not_null", [stmt.table.name, op.column])
} else := meta.help
