//! `ban-alter-domain-with-add-constraint`
//! (`policies/locking/ban_alter_domain_with_add_constraint.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, name_of};
use crate::policy::native::value::{get, is};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_postgres() {
        return Vec::new();
    }
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "alter_domain") && is(get!(stmt, "op"), "add_constraint")
        })
        .filter_map(|stmt| {
            let msg = format!(
                "ALTER DOMAIN \"{}\" ADD CONSTRAINT checks every column of the domain, in every table that uses it, under lock",
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
            .filter(|f| f.starts_with("ban-alter-domain-with-add-constraint "))
            .collect()
    }

    #[test]
    fn add_constraint_only() {
        assert_eq!(
            found(
                Dialect::Postgres,
                "ALTER DOMAIN positive_amount ADD CONSTRAINT positive CHECK (VALUE > 0);\n\
                 ALTER DOMAIN billing.amount ADD CHECK (VALUE < 100) NOT VALID;\n\
                 ALTER DOMAIN amount DROP CONSTRAINT positive;\n\
                 ALTER DOMAIN amount SET NOT NULL;\n",
            ),
            [
                "ban-alter-domain-with-add-constraint warning 1 ALTER DOMAIN \"positive_amount\" ADD CONSTRAINT checks every column of the domain, in every table that uses it, under lock",
                "ban-alter-domain-with-add-constraint warning 2 ALTER DOMAIN \"billing.amount\" ADD CONSTRAINT checks every column of the domain, in every table that uses it, under lock",
            ]
        );
    }

    #[test]
    fn not_on_other_dialects() {
        assert!(
            found(
                Dialect::Generic,
                "ALTER DOMAIN positive_amount ADD CONSTRAINT positive CHECK (VALUE > 0);\n"
            )
            .is_empty()
        );
    }
}
