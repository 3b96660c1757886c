//! `ban-grant-to-public` (`policies/security/ban_grant_to_public.rego`,
//! `deny`).

use super::common::on_objects;
use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::members;
use crate::policy::native::value::{Value, get, is, is_array, is_true, items, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "grant")
                && members(get!(stmt, "grantees")).any(|g| is(g, "PUBLIC"))
        })
        .filter_map(|stmt| {
            let msg = format!(
                "GRANT {}{} TO PUBLIC gives these privileges to every role, present and future",
                privileges(stmt),
                on_objects(get!(stmt, "objects"))
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

/// `privileges(stmt)`.
fn privileges(stmt: &Value) -> String {
    let privileges = get!(stmt, "privileges");
    if is_true(get!(stmt, "all_privileges")) {
        "ALL".to_string()
    } else if is_array(privileges) {
        // regorus stops the evaluation on a privilege that is not a string
        // (`concat`); the parser writes only strings there
        items(privileges)
            .iter()
            .filter_map(text)
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        "privileges".to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::policy::native::testing::same_findings;

    fn findings(sql: &str) -> Vec<String> {
        same_findings(Dialect::Postgres, sql, serde_json::json!({}))
            .into_iter()
            .filter(|f| f.starts_with("ban-grant-to-public "))
            .collect()
    }

    #[test]
    fn grants_to_public() {
        assert_eq!(
            findings(
                "GRANT SELECT, UPDATE ON orders TO reporting, PUBLIC;\n\
                 GRANT ALL PRIVILEGES ON orders, lines TO public;\n\
                 GRANT USAGE ON SCHEMA app TO PUBLIC;\n\
                 GRANT reporting TO PUBLIC;\n\
                 GRANT SELECT ON orders TO reporting;\n\
                 REVOKE ALL ON orders FROM PUBLIC;\n"
            ),
            [
                "ban-grant-to-public error 1 GRANT SELECT, UPDATE ON \"orders\" TO PUBLIC gives these privileges to every role, present and future",
                "ban-grant-to-public error 2 GRANT ALL ON \"orders\", \"lines\" TO PUBLIC gives these privileges to every role, present and future",
                "ban-grant-to-public error 3 GRANT USAGE ON \"app\" TO PUBLIC gives these privileges to every role, present and future",
                "ban-grant-to-public error 4 GRANT  ON \"reporting\" TO PUBLIC gives these privileges to every role, present and future",
            ]
        );
    }
}
