//! A change's parameters written out as Liquibase's
//! `StringChangeLogSerializer` writes them for the checksum: `name:[`, one
//! `field="value"` line per parameter that is not null (sorted, as a
//! `TreeSet`), nested columns in order, `]`. Only the change type's real
//! parameters count, with their defaults, and values are first converted
//! as Liquibase's setters convert them.

use super::fields::{
    ADD_COLUMN_FIELDS, CHANGE_FIELDS, COLUMN_FIELDS, CONSTRAINTS_FIELDS, LOAD_DATA_COLUMN_FIELDS,
};
use crate::source::ParsedNode;
use crate::source::node::SpannedValue;

/// Fields a change type leaves out of its generic form (v9).
fn excluded_fields(change: &str) -> &'static [&'static str] {
    match change {
        "createProcedure" => &[
            "path",
            "dbms",
            "relativeToChangelogFile",
            "procedureText",
            "encoding",
            "comments",
        ],
        "createView" => &["path", "relativeToChangelogFile", "selectQuery", "encoding"],
        "createTable" => &["ifNotExists"],
        "createIndex" => &["associatedWith"],
        // its setter does nothing (deprecated)
        "addForeignKeyConstraint" => &["referencesUniqueColumn"],
        _ => &[],
    }
}

/// `name:[…]`: a change's parameters as `StringChangeLogSerializer` writes
/// them.
pub(crate) fn serialize_change(node: &ParsedNode) -> String {
    let skip = excluded_fields(&node.name);
    if node.name == "customChange" {
        return format!("customChange:{}", custom_change(node, 1));
    }
    let shaped = parameters(node);
    let mut lines = object_lines(&shaped, 1, skip);
    // an empty column list still prints (but dropColumn hides it)
    let has_columns = CHANGE_FIELDS
        .iter()
        .any(|(n, f)| *n == node.name && f.iter().any(|(k, _)| *k == "columns"));
    if has_columns && node.name != "dropColumn" && shaped.children.is_empty() {
        lines.push(format!("{}columns=[]", indent(1)));
    }
    format!("{}:{}", node.name, wrap(lines, 1))
}

/// The change as Liquibase holds it: only its parameters (what else is
/// written is ignored), defaults filled in, columns and constraints with
/// only their own fields. A change type we do not know keeps everything.
fn parameters(node: &ParsedNode) -> ParsedNode {
    let Some((_, fields)) = CHANGE_FIELDS.iter().find(|(n, _)| *n == node.name) else {
        return node.clone();
    };
    let mut out = node.clone();
    let names: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
    out.attrs = canonical(&node.attrs, &names);
    for (f, default) in fields.iter() {
        if let Some(d) = default
            && out.attr(f).is_none()
        {
            out.attrs.push((
                (*f).to_string(),
                SpannedValue {
                    value: (*d).to_string(),
                    span: node.span,
                },
            ));
        }
    }
    if node.name == "output" {
        // an empty target prints as null
        out.attrs
            .retain(|(k, v)| k != "target" || !v.value.is_empty());
    }
    let column_fields: Vec<&str> = match node.name.as_str() {
        "addColumn" => ADD_COLUMN_FIELDS.to_vec(),
        // createIndex clears what does not belong to an index column
        "createIndex" => ADD_COLUMN_FIELDS
            .iter()
            .copied()
            .filter(|f| !INDEX_CLEARED.contains(f))
            .collect(),
        "loadData" | "loadUpdateData" => LOAD_DATA_COLUMN_FIELDS.to_vec(),
        _ => COLUMN_FIELDS.to_vec(),
    };
    let has_columns = fields.iter().any(|(f, _)| *f == "columns");
    out.children = node
        .children
        .iter()
        .filter(|c| has_columns && c.name == "column")
        .map(|c| {
            let mut col = only(c, &column_fields);
            col.children = c
                .children
                .iter()
                .filter(|k| k.name == "constraints" && node.name != "createIndex")
                .map(|k| only(k, CONSTRAINTS_FIELDS))
                .collect();
            col
        })
        .collect();
    out
}

