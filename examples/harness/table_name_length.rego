# Table names longer than the engine allows (or than the team allows).
package db_sql

max_table_name_length := {
	"jdbc:postgresql": 63,
	"jdbc:mysql": 64,
	"jdbc:mariadb": 64,
	"jdbc:sqlserver": 128,
	"jdbc:oracle:thin": 30,
}

deny[msg] {
	limit := max_table_name_length[input.dbInstance.type]
	sql := input.sqlStatements[_]
	match := regex.find_all_string_submatch_n(`(?i)create\s+table\s+(?:if\s+not\s+exists\s+)?(?:[A-Za-z0-9_"]+\.)?"?([A-Za-z0-9_]+)"?`, sql, -1)[_]
	name := match[1]
	count(name) > limit
	msg := sprintf("Table name %s is %d characters long: %s allows at most %d.", [name, count(name), input.dbInstance.type, limit])
}
