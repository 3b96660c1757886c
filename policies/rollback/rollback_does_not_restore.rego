package schemagate.rules.rollback_does_not_restore

import rego.v1

schema_version := 2

meta := {
	"id": "rollback-does-not-restore",
	"title": "Rollback that does not restore the schema",
	"severity": "error",
	"category": "rollback",
	"description": "schemagate replays the changeset over its schema model and then its rollback (a Liquibase `<rollback>` block or the inverse Liquibase derives, a formatted SQL `--rollback`, a golang-migrate/dbmate/diesel down file, a Flyway `U` undo script), and compares the model with the one before the changeset: tables, columns (type, nullability, default), indexes, constraints, views and sequences. When they differ, rolling back leaves a schema no release was built for — and the next forward run of the changeset usually fails on what was left behind. A difference is only claimed where the model is sure of everything the changeset and its rollback touch (`changeset.rollback_check.proven` is `null` otherwise: an unparsed statement, a `DO` block, a guarded changeset, a table the changelog never shows).",
	"help": "Make the rollback the exact inverse of the change, in reverse order: drop what the changeset created, re-create what it dropped (with the same type, nullability, default, indexes and constraints), rename back what it renamed.",
	"dialects": [],
	"facts": ["rollback_check"],
}

deny contains f if {
	check := input.changeset.rollback_check
	check.proven == false
	count(check.differences) > 0
	f := {
		"msg": sprintf("The rollback of %s does not restore the schema: %s", [label(input.changeset), concat("; ", check.differences)]),
		"rule": meta.id,
		"severity": meta.severity,
		"help": meta.help,
		"at": at,
	}
}

# The first rollback statement (the down or undo script, the rollback
# block), else the changeset.
at := min(input.changeset.rollback_statements) if count(input.changeset.rollback_statements) > 0

else := {"changeset": input.changeset.index}

label(cs) := sprintf(`changeset "%s"`, [cs.id]) if input.source.format == "liquibase"
else := sprintf("migration %s", [cs.version]) if is_string(cs.version)
else := sprintf(`migration "%s"`, [cs.id])
