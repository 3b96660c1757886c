//! `ban-grant-all` (`policies/security/ban_grant_all.rego`, `warn`).

use super::common::on_objects;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::members;
use crate::policy::native::value::{Value, get, is, is_true, show};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| is(get!(stmt, "kind"), "grant") && is_true(get!(stmt, "all_privileges")))
        .filter_map(|stmt| {
            let msg = format!(
                "GRANT ALL{} TO {} gives every privilege, including DELETE and TRUNCATE, where an application role needs a few",
                on_objects(get!(stmt, "objects")),
                grantee_list(stmt)
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `grantee_list(stmt)`: `PUBLIC` bare, every other grantee quoted.
fn grantee_list(stmt: &Value) -> String {
    members(get!(stmt, "grantees"))
        .map(|name| {
            if is(name, "PUBLIC") {
                "PUBLIC".to_string()
            } else {
                format!("\"{}\"", show(name))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-grant-all "))
            .collect()
    }

    #[test]
    fn grants_of_all_privileges() {
        assert_eq!(
            findings(
                "GRANT ALL PRIVILEGES ON orders, app.lines TO app, PUBLIC;\n\
                 GRANT ALL ON SCHEMA app TO app;\n\
                 GRANT SELECT, INSERT ON orders TO app;\n\
                 REVOKE ALL ON orders FROM app;\n"
            ),
            [
                "ban-grant-all warning 1 GRANT ALL ON \"orders\", \"app.lines\" TO \"app\", PUBLIC gives every privilege, including DELETE and TRUNCATE, where an application role needs a few",
                "ban-grant-all warning 2 GRANT ALL ON \"app\" TO \"app\" gives every privilege, including DELETE and TRUNCATE, where an application role needs a few",
            ]
        );
    }
}
