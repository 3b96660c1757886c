//! Object names as the input document gives them: split into schema and
//! name, quotes removed, case as written.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

use super::{Name, Object, TableRef};

/// The unquoted text of one name part (function-valued parts, a dialect
/// oddity, are printed as written).
fn part_text(part: &ObjectNamePart) -> String {
    match part {
        ObjectNamePart::Identifier(ident) => ident.value.clone(),
        ObjectNamePart::Function(func) => func.to_string(),
    }
}

/// Was the last part of a name written quoted?
pub(crate) fn last_quoted(name: &ObjectName) -> bool {
    matches!(name.0.last(), Some(ObjectNamePart::Identifier(ident)) if ident.quote_style.is_some())
}

/// `(schema, name)`: the last part is the name, the one before it the schema
/// (a leading database or catalog part is dropped).
pub(crate) fn split(name: &ObjectName) -> (Option<String>, String) {
    let parts = &name.0;
    let mut rev = parts.iter().rev();
    let last = rev.next().map(part_text).unwrap_or_default();
    let schema = rev.next().map(part_text);
    (schema, last)
}

/// An object of the given type named by `name`.
pub(crate) fn object(kind: &str, name: &ObjectName) -> Object {
    let quoted = last_quoted(name);
    let (schema, name) = split(name);
    Object {
        kind: kind.to_string(),
        schema,
        name,
        quoted,
    }
}

/// An object named by a single identifier (roles, extensions, …).
pub(crate) fn object_ident(kind: &str, ident: &Ident) -> Object {
    Object {
        kind: kind.to_string(),
        schema: None,
        name: ident.value.clone(),
        quoted: ident.quote_style.is_some(),
    }
}

/// A table reference.
pub(crate) fn table(name: &ObjectName) -> TableRef {
    let quoted = last_quoted(name);
    let (schema, name) = split(name);
    TableRef {
        schema,
        name,
        quoted,
    }
}

/// A plain identifier.
pub(crate) fn ident(ident: &Ident) -> Name {
    Name {
        value: ident.value.clone(),
        quoted: ident.quote_style.is_some(),
    }
}

/// The last part of a name, unquoted (a column named `t.c` is `c`).
pub(crate) fn last(name: &ObjectName) -> String {
    split(name).1
}

/// The name as written but without quotes, parts joined with `.`.
pub(crate) fn dotted(name: &ObjectName) -> String {
    name.0.iter().map(part_text).collect::<Vec<_>>().join(".")
}
