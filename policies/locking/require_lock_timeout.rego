package schemagate.rules.require_lock_timeout

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-lock-timeout",
	"title": "Blocking DDL without lock_timeout",
	"severity": "warning",
	"category": "locking",
	"description": "A PostgreSQL DDL statement first waits for its lock. If a long query or an idle transaction holds a conflicting lock, the DDL waits indefinitely, and every later query on the table queues behind it: a short ALTER turns into an outage. Setting lock_timeout earlier in the same migration makes it fail fast instead. Statements on tables created earlier in the same changeset are not flagged, unless they add a foreign key to an existing table, which is locked too (SHARE ROW EXCLUSIVE, even from CREATE TABLE). One finding per changeset (one session: a timeout set once covers what follows), at the first statement that needs it, naming the lines of the others.",
	"help": "Start the migration with `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';` inside a transaction) and retry the migration when it times out; pick a timeout your application tolerates as a pause (a few seconds).",
	"dialects": ["postgres"],
	"aliases": ["squawk:require-lock-timeout", "squawk:require-timeout-settings"],
}

# Locks that block other sessions' writes (or reads) while queued or held.
blocking_locks := {"access_exclusive", "exclusive", "share_row_exclusive", "share"}

blocking_kinds := {"alter_table", "drop_table", "truncate", "rename_table", "drop_index", "create_index", "reindex", "cluster", "lock_table"}

# Indexes of the forward SET lock_timeout statements that enable one.
timeouts contains stmt.index if {
	some stmt in lib.forward_statements
	stmt.kind == "set"
	stmt.variable == "lock_timeout"
	not disables(stmt.value)
}

# 0, '0', 0ms, 0s, DEFAULT … turn the timeout off (the PostgreSQL default).
disables(value) if not is_string(value)

disables(value) if regex.match(`^\s*'?\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*'?\s*$`, value)

disables(value) if lower(trim(value, "' ")) in {"", "default"}

# The document holds one changeset: a set lookup per earlier statement.
# The first timeout of the changeset, found once: each statement then
# compares with it instead of walking the statements before it (which made
# the rule quadratic in a changeset's statements).
first_timeout := min(timeouts) if count(timeouts) > 0

has_timeout_before(stmt) if first_timeout < stmt.index

# Locks on existing tables other than the statement's own: the tables a new
# foreign key references (from the impact model).
other_locks(stmt) := [l | some l in object.get(stmt.impact, "other_locks", []); is_object(l)]

# The statements that need a timeout set before them, by index, that the
# message can name (subject). Only the first is reported, so the message is
# built for that one alone (building it for each was the rule's main cost
# on long migrations). The conditions are written in disjoint bodies, with
# no function call until one holds: they are tested on every statement.
needs := locks_own_table | locks_referenced_table

# A lock on the statement's own table, which blocks other sessions, unless
# nobody uses that table yet (created earlier in the proposal, or by this
# very statement). `stmt.table.new == true` is lib.is_new_table(stmt),
# written inline here and below: no call before a statement qualifies.
locks_own_table contains stmt.index if {
	some stmt in unprotected
	not stmt.table.new == true
	not stmt.kind == "create_table"
	stmt.impact.lock in blocking_locks
	subject(stmt)
}

locks_own_table contains stmt.index if {
	some stmt in unprotected
	not stmt.table.new == true
	not stmt.kind == "create_table"
	not stmt.impact.lock in blocking_locks
	stmt.kind in blocking_kinds
	not stmt.concurrently
	subject(stmt)
}

# or, for such a new table, a foreign key's lock on the existing referenced
# table.
locks_referenced_table contains stmt.index if {
	some stmt in unprotected
	stmt.kind == "create_table"
	count(other_locks(stmt)) > 0
	subject(stmt)
}

locks_referenced_table contains stmt.index if {
	some stmt in unprotected
	not stmt.kind == "create_table"
	stmt.table.new == true
	count(other_locks(stmt)) > 0
	subject(stmt)
}

# [what it locks, who queues] for a statement that needs a timeout.
lock_story(stmt) := [what, queue] if {
	locks_own_table[stmt.index]
	what := sprintf("%s %s takes %s", [lib.kind_words(stmt.kind), subject(stmt), lock_words(stmt)])
	queue := queued(stmt)
}

lock_story(stmt) := [what, queue] if {
	locks_referenced_table[stmt.index]
	tables := lib.quoted_names(other_locks(stmt))
	what := sprintf("%s %s takes a SHARE ROW EXCLUSIVE lock on the referenced table %s", [lib.kind_words(stmt.kind), subject(stmt), tables])
	queue := sprintf("every write to %s", [tables])
}

# What the statement works on, for the message: its table, else the objects
# it names (a DROP INDEX of an index whose table is not written).
subject(stmt) := sprintf("on %s", [lib.table_label(stmt)]) if lib.table_label(stmt)
else := sprintf("of %s", [lib.quoted_names(lib.names_of(stmt))]) if count(lib.names_of(stmt)) > 0

queued(stmt) := sprintf("every query on %s", [lib.table_label(stmt)]) if lib.table_label(stmt)
else := "every query on its table"

# Statements that were not analyzed (a template not filled in) are
# statement-not-analyzed's: what they lock is not known.
unprotected := [stmt |
	lib.is_postgres
	some stmt in lib.forward_statements
	stmt.analyzed == true
	not has_timeout_before(stmt)
]

# One finding per changeset (one session: a timeout set once covers the
# statements after it), at the first statement that needs it, naming the
# others.
warn contains f if {
	count(needs) > 0
	first := min(needs)
	some stmt in lib.forward_statements
	stmt.index == first
	[what, queue] := lock_story(stmt)
	msg := sprintf("%s with no lock_timeout set earlier in its migration: if another session holds a conflicting lock it waits indefinitely, and %s queues behind it%s", [what, queue, others(first)])
	f := lib.finding(meta, stmt, msg)
}

others(first) := "" if count(needs) == 1
else := sprintf("; a later statement of this migration (line %s) also waits for a blocking lock without one", lines) if {
	lines := later_lines(first)
	count(lines) == 1
} else := sprintf("; %d later statements of this migration (lines %s) also wait for blocking locks without one", [count(lines), named_lines(lines)]) if {
	lines := later_lines(first)
}

# At most ten line numbers, then how many more: a migration of 500 DROPs
# stays one readable finding.
named_lines(lines) := concat(", ", lines) if count(lines) <= 10

else := sprintf("%s and %d more", [concat(", ", array.slice(lines, 0, 10)), count(lines) - 10])

later_lines(first) := [sprintf("%d", [stmt.line]) |
	some stmt in lib.forward_statements
	needs[stmt.index]
	stmt.index != first
]

lock_words(stmt) := sprintf("an %s lock", [lib.kind_words(stmt.impact.lock)]) if {
	is_string(stmt.impact.lock)
	startswith(stmt.impact.lock, "a")
} else := sprintf("a %s lock", [lib.kind_words(stmt.impact.lock)]) if is_string(stmt.impact.lock)
else := "a lock that blocks other sessions"
