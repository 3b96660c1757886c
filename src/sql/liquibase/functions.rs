//! Computed values (`defaultValueComputed`, `valueComputed`: Liquibase's
//! `DatabaseFunction`) as each database's `generateDatabaseFunctionValue`
//! writes them, as data: a row per database with its current date-time
//! function and what it keeps as written.
//!
//! Checked row by row against Liquibase's output
//! (`tests/fixtures/liquibase/types/computed.tsv`, see
//! `types/liquibase_check.rs`).

use super::Gen;
use super::types::On;

/// What a database keeps of a current date-time call instead of writing
/// its own function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keeps {
    /// A precision: `current_timestamp(3)` is `NOW(3)` (MySQL's
    /// `extractPrecision`).
    Precision,
    /// An `ON UPDATE` clause: the whole call as written.
    OnUpdate,
    /// A bare `current_timestamp` (lower case) as written: Oracle.
    BareCurrentTimestamp,
}

/// One database's `getCurrentDateTimeFunction` and its exceptions.
pub(crate) struct ClockRow {
    pub on: On,
    pub now: &'static str,
    pub keeps: &'static [Keeps],
}

/// A database without a row (not a Liquibase database) keeps every
/// computed value as written.
pub(crate) static CLOCKS: &[ClockRow] = &[
    ClockRow {
        on: On::Postgres,
        now: "NOW()",
        keeps: &[],
    },
    ClockRow {
        on: On::Mysql,
        now: "NOW()",
        keeps: &[Keeps::Precision, Keeps::OnUpdate],
    },
    ClockRow {
        on: On::Mssql,
        now: "GETDATE()",
        keeps: &[],
    },
    ClockRow {
        on: On::Oracle,
        now: "SYSTIMESTAMP",
        keeps: &[Keeps::BareCurrentTimestamp],
    },
    ClockRow {
        on: On::Sqlite,
        now: "CURRENT_TIMESTAMP",
        keeps: &[],
    },
    ClockRow {
        on: On::H2,
        now: "NOW()",
        keeps: &[],
    },
];

fn clock(g: &Gen) -> Option<&'static ClockRow> {
    let on = match On::of(g) {
        // MariaDB's clock is MySQL's
        On::Mariadb => On::Mysql,
        On::Else => return None,
        on => on,
    };
    CLOCKS.iter().find(|row| row.on == on)
}

/// The database's current date-time function, where it is known.
pub(crate) fn current_date_time(g: &Gen) -> Option<&'static str> {
    clock(g).map(|row| row.now)
}

/// A computed value as the database writes it: a current date-time call
/// (`current_timestamp…`, `current_datetime…`, or the database's own in
/// any case: Liquibase's `isCurrentTimeFunction`) becomes the database's
/// own function, but for what its row keeps. Anything else is as written.
pub(crate) fn database_function(g: &Gen, v: &str) -> String {
    let Some(row) = clock(g) else {
        return v.to_string();
    };
    let lower = v.to_lowercase();
    let current = lower.starts_with("current_timestamp")
        || lower.starts_with("current_datetime")
        || lower.eq_ignore_ascii_case(row.now);
    if !current {
        return v.to_string();
    }
    let keeps = |k: Keeps| row.keeps.contains(&k);
    if keeps(Keeps::OnUpdate) && lower.contains("on update") {
        return v.to_string();
    }
    if keeps(Keeps::BareCurrentTimestamp) && lower == "current_timestamp" {
        return v.to_string();
    }
    match precision(&lower).filter(|_| keeps(Keeps::Precision)) {
        Some(p) => row.now.replace("()", &format!("({p})")),
        None => row.now.to_string(),
    }
}

/// The first `(<digits>)` of a function call: MySQL's `extractPrecision`.
fn precision(v: &str) -> Option<u32> {
    let mut rest = v;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with(')') {
            return digits.parse().ok();
        }
        rest = after;
    }
    None
}
