package schemagate.rules.rollback_lossy

import rego.v1

schema_version := 2

meta := {
	"id": "rollback-lossy",
	"title": "Rollback that cannot bring the data back",
	"severity": "warning",
	"category": "rollback",
	"description": "The changeset has a rollback, but its forward statements destroy data that existed before it: a dropped column or table, a column type narrowed so values are cut. The rollback can re-create the column or table, never the rows or values that were in it, so rolling back after the deployment is not the undo it looks like. Kept apart from `rollback-does-not-restore` (which judges the schema, at error) because the schema may well come back: the loss is of data, and it is a warning so a deliberate drop with a restore plan can pass.",
	"help": "Keep the data until the rollback window is over: stop using the column or table in one release and drop it in a later one, or copy it aside (`CREATE TABLE orders_note_backup AS SELECT id, note FROM orders`) and have the rollback write it back (an `INSERT`/`UPDATE` into the table in the rollback clears this warning). Widen instead of narrowing a type.",
	"dialects": [],
	"facts": ["rollback_check"],
}

warn contains f if {
	check := input.changeset.rollback_check
	is_object(check)
	some loss in check.lossy
	f := {
		"msg": sprintf("The rollback cannot restore data: %s", [loss.reason]),
		"rule": meta.id,
		"severity": meta.severity,
		"help": meta.help,
		"at": loss.statement,
	}
}
