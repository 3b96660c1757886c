//! The fields Harness Database DevOps gives its OPA policies
//! (`sqlStatements`, `dbInstance`, `dbSchema`), so policies written for
//! Harness (`package db_sql`, `deny[msg]` over `input.sqlStatements`) run
//! unchanged. `dbInstance.type` is the JDBC name of the target dialect;
//! the names, identifiers and tags come from the configuration's `harness:`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::InputParts;
use crate::dialect::Dialect;
use crate::sql::Phase;

/// `harness:` in the configuration file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Harness {
    pub db_instance: Option<DbInstance>,
    pub db_schema: Option<DbSchema>,
}

/// `harness.db_instance`: what Harness calls the database instance.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance {
    pub name: Option<String>,
    pub identifier: Option<String>,
    /// `{key: value}` as Harness gives them, or `["key:value", …]` as its
    /// Terraform provider writes them.
    pub tags: Option<Tags>,
    /// Overrides the JDBC type the dialect gives (`jdbc:oracle:thin`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Harness's `dbConnectionUrl`.
    pub connection_url: Option<String>,
}

/// `harness.db_schema`: what Harness calls the schema (the changelog).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DbSchema {
    pub name: Option<String>,
    pub identifier: Option<String>,
}

/// Tags as a map or as `key:value` strings.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Tags {
    Map(BTreeMap<String, String>),
    List(Vec<String>),
}

impl Tags {
    /// The tags as `{key: value}` (`""` for a tag with no value).
    pub fn into_map(self) -> BTreeMap<String, String> {
        match self {
            Tags::Map(m) => m,
            Tags::List(l) => l
                .into_iter()
                .map(|t| match t.split_once(':') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => (t, String::new()),
                })
                .collect(),
        }
    }

    /// The object Harness gives policies: `{key: value}` (`""` for a tag
    /// with no value).
    fn to_object(&self) -> Map<String, Value> {
        self.clone()
            .into_map()
            .into_iter()
            .map(|(k, v)| (k, json!(v)))
            .collect()
    }
}

/// The JDBC name of a dialect, as Harness's `dbInstance.type` spells it
/// (the JDBC URL's prefix; Oracle's thin driver as in Harness's examples).
pub fn jdbc_type(dialect: Dialect) -> Option<&'static str> {
    Some(match dialect {
        Dialect::Postgres | Dialect::Cockroachdb => "jdbc:postgresql",
        Dialect::Mysql => "jdbc:mysql",
        Dialect::Mariadb => "jdbc:mariadb",
        Dialect::Sqlserver => "jdbc:sqlserver",
        Dialect::Oracle => "jdbc:oracle:thin",
        Dialect::Sqlite => "jdbc:sqlite",
        Dialect::H2 => "jdbc:h2",
        Dialect::Db2 => "jdbc:db2",
        Dialect::Snowflake => "jdbc:snowflake",
        Dialect::Bigquery => "jdbc:bigquery",
        Dialect::Redshift => "jdbc:redshift",
        Dialect::Duckdb => "jdbc:duckdb",
        Dialect::Clickhouse => "jdbc:clickhouse",
        Dialect::Hive => "jdbc:hive2",
        Dialect::Databricks => "jdbc:databricks",
        Dialect::Generic | Dialect::Ansi => return None,
    })
}

/// Adds `sqlStatements`, `dbInstance` and `dbSchema` to `doc`.
/// `sqlStatements` holds the SQL of the forward statements of the proposed
/// changesets, in order (what Harness would apply).
pub fn add(parts: &InputParts<'_>, doc: &mut Map<String, Value>) {
    let sql: Vec<Value> = sql_statements(parts).map(|s| json!(s)).collect();
    doc.insert("sqlStatements".into(), Value::Array(sql));
    add_database(parts, doc);
}

/// `sqlStatements`: the SQL of every proposed forward statement.
pub(super) fn sql_statements<'a>(parts: &'a InputParts<'_>) -> impl Iterator<Item = &'a str> {
    parts
        .statements
        .iter()
        .filter(|s| s.phase == Phase::Forward && parts.history.is_proposed(s.changeset))
        .map(|s| s.sql.as_str())
}

/// `dbInstance` and `dbSchema`.
pub(super) fn add_database(parts: &InputParts<'_>, doc: &mut Map<String, Value>) {
    let config = parts.harness;
    let instance = config.db_instance.clone().unwrap_or_default();
    let mut db = Map::new();
    let kind = instance
        .kind
        .clone()
        .or_else(|| jdbc_type(parts.dialect).map(str::to_string));
    if let Some(kind) = kind {
        db.insert("type".into(), json!(kind));
    }
    let tags = instance.tags.as_ref().map(Tags::to_object);
    db.insert("tags".into(), Value::Object(tags.unwrap_or_default()));
    put(&mut db, "name", &instance.name);
    put(&mut db, "identifier", &instance.identifier);
    put(&mut db, "dbConnectionUrl", &instance.connection_url);
    doc.insert("dbInstance".into(), Value::Object(db));
    let schema = config.db_schema.clone().unwrap_or_default();
    let mut s = Map::new();
    put(&mut s, "name", &schema.name);
    put(&mut s, "identifier", &schema.identifier);
    doc.insert("dbSchema".into(), Value::Object(s));
}

fn put(map: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        map.insert(key.into(), json!(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jdbc_names_follow_the_drivers() {
        assert_eq!(jdbc_type(Dialect::Postgres), Some("jdbc:postgresql"));
        assert_eq!(jdbc_type(Dialect::Cockroachdb), Some("jdbc:postgresql"));
        assert_eq!(jdbc_type(Dialect::Oracle), Some("jdbc:oracle:thin"));
        assert_eq!(jdbc_type(Dialect::Sqlserver), Some("jdbc:sqlserver"));
        assert_eq!(jdbc_type(Dialect::Generic), None);
    }

    #[test]
    fn tags_as_list_or_map_give_the_same_object() {
        let list = Tags::List(vec![
            "env:prod".into(),
            "team:data:core".into(),
            "pii".into(),
        ]);
        assert_eq!(
            Value::Object(list.to_object()),
            json!({"env": "prod", "team": "data:core", "pii": ""})
        );
        let map = Tags::Map([("env".to_string(), "prod".to_string())].into());
        assert_eq!(Value::Object(map.to_object()), json!({"env": "prod"}));
    }
}
