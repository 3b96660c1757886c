//! The MySQL/MariaDB snapshot: `information_schema.tables` in a read-only
//! transaction.

use std::collections::BTreeMap;

use mysql::prelude::Queryable;

use super::{FromOptions, Snapshot, TableSnapshot, Target};
use crate::impact::stats::TableStats;

const SYSTEM: &str = "('mysql', 'information_schema', 'performance_schema', 'sys')";

pub(super) fn read(target: &Target, opts: &FromOptions) -> Result<Snapshot, String> {
    let builder = mysql::OptsBuilder::new()
        .ip_or_hostname(Some(target.host.clone()))
        .tcp_port(target.port)
        .user(target.user.clone())
        .pass(target.password.as_ref().map(|p| p.expose().to_string()))
        .db_name(target.database.clone())
        // connect where the URL says, not to the socket the server names
        .prefer_socket(false)
        .tcp_connect_timeout(Some(opts.timeout))
        .read_timeout(Some(opts.timeout * 2))
        .write_timeout(Some(opts.timeout * 2));
    let mut conn =
        mysql::Conn::new(builder).map_err(|e| format!("cannot connect: {}", detail(&e)))?;
    let server_version: String = conn
        .query_first("SELECT VERSION()")
        .map_err(|e| detail(&e))?
        .unwrap_or_default();
    let mut notes = Vec::new();
    // MySQL 5.7.8+ limits SELECTs in milliseconds, MariaDB 10.1+ any
    // statement in seconds.
    let limit = if server_version.to_ascii_lowercase().contains("mariadb") {
        format!(
            "SET SESSION max_statement_time = {}",
            opts.timeout.as_secs_f64()
        )
    } else {
        format!(
            "SET SESSION max_execution_time = {}",
            opts.timeout.as_millis().max(1)
        )
    };
    let mariadb = server_version.to_ascii_lowercase().contains("mariadb");
    if !mariadb {
        // MySQL 8 caches these numbers for a day by default; 5.7 has no
        // cache (and no such variable)
        let _ = conn.query_drop("SET SESSION information_schema_stats_expiry = 0");
    }
    if let Err(e) = conn.query_drop(&limit) {
        notes.push(format!(
            "the server refused a statement timeout ({}); the catalog reads run without one",
            detail(&e)
        ));
    }
    conn.query_drop("START TRANSACTION READ ONLY")
        .map_err(|e| detail(&e))?;
    let schemas: Vec<String> = if !opts.schemas.is_empty() {
        opts.schemas.clone()
    } else {
        target.database.iter().cloned().collect()
    };
    let filter = if schemas.is_empty() {
        format!("TABLE_SCHEMA NOT IN {SYSTEM}")
    } else {
        format!("TABLE_SCHEMA IN ({})", vec!["?"; schemas.len()].join(", "))
    };
    let query = format!(
        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH \
           FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND {filter}"
    );
    type Row = (String, String, Option<u64>, Option<u64>, Option<u64>);
    let rows: Vec<Row> = if schemas.is_empty() {
        conn.query(&query)
    } else {
        conn.exec(&query, schemas)
    }
    .map_err(|e| detail(&e))?;
    conn.query_drop("COMMIT").map_err(|e| detail(&e))?;
    let tables = rows
        .into_iter()
        .map(|(schema, name, rows, bytes, indexes)| {
            (
                format!("{schema}.{name}"),
                TableSnapshot {
                    stats: TableStats {
                        rows,
                        bytes,
                        indexes_bytes: indexes,
                        columns: BTreeMap::new(),
                    },
                    never_analyzed: false,
                },
            )
        })
        .collect();
    Ok(Snapshot {
        server_version,
        tables,
        catalog: "information_schema.TABLES: TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH",
        notes,
        ..Snapshot::default()
    })
}

/// The server's own message (`ERROR 1045 (28000): Access denied …`)
/// rather than the driver's debug form of it.
fn detail(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(e) => format!("ERROR {} ({}): {}", e.code, e.state, e.message),
        e => e.to_string(),
    }
}
