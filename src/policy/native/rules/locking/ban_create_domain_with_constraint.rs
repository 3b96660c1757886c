//! `ban-create-domain-with-constraint`
//! (`policies/locking/ban_create_domain_with_constraint.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{get, is, is_true};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "create_domain") && is_true(get!(stmt, "check")))
        .filter_map(|stmt| {
            let msg = format!(
                "Domain \"{}\" is created with a CHECK constraint: changing it later checks every column of the domain in every table, under lock",
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

    fn found(dialect: Dialect, sql: &str) -> Vec<String> {
        same_findings(dialect, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-create-domain-with-constraint "))
            .collect()
    }

    #[test]
    fn domains_with_a_check_only() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "CREATE DOMAIN positive AS int CHECK (VALUE > 0);\n\
                 CREATE DOMAIN billing.amount AS numeric(12, 2) CONSTRAINT amount_positive CHECK (VALUE >= 0);\n\
                 CREATE DOMAIN plain AS numeric(12, 2);\n\
                 CREATE DOMAIN required AS text NOT NULL;\n",
            ),
            [
                "ban-create-domain-with-constraint warning 1 Domain \"positive\" is created with a CHECK constraint: changing it later checks every column of the domain in every table, under lock",
                "ban-create-domain-with-constraint warning 2 Domain \"billing.amount\" is created with a CHECK constraint: changing it later checks every column of the domain in every table, under lock",
            ]
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(
            found(
                Dialect::Generic,
                "CREATE DOMAIN positive AS int CHECK (VALUE > 0);\n"
            )
            .is_empty()
        );
    }
}
