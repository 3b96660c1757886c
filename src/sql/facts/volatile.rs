//! Does a default expression call a volatile function?
//!
//! Follows PostgreSQL's `provolatile`: a volatile default is evaluated once
//! per row, so `ADD COLUMN … DEFAULT random()` rewrites the table, while a
//! stable one (`now()`, evaluated once per statement) does not.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, visit_expressions};

/// Functions known to be volatile (a new value on every call).
const VOLATILE: &[&str] = &[
    // postgres
    "random",
    "random_normal",
    "setseed",
    "nextval",
    "setval",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "clock_timestamp",
    "timeofday",
    "gen_random_bytes",
    "txid_current",
    "pg_current_xact_id",
    // mysql / mariadb
    "uuid",
    "uuid_short",
    "rand",
    "sysdate",
    // sql server
    "newid",
    "newsequentialid",
    "crypt_gen_random",
    // oracle (`dbms_random.value` is caught as an unknown function)
    "sys_guid",
    // sqlite
    "randomblob",
];

/// Built-in functions that are immutable or stable: the same value for every
/// row of one statement. Anything not listed here and not in [`VOLATILE`] is
/// treated as volatile (see [`is_volatile`]).
const NOT_VOLATILE: &[&str] = &[
    // time, fixed for the statement or transaction
    "now",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "transaction_timestamp",
    "statement_timestamp",
    "getdate",
    "getutcdate",
    "sysdatetime",
    "sysutcdatetime",
    "sysdatetimeoffset",
    "systimestamp",
    "utc_timestamp",
    "utc_date",
    "utc_time",
    "curdate",
    "curtime",
    "datetime",
    "date",
    "time",
    "strftime",
    "julianday",
    "unixepoch",
    "unix_timestamp",
    // session
    "current_user",
    "session_user",
    "user",
    "current_role",
    "current_schema",
    "current_database",
    "current_setting",
    "suser_sname",
    "suser_name",
    "user_name",
    "system_user",
    "database",
    // pure functions commonly found in defaults
    "lower",
    "upper",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "concat",
    "concat_ws",
    "length",
    "substring",
    "substr",
    "trim",
    "btrim",
    "ltrim",
    "rtrim",
    "replace",
    "left",
    "right",
    "lpad",
    "rpad",
    "split_part",
    "format",
    "md5",
    "encode",
    "decode",
    "timezone",
    "array_to_string",
    "to_char",
    "to_date",
    "to_timestamp",
    "to_number",
    "date_trunc",
    "date_part",
    "extract",
    "make_interval",
    "make_date",
    "abs",
    "round",
    "floor",
    "ceil",
    "ceiling",
    "mod",
    "cast",
    "convert",
    "array",
    "json_build_object",
    "jsonb_build_object",
    "json_build_array",
    "jsonb_build_array",
    "json_object",
    "json_array",
    "to_json",
    "to_jsonb",
    "array_fill",
];

/// Whether a function of this name (last part, any case) is volatile.
///
/// A function of unknown volatility — typically one the user defined — is
/// reported volatile: PostgreSQL creates user functions `VOLATILE` unless
/// told otherwise, and over-reporting a rewrite is safer than missing one.
pub(crate) fn function_is_volatile(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if VOLATILE.contains(&name.as_str()) {
        return true;
    }
    !NOT_VOLATILE.contains(&name.as_str())
}

/// Whether evaluating `expr` calls a volatile function anywhere inside it.
pub(crate) fn is_volatile(expr: &Expr) -> bool {
    let found = visit_expressions(expr, |e| match e {
        Expr::Function(func) => {
            let name = super::names::last(&func.name);
            if function_is_volatile(&name) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
        _ => ControlFlow::Continue(()),
    });
    found.is_break()
}
