package schemagate.rules.adding_required_field

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "adding-required-field",
	"title": "Adding a NOT NULL column without a default",
	"severity": "error",
	"category": "locking",
	"description": "ADD COLUMN … NOT NULL with no DEFAULT cannot be applied to a table that has rows. PostgreSQL fails (\"column contains null values\"), SQLite refuses it outright, SQL Server and Oracle fail on a non-empty table. MySQL and MariaDB instead fill existing rows with the type's implicit default (0, '' or a zero date), silently inventing data. In every dialect, application versions that insert without the new column start failing. Tables created earlier in the same changeset, identity, generated and serial columns are not flagged.",
	"help": "Give the column a default (PostgreSQL: `ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';` is instant on 11+ with a constant default; MySQL 8.0.12+ and MariaDB 10.3+ add it instantly too), or add it nullable, backfill it in batches, and then set NOT NULL (see adding-not-nullable-field).",
	"dialects": [],
	"aliases": ["squawk:adding-required-field", "atlas:MF103", "atlas:MY101", "bytebase:statement.disallow-add-not-null", "bytebase:column.set-default-for-not-null"],
	"kinds": ["alter_table"],
}

deny contains f if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_column"
	col := op.column
	col.not_null == true
	not col.has_default
	object.get(col, "generated", null) == null
	not lib.is_serial(col.type)
	not lib.is_new_table(stmt)
	f := lib.finding_with_help(meta, stmt, message(stmt, col), help(stmt, col))
}

# The safe alternative for the target dialect, built from the statement.
help(stmt, col) := sprintf("Give the column a default (`ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT …;` is instant on PostgreSQL 11+ with a constant default), or add it nullable, backfill it in batches, and then set NOT NULL (see adding-not-nullable-field).", [t, col.name, col.type]) if {
	lib.is_postgres
	t := lib.name_of(stmt.table)
} else := sprintf("Give the column an explicit default (`ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT …;`, %s), or add it nullable, backfill it in batches, and then `ALTER TABLE %s MODIFY %s %s NOT NULL;`.", [t, col.name, col.type, instant, t, col.name, col.type]) if {
	lib.is_mysql
	t := lib.name_of(stmt.table)
	instant := {"mysql": "instant on MySQL 8.0.12+", "mariadb": "instant on MariaDB 10.3+"}[lib.dialect]
} else := sprintf("Give column \"%s\" a default in the same statement, or add it nullable, backfill it in batches, and then make it NOT NULL.", [col.name])

message(stmt, col) := sprintf(`Adding column "%s" to table %s as NOT NULL without a default: MySQL fills the existing rows with the type's implicit default instead of failing, silently inventing data, and inserts that omit the column fail`, [col.name, lib.table_label(stmt)]) if lib.is_mysql
else := sprintf(`Adding column "%s" to table %s as NOT NULL without a default fails if the table has any rows, and breaks inserts from application versions that do not set it`, [col.name, lib.table_label(stmt)])
