# Helpers shared by the built-in rules; user policies may import them too:
#   import data.schemagate.lib
package schemagate.lib

import rego.v1

# A finding as the engine expects it, pointing at the statement. `meta`
# needs only an `id`; severity defaults to the entry point's, help to none.
finding(meta, stmt, msg) := {
	"msg": msg,
	"rule": meta.id,
	"severity": object.get(meta, "severity", null),
	"help": object.get(meta, "help", null),
	"at": stmt.index,
}

# The same with a help text written for this finding.
finding_with_help(meta, stmt, msg, help) := object.union(finding(meta, stmt, msg), {"help": help})

# The statements the document proposes to run (one changeset's, or the
# whole proposal's). Rollback statements are the undo of their changeset,
# not proposed changes, so rules never judge them.
forward_statements := [stmt | some stmt in input.statements; stmt.phase == "forward"]

# The forward ALTER TABLE operations, with their statement.
alter_ops := [[stmt, op] |
	some stmt in forward_statements
	stmt.kind == "alter_table"
	is_array(stmt.ops)
	some op in stmt.ops
	is_object(op)
]

# [stmt, column] for every column created by CREATE TABLE or ADD COLUMN.
new_columns := array.concat(
	[[stmt, col] |
		some stmt in forward_statements
		stmt.kind == "create_table"
		is_array(stmt.columns)
		some col in stmt.columns
		is_object(col)
	],
	[[stmt, op.column] |
		some [stmt, op] in alter_ops
		op.op == "add_column"
		is_object(op.column)
	],
)

dialect := object.get(input, ["target", "dialect"], "generic")

is_postgres if dialect == "postgres"

is_mysql if dialect in {"mysql", "mariadb"}

# The PostgreSQL major version assumed when the target version is not given:
# the oldest major still supported by the PostgreSQL community (14, in 2026).
# A current server has fast defaults (11+) and SET NOT NULL that uses a
# validated CHECK constraint (12+).
assumed_pg_major := 14

# Major version of the target ("16", "16.2", "9.6" → 9), or the assumed one.
pg_major := n if {
	v := input.target.version
	is_string(v)
	digits := regex.find_n(`^[0-9]+`, v, 1)
	count(digits) == 1
	n := to_number(digits[0])
} else := assumed_pg_major

pg_version_at_least(n) if pg_major >= n

# A rule parameter from data.schemagate.config.params[<rule id>][name].
param(meta, name, default_value) := object.get(params, [meta.id, name], default_value)

# Read once per evaluation: regorus looks a `data.` path up anew at every
# call that reaches it (a walk over every loaded module), but a rule's value
# only once.
params := object.get(data.schemagate.config, "params", {})

# Created by the proposal (in this changeset or an earlier proposed one):
# nobody else can be using it yet.
is_new_table(stmt) if stmt.table.new == true

# `schema.name`, or `name` when no schema was written.
name_of(obj) := sprintf("%s.%s", [obj.schema, obj.name]) if is_string(obj.schema)
else := obj.name

# The statement's table as messages show it: "orders". Undefined when the
# statement names no table the parser could read (a template not filled in,
# `ALTER TABLE ${table} …`): a rule about a table does not fire there, and
# statement-not-analyzed reports the statement instead of a message
# speaking of "the table".
table_label(stmt) := sprintf(`"%s"`, [name_of(stmt.table)]) if {
	is_object(stmt.table)
	is_string(stmt.table.name)
} else := sprintf(`"%s"`, [name_of(stmt.object)]) if {
	is_object(stmt.object)
	stmt.object.type == "table"
	is_string(stmt.object.name)
}

# The objects a statement names (`names`), else its `object`, else none.
names_of(stmt) := stmt.names if {
	is_array(stmt.names)
	count(stmt.names) > 0
} else := [stmt.object] if is_object(stmt.object)
else := []

# Every object in a list, quoted: "a", "b".
quoted_names(objs) := concat(", ", [sprintf(`"%s"`, [name_of(o)]) | some o in objs; is_object(o)]) if {
	is_array(objs)
	count(objs) > 0
} else := "(unnamed)"

# serial types carry an implicit nextval() default.
is_serial(type_name) if {
	is_string(type_name)
	lower(type_name) in {"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"}
}

# How to run a statement outside a transaction, for the migration tool that
# produced the changelog.
no_transaction_help := "Flyway wraps each migration in a transaction: add `executeInTransaction=false` to a `<script>.sql.conf` file next to the script (for example `V5__add_index.sql.conf`), and keep the statement alone in its migration." if input.source.format == "flyway"
else := "Liquibase runs each changeset in a transaction: set `runInTransaction: false` (XML `runInTransaction=\"false\"`) on the changeset, and keep the statement alone in it." if input.source.format == "liquibase"
else := "golang-migrate sends a migration file as one multi-statement query, which PostgreSQL runs as a single implicit transaction: put the statement alone in its own migration file (or use `x-multi-statement=true`)." if input.source.format == "golang-migrate"
else := "dbmate wraps each migration in a transaction: write `-- migrate:up transaction:false` and keep the statement alone in the migration." if input.source.format == "dbmate"
else := "sqlx wraps each migration in a transaction: start the file with `-- no-transaction`." if input.source.format == "sqlx"
else := "diesel wraps each migration in a transaction: add `run_in_transaction = false` to the migration's `metadata.toml`." if input.source.format == "diesel"
else := "Run the statement outside any transaction block (autocommit), alone in its migration."

# Upper case of a value that may be null or absent ("" then). regorus treats
# a builtin called with the wrong type as an error, not as undefined.
upper_text(x) := upper(x) if is_string(x)
else := ""

# Upper-case words of a statement kind: "create_index" → "CREATE INDEX".
kind_words(kind) := upper(replace(kind, "_", " "))
