//! `prefer-repack` (`policies/locking/prefer_repack.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, table_label};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter_map(|stmt| {
            let kind = get!(stmt, "kind");
            let what = if is(kind, "vacuum") && is_true(get!(stmt, "full")) {
                "VACUUM FULL"
            } else if is(kind, "cluster") {
                "CLUSTER"
            } else {
                return None;
            };
            if is_new_table(stmt) {
                return None;
            }
            let target =
                table_label(stmt).unwrap_or_else(|| "every table of the database".to_string());
            let msg = format!(
                "{what} on {target} rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends"
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("prefer-repack "))
            .collect()
    }

    #[test]
    fn vacuum_full_and_cluster_on_a_table_or_every_table() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "VACUUM FULL orders;\nVACUUM FULL;\nVACUUM orders;\nCLUSTER orders USING orders_pkey;\n\
                 CLUSTER;\nCREATE TABLE n (id int);\nVACUUM FULL n;\nCLUSTER n;\n",
            ),
            [
                "prefer-repack warning 1 VACUUM FULL on \"orders\" rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends",
                "prefer-repack warning 2 VACUUM FULL on every table of the database rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends",
                "prefer-repack warning 4 CLUSTER on \"orders\" rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends",
                "prefer-repack warning 5 CLUSTER on every table of the database rewrites it under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the rewrite ends",
            ]
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(found(Dialect::Mysql, "VACUUM FULL orders;\n").is_empty());
    }
}
