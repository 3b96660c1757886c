//! The shapes a Liquibase type takes on one database: what a row of the
//! type table says, and how it is written out for one written type.

use super::Written;
use crate::sql::liquibase::Version;

/// What a written type becomes on one database (the body of a Liquibase
/// `DataType.toDatabaseDataType` branch).
#[derive(Debug)]
pub(crate) enum Form {
    /// Always this text: `INTEGER`.
    Fixed(&'static str),
    /// The name with every written parameter: `DECIMAL(10, 2)`.
    Params(&'static str),
    /// The name with at most this many written parameters.
    UpTo(&'static str, usize),
    /// The name with its parameters only when both precision and scale are
    /// written: MySQL's `DOUBLE(10, 2)`.
    ParamsIfTwo(&'static str),
    /// The inner form followed by the written modifiers (`unsigned`,
    /// `BINARY`), which Liquibase keeps as "additional information".
    Extra(&'static Form),
    /// `name(n)` up to `max`, `name(MAX)` past it (or when not a number),
    /// `name(missing)` without a size: SQL Server's varchar/varbinary.
    Sized {
        name: &'static str,
        max: u64,
        missing: &'static str,
    },
    /// `name(first)`, or `name(default)` without one: SQL Server `float(53)`.
    FirstOr {
        name: &'static str,
        default: &'static str,
    },
    /// `name(p, s)` with SQL Server's default precision 18 and scale 0.
    PrecisionScale(&'static str),
    /// `name(n)` when the written precision is below `below`, else `name`.
    PrecisionBelow { name: &'static str, below: u32 },
    /// `name(n)` unless `n` is the database's default precision.
    PrecisionUnless {
        name: &'static str,
        default: &'static str,
    },
    /// `name(min(n, cap))`; a precision that is not a number is `cap`.
    PrecisionCapped { name: &'static str, cap: u32 },
    /// The name with its parameters, or the bare name when the parameters
    /// are exactly `bare_for` (Oracle's `NUMBER(0, -127)` is `NUMBER`).
    BareWhen {
        name: &'static str,
        bare_for: &'static [&'static str],
    },
    /// The name with its parameters, bare past a precision of `max`
    /// (PostgreSQL's numeric takes at most 1000 digits).
    ParamsUpTo { name: &'static str, max: u32 },
    /// H2's integer by display width: `int(3)` is TINYINT … `int(11)` BIGINT.
    IntByWidth,
    /// PostgreSQL's `name(n) WITH|WITHOUT TIME ZONE`, the zone as written
    /// (`timestamptz`, `… with time zone`); a precision over `max` dropped.
    Zoned { name: &'static str, max: u32 },
    /// The name with its parameters, ` WITH TIME ZONE` when spelled out.
    ZoneSuffix(&'static str),
    /// As written when it has parameters or more words, else the name
    /// (MySQL's timestamp).
    AsWrittenOr(&'static str),
    /// A name Liquibase does not know (`UnknownType`): in upper case when
    /// it is a plain identifier, else as written.
    Unknown,
    /// As written.
    AsWritten,
    /// `then` on `at` and later versions, `before` on earlier ones: a
    /// Liquibase type class's version check (`getDatabaseMajorVersion`).
    Since {
        at: Version,
        then: &'static Form,
        before: &'static Form,
    },
    /// [`Form::Since`] with Liquibase's part-by-part check (every part at
    /// least `at`'s: MySQL's time precision from "5.6.4", which 8.0.36
    /// fails).
    SinceEachPart {
        at: Version,
        then: &'static Form,
        before: &'static Form,
    },
}

fn with_params(name: &str, params: &[String]) -> String {
    if params.is_empty() {
        name.to_string()
    } else {
        format!("{name}({})", params.join(", "))
    }
}

fn first_number(w: &Written) -> Option<u64> {
    w.params.first().and_then(|n| n.parse().ok())
}

/// Is the zone spelled out (`with time zone`, not `without`)?
fn zone_spelled(w: &Written) -> bool {
    let words = format!("{} {}", w.name, w.extra.to_ascii_lowercase());
    words.contains("with time zone") && !words.contains("without")
}

impl Form {
    /// The database type this form writes for `w` on a database of
    /// version `v`.
    pub(crate) fn render(&self, w: &Written, v: Version) -> String {
        let p = &w.params;
        match self {
            Form::Fixed(s) => s.to_string(),
            Form::Params(name) => with_params(name, p),
            Form::UpTo(name, n) => with_params(name, &p[..p.len().min(*n)]),
            Form::ParamsIfTwo(name) if p.len() > 1 => with_params(name, p),
            Form::ParamsIfTwo(name) => name.to_string(),
            Form::Extra(inner) => match inner.render(w, v) {
                sql if w.extra.is_empty() => sql,
                sql => format!("{sql} {}", w.extra),
            },
            Form::Sized { name, max, missing } => match p.first() {
                Some(n) if n.parse::<u64>().is_ok_and(|n| n <= *max) => format!("{name}({n})"),
                Some(_) => format!("{name}(MAX)"),
                None => format!("{name}({missing})"),
            },
            Form::FirstOr { name, default } => {
                format!("{name}({})", p.first().map_or(*default, String::as_str))
            }
            Form::PrecisionScale(name) => match p.as_slice() {
                [] => format!("{name}(18, 0)"),
                [precision] => format!("{name}({precision}, 0)"),
                [precision, scale, ..] => format!("{name}({precision}, {scale})"),
            },
            Form::PrecisionBelow { name, below } => match first_number(w) {
                Some(n) if n < u64::from(*below) => format!("{name}({n})"),
                _ => name.to_string(),
            },
            Form::PrecisionUnless { name, default } => match p.first() {
                Some(n) if n != default => format!("{name}({n})"),
                _ => name.to_string(),
            },
            Form::PrecisionCapped { name, cap } => match p.first() {
                Some(n) => format!("{name}({})", n.parse::<u32>().map_or(*cap, |n| n.min(*cap))),
                None => name.to_string(),
            },
            Form::BareWhen { name, bare_for } if p.iter().eq(bare_for.iter()) => name.to_string(),
            Form::BareWhen { name, .. } => with_params(name, p),
            Form::ParamsUpTo { name, max } => match first_number(w) {
                Some(n) if n > u64::from(*max) => name.to_string(),
                _ => with_params(name, p),
            },
            Form::IntByWidth => match first_number(w) {
                Some(1..=3) => "TINYINT".into(),
                Some(4..=5) => "SMALLINT".into(),
                Some(6..=10) => "INTEGER".into(),
                Some(11..) => "BIGINT".into(),
                _ => Form::Extra(&Form::Fixed("INT")).render(w, v),
            },
            Form::Zoned { name, max } => {
                let tz = matches!(w.name.as_str(), "timestamptz" | "timetz");
                let zone = if tz || zone_spelled(w) {
                    "WITH"
                } else {
                    "WITHOUT"
                };
                match first_number(w).filter(|n| *n <= u64::from(*max)) {
                    Some(n) => format!("{name}({n}) {zone} TIME ZONE"),
                    None => format!("{name} {zone} TIME ZONE"),
                }
            }
            Form::ZoneSuffix(name) if zone_spelled(w) => with_params(name, p) + " WITH TIME ZONE",
            Form::ZoneSuffix(name) => with_params(name, p),
            Form::AsWrittenOr(_) if w.raw.contains([' ', '(']) => w.raw.clone(),
            Form::AsWrittenOr(name) => name.to_string(),
            Form::Unknown
                if w.params.is_empty()
                    && w.extra.is_empty()
                    && w.raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                w.raw.to_ascii_uppercase()
            }
            Form::Unknown | Form::AsWritten => w.raw.clone(),
            Form::Since { at, then, before } => match v >= *at {
                true => then.render(w, v),
                false => before.render(w, v),
            },
            Form::SinceEachPart { at, then, before } => match v.each_at_least(*at) {
                true => then.render(w, v),
                false => before.render(w, v),
            },
        }
    }
}
