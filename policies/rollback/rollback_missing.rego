package schemagate.rules.rollback_missing

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "rollback-missing",
	"title": "Changeset without a rollback",
	"severity": "warning",
	"category": "rollback",
	"description": "A proposed changeset has no rollback and none can be derived (Liquibase derives one only for change types it can invert, such as createTable, addColumn, createIndex, renameColumn; never for raw SQL, dropColumn or dropTable): if the deployment must be undone, someone writes the undo by hand, under pressure. Liquibase's own quality check RollbackRequired is the anchor. It is checked only for the formats where a rollback is part of every migration — Liquibase, golang-migrate, dbmate and diesel (up/down pairs) — and not for Flyway (undo scripts are a paid edition feature most teams never write), sqlx or plain SQL folders, so those users are not flooded; add them with `{\"params\": {\"rollback-missing\": {\"formats\": [\"liquibase\", \"flyway\"]}}}`. A warning by default: a changeset that needs no undo states it with an explicit empty rollback (`<rollback/>`, `--rollback empty`, an empty down file); raise it to error in the configuration where rollbacks are mandatory.",
	"help": "Write the rollback: a Liquibase `<rollback>` block (or `--rollback` lines in formatted SQL), a `.down.sql` file for golang-migrate, `-- migrate:down` for dbmate, `down.sql` for diesel, a `U<version>__<desc>.sql` undo script for Flyway. When there is truly nothing to undo, say so with an empty rollback (`<rollback/>`, `--rollback empty`).",
	"dialects": [],
	"facts": ["no_rollback"],
	"aliases": ["liquibase:RollbackRequired"],
	"params": {"formats": "array"},
}

default_formats := ["liquibase", "golang-migrate", "dbmate", "diesel"]

formats := lib.param(meta, "formats", default_formats)

warn contains f if {
	input.source.format in formats
	cs := input.changeset
	cs.rollback == "none"
	count(cs.statements) > 0
	not cs.marked_ran
	f := {
		"msg": sprintf("%s has no rollback, and none can be derived from its changes", [label(cs)]),
		"rule": meta.id,
		"severity": meta.severity,
		"help": meta.help,
		"at": {"changeset": cs.index},
	}
}

label(cs) := sprintf(`Changeset "%s"`, [cs.id]) if input.source.format == "liquibase"
else := sprintf("Migration %s", [cs.version]) if is_string(cs.version)
else := sprintf(`Migration "%s"`, [cs.id])
