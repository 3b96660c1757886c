package schemagate.rules.require_online_alter

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "require-online-alter",
	"title": "MySQL ALTER TABLE that copies the table or locks it",
	"severity": "warning",
	"category": "locking",
	"description": "MySQL and MariaDB run some ALTER TABLE operations by copying the whole table (ALGORITHM=COPY): writes are blocked for the whole copy, which takes as long as rewriting every row and index. The same happens when LOCK=SHARED or LOCK=EXCLUSIVE is requested. Without an explicit ALGORITHM, MySQL silently falls back to a copy when an online change is impossible. Tables created earlier in the same changeset are not flagged.",
	"help": "Ask for an online change explicitly so MySQL refuses instead of silently copying: `ALTER TABLE orders ADD COLUMN note text, ALGORITHM=INSTANT;` (MySQL 8.0.12+) or `ALTER TABLE orders ADD INDEX idx_customer (customer_id), ALGORITHM=INPLACE, LOCK=NONE;`. For changes that need a copy, use an online schema-change tool (gh-ost, pt-online-schema-change).",
	"dialects": ["mysql", "mariadb"],
	"aliases": ["bytebase:statement.disallow-offline-ddl", "bytebase:advice.online-migration"],
	"kinds": ["alter_table"],
}

# The impact model decides what blocks (one source of truth: the message
# never says writes wait where `impact` says they continue).
warn contains f if {
	lib.is_mysql
	some stmt in lib.forward_statements
	stmt.kind == "alter_table"
	not lib.is_new_table(stmt)
	stmt.impact.blocks_writes == true
	why := reason(stmt)
	table := lib.table_label(stmt)
	msg := sprintf("ALTER TABLE on %s %s: %s %s are blocked until it finishes", [table, why, blocked(stmt), table])
	f := lib.finding(meta, stmt, msg)
}

blocked(stmt) := "reads and writes of" if stmt.impact.blocks_reads == true
else := "writes to"

reason(stmt) := "asks for ALGORITHM=COPY, which copies the whole table" if lib.upper_text(stmt.algorithm) == "COPY"
else := sprintf("asks for LOCK=%s", [lib.upper_text(stmt.lock)]) if lib.upper_text(stmt.lock) in {"SHARED", "EXCLUSIVE"}
else := "copies the whole table (the change cannot be made in place)" if stmt.impact.rewrite == true
else := "takes a lock that blocks writes"
