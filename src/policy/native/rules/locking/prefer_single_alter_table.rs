//! `prefer-single-alter-table`
//! (`policies/locking/prefer_single_alter_table.rego`, `warn`).

use std::collections::BTreeMap;

use crate::policy::engine::RawFinding;
use crate::policy::native::lib::{finding, is_new_table, name_of, table_label};
use crate::policy::native::value::{Value, get, int, is, is_object, is_true, text};
use crate::policy::native::{Doc, Meta};

pub(super) fn warn(doc: &Doc<'_>, meta: &Meta) -> Vec<RawFinding> {
    if !doc.is_mysql() {
        return Vec::new();
    }
    // `rebuilds`: [table key, stmt] of every ALTER TABLE that rebuilds an
    // existing table
    let rebuilds: Vec<(String, &Value)> = doc
        .forward()
        .iter()
        .filter(|stmt| {
            is(get!(stmt, "kind"), "alter_table")
                && is_true(get!(stmt, "impact", "rewrite"))
                && is_object(get!(stmt, "table"))
                && text(get!(stmt, "table", "name")).is_some()
                && !is_new_table(stmt)
        })
        .filter_map(|stmt| Some((name_of(get!(stmt, "table"))?.to_lowercase(), *stmt)))
        .collect();
    if rebuilds.len() < 2 {
        return Vec::new();
    }
    // `first` and `first_line`: the index and line of the first rebuild of
    // each table (`None`: its line is undefined)
    let mut first: BTreeMap<&str, (i64, Option<&Value>)> = BTreeMap::new();
    for (key, stmt) in &rebuilds {
        let Some(index) = int(get!(stmt, "index")) else {
            continue;
        };
        let line = get!(stmt, "line");
        let line = (*line != Value::Undefined).then_some(line);
        first
            .entry(key.as_str())
            .and_modify(|(i, l)| {
                if index < *i {
                    *i = index;
                    *l = line;
                }
            })
            .or_insert((index, line));
    }
    rebuilds
        .iter()
        .filter_map(|(key, stmt)| {
            let (first_index, first_line) = first.get(key.as_str())?;
            if int(get!(stmt, "index"))? == *first_index {
                return None;
            }
            let first_line = int(first_line.as_ref()?)?;
            let msg = format!(
                "ALTER TABLE {} rebuilds the table again (an ALTER TABLE at line {first_line} already rebuilds it in this migration): merge them into one statement",
                table_label(stmt)?
            );
            finding(meta, stmt, msg)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::oracle::{With, findings_of};
    use crate::dialect::Dialect;

    const RULE: &str = "prefer-single-alter-table";

    #[test]
    fn the_second_and_later_rebuilds_of_a_table() {
        let found = findings_of(
            RULE,
            Dialect::Mysql,
            "ALTER TABLE orders MODIFY total decimal(12,2) NOT NULL;\n\
             ALTER TABLE orders ADD COLUMN note text;\n\
             ALTER TABLE users MODIFY email varchar(320) NOT NULL;\n\
             ALTER TABLE Orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, region);\n\
             ALTER TABLE shop.orders MODIFY total decimal(14,2) NOT NULL;\n\
             ALTER TABLE shop.orders MODIFY total decimal(16,2) NOT NULL;\n\
             ALTER TABLE orders MODIFY total decimal(18,2) NOT NULL;\n\
             CREATE TABLE events (id bigint PRIMARY KEY, at datetime);\n\
             ALTER TABLE events MODIFY at datetime NOT NULL;\n\
             ALTER TABLE events MODIFY id bigint unsigned NOT NULL;\n",
            With::default(),
        );
        assert_eq!(
            found,
            [
                "prefer-single-alter-table warning 4 ALTER TABLE \"Orders\" rebuilds the table again (an ALTER TABLE at line 1 already rebuilds it in this migration): merge them into one statement",
                "prefer-single-alter-table warning 6 ALTER TABLE \"shop.orders\" rebuilds the table again (an ALTER TABLE at line 5 already rebuilds it in this migration): merge them into one statement",
                "prefer-single-alter-table warning 7 ALTER TABLE \"orders\" rebuilds the table again (an ALTER TABLE at line 1 already rebuilds it in this migration): merge them into one statement",
            ]
        );
    }

    #[test]
    fn not_on_postgres() {
        let found = findings_of(
            RULE,
            Dialect::Postgres,
            "ALTER TABLE orders ALTER COLUMN a TYPE bigint;\nALTER TABLE orders ALTER COLUMN b TYPE bigint;\n",
            With::default(),
        );
        assert!(found.is_empty());
    }
}
