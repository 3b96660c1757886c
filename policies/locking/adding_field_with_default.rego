package schemagate.rules.adding_field_with_default

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "adding-field-with-default",
	"title": "Adding a column that rewrites the table",
	"severity": "error",
	"category": "locking",
	"description": "On PostgreSQL, ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval() — including serial types) or a STORED generated column rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes. Before PostgreSQL 11 any default does so; since 11 a constant or stable default (a literal, now()) is stored in the catalog and is instant. Tables created earlier in the same changeset are not flagged.",
	"help": "Add the column without a default (instant), set the default for new rows separately, then backfill existing rows in batches: `ALTER TABLE orders ADD COLUMN token uuid; ALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();` then `UPDATE orders SET token = gen_random_uuid() WHERE token IS NULL AND id BETWEEN 1 AND 10000;` per batch. On PostgreSQL 11+ a constant default is fine as is.",
	"dialects": ["postgres"],
	"aliases": ["squawk:adding-field-with-default", "atlas:PG302", "bytebase:column.default-disallow-volatile"],
	"kinds": ["alter_table"],
}

deny contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "add_column"
	not lib.is_new_table(stmt)
	why := rewrite_reason(op.column)
	table := lib.table_label(stmt)
	msg := sprintf(`Adding column "%s" with %s rewrites table %s under an ACCESS EXCLUSIVE lock: reads and writes of %s wait until the rewrite finishes`, [op.column.name, why, table, table])
	f := lib.finding(meta, stmt, msg)
}

# Why adding this column rewrites the table; undefined when it does not.
rewrite_reason(col) := "STORED generation (GENERATED … STORED)" if col.generated == "stored"
else := sprintf("type %s (its nextval() default is volatile)", [col.type]) if lib.is_serial(col.type)
else := sprintf("the volatile default %s", [col.default]) if {
	col.has_default == true
	col.default_volatile == true
} else := sprintf("a default (%s) on PostgreSQL %d, which has no fast defaults before 11", [col.default, lib.pg_major]) if {
	col.has_default == true
	not lib.pg_version_at_least(11)
}
