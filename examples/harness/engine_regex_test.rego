package db_sql

test_truncate_denied_on_postgres {
	deny["jdbc:postgresql forbids \\btruncate\\b: TRUNCATE audit_log"] with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["TRUNCATE audit_log"],
	}
}

test_xp_cmdshell_only_on_sqlserver {
	count(deny) == 0 with input as {
		"dbInstance": {"type": "jdbc:postgresql", "name": "pg", "tags": {}},
		"dbSchema": {"name": "app"},
		"sqlStatements": ["SELECT xp_cmdshell_log FROM t"],
	}
}
