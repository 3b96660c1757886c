package schemagate.rules.require_concurrent_partition_detach_test

import data.schemagate.rules.require_concurrent_partition_detach as rule
import data.schemagate.test.fixtures as fx
import rego.v1

detach(concurrently) := fx.alter_table(0, fx.existing_table("events"), [{"op": "detach_partition", "name": "events_2023", "concurrently": concurrently}])

test_plain_detach_warns if {
	findings := rule.warn with input as fx.pg([detach(false)])
	count(findings) == 1
	some f in findings
	f.rule == "require-concurrent-partition-detach"
	f.at == 0
	f.msg == `Detaching partition "events_2023" from "events" without CONCURRENTLY locks "events" and all its partitions against reads and writes`
}

test_concurrent_detach_passes if {
	count(rule.warn) == 0 with input as fx.pg([detach(true)])
}
