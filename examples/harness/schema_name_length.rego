# Schema names: the Harness DB schema's own name, and every schema the SQL
# creates, at most 30 characters.
package db_sql

max_schema_name_length := 30

deny[msg] {
	name := input.dbSchema.name
	count(name) > max_schema_name_length
	msg := sprintf("DB schema name %s is longer than %d characters.", [name, max_schema_name_length])
}

deny[msg] {
	sql := input.sqlStatements[_]
	match := regex.find_all_string_submatch_n(`(?i)create\s+schema\s+(?:if\s+not\s+exists\s+)?"?([A-Za-z0-9_]+)"?`, sql, -1)[_]
	name := match[1]
	count(name) > max_schema_name_length
	msg := sprintf("Schema name %s is longer than %d characters.", [name, max_schema_name_length])
}
