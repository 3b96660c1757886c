//! YAML columns written without the `- column:` wrapper, or under a
//! singular `column:` key, read as Liquibase's `ParsedNode` reads them:
//! the same changes as the XML. A `columns` list with `- column:` items
//! keeps only those (a stray `- modifySql:` there is ignored, as by Liquibase).

use super::{changeset_shape, load};

#[test]
fn unwrapped_yaml_columns_are_columns() {
    let (yaml, ys) = load("yaml_columns/changelog.yaml");
    let (xml, _) = load("yaml_columns/changelog.xml");
    assert!(
        yaml.problems.is_empty(),
        "{:?}",
        super::problems(&yaml, &ys)
    );
    let shape = changeset_shape(&yaml);
    assert_eq!(shape, changeset_shape(&xml));
    assert_eq!(
        shape,
        ["dba:unwrapped-columns Versioned Implicit {} | \
          addColumn:addColumn[tableName=event]{column[name=uid,type=char(26)]{constraints[nullable=true]{}}} / \
          update:update[tableName=event,where=status = 'PASSED']{column[name=status,value=PASS]{}} / \
          createIndex:createIndex[indexName=event_uid_idx,tableName=event]{column[name=uid]{};column[name=status]{}} / \
          createTable:createTable[tableName=paused]{column[name=scope,type=varchar(255)]{}} | None "]
    );
}
