package schemagate.rules.identifier_too_long

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "identifier-too-long",
	"title": "Identifier longer than the database allows",
	"severity": "error",
	"category": "naming",
	"description": "PostgreSQL silently truncates identifiers to 63 bytes (NAMEDATALEN - 1): two long names that share their first 63 bytes collide, and code that uses the full name no longer finds the object by its written name in catalog queries. MySQL and MariaDB reject names over 64 characters. Lengths are counted in characters, so a PostgreSQL name with multi-byte characters can still be too long below 63.",
	"help": "Shorten the name, keeping the distinguishing part first (`idx_orders_customer_created` rather than a full list of columns). The limit can be changed with `{\"params\": {\"identifier-too-long\": {\"max_length\": 30}}}` (for example to follow an Oracle-era convention).",
	"dialects": ["postgres", "mysql", "mariadb"],
	"kinds": ["create_table", "create_index", "create_view", "create_materialized_view", "create_sequence", "create_schema", "create_database", "create_function", "create_procedure", "create_trigger", "create_type", "create_extension", "create_domain", "create_role", "create_user", "create_policy", "alter_table", "rename_table"],
	"aliases": ["squawk:identifier-too-long"],
	"params": {"max_length": "integer"},
}

default_limit := 63 if lib.is_postgres

default_limit := 64 if lib.is_mysql

limit := lib.param(meta, "max_length", default_limit)

# The limit, when it is a number (counted in characters). Each body below
# compares a name with it inline: a function call per name was most of the
# rule's cost.
numeric_limit := limit if is_number(limit)

# [statement index, what, name] for every identifier past the limit that a
# forward statement introduces. Only names past the limit are gathered: the
# set stays as small as the findings.
identifiers contains [stmt.index, what, stmt.object.name] if {
	some stmt in lib.forward_statements
	startswith(stmt.kind, "create_")
	is_string(stmt.object.type)
	is_string(stmt.object.name)
	count(stmt.object.name) > numeric_limit
	what := sprintf("%s name", [stmt.object.type])
}

identifiers contains [stmt.index, "column name", col.name] if {
	some [stmt, col] in lib.new_columns
	is_string(col.name)
	count(col.name) > numeric_limit
}

identifiers contains [stmt.index, "constraint name", op.constraint.name] if {
	some [stmt, op] in lib.alter_ops
	op.op == "add_constraint"
	is_string(op.constraint.name)
	count(op.constraint.name) > numeric_limit
}

identifiers contains [stmt.index, "new name", op.new_name] if {
	some [stmt, op] in lib.alter_ops
	op.op in {"rename_column", "rename_table"}
	is_string(op.new_name)
	count(op.new_name) > numeric_limit
}

identifiers contains [stmt.index, "new name", stmt.new_name] if {
	some stmt in lib.forward_statements
	stmt.kind == "rename_table"
	is_string(stmt.new_name)
	count(stmt.new_name) > numeric_limit
}

deny contains f if {
	some [index, what, name] in identifiers
	msg := sprintf(`The %s "%s" is %d characters long; %s`, [what, name, count(name), consequence])
	f := lib.finding(meta, {"index": index}, msg)
}

consequence := sprintf("PostgreSQL silently truncates it to %d bytes", [limit]) if lib.is_postgres
else := sprintf("the limit is %d", [limit])
