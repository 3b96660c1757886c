//! `ban-truncate-cascade` (`policies/destructive/ban_truncate_cascade.rego`,
//! `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, names_of, quoted_names};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "truncate")
                && is_true(get!(stmt, "cascade"))
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| {
            let msg = format!(
                "TRUNCATE {} CASCADE also empties every table with a foreign key to it, and the tables referencing those, whether the statement names them or not",
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
    fn only_cascade_on_existing_tables() {
        let found: Vec<String> = same_findings(
            Dialect::Postgres,
            "TRUNCATE a;\nTRUNCATE b, s.c CASCADE;\nCREATE TABLE d (id int);\nTRUNCATE d CASCADE;\n",
            serde_json::json!({}),
        )
        .into_iter()
        .filter(|f| f.starts_with("ban-truncate-cascade "))
        .collect();
        assert_eq!(
            found,
            [
                "ban-truncate-cascade error 2 TRUNCATE \"b\", \"s.c\" CASCADE also empties every table with a foreign key to it, and the tables referencing those, whether the statement names them or not"
            ]
        );
    }
}
