package schemagate.rules.ban_disable_trigger

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-disable-trigger",
	"title": "Trigger left disabled",
	"severity": "warning",
	"category": "security",
	"description": "`ALTER TABLE … DISABLE TRIGGER` stops the trigger for every session, not only the migration's: with `ALL` (or a foreign key's internal trigger) referential integrity is no longer enforced, and audit, history or sync triggers stop recording. Left disabled at the end of the migration, it stays so in production until someone notices. Disabling and enabling again in the same migration (a bulk load) is not flagged.",
	"help": "Enable it again in the same migration (`ALTER TABLE orders ENABLE TRIGGER ALL;` after the load), or drop the trigger if it is no longer wanted, so the schema says what runs. Tables created by the proposal are not flagged.",
	"dialects": ["postgres"],
	"aliases": [],
	"kinds": ["alter_table"],
}

warn contains f if {
	lib.is_postgres
	some [stmt, op] in lib.alter_ops
	op.op == "disable_trigger"
	not lib.is_new_table(stmt)
	not enabled_later(stmt, op)
	msg := sprintf(`Trigger %s of table %s is disabled and not enabled again in the migration: it stays off for every session`, [trigger(op), lib.table_label(stmt)])
	f := lib.finding(meta, stmt, msg)
}

trigger(op) := lib.upper_text(op.name) if lib.upper_text(op.name) in {"ALL", "USER"}

else := sprintf(`"%s"`, [op.name])

enabled_later(stmt, op) if {
	some [later, e] in lib.alter_ops
	e.op == "enable_trigger"
	later.index > stmt.index
	later.table.name == stmt.table.name
	lib.upper_text(e.name) == lib.upper_text(op.name)
}
