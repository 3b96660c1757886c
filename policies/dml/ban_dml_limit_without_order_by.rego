package schemagate.rules.ban_dml_limit_without_order_by

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-dml-limit-without-order-by",
	"title": "UPDATE/DELETE … LIMIT without ORDER BY",
	"severity": "warning",
	"category": "dml",
	"description": "MySQL and MariaDB accept `LIMIT` on a single-table `UPDATE` or `DELETE`; without an `ORDER BY` on a unique key, which rows it touches depends on the plan the server picks, so the same migration changes different rows in each environment, and on a replica fed statement-based binary logs different rows than on the source (MySQL logs it as an unsafe statement). Bytebase's statement.disallow-limit.",
	"help": "Say which rows: a `WHERE` that selects exactly them, or `ORDER BY` a unique key with the `LIMIT` (`DELETE FROM sessions WHERE expires_at < NOW() ORDER BY id LIMIT 10000;`), and run the batches from a job rather than a migration.",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:statement.disallow-limit"],
	"kinds": ["update", "delete"],
}

warn contains f if {
	lib.is_mysql
	some stmt in lib.forward_statements
	stmt.kind in {"update", "delete"}
	stmt.limit == true
	object.get(stmt, "order_by", false) == false
	label := lib.table_label(stmt)
	msg := sprintf(`%s on %s has a LIMIT without ORDER BY: which rows it changes depends on the server's plan, and can differ between environments and on statement-based replicas`, [upper(stmt.kind), label])
	f := lib.finding(meta, stmt, msg)
}
