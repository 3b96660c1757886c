package schemagate.rules.edited_history_test

import data.schemagate.rules.edited_history as rule
import data.schemagate.test.fixtures as fx
import rego.v1

with_changeset(doc, fields) := object.union(doc, {"changeset": object.union(doc.changeset, fields)})

test_an_edited_migration_is_denied_at_its_changeset if {
	doc := with_changeset(fx.pg([]), {"edited": {"checksum_was": "123", "checksum_now": "456", "accepted": false}})
	findings := rule.deny with input as doc
	[f.at | some f in findings] == [{"changeset": 0}]
	some f in findings
	f.msg == "Migration 2 was already applied and has been changed since: Flyway's validate fails with a checksum mismatch, and databases that ran the old version never get the new one (checksum 123, now 456)"
}

test_an_accepted_edit_passes if {
	doc := with_changeset(fx.pg([]), {"edited": {"checksum_was": null, "checksum_now": null, "accepted": true}})
	count(rule.deny) == 0 with input as doc
}

test_a_new_changeset_passes if {
	count(rule.deny) == 0 with input as fx.pg([])
}

test_liquibase_edits_name_id_and_author if {
	doc := with_changeset(fx.document_in("postgres", null, "liquibase", []), {"id": "7", "author": "ann", "edited": {"checksum_was": null, "checksum_now": null, "accepted": false}})
	some f in rule.deny with input as doc
	startswith(f.msg, `Changeset "7" by ann was already applied and has been changed since: Liquibase stops the update`)
}

test_out_of_order_versions_are_denied if {
	doc := with_changeset(fx.pg([]), {"out_of_order": {"latest": "10"}})
	some f in rule.deny with input as doc
	startswith(f.msg, "Version 2 is below version 10, which history already holds")
}

test_removed_changesets_are_denied_over_the_proposal if {
	doc := {
		"schema_version": 2,
		"target": {"dialect": "postgres", "version": null},
		"source": {"format": "flyway", "path": "db"},
		"changesets": [],
		"statements": [],
		"history": {"basis": "git", "changesets": 3, "removed": [{"id": "3", "author": null, "file": "db/V3__x.sql", "line": 1, "reason": "its migration file is gone"}]},
	}
	findings := rule.proposal_deny with input as doc
	count(findings) == 1
	some f in findings
	startswith(f.msg, `Migration "3" (db/V3__x.sql:1) was applied and its migration file is gone`)
}
