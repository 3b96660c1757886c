//! Helpers the native `security` rules share.

use std::collections::BTreeSet;

use crate::policy::native::lib::quoted_names;
use crate::policy::native::value::{Value, count, items, text};

/// `{lower(x) | some x in value; is_string(x)}`.
pub(super) fn lower_strings(value: &Value) -> BTreeSet<String> {
    crate::policy::native::value::members(value)
        .filter_map(text)
        .map(str::to_lowercase)
        .collect()
}

/// `on_objects(stmt)` of `ban-grant-all` and `ban-grant-to-public`:
/// ` ON "a", "b"` when `stmt.objects` counts some, else `""`.
pub(super) fn on_objects(objects: &Value) -> String {
    if count(objects).is_some_and(|n| n > 0) {
        format!(" ON {}", quoted_names(items(objects)))
    } else {
        String::new()
    }
}
