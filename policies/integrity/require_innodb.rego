package schemagate.rules.require_innodb

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-innodb",
	"title": "MySQL table not on InnoDB",
	"severity": "warning",
	"category": "integrity",
	"description": "A MySQL/MariaDB table created with another storage engine than InnoDB (MyISAM, MEMORY, ARCHIVE…) has no transactions, no crash recovery and no foreign keys, and locks the whole table for every write; replication and backups treat it differently. Bytebase's engine.mysql.use-innodb. Temporary tables are not flagged.",
	"help": "Leave `ENGINE` out (InnoDB is the default) or write `ENGINE=InnoDB`: `CREATE TABLE events (…) ENGINE=InnoDB;`.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:engine.mysql.use-innodb"],
	"kinds": ["create_table"],
}

warn contains f if {
	lib.is_mysql
	some stmt in lib.forward_statements
	stmt.kind == "create_table"
	object.get(stmt, "temporary", false) == false
	engine := object.get(stmt, "engine", null)
	is_string(engine)
	engine != "innodb"
	msg := sprintf(`Table "%s" is created with ENGINE=%s: no transactions, crash recovery or foreign keys, and every write locks the whole table`, [lib.name_of(stmt.object), engine])
	f := lib.finding(meta, stmt, msg)
}
