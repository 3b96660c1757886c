//! `policies/lib/schemagate.rego` (`data.schemagate.lib`) for the native
//! rules: each function here is the helper of the same name there, with
//! the same answer on every document.

use crate::policy::native::value::Value;

use super::value::{get, int, is, is_array, is_object, is_true, items, show, text};
use super::{Doc, Meta};
use crate::policy::At;
use crate::policy::engine::RawFinding;

/// `lib.finding(meta, stmt, msg)`: a finding at the statement.
pub(crate) fn finding(meta: &Meta, stmt: &Value, msg: String) -> Option<RawFinding> {
    let help = meta.help.clone();
    at_statement(meta, stmt, msg, help)
}

/// `lib.finding_with_help(meta, stmt, msg, help)`.
pub(crate) fn finding_with_help(
    meta: &Meta,
    stmt: &Value,
    msg: String,
    help: String,
) -> Option<RawFinding> {
    at_statement(meta, stmt, msg, Some(help).filter(|h| !h.is_empty()))
}

fn at_statement(
    meta: &Meta,
    stmt: &Value,
    msg: String,
    help: Option<String>,
) -> Option<RawFinding> {
    let index = usize::try_from(int(get!(stmt, "index"))?).ok()?;
    Some(RawFinding {
        rule: meta.id.clone(),
        severity: meta.severity,
        message: msg,
        help,
        at: At::Statement(index),
    })
}

/// A finding at a changeset (`"at": {"changeset": i}`), with the rule's
/// help.
pub(crate) fn finding_at_changeset(meta: &Meta, index: &Value, msg: String) -> Option<RawFinding> {
    let index = usize::try_from(int(index)?).ok()?;
    Some(RawFinding {
        rule: meta.id.clone(),
        severity: meta.severity,
        message: msg,
        help: meta.help.clone(),
        at: At::Changeset(index),
    })
}

impl<'a> Doc<'a> {
    /// `input.statements`.
    pub(crate) fn statements(&self) -> &'a [Value] {
        items(get!(self.input, "statements"))
    }

    /// `lib.forward_statements`: the statements the document proposes to
    /// run, rollback statements left out.
    pub(crate) fn forward(&self) -> &[&'a Value] {
        self.cache.forward.get_or_init(|| {
            self.statements()
                .iter()
                .filter(|s| is(get!(s, "phase"), "forward"))
                .collect()
        })
    }

    /// `lib.alter_ops`: `(statement, operation)` for every forward ALTER
    /// TABLE operation (found once per document, as Rego computes a rule
    /// once per evaluation).
    pub(crate) fn alter_ops(&self) -> impl Iterator<Item = (&'a Value, &'a Value)> + '_ {
        self.cache
            .alter_ops
            .get_or_init(|| {
                self.forward()
                    .iter()
                    .filter(|s| is(get!(s, "kind"), "alter_table"))
                    .flat_map(|s| {
                        items(get!(s, "ops"))
                            .iter()
                            .filter(|op| is_object(op))
                            .map(move |op| (*s, op))
                    })
                    .collect()
            })
            .iter()
            .copied()
    }

    /// `lib.new_columns`: `(statement, column)` for every column created by
    /// CREATE TABLE, then by ADD COLUMN.
    pub(crate) fn new_columns(&self) -> Vec<(&'a Value, &'a Value)> {
        self.cache
            .new_columns
            .get_or_init(|| {
                let mut out: Vec<(&Value, &Value)> = self
                    .forward()
                    .iter()
                    .filter(|s| is(get!(s, "kind"), "create_table"))
                    .flat_map(|s| {
                        items(get!(s, "columns"))
                            .iter()
                            .filter(|c| is_object(c))
                            .map(move |c| (*s, c))
                    })
                    .collect();
                out.extend(
                    self.alter_ops()
                        .filter(|(_, op)| is(get!(op, "op"), "add_column"))
                        .filter(|(_, op)| is_object(get!(op, "column")))
                        .map(|(s, op)| (s, get!(op, "column"))),
                );
                out
            })
            .clone()
    }

    /// `lib.dialect`: the target dialect, `generic` when the document
    /// names none.
    pub(crate) fn dialect(&self) -> &'a str {
        self.cache
            .dialect
            .get_or_init(|| match get!(self.input, "target", "dialect") {
                Value::Undefined => "generic",
                Value::String(s) => s,
                // defined but not a string: equal to no dialect name
                _ => "",
            })
    }

    /// `lib.is_postgres`.
    pub(crate) fn is_postgres(&self) -> bool {
        self.dialect() == "postgres"
    }

    /// `lib.is_mysql`.
    pub(crate) fn is_mysql(&self) -> bool {
        matches!(self.dialect(), "mysql" | "mariadb")
    }

    /// `lib.pg_major`: the target's PostgreSQL major version, or
    /// [`ASSUMED_PG_MAJOR`].
    pub(crate) fn pg_major(&self) -> f64 {
        text(get!(self.input, "target", "version"))
            .and_then(|v| {
                let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<f64>().ok()
            })
            .unwrap_or(ASSUMED_PG_MAJOR)
    }

    /// `lib.pg_version_at_least(n)`.
    pub(crate) fn pg_version_at_least(&self, n: f64) -> bool {
        self.pg_major() >= n
    }

    /// `lib.param(meta, name, default)`: the configured value, `None` when
    /// the configuration gives none.
    pub(crate) fn param(&self, meta: &Meta, name: &str) -> Option<&'a Value> {
        let entry = |object: &'a Value, key: &str| {
            let value = object.as_object()?.get(key);
            (*value != Value::Undefined).then_some(value)
        };
        entry(entry(self.params, &meta.id)?, name)
    }

    /// `lib.no_transaction_help`: how to run a statement outside a
    /// transaction, for the migration tool that produced the changelog.
    pub(crate) fn no_transaction_help(&self) -> &'static str {
        match text(get!(self.input, "source", "format")).unwrap_or_default() {
            "flyway" => {
                "Flyway wraps each migration in a transaction: add `executeInTransaction=false` to a `<script>.sql.conf` file next to the script (for example `V5__add_index.sql.conf`), and keep the statement alone in its migration."
            }
            "liquibase" => {
                "Liquibase runs each changeset in a transaction: set `runInTransaction: false` (XML `runInTransaction=\"false\"`) on the changeset, and keep the statement alone in it."
            }
            "golang-migrate" => {
                "golang-migrate sends a migration file as one multi-statement query, which PostgreSQL runs as a single implicit transaction: put the statement alone in its own migration file (or use `x-multi-statement=true`)."
            }
            "dbmate" => {
                "dbmate wraps each migration in a transaction: write `-- migrate:up transaction:false` and keep the statement alone in the migration."
            }
            "sqlx" => {
                "sqlx wraps each migration in a transaction: start the file with `-- no-transaction`."
            }
            "diesel" => {
                "diesel wraps each migration in a transaction: add `run_in_transaction = false` to the migration's `metadata.toml`."
            }
            _ => {
                "Run the statement outside any transaction block (autocommit), alone in its migration."
            }
        }
    }
}

