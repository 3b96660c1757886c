//! `ban-grant-with-admin-option`
//! (`policies/security/ban_grant_with_admin_option.rego`, `warn`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, quoted_names};
use crate::policy::native::value::{get, is, is_array, is_true, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "grant")
                && is_true(get!(stmt, "with_admin_option"))
                && is_array(get!(stmt, "grantees"))
        })
        .filter_map(|stmt| {
            let grantees = items(get!(stmt, "grantees"))
                .iter()
                .filter_map(text)
                .map(|g| format!("\"{g}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let msg = format!(
                "GRANT {} … WITH ADMIN OPTION lets {grantees} grant and revoke the role outside the migrations' control",
                quoted_names(items(get!(stmt, "objects")))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-grant-with-admin-option "))
            .collect()
    }

    #[test]
    fn role_grants_with_admin_option() {
        assert_eq!(
            findings(
                "GRANT reporting, audit TO alice, bob WITH ADMIN OPTION;\n\
                 GRANT reporting TO carol WITH ADMIN TRUE;\n\
                 GRANT reporting TO dave;\n\
                 GRANT SELECT ON orders TO reporting WITH GRANT OPTION;\n"
            ),
            [
                "ban-grant-with-admin-option warning 1 GRANT \"reporting\", \"audit\" … WITH ADMIN OPTION lets \"alice\", \"bob\" grant and revoke the role outside the migrations' control",
                "ban-grant-with-admin-option warning 2 GRANT \"reporting\" … WITH ADMIN OPTION lets \"carol\" grant and revoke the role outside the migrations' control",
            ]
        );
    }
}
