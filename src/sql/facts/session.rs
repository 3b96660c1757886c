//! Session and utility statements: `SET`/`RESET`, transactions, `LOCK`,
//! maintenance (`VACUUM`, `ANALYZE`), `USE`, `PRAGMA`, `CALL`, `EXECUTE`.
//! Anything else that parsed is `other`.

use serde_json::Value;
use sqlparser::ast::{ContextModifier, Expr, Reset, Set, Statement, Use, Value as SqlValue};

use super::{Facts, names};

/// A value as the user means it: string literals without their quotes,
/// anything else as written.
fn value_text(expr: &Expr) -> String {
    match expr {
        Expr::Value(v) => match &v.value {
            SqlValue::SingleQuotedString(s)
            | SqlValue::DoubleQuotedString(s)
            | SqlValue::EscapedStringLiteral(s)
            | SqlValue::NationalStringLiteral(s) => s.clone(),
            other => other.to_string(),
        },
        Expr::Identifier(ident) => ident.value.clone(),
        other => other.to_string(),
    }
}

fn values_text(values: &[Expr]) -> String {
    values.iter().map(value_text).collect::<Vec<_>>().join(", ")
}

fn set(variable: String, value: String, local: bool) -> Facts {
    let mut f = Facts::of_kind("set");
    f.set("variable", variable.to_ascii_lowercase());
    f.set("value", value);
    f.set("local", local);
    f
}

fn from_set(s: &Set) -> Facts {
    match s {
        Set::SingleAssignment {
            scope,
            variable,
            values,
            ..
        } => set(
            names::dotted(variable),
            values_text(values),
            matches!(scope, Some(ContextModifier::Local)),
        ),
        Set::ParenthesizedAssignments { variables, values } => set(
            variables
                .iter()
                .map(names::dotted)
                .collect::<Vec<_>>()
                .join(", "),
            values_text(values),
            false,
        ),
        // MySQL `SET a = 1, b = 2`: the first assignment is reported.
        Set::MultipleAssignments { assignments } => match assignments.first() {
            Some(a) => set(
                names::dotted(&a.name),
                value_text(&a.value),
                matches!(a.scope, Some(ContextModifier::Local)),
            ),
            None => Facts::of_kind("set"),
        },
        Set::SetTimeZone { local, value } => set("timezone".into(), value_text(value), *local),
        Set::SetRole {
            context_modifier,
            role_name,
        } => set(
            "role".into(),
            role_name
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_else(|| "NONE".into()),
            matches!(context_modifier, Some(ContextModifier::Local)),
        ),
        Set::SetNames { charset_name, .. } => {
            set("names".into(), charset_name.value.clone(), false)
        }
        Set::SetNamesDefault {} => set("names".into(), "DEFAULT".into(), false),
        Set::SetTransaction { .. } => {
            let text = s.to_string();
            let value = text
                .split_once("TRANSACTION")
                .map(|(_, rest)| rest.trim().to_string())
                .unwrap_or_default();
            set("transaction".into(), value, false)
        }
        Set::SetSessionAuthorization(param) => {
            set("session_authorization".into(), param.to_string(), false)
        }
        // SQL Server `SET IDENTITY_INSERT t ON`, `SET STATISTICS IO ON`, …:
        // the variable is the words before the value.
        Set::SetSessionParam(param) => {
            let text = param.to_string();
            match text.rsplit_once(' ') {
                Some((variable, value)) => set(variable.to_string(), value.to_string(), false),
                None => set(text, String::new(), false),
            }
        }
    }
}

pub(super) fn from_session(ast: &Statement) -> Facts {
    match ast {
        Statement::Set(s) => from_set(s),
        Statement::Reset(r) => {
            let mut f = Facts::of_kind("reset");
            let variable = match &r.reset {
                Reset::ALL => "all".to_string(),
                Reset::SessionAuthorization => "session_authorization".to_string(),
                Reset::ConfigurationParameter(name) => names::dotted(name).to_ascii_lowercase(),
            };
            f.set("variable", variable);
            f
        }
        // A T-SQL / PL `BEGIN … END` block is not a transaction.
        Statement::StartTransaction {
            statements,
            has_end_keyword,
            ..
        } => {
            if statements.is_empty() && !has_end_keyword {
                Facts::of_kind("begin")
            } else {
                Facts::of_kind("other")
            }
        }
        Statement::Commit { .. } => Facts::of_kind("commit"),
        Statement::Rollback { savepoint, .. } => {
            let mut f = Facts::of_kind("rollback");
            if let Some(sp) = savepoint {
                f.set("savepoint", sp.value.clone());
            }
            f
        }
        Statement::Savepoint { .. } => Facts::of_kind("savepoint"),
        Statement::Lock(lock) => {
            let objects: Vec<_> = lock
                .tables
                .iter()
                .map(|t| names::object("table", &t.name))
                .collect();
            locked(objects)
        }
        Statement::LockTables { tables } => {
            let objects = tables
                .iter()
                .map(|t| names::object_ident("table", &t.table))
                .collect();
            locked(objects)
        }
        Statement::Vacuum(v) => {
            let mut f = Facts::of_kind("vacuum");
            if let Some(name) = &v.table_name {
                f = f.with_object(names::object("table", name));
            }
            f.set("full", v.full);
            f
        }
        Statement::Analyze(a) => match &a.table_name {
            Some(name) => Facts::of_kind("analyze").with_object(names::object("table", name)),
            None => Facts::of_kind("analyze"),
        },
        Statement::Use(u) => {
            let object = match u {
                Use::Catalog(n) => Some(names::object("catalog", n)),
                Use::Schema(n) => Some(names::object("schema", n)),
                Use::Database(n) | Use::Object(n) => Some(names::object("database", n)),
                Use::Warehouse(n) => Some(names::object("warehouse", n)),
                Use::Role(n) => Some(names::object("role", n)),
                Use::SecondaryRoles(_) | Use::Default => None,
            };
            let mut f = Facts::of_kind("use");
            f.object = object;
            f
        }
        Statement::Pragma { name, value, .. } => {
            let mut f = Facts::of_kind("pragma");
            f.set("variable", names::dotted(name).to_ascii_lowercase());
            f.set(
                "value",
                value
                    .as_ref()
                    .map(|v| Value::from(value_text(&Expr::Value(v.clone()))))
                    .unwrap_or(Value::Null),
            );
            f
        }
        Statement::Call(func) => {
            Facts::of_kind("call").with_object(names::object("procedure", &func.name))
        }
        Statement::Execute { name, .. } => {
            let mut f = Facts::of_kind("execute");
            f.object = name.as_ref().map(|n| names::object("procedure", n));
            f
        }
        _ => Facts::of_kind("other"),
    }
}

fn locked(objects: Vec<super::Object>) -> Facts {
    let mut f = Facts::of_kind("lock_table");
    if let Some(first) = objects.first().cloned() {
        f = f.with_object(first);
    }
    f.names = Some(objects);
    f
}
