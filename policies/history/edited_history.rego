package schemagate.rules.edited_history

import rego.v1

schema_version := 2

meta := {
	"id": "edited-history",
	"title": "Editing a migration that already ran",
	"severity": "error",
	"category": "history",
	"description": "A changeset or migration that the target databases already ran (history: older than `--changed-since`, or listed by `--applied`) was changed, removed, or a new one was slotted in below the latest version. The migration tool never runs it again, so the edit reaches no database that already has it, and schemas drift apart; Liquibase (checksum validation) and Flyway (`validate`) refuse to update at all until someone repairs the history table. Liquibase changesets with `runOnChange` and Flyway repeatable `R__` scripts are meant to be edited and are not flagged, nor is an edit Liquibase accepts through `validCheckSum`.",
	"help": "Put the edit back and write the change as a new changeset or migration. If the old one was wrong and must not run anywhere again, leave it as it was and add a new changeset that corrects its effect. For a deliberate edit that changes nothing in the database (a comment, formatting), Liquibase accepts `<validCheckSum>` with the new checksum on the changeset; Flyway needs `flyway repair` on every database.",
	"dialects": [],
	"facts": ["history"],
}

deny contains f if {
	edit := input.changeset.edited
	is_object(edit)
	not edit.accepted
	f := changeset_finding(sprintf("%s was already applied and has been changed since: %s%s", [label(input.changeset), consequence, checksums(edit)]))
}

deny contains f if {
	is_object(input.changeset.out_of_order)
	latest := input.changeset.out_of_order.latest
	f := changeset_finding(sprintf("Version %s is below version %s, which history already holds: Flyway refuses to migrate out of order (`Detected resolved migration not applied to database`) unless `outOfOrder=true`, and the databases that have %s run it after the later versions", [input.changeset.version, latest, latest]))
}

proposal_deny contains f if {
	some removed in input.history.removed
	f := {
		"msg": sprintf("%s (%s) was applied and %s: %s", [removed_label(removed), removed_at(removed), removed.reason, removed_consequence]),
		"rule": meta.id,
		"severity": meta.severity,
		"help": meta.help,
	}
}

changeset_finding(msg) := {
	"msg": msg,
	"rule": meta.id,
	"severity": meta.severity,
	"help": meta.help,
	"at": {"changeset": input.changeset.index},
}

label(cs) := sprintf(`Changeset "%s" by %s`, [cs.id, cs.author]) if {
	input.source.format == "liquibase"
	is_string(cs.author)
} else := sprintf(`Changeset "%s"`, [cs.id]) if input.source.format == "liquibase"
else := sprintf("Migration %s", [cs.version]) if is_string(cs.version)
else := sprintf(`Migration "%s"`, [cs.id])

consequence := "Liquibase stops the update with a checksum validation error, and databases that ran the old version never get the new one" if input.source.format == "liquibase"
else := "Flyway's validate fails with a checksum mismatch, and databases that ran the old version never get the new one" if input.source.format == "flyway"
else := "the migration tool never runs it again, so databases that ran the old version never get the new one"

checksums(edit) := sprintf(" (checksum %s, now %s)", [edit.checksum_was, edit.checksum_now]) if {
	is_string(edit.checksum_was)
	is_string(edit.checksum_now)
} else := sprintf(" (its checksum is now %s)", [edit.checksum_now]) if is_string(edit.checksum_now)
else := ""

removed_label(r) := sprintf(`Changeset "%s" by %s`, [r.id, r.author]) if is_string(r.author)
else := sprintf(`Migration "%s"`, [r.id])

removed_at(r) := sprintf("%s:%d", [r.file, r.line]) if is_number(r.line)
else := r.file

removed_consequence := "Liquibase and Flyway keep its row in their history table, and the databases that ran it keep what it did while new databases never get it"
