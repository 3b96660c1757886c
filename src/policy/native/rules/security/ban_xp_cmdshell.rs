//! `ban-xp-cmdshell` (`policies/security/ban_xp_cmdshell.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::finding;
use crate::policy::native::value::{get, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    doc.forward()
        .iter()
        .filter(|stmt| text(get!(stmt, "kind")).is_some_and(|k| matches!(k, "execute" | "call")))
        .filter_map(|stmt| {
            // `is_object(stmt.object)`, `is_string(stmt.object.name)`
            let name = text(get!(stmt, "object", "name"))?;
            if !matches!(
                name.to_lowercase().as_str(),
                "xp_cmdshell" | "sp_configure" | "sp_oacreate" | "sp_oamethod"
            ) {
                return None;
            }
            let msg = format!(
                "EXEC {name} from a migration: it runs on the host or changes the instance, outside the schema"
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
            .filter(|f| f.starts_with("ban-xp-cmdshell "))
            .collect()
    }

    #[test]
    fn banned_procedures() {
        assert_eq!(
            findings(
                Dialect::Sqlserver,
                "EXEC sp_configure 'xp_cmdshell', 1;\n\
                 EXEC XP_CMDSHELL 'dir C:\\';\n\
                 EXECUTE sp_OACreate 'x', @o OUT;\n\
                 EXEC sp_OAMethod 'x';\n\
                 EXEC sp_rename 'dbo.orders.note', 'memo', 'COLUMN';\n"
            ),
            [
                "ban-xp-cmdshell error 1 EXEC sp_configure from a migration: it runs on the host or changes the instance, outside the schema",
                "ban-xp-cmdshell error 2 EXEC XP_CMDSHELL from a migration: it runs on the host or changes the instance, outside the schema",
                "ban-xp-cmdshell error 4 EXEC sp_OAMethod from a migration: it runs on the host or changes the instance, outside the schema",
            ]
        );
    }

    #[test]
    fn sqlserver_only() {
        assert!(findings(Dialect::Mysql, "CALL xp_cmdshell('dir');\n").is_empty());
    }
}
