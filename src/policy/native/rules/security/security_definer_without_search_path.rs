//! `security-definer-without-search-path`
//! (`policies/security/security_definer_without_search_path.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{Value, get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "create_function")
                && is_true(get!(stmt, "security_definer"))
                && matches!(get!(stmt, "sets_search_path"), Value::Bool(false))
        })
        .filter_map(|stmt| {
            let msg = format!(
                "Function \"{}\" is SECURITY DEFINER without SET search_path: a caller who can create objects earlier in its search_path runs them with the owner's privileges",
                name_of(get!(stmt, "object"))?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("security-definer-without-search-path "))
            .collect()
    }

    const SQL: &str = "CREATE FUNCTION app.order_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\n\
                       CREATE FUNCTION touch() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\n\
                       CREATE FUNCTION app.safe() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = app, pg_temp AS $$ SELECT 1 $$;\n\
                       CREATE FUNCTION app.invoker() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n";

    #[test]
    fn definer_functions_without_a_search_path() {
        assert_eq!(
            findings(Dialect::Postgres, SQL),
            [
                "security-definer-without-search-path error 1 Function \"app.order_count\" is SECURITY DEFINER without SET search_path: a caller who can create objects earlier in its search_path runs them with the owner's privileges",
                "security-definer-without-search-path error 2 Function \"touch\" is SECURITY DEFINER without SET search_path: a caller who can create objects earlier in its search_path runs them with the owner's privileges",
            ]
        );
    }

    #[test]
    fn postgres_only() {
        assert!(findings(Dialect::Generic, SQL).is_empty());
    }
}