/// What `CreateIndexChange` sets to null on its columns before they print.
const INDEX_CLEARED: &[&str] = &[
    "type",
    "autoIncrement",
    "constraints",
    "defaultValue",
    "value",
    "startWith",
    "incrementBy",
    "encoding",
    "remarks",
];

/// `node` with only the attributes named in `fields` and no children.
fn only(node: &ParsedNode, fields: &[&str]) -> ParsedNode {
    let mut out = node.clone();
    out.attrs = canonical(&node.attrs, fields);
    out.children.clear();
    out
}

/// The attributes that name one of `fields`, in any case (Liquibase sets
/// `primarykey` as `primaryKey`), renamed to the field's own spelling.
fn canonical(attrs: &[(String, SpannedValue)], fields: &[&str]) -> Vec<(String, SpannedValue)> {
    attrs
        .iter()
        .filter_map(|(k, v)| {
            let field = fields.iter().find(|f| f.eq_ignore_ascii_case(k))?;
            Some(((*field).to_string(), v.clone()))
        })
        .collect()
}

fn indent(n: usize) -> String {
    " ".repeat(4 * n)
}

/// One serialisable object: its non-null fields, one per line, sorted.
fn object(node: &ParsedNode, depth: usize, skip: &[&str]) -> String {
    wrap(object_lines(node, depth, skip), depth)
}

/// `[` the sorted, distinct lines `]` (a `TreeSet` in Liquibase).
fn wrap(mut lines: Vec<String>, depth: usize) -> String {
    lines.sort();
    lines.dedup();
    if lines.is_empty() {
        format!("[{}]", indent(depth - 1))
    } else {
        format!("[\n{}\n{}]", lines.join("\n"), indent(depth - 1))
    }
}

/// An object's fields, one line each, unsorted.
fn object_lines(node: &ParsedNode, depth: usize, skip: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for (name, v) in &node.attrs {
        if skip.contains(&name.as_str()) {
            continue;
        }
        if let Some((field, value)) = field_value(name, &v.value) {
            fields.retain(|(f, _)| *f != field);
            fields.push((field, value));
        }
    }
    for (field, value) in fields {
        lines.push(format!("{}{field}=\"{value}\"", indent(depth)));
    }
    // nested objects: `constraints` has no field name of its own in the
    // output; repeated children (`column`, `param`) form a collection
    let mut collections: Vec<(String, Vec<&ParsedNode>)> = Vec::new();
    for c in &node.children {
        if c.name == "constraints" {
            lines.push(format!("{}{}", indent(depth), object(c, depth + 1, &[])));
            continue;
        }
        let field = format!("{}s", c.name);
        match collections.iter_mut().find(|(f, _)| *f == field) {
            Some((_, items)) => items.push(c),
            None => collections.push((field, vec![c])),
        }
    }
    for (field, items) in collections {
        let inner: Vec<String> = items
            .iter()
            .map(|c| format!("{}{}", indent(depth + 1), object(c, depth + 2, &[])))
            .collect();
        lines.push(format!(
            "{}{field}=[\n{}\n{}]",
            indent(depth),
            inner.join(",\n"),
            indent(depth)
        ));
    }
    lines
}

/// The field a written attribute sets and its value as Java prints it;
/// `None` when it sets nothing.
fn field_value(name: &str, value: &str) -> Option<(String, String)> {
    let computed = |n: &str| {
        n.replace("Numeric", "Computed")
            .replace("Boolean", "Computed")
    };
    match name {
        "valueNumeric" | "defaultValueNumeric" => {
            if value.eq_ignore_ascii_case("null") {
                return None;
            }
            if name == "defaultValueNumeric" && value == "GENERATED_BY_DEFAULT" {
                return Some(("autoIncrement".into(), "true".into()));
            }
            let v = value.strip_prefix('(').unwrap_or(value);
            let v = v.strip_suffix(')').unwrap_or(v);
            if starts_numeric(v) {
                Some((name.into(), v.into()))
            } else {
                Some((computed(name), value.into()))
            }
        }
        "valueBoolean" | "defaultValueBoolean" => {
            let v = value.trim();
            if v.is_empty() || v.eq_ignore_ascii_case("null") {
                None
            } else if v.eq_ignore_ascii_case("true") || v == "1" {
                Some((name.into(), "true".into()))
            } else if v.eq_ignore_ascii_case("false") || v == "0" {
                Some((name.into(), "false".into()))
            } else {
                Some((computed(name), v.into()))
            }
        }
        "valueDate" | "defaultValueDate" => {
            let v = value.trim();
            if v.is_empty() || v.eq_ignore_ascii_case("null") {
                None
            } else {
                match iso_date(v) {
                    Some(d) => Some((name.into(), d)),
                    // not a date: Liquibase takes it for a function
                    None => Some((name.replace("Date", "Computed"), v.into())),
                }
            }
        }
        // free text: kept as written
        "value" | "defaultValue" | "remarks" | "where" | "sql" => Some((name.into(), value.into())),
        _ if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") => {
            Some((name.into(), value.to_ascii_lowercase()))
        }
        _ => Some((name.into(), value.into())),
    }
}

