//! `drop-last-column` (`policies/integrity/drop_last_column.rego`, `deny`).

use crate::policy::engine::RawFinding;
use crate::policy::native::{Doc, Meta};

pub(super) fn deny(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    super::common::refusals(doc, meta, "drops_last_column")
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;

    #[test]
    fn the_last_column_dropped_alone_or_with_others() {
        let found = super::super::common::findings_of(
            "drop-last-column",
            Dialect::Mysql,
            &[],
            "CREATE TABLE tags (name varchar(64) NOT NULL);\n\
ALTER TABLE tags DROP COLUMN name;\n\
CREATE TABLE labels (a int, b int);\n\
ALTER TABLE labels DROP COLUMN a, DROP COLUMN b;\n",
            serde_json::json!({}),
        );
        assert_eq!(
            found,
            [
                "drop-last-column error 2 ALTER TABLE would be refused by the database: \"name\" is the last column of table \"tags\" (created by changeset \"V1__migration.sql\"): this database refuses a table without columns",
                "drop-last-column error 4 ALTER TABLE would be refused by the database: \"b\" is the last column of table \"labels\" (created by changeset \"V1__migration.sql\"): this database refuses a table without columns",
            ]
        );
    }
}
