# Per-engine lists of forbidden SQL, one regex list per JDBC type.
package db_sql

engine_regex := {
	"jdbc:postgresql": [`\btruncate\b`, `vacuum\s+full`, `alter\s+system`],
	"jdbc:mysql": [`lock\s+tables`, `\btruncate\b`],
	"jdbc:sqlserver": [`xp_cmdshell`, `drop\s+database`],
	"jdbc:oracle:thin": [`purge\s+recyclebin`, `alter\s+system`],
}

deny[msg] {
	sql := input.sqlStatements[_]
	pattern := engine_regex[input.dbInstance.type][_]
	regex.match(concat("", ["(?i)", pattern]), sql)
	msg := sprintf("%s forbids %s: %s", [input.dbInstance.type, pattern, sql])
}
