//! Helpers the native `security` rules share.

use std::collections::BTreeSet;

use regorus::Value;

use crate::policy::native::lib::quoted_names;
use crate::policy::native::value::{count, items, text};

/// The values `some x in value` binds: an array's elements, an object's
/// values, a set's elements; none for anything else.
pub(super) fn members(value: &Value) -> impl Iterator<Item = &Value> {
    let object = match value {
        Value::Object(o) => Some(o.values()),
        _ => None,
    };
    let set = match value {
        Value::Set(s) => Some(s.iter()),
        _ => None,
    };
    items(value)
        .iter()
        .chain(object.into_iter().flatten())
        .chain(set.into_iter().flatten())
}

/// `{lower(x) | some x in value; is_string(x)}`.
pub(super) fn lower_strings(value: &Value) -> BTreeSet<String> {
    members(value)
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
