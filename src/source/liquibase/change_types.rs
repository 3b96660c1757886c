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
    "rollback",
    "modifySql",
];

pub(crate) fn is_change_type(name: &str) -> bool {
    CHANGE_TYPES.contains(&name)
}

pub(crate) fn is_changeset_child(name: &str) -> bool {
    CHANGESET_CHILDREN.contains(&name)
}
