//! `schemagate stats --from URL`: a snapshot of table sizes read from a
//! live database, written as the stats file that `--stats` reads
//! ([`crate::impact::stats`]).
//!
//! Only catalog reads, in a read-only transaction with a statement
//! timeout:
//! - PostgreSQL: `pg_class.reltuples` (the planner's row estimate as of
//!   the last ANALYZE or VACUUM; null when the table was never analyzed),
//!   `pg_table_size`, `pg_indexes_size`, `pg_stats` (`null_frac`,
//!   `n_distinct`) and `server_version`.
//! - MySQL/MariaDB: `information_schema.tables` (`TABLE_ROWS`,
//!   `DATA_LENGTH`, `INDEX_LENGTH`) and `VERSION()`.
//!
//! The password comes from the URL, else `PGPASSWORD`/`MYSQL_PWD`, else
//! (PostgreSQL) the password file `PGPASSFILE` or `~/.pgpass`. It is
//! never printed: the URL shown in the header and in errors has no
//! password, and driver messages are scrubbed of it.
//!
//! Outside the pipeline: this produces an input of it.

#[cfg(feature = "stats-from")]
mod mysql;
mod pgpass;
#[cfg(feature = "stats-from")]
mod postgres;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use crate::error::Problem;
use crate::impact::stats::TableStats;

/// What `stats --from` was asked.
#[derive(Debug, Clone)]
pub struct FromOptions {
    pub url: String,
    /// Only these schemas (MySQL: databases); empty: every user schema
    /// (MySQL: the URL's database, else every user database).
    pub schemas: Vec<String>,
    /// Limit of each statement, and of connecting.
    pub timeout: Duration,
}

/// Which database family a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Postgres,
    Mysql,
}

/// A password: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A parsed connection URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub family: Family,
    pub user: Option<String>,
    pub password: Option<Secret>,
    /// A host name or address; for PostgreSQL also a Unix socket folder
    /// (`?host=/run/postgresql`).
    pub host: String,
    pub port: u16,
    pub database: Option<String>,
}

impl Target {
    /// Parses `postgres://`, `postgresql://`, `mysql://` or `mariadb://`
    /// URLs. Errors never repeat the URL (it may hold a password).
    pub fn parse(text: &str) -> Result<Target, Problem> {
        let scheme = text.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
        let family = match scheme.as_deref() {
            Some("postgres" | "postgresql") => Family::Postgres,
            Some("mysql" | "mariadb") => Family::Mysql,
            Some(other) => {
                return Err(Problem::general(format!(
                    "stats --from: unsupported database URL scheme `{other}://`; use postgres://, postgresql://, mysql:// or mariadb://"
                )));
            }
            None => {
                return Err(Problem::general(
                    "stats --from: not a database URL; expected e.g. postgres://user@host:5432/db or mysql://user@host:3306/db",
                ));
            }
        };
        let url = url::Url::parse(text)
            .map_err(|e| Problem::general(format!("stats --from: invalid database URL ({e})")))?;
        let decode = |s: &str| {
            percent_decode(s).ok_or_else(|| {
                Problem::general("stats --from: invalid database URL (bad percent-encoding)")
            })
        };
        let mut user = match url.username() {
            "" => None,
            u => Some(decode(u)?),
        };
        let mut password = url.password().map(decode).transpose()?.map(Secret);
        let mut host = url
            .host_str()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string());
        let mut port = url.port();
        let mut database = match url.path().trim_start_matches('/') {
            "" => None,
            d => Some(decode(d)?),
        };
        for (key, value) in url.query_pairs() {
            let value = value.into_owned();
            match (family, key.as_ref()) {
                (_, "user") => user = Some(value),
                (_, "password") => password = Some(Secret(value)),
                (Family::Postgres, "host") => host = Some(value),
                (Family::Postgres, "dbname") => database = Some(value),
                (_, "port") => {
                    port = Some(value.parse().map_err(|_| {
                        Problem::general(format!(
                            "stats --from: invalid database URL (port `{value}`)"
                        ))
                    })?)
                }
                (Family::Postgres, "sslmode")
                    if matches!(value.as_str(), "disable" | "allow" | "prefer") => {}
                (Family::Postgres, "sslmode") | (Family::Mysql, "ssl-mode" | "require_ssl") => {
                    return Err(Problem::general(format!(
                        "stats --from: `{key}={value}`: this build connects without TLS; take the snapshot over a trusted network or an SSH tunnel"
                    )));
                }
                (Family::Postgres, "application_name" | "connect_timeout") => {}
                _ => {
                    return Err(Problem::general(format!(
                        "stats --from: unknown URL parameter `{key}`"
                    )));
                }
            }
        }
        Ok(Target {
            family,
            user,
            password,
            host: host.unwrap_or_else(|| "localhost".to_string()),
            port: port.unwrap_or(match family {
                Family::Postgres => 5432,
                Family::Mysql => 3306,
            }),
            database,
        })
    }

    /// The URL without password or parameters: what the header and the
    /// errors show.
    pub fn display(&self) -> String {
        let scheme = match self.family {
            Family::Postgres => "postgresql",
            Family::Mysql => "mysql",
        };
        let user = self
            .user
            .as_deref()
            .map(|u| format!("{}@", percent_encode(u)))
            .unwrap_or_default();
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else if self.host.starts_with('/') {
            String::new()
        } else {
            self.host.clone()
        };
        let db = self
            .database
            .as_deref()
            .map(percent_encode)
            .unwrap_or_default();
        let socket = if self.host.starts_with('/') {
            format!("?host={}", self.host)
        } else {
            String::new()
        };
        format!("{scheme}://{user}{host}:{}/{db}{socket}", self.port)
    }

    /// The password from the URL, else the environment (`PGPASSWORD` /
    /// `MYSQL_PWD`), else PostgreSQL's password file. `notes` gets what
    /// the user should know (a password file ignored for its permissions).
    pub fn resolve_password(&mut self, notes: &mut Vec<String>) {
        if self.password.is_some() {
            return;
        }
        let var = match self.family {
            Family::Postgres => "PGPASSWORD",
            Family::Mysql => "MYSQL_PWD",
        };
        if let Some(p) = std::env::var_os(var).and_then(|p| p.into_string().ok()) {
            self.password = Some(Secret(p));
            return;
        }
        if self.family == Family::Postgres {
            self.password = pgpass::lookup(self, notes).map(Secret);
        }
    }
}

