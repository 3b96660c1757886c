//! `ban-drop-table` (`policies/destructive/ban_drop_table.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, names_of, quoted_names};
use crate::policy::native::value::{Value, get, holds, is};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "drop_table") && !is_new_table(stmt))
        .filter_map(|stmt| finding(meta, stmt, message(stmt, &names_of(stmt))))
        .collect()
}

fn message(stmt: &Value, names: &[&Value]) -> String {
    let cascade = if holds(get!(stmt, "cascade")) {
        "; CASCADE also drops the views and foreign keys that depend on it"
    } else {
        ""
    };
    let quoted = quoted_names(names.iter().copied());
    if names.len() == 1 {
        format!(
            "Dropping table {quoted} deletes all its rows and breaks every query and application version that still uses it{cascade}"
        )
    } else {
        format!(
            "Dropping tables {quoted} deletes all their rows and breaks every query and application version that still uses them{cascade}"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    #[test]
    fn one_table_many_tables_cascade_and_new_tables() {
        let found = same_findings(
            Dialect::Postgres,
            "SET lock_timeout = '1s';\nDROP TABLE a;\nDROP TABLE b, c CASCADE;\n\
             CREATE TABLE d (id int);\nDROP TABLE d;\n",
            serde_json::json!({}),
        );
        let drops: Vec<&String> = found
            .iter()
            .filter(|f| f.starts_with("ban-drop-table"))
            .collect();
        assert_eq!(
            drops,
            [
                "ban-drop-table error 2 Dropping table \"a\" deletes all its rows and breaks every query and application version that still uses it",
                "ban-drop-table error 3 Dropping tables \"b\", \"c\" deletes all their rows and breaks every query and application version that still uses them; CASCADE also drops the views and foreign keys that depend on it",
            ]
        );
    }
}
