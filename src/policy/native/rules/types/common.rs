//! What several `types` rules share: finding the new columns and the
//! column type changes whose type a rule objects to.

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{Value, defined, get, is, show, text};
use crate::policy::native::{Doc, Meta};

/// `lower(trim_space(type_name))`.
pub(super) fn folded(type_name: &str) -> String {
    type_name.trim().to_lowercase()
}

/// The findings of the two `warn` bodies most `types` rules have:
///
/// ```rego
/// some [stmt, col] in lib.new_columns
/// matches(col.type)
/// f := lib.finding(meta, stmt, created(col.name, col.type))
/// ```
///
/// and
///
/// ```rego
/// some [stmt, op] in lib.alter_ops
/// op.op in ops
/// matches(op.type)
/// f := lib.finding(meta, stmt, changed(op.column, op.type))
/// ```
///
/// `matches` is given only strings (every rule's test starts with
/// `is_string`), `created` and `changed` the column's name as `%s` shows
/// it and the type; a column with no name gives no finding.
pub(super) fn column_type_findings(
    doc: &Doc<'_>,
    meta: &Meta,
    ops: &[&str],
    matches: impl Fn(&str) -> bool,
    created: impl Fn(&str, &str) -> String,
    changed: impl Fn(&str, &str) -> String,
) -> Vec<RawFinding> {
    let mut out: Vec<RawFinding> = doc
        .new_columns()
        .into_iter()
        .filter_map(|(stmt, col)| {
            let type_name = text(get!(col, "type")).filter(|t| matches(t))?;
            let name = defined(get!(col, "name"))?;
            finding(meta, stmt, created(&show(name), type_name))
        })
        .collect();
    out.extend(doc.alter_ops().filter_map(|(stmt, op)| {
        if !ops.iter().any(|o| is(get!(op, "op"), o)) {
            return None;
        }
        let type_name = text(get!(op, "type")).filter(|t| matches(t))?;
        let column = defined(get!(op, "column"))?;
        finding(meta, stmt, changed(&show(column), type_name))
    }));
    out
}

static INTEGER: std::sync::LazyLock<Option<regex::Regex>> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^(tiny|small|medium|big)?int(eger)?\b").ok());

/// `regex.match(`^(tiny|small|medium|big)?int(eger)?\b`, lower(trim_space(type_name)))`,
/// the MySQL integer types of the `auto-increment-*` rules.
pub(super) fn integer_like(type_name: &str) -> bool {
    INTEGER
        .as_ref()
        .is_some_and(|re| re.is_match(&folded(type_name)))
}

/// `(stmt, col, type)` for every new column that is an identity
/// (`col.generated == "identity"`, MySQL's AUTO_INCREMENT) with a type
/// (`is_string(col.type)`).
pub(super) fn new_identity_columns<'a>(doc: &Doc<'a>) -> Vec<(&'a Value, &'a Value, &'a str)> {
    doc.new_columns()
        .into_iter()
        .filter(|(_, col)| is(get!(col, "generated"), "identity"))
        .filter_map(|(stmt, col)| Some((stmt, col, text(get!(col, "type"))?)))
        .collect()
}
