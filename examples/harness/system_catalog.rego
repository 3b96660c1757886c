# Migrations do not read the system catalogs: what they find there differs
# between environments.
package db_sql

system_catalogs := {
	"jdbc:postgresql": [`pg_catalog\.`, `\bpg_[a-z_]+\b`, `information_schema\.`],
	"jdbc:mysql": [`information_schema\.`, `\bmysql\.`, `performance_schema\.`],
	"jdbc:sqlserver": [`\bsys\.`, `information_schema\.`],
	"jdbc:oracle:thin": [`\b(all|dba|user)_[a-z_]+\b`, `\bv\$[a-z_]+\b`],
}

deny[msg] {
	sql := input.sqlStatements[_]
	regex.match(`(?is)^\s*select\b`, sql)
	pattern := system_catalogs[input.dbInstance.type][_]
	regex.match(concat("", ["(?is)\\bfrom\\b.*", pattern]), sql)
	msg := sprintf("SELECT from a system catalog is not allowed: %s", [sql])
}
