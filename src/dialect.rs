//! Target databases: the names users give, the parser dialect each uses and
//! the server version that changes what a statement does.

use std::fmt;
use std::str::FromStr;

/// A database product the gate can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgres,
    Mysql,
    Mariadb,
    Sqlserver,
    Sqlite,
    Oracle,
    Generic,
    Ansi,
    Snowflake,
    Bigquery,
    Redshift,
    Duckdb,
    Clickhouse,
    Hive,
    Databricks,
    H2,
    Db2,
    Cockroachdb,
}

impl Dialect {
    pub const ALL: [Dialect; 18] = [
        Dialect::Postgres,
        Dialect::Mysql,
        Dialect::Mariadb,
        Dialect::Sqlserver,
        Dialect::Sqlite,
        Dialect::Oracle,
        Dialect::Generic,
        Dialect::Ansi,
        Dialect::Snowflake,
        Dialect::Bigquery,
        Dialect::Redshift,
        Dialect::Duckdb,
        Dialect::Clickhouse,
        Dialect::Hive,
        Dialect::Databricks,
        Dialect::H2,
        Dialect::Db2,
        Dialect::Cockroachdb,
    ];

    /// The canonical name, as accepted by `--dialect` and printed in reports.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Mariadb => "mariadb",
            Dialect::Sqlserver => "sqlserver",
            Dialect::Sqlite => "sqlite",
            Dialect::Oracle => "oracle",
            Dialect::Generic => "generic",
            Dialect::Ansi => "ansi",
            Dialect::Snowflake => "snowflake",
            Dialect::Bigquery => "bigquery",
            Dialect::Redshift => "redshift",
            Dialect::Duckdb => "duckdb",
            Dialect::Clickhouse => "clickhouse",
            Dialect::Hive => "hive",
            Dialect::Databricks => "databricks",
            Dialect::H2 => "h2",
            Dialect::Db2 => "db2",
            Dialect::Cockroachdb => "cockroachdb",
        }
    }

    /// The grammar this database's SQL is read with: the sqlparser dialect
    /// that reads it best, extended where it lacks what the database
    /// accepts (see [`crate::sql::grammar`]).
    pub fn parser(self) -> Box<crate::sql::grammar::Grammar> {
        Box::new(crate::sql::grammar::Grammar::new(self))
    }

    /// Does this database run DDL inside transactions (so a failed migration
    /// rolls back whole)? MySQL, MariaDB and Oracle commit DDL implicitly.
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql | Dialect::Mariadb | Dialect::Oracle)
    }

    /// The schema an unqualified name is in, where the database has one it
    /// always starts from (PostgreSQL's `public`, SQL Server's `dbo`) and a
    /// schema dump names it (`public.orders`); MySQL's is the database
    /// itself, which dumps leave unnamed.
    pub fn default_schema(self) -> Option<&'static str> {
        match self {
            Dialect::Postgres | Dialect::Cockroachdb | Dialect::Redshift => Some("public"),
            Dialect::Sqlserver => Some("dbo"),
            _ => None,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d = match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Dialect::Postgres,
            "mysql" => Dialect::Mysql,
            "mariadb" => Dialect::Mariadb,
            "sqlserver" | "mssql" | "tsql" => Dialect::Sqlserver,
            "sqlite" | "sqlite3" => Dialect::Sqlite,
            "oracle" => Dialect::Oracle,
            "generic" => Dialect::Generic,
            "ansi" => Dialect::Ansi,
            "snowflake" => Dialect::Snowflake,
            "bigquery" => Dialect::Bigquery,
            "redshift" => Dialect::Redshift,
            "duckdb" => Dialect::Duckdb,
            "clickhouse" => Dialect::Clickhouse,
            "hive" => Dialect::Hive,
            "databricks" | "spark" | "sparksql" => Dialect::Databricks,
            "h2" => Dialect::H2,
            "db2" => Dialect::Db2,
            "cockroachdb" | "cockroach" | "crdb" => Dialect::Cockroachdb,
            other => {
                let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.name()).collect();
                return Err(format!(
                    "unknown dialect `{other}`; expected one of: {}",
                    names.join(", ")
                ));
            }
        };
        Ok(d)
    }
}

/// A server version such as `11`, `16.2` or `8.0.32`; compared numerically.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct DbVersion(pub Vec<u32>);

impl DbVersion {
    pub fn major(&self) -> Option<u32> {
        self.0.first().copied()
    }
    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }
}

impl fmt::Display for DbVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

impl FromStr for DbVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Result<Vec<u32>, _> = s.trim().split('.').map(str::parse::<u32>).collect();
        match parts {
            Ok(p) if !p.is_empty() => Ok(DbVersion(p)),
            _ => Err(format!(
                "invalid database version `{s}`: expected numbers like 11, 16.2 or 8.0.32"
            )),
        }
    }
}

impl serde::Serialize for DbVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_set() {
            s.serialize_str(&self.to_string())
        } else {
            s.serialize_none()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Dialect::ALL {
            assert_eq!(d.name().parse::<Dialect>(), Ok(d));
        }
        assert_eq!("PostgreSQL".parse::<Dialect>(), Ok(Dialect::Postgres));
        assert!(
            "postgress"
                .parse::<Dialect>()
                .unwrap_err()
                .contains("expected one of")
        );
    }

    #[test]
    fn versions_compare_numerically() {
        let v = |s: &str| s.parse::<DbVersion>().unwrap();
        assert!(v("10") < v("11"));
        assert!(v("9.6") < v("10"));
        assert!(v("8.0.32") > v("8.0.4"));
        assert!("x".parse::<DbVersion>().is_err());
    }
}
