//! `ban-drop-database` (`policies/destructive/ban_drop_database.rego`,
//! `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, names_of, quoted_names};
use crate::policy::native::value::{get, is};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "drop_database"))
        .filter_map(|stmt| {
            let msg = format!(
                "Dropping database {} deletes every table and all data in it",
                quoted_names(names_of(stmt))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn drop_database() {
        for dialect in [Dialect::Postgres, Dialect::Mysql] {
            let found: Vec<String> = same_findings(
                dialect,
                "DROP DATABASE shop;\nCREATE TABLE t (id int);\n",
                serde_json::json!({}),
            )
            .into_iter()
            .filter(|f| f.starts_with("ban-drop-database "))
            .collect();
            assert_eq!(
                found,
                [
                    "ban-drop-database error 1 Dropping database \"shop\" deletes every table and all data in it"
                ]
            );
        }
    }
}
