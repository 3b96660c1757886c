//! The PostgreSQL snapshot: catalog reads in a read-only transaction.

use std::collections::BTreeMap;

use super::{FromOptions, Snapshot, TableSnapshot, Target};
use crate::impact::stats::{ColumnStats, TableStats};

/// Ordinary tables (partitions included, partitioned parents not: they
/// hold no rows of their own) of the user schemas. Rows are unknown when
/// `reltuples` is -1 (never analyzed, PostgreSQL 14+) or 0 on a table that
/// no ANALYZE or VACUUM has seen (before 14, 0 meant both).
const TABLES: &str = "
SELECT n.nspname::text, c.relname::text, c.reltuples::float8,
       (c.reltuples > 0
        OR (c.reltuples = 0 AND (c.relpages > 0
            OR s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL
            OR s.last_vacuum IS NOT NULL OR s.last_autovacuum IS NOT NULL))) AS analyzed,
       pg_table_size(c.oid)::int8, pg_indexes_size(c.oid)::int8
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
 WHERE c.relkind = 'r'
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
   AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[]))";

/// Per-column statistics of the last ANALYZE (the table's own rows, not
/// its inheritance children's).
const COLUMNS: &str = "
SELECT schemaname::text, tablename::text, attname::text, null_frac::float8, n_distinct::float8
  FROM pg_catalog.pg_stats
 WHERE NOT inherited
   AND schemaname NOT IN ('pg_catalog', 'information_schema')
   AND (cardinality($1::text[]) = 0 OR schemaname = ANY($1::text[]))";

pub(super) fn read(target: &Target, opts: &FromOptions) -> Result<Snapshot, String> {
    let mut config = postgres::Config::new();
    config
        .host(&target.host)
        .port(target.port)
        .application_name("schemagate stats")
        .connect_timeout(opts.timeout);
    if let Some(user) = &target.user {
        config.user(user);
    }
    if let Some(db) = &target.database {
        config.dbname(db);
    }
    if let Some(password) = &target.password {
        config.password(password.expose());
    }
    let mut client = config
        .connect(postgres::NoTls)
        .map_err(|e| format!("cannot connect: {}", detail(&e)))?;
    let mut tx = client.transaction().map_err(|e| detail(&e))?;
    tx.batch_execute(&format!(
        "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {0}",
        opts.timeout.as_millis().max(1)
    ))
    .map_err(|e| detail(&e))?;
    let server_version: String = tx
        .query_one("SELECT current_setting('server_version')", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| detail(&e))?;
    let schemas = &opts.schemas;
    let mut tables = BTreeMap::new();
    for row in tx.query(TABLES, &[schemas]).map_err(|e| detail(&e))? {
        let schema: String = row.get(0);
        let name: String = row.get(1);
        let reltuples: f64 = row.get(2);
        let analyzed: bool = row.get(3);
        let bytes: i64 = row.get(4);
        let indexes: i64 = row.get(5);
        tables.insert(
            format!("{schema}.{name}"),
            TableSnapshot {
                stats: TableStats {
                    rows: analyzed.then_some(reltuples.max(0.0).round() as u64),
                    bytes: u64::try_from(bytes).ok(),
                    indexes_bytes: u64::try_from(indexes).ok(),
                    columns: BTreeMap::new(),
                },
                never_analyzed: !analyzed,
            },
        );
    }
    for row in tx.query(COLUMNS, &[schemas]).map_err(|e| detail(&e))? {
        let schema: String = row.get(0);
        let name: String = row.get(1);
        let column: String = row.get(2);
        let null_frac: Option<f64> = row.get(3);
        let n_distinct: Option<f64> = row.get(4);
        if let Some(t) = tables.get_mut(&format!("{schema}.{name}")) {
            // `real` columns: print them as the server does, not with
            // the float8 cast's noise (0.33333334, not 0.3333333432674408)
            let short = |f: f64| (f as f32).to_string().parse::<f64>().unwrap_or(f);
            t.stats.columns.insert(
                column,
                ColumnStats {
                    null_fraction: null_frac.map(short),
                    distinct: n_distinct.map(short),
                },
            );
        }
    }
    tx.commit().map_err(|e| detail(&e))?;
    Ok(Snapshot {
        server_version,
        tables,
        catalog: "pg_class.reltuples, pg_table_size, pg_indexes_size, pg_stats",
        ..Snapshot::default()
    })
}

/// The driver's message with the server's own (`password authentication
/// failed for user …`), which `Display` alone leaves out.
fn detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut s = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(inner) = source {
                let text = inner.to_string();
                if !s.contains(&text) {
                    s.push_str(": ");
                    s.push_str(&text);
                }
                source = inner.source();
            }
            s
        }
    }
}
