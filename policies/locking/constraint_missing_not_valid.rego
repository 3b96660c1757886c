package schemagate.rules.constraint_missing_not_valid

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "constraint-missing-not-valid",
	"title": "Foreign key or CHECK constraint without NOT VALID",
	"severity": "error",
	"category": "locking",
	"description": "On PostgreSQL, adding a FOREIGN KEY or CHECK constraint validates every existing row while holding the lock the ALTER takes: SHARE ROW EXCLUSIVE on both the table and the referenced table for a foreign key (writes to both wait), ACCESS EXCLUSIVE for a CHECK (reads and writes wait). Tables created earlier in the same changeset are not flagged.",
	"help": "Add the constraint NOT VALID (instant; new rows are checked), then validate it in a separate transaction, which only takes SHARE UPDATE EXCLUSIVE and lets reads and writes continue: `ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;` then `ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;`.",
	"dialects": ["postgres"],
	"aliases": ["squawk:constraint-missing-not-valid", "squawk:adding-foreign-key-constraint", "atlas:PG305", "atlas:PG306", "bytebase:statement.add-check-not-valid", "bytebase:statement.add-foreign-key-not-valid"],
	"kinds": ["alter_table"],
}

deny contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	c := op.constraint
	c.type in {"foreign_key", "check"}
	not c.not_valid
	not lib.is_new_table(stmt)
	f := lib.finding(meta, stmt, message(stmt, c))
}

label(c) := sprintf(` "%s"`, [c.name]) if is_string(c.name)
else := ""

message(stmt, c) := sprintf("Adding foreign key%s on existing table %s without NOT VALID checks every row while writes to %s and \"%s\" wait", [label(c), table, table, lib.name_of(c.references)]) if {
	c.type == "foreign_key"
	table := lib.table_label(stmt)
	c.references.name
} else := sprintf("Adding foreign key%s on existing table %s without NOT VALID checks every row while writes to it and to the referenced table wait", [label(c), lib.table_label(stmt)]) if {
	c.type == "foreign_key"
} else := sprintf("Adding CHECK constraint%s on existing table %s without NOT VALID scans every row under an ACCESS EXCLUSIVE lock: reads and writes wait", [label(c), lib.table_label(stmt)])