/// `lib.assumed_pg_major`.
pub(crate) const ASSUMED_PG_MAJOR: f64 = 14.0;

/// `lib.is_new_table(stmt)`: created by the proposal.
pub(crate) fn is_new_table(stmt: &Value) -> bool {
    is_true(get!(stmt, "table", "new"))
}

/// `lib.name_of(obj)`: `schema.name`, or `name`; `None` when the object
/// has no name.
pub(crate) fn name_of(obj: &Value) -> Option<String> {
    let name = get!(obj, "name");
    if *name == Value::Undefined {
        return None;
    }
    match text(get!(obj, "schema")) {
        Some(schema) => Some(format!("{schema}.{}", show(name))),
        None => Some(show(name)),
    }
}

/// `lib.table_label(stmt)`: the statement's table as messages show it,
/// `"orders"`; `None` when it names no table the parser could read.
pub(crate) fn table_label(stmt: &Value) -> Option<String> {
    let table = get!(stmt, "table");
    if is_object(table) && text(get!(table, "name")).is_some() {
        return name_of(table).map(|n| format!("\"{n}\""));
    }
    let object = get!(stmt, "object");
    if is_object(object)
        && is(get!(object, "type"), "table")
        && text(get!(object, "name")).is_some()
    {
        return name_of(object).map(|n| format!("\"{n}\""));
    }
    None
}

/// `lib.names_of(stmt)`: the objects a statement names, else its
/// `object`, else none.
pub(crate) fn names_of(stmt: &Value) -> Vec<&Value> {
    let names = get!(stmt, "names");
    if is_array(names) && !items(names).is_empty() {
        return items(names).iter().collect();
    }
    let object = get!(stmt, "object");
    if is_object(object) {
        return vec![object];
    }
    Vec::new()
}

/// `lib.quoted_names(objs)`: every object quoted, `"a", "b"`; `(unnamed)`
/// for none.
pub(crate) fn quoted_names<'v>(objs: impl IntoIterator<Item = &'v Value>) -> String {
    let objs: Vec<&Value> = objs.into_iter().collect();
    if objs.is_empty() {
        return "(unnamed)".into();
    }
    objs.iter()
        .filter(|o| is_object(o))
        .filter_map(|o| name_of(o))
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `lib.is_serial(type_name)`: serial types carry an implicit nextval()
/// default.
pub(crate) fn is_serial(type_name: &Value) -> bool {
    text(type_name).is_some_and(|t| {
        matches!(
            t.to_lowercase().as_str(),
            "serial" | "serial2" | "serial4" | "serial8" | "smallserial" | "bigserial"
        )
    })
}

/// `lib.upper_text(x)`: upper case of a string, `""` for anything else.
pub(crate) fn upper_text(value: &Value) -> String {
    text(value).map(str::to_uppercase).unwrap_or_default()
}

/// `lib.kind_words(kind)`: `create_index` → `CREATE INDEX`.
pub(crate) fn kind_words(kind: &str) -> String {
    kind.replace('_', " ").to_uppercase()
}
