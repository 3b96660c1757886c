//! `ban-drop-table` (`policies/destructive/ban_drop_table.rego`, `deny`).

use regorus::Value;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, names_of, quoted_names};
use crate::policy::native::value::{get, holds, is};
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
