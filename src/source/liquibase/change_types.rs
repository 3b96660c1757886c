//! Liquibase's change type names (core, Pro and the bundled extensions):
//! an element in Liquibase's namespace that is none of these is an error.

const CHANGE_TYPES: &[&str] = &[
    // core
    "addAutoIncrement",
    "addColumn",
    "addDefaultValue",
    "addForeignKeyConstraint",
    "addLookupTable",
    "addNotNullConstraint",
    "addPrimaryKey",
    "addUniqueConstraint",
    "alterSequence",
    "createIndex",
    "createProcedure",
    "createSequence",
    "createTable",
    "createView",
    "customChange",
    "delete",
    "dropAllForeignKeyConstraints",
    "dropColumn",
    "dropDefaultValue",
    "dropForeignKeyConstraint",
    "dropIndex",
    "dropNotNullConstraint",
    "dropPrimaryKey",
    "dropProcedure",
    "dropSequence",
    "dropTable",
    "dropUniqueConstraint",
    "dropView",
    "empty",
    "executeCommand",
    "insert",
    "loadData",
    "loadUpdateData",
    "mergeColumns",
    "modifyDataType",
    "output",
    "renameColumn",
    "renameSequence",
    "renameTable",
    "renameView",
    "setColumnRemarks",
    "setTableRemarks",
    "sql",
    "sqlFile",
    "stop",
    "tagDatabase",
    "update",
    // Pro
    "addCheckConstraint",
    "dropCheckConstraint",
    "enableCheckConstraint",
    "disableCheckConstraint",
    "createFunction",
    "dropFunction",
    "createPackage",
    "createPackageBody",
    "dropPackage",
    "dropPackageBody",
    "createSynonym",
    "dropSynonym",
    "createTrigger",
    "dropTrigger",
    "enableTrigger",
    "disableTrigger",
    "renameTrigger",
    "markUnused",
    "sqlPlus",
];

/// Elements of a changeSet that are not changes.
const CHANGESET_CHILDREN: &[&str] = &[
    "comment",
    "preConditions",
    "preconditions",
    "validCheckSum",
    "validCheckSums",
    "rollback",
    "modifySql",
];

pub(crate) fn is_change_type(name: &str) -> bool {
    CHANGE_TYPES.contains(&name)
}

pub(crate) fn is_changeset_child(name: &str) -> bool {
    CHANGESET_CHILDREN.contains(&name)
}

/// A known change type this name is probably a misspelling of (same
/// letters in another case, or at most two edits away).
pub(crate) fn likely_typo_of(name: &str) -> Option<&'static str> {
    CHANGE_TYPES
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(name) || edit_distance(known, name) <= 2)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_recognised() {
        assert_eq!(likely_typo_of("createTabel"), Some("createTable"));
        assert_eq!(likely_typo_of("CREATETABLE"), Some("createTable"));
        assert_eq!(likely_typo_of("createTableExample"), None);
        assert_eq!(likely_typo_of("unusedElement"), None);
    }
}