/// An ISO date, time or timestamp (`2020-01-02`, `10:00:00`,
/// `2020-01-02T10:00:00[.f]`): Liquibase prints it back as written (checked
/// on the corpus); `None` when it is not one.
fn iso_date(v: &str) -> Option<String> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let is_date = |d: &str| {
        let p: Vec<&str> = d.split('-').collect();
        p.len() == 3 && digits(p[0], 4) && digits(p[1], 2) && digits(p[2], 2)
    };
    let is_time = |t: &str| {
        let p: Vec<&str> = t.split(':').collect();
        p.len() == 3 && p.iter().all(|x| digits(x, 2))
    };
    if is_date(v) || is_time(v) {
        return Some(v.to_string());
    }
    let (date, rest) = v.split_at_checked(10)?;
    let time = rest.strip_prefix(['T', ' '])?;
    let (time, fraction) = time.split_once('.').unwrap_or((time, "0"));
    (is_date(date) && is_time(time) && fraction.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.to_string())
}

/// What `NumberFormat.parse` accepts at the start of a value.
fn starts_numeric(v: &str) -> bool {
    let t = v.strip_prefix('-').unwrap_or(v);
    t.starts_with(|c: char| c.is_ascii_digit())
        || (t.starts_with('.') && t[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// `customChange`: its class and its parameters as a sorted map.
fn custom_change(node: &ParsedNode, depth: usize) -> String {
    let mut lines = Vec::new();
    if let Some(class) = node.attr("class") {
        lines.push(format!("{}class=\"{class}\"", indent(depth)));
    }
    let mut params: Vec<(String, String)> = node
        .children_named("param")
        .filter_map(|p| {
            let name = p.attr("name")?.to_string();
            let value = p
                .attr("value")
                .map(str::to_string)
                .or_else(|| p.text.as_ref().map(|t| t.text.trim().to_string()))?;
            Some((name, value))
        })
        .collect();
    params.sort();
    params.dedup_by(|a, b| a.0 == b.0);
    if params.is_empty() {
        // an empty map still prints
        lines.push(format!("{}param=[]", indent(depth)));
    } else {
        let inner: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}{k}=\"{v}\"", indent(depth + 1)))
            .collect();
        lines.push(format!(
            "{}param={{\n{}\n{}}}",
            indent(depth),
            inner.join(",\n"),
            indent(depth)
        ));
    }
    lines.sort();
    if lines.is_empty() {
        format!("[{}]", indent(depth - 1))
    } else {
        format!("[\n{}\n{}]", lines.join("\n"), indent(depth - 1))
    }
}

/// A `modifySql` visitor (`<replace replace=… with=…/>`): its own fields
/// and `applyToRollback`, which is always written.
pub(crate) fn serialize_visitor(node: &ParsedNode, apply_to_rollback: bool) -> String {
    let mut v = node.clone();
    v.attrs
        .retain(|(k, _)| !matches!(k.as_str(), "dbms" | "context" | "contextFilter" | "labels"));
    v.attrs.push((
        "applyToRollback".into(),
        SpannedValue {
            value: apply_to_rollback.to_string(),
            span: node.span,
        },
    ));
    format!("{}:{}", node.name, object(&v, 1, &[]))
}