/// A table in the snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableSnapshot {
    pub stats: TableStats,
    /// PostgreSQL: never analyzed nor vacuumed, so `rows` is unknown.
    pub never_analyzed: bool,
}

/// What was read from the database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The URL read, without its password.
    pub source: String,
    pub server_version: String,
    /// `schema.table` to its sizes.
    pub tables: BTreeMap<String, TableSnapshot>,
    /// Which catalog the numbers came from (for the header).
    pub catalog: &'static str,
    /// Things to tell on standard error.
    pub notes: Vec<String>,
}

/// Connects to `opts.url` and reads the snapshot.
pub fn take(opts: &FromOptions) -> Result<Snapshot, Problem> {
    let mut target = Target::parse(&opts.url)?;
    let mut notes = Vec::new();
    target.resolve_password(&mut notes);
    let mut snapshot = read(&target, opts).map_err(|message| {
        let message = scrub(&message, target.password.as_ref());
        Problem::general(format!("stats --from {}: {message}", target.display()))
    })?;
    snapshot.source = target.display();
    notes.append(&mut snapshot.notes);
    snapshot.notes = notes
        .iter()
        .map(|n| scrub(n, target.password.as_ref()))
        .collect();
    let never: Vec<&str> = snapshot
        .tables
        .iter()
        .filter(|(_, t)| t.never_analyzed)
        .map(|(k, _)| k.as_str())
        .collect();
    if !never.is_empty() {
        snapshot.notes.push(format!(
            "{} table(s) never analyzed, their rows are null (unknown): {}; run ANALYZE for an estimate",
            never.len(),
            never.join(", ")
        ));
    }
    Ok(snapshot)
}

#[cfg(feature = "stats-from")]
fn read(target: &Target, opts: &FromOptions) -> Result<Snapshot, String> {
    match target.family {
        Family::Postgres => postgres::read(target, opts),
        Family::Mysql => mysql::read(target, opts),
    }
}

#[cfg(not(feature = "stats-from"))]
fn read(_target: &Target, _opts: &FromOptions) -> Result<Snapshot, String> {
    Err(
        "this schemagate was built without the `stats-from` feature (on by default), so it cannot connect to a database; rebuild it with `--features stats-from`, or write the stats file by hand (docs/input-document.md)"
            .to_string(),
    )
}

/// `message` with every occurrence of the password replaced by `***`
/// (drivers do not print it, but nothing that could is let through).
pub fn scrub(message: &str, password: Option<&Secret>) -> String {
    match password {
        Some(p) if !p.0.is_empty() => {
            let mut out = message.replace(&p.0, "***");
            let encoded = percent_encode(&p.0);
            if encoded != p.0 {
                out = out.replace(&encoded, "***");
            }
            out
        }
        _ => message.to_string(),
    }
}

/// The stats file: YAML, with a header saying where and when it was taken.
pub fn render(snapshot: &Snapshot, taken: SystemTime) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# schemagate stats: table sizes of {}\n# taken {} from the catalog ({}).\n",
        snapshot.source,
        utc_timestamp(taken),
        snapshot.catalog
    ));
    out.push_str(
        "# rows are the server's estimates; null is unknown (never analyzed), not empty.\n",
    );
    out.push_str(&format!(
        "server_version: {}\n",
        quote(&snapshot.server_version)
    ));
    if snapshot.tables.is_empty() {
        out.push_str("tables: {}\n");
        return out;
    }
    out.push_str("tables:\n");
    let number = |n: Option<u64>| n.map_or_else(|| "null".to_string(), |n| n.to_string());
    for (key, t) in &snapshot.tables {
        out.push_str(&format!("  {}:\n", quote(key)));
        out.push_str(&format!("    rows: {}", number(t.stats.rows)));
        if t.never_analyzed {
            out.push_str("  # never analyzed");
        }
        out.push('\n');
        out.push_str(&format!("    bytes: {}\n", number(t.stats.bytes)));
        out.push_str(&format!(
            "    indexes_bytes: {}\n",
            number(t.stats.indexes_bytes)
        ));
        if !t.stats.columns.is_empty() {
            out.push_str("    columns:\n");
            for (name, c) in &t.stats.columns {
                let float =
                    |f: Option<f64>| f.map_or_else(|| "null".to_string(), |f| format!("{f}"));
                out.push_str(&format!(
                    "      {}: {{null_fraction: {}, distinct: {}}}\n",
                    quote(name),
                    float(c.null_fraction),
                    float(c.distinct)
                ));
            }
        }
    }
    out
}

/// A YAML double-quoted scalar (JSON's string syntax is one).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// `2026-11-01T12:00:00Z`.
fn utc_timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
