package schemagate.rules.ban_uncommitted_transaction

import data.schemagate.lib
import rego.v1

schema_version := 2

meta := {
	"id": "ban-uncommitted-transaction",
	"title": "BEGIN without COMMIT",
	"severity": "warning",
	"category": "hygiene",
	"description": "A `BEGIN` with no `COMMIT` (or `ROLLBACK`) after it in the migration leaves a transaction open when the script ends: depending on the tool and the driver it is committed, rolled back or the connection is left idle in transaction, holding every lock the migration took.",
	"help": "End the transaction in the same migration: `BEGIN; … COMMIT;`, or leave both out and let the tool's transaction hold the migration.",
	"dialects": [],
	"aliases": ["squawk:ban-uncommitted-transaction"],
	"kinds": ["begin"],
}

warn contains f if {
	some stmt in lib.forward_statements
	stmt.kind == "begin"
	not closed_after(stmt.index)
	f := lib.finding(meta, stmt, "BEGIN without a COMMIT or ROLLBACK later in the migration: the transaction is still open when the script ends, holding every lock taken since")
}

closed_after(i) if {
	some s in lib.forward_statements
	s.kind in {"commit", "rollback"}
	s.index > i
}

# a later statement the gate cannot read may end it (T-SQL's
# `IF @ok = 0 COMMIT TRAN ELSE ROLLBACK TRAN`, procedural code)
closed_after(i) if {
	some s in lib.forward_statements
	s.index > i
	may_close(s)
}

may_close(s) if s.analyzed == false

may_close(s) if s.kind in {"other", "unknown", "do", "execute", "call"}
