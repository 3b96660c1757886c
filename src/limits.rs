//! What one input may cost before it is refused.
//!
//! A gate reads whatever a pull request contains, so every input that could
//! make the process grow without bound (a huge file, one huge statement, a
//! deep nesting, an expansion that doubles) meets a limit first, and going
//! past it is an error at the place that caused it (exit 2) — never an
//! abort with no report. Two limits are settings (`--max-file-size`,
//! `--max-statement-size`, or `limits:` in `schemagate.yaml`); the others
//! are far above anything a real changelog needs and fixed here.

/// Largest file read (changelog, SQL file, `sqlFile`, `loadData`,
/// baseline): 64 MiB. A bigger one is refused with its size, unread.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Longest single statement parsed: 4 MiB of SQL. Parsing costs about 50
/// times the text in tokens and up to 200 times in syntax tree (a long
/// `INSERT … VALUES` list), so a longer statement is refused unparsed.
/// `COPY … FROM stdin` data does not count: it is never parsed.
pub const DEFAULT_MAX_STATEMENT_BYTES: usize = 4 * 1024 * 1024;

/// Nested `include`s: Liquibase has no limit of its own (a chain of a few
/// thousand overflows its stack too); real changelogs nest a handful.
pub const MAX_INCLUDE_DEPTH: usize = 100;

/// Nested XML elements in one changelog (libxml2's default limit is 256;
/// a Liquibase changelog nests about eight).
pub const MAX_XML_DEPTH: usize = 256;

/// Binary operators in a row in one expression (`1 + 1 + … + 1`,
/// `a OR b OR …`). sqlparser reads such a chain in a loop, but the tree it
/// builds is as deep as the chain is long, and dropping or walking it
/// recurses once per operator: 200,000 of them overflowed the stack.
pub const MAX_OPERATOR_CHAIN: usize = 10_000;

/// Bytes `${property}` substitution may add over one load, in all: the
/// file size limit again. Each level of a property defined from others
/// can double the text (`${b}` = `${a}${a}`), so without a cap 30 lines
/// make gigabytes.
pub const MAX_SUBSTITUTED_BYTES: usize = 64 * 1024 * 1024;

/// Properties defined from properties defined from properties…: real
/// changelogs chain two or three.
pub const MAX_PROPERTY_DEPTH: usize = 32;

/// Elements a Rego builtin that makes a collection out of numbers
/// (`numbers.range`, `numbers.range_step`, `net.cidr_expand`) may return:
/// they allocate the whole result in one step, before the time limit can
/// stop them (`numbers.range(1, 1e9)` asks for 16 GB at once).
pub const MAX_POLICY_COLLECTION: u64 = 1_000_000;

/// The changesets of changelogs read that may wait for a worker to
/// analyze them beyond two changelogs per worker ([`crate::pool::Ahead`]):
/// a changelog waits as read, before its statements are parsed and its
/// documents built, so what waits is little more than its text.
pub const READ_AHEAD_CHANGESETS: usize = 500;

/// The limits a run can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Longest statement parsed, in bytes.
    pub max_statement_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_statement_bytes: DEFAULT_MAX_STATEMENT_BYTES,
        }
    }
}

/// A size for people: `64 MiB`, `512 KiB`, `100 bytes`.
pub fn human(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenths = (bytes % size) * 10 / size;
            return if tenths == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Reads a size: bytes (`1048576`), or with a unit (`64MB`, `64 MiB`,
/// `512k`, `1G`); units are powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 64MB, 512KB, 1048576)"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "bytes" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{text}`: unknown unit (use KB, MB or GB)")),
    };
    match number.checked_mul(scale) {
        Some(0) => Err(format!("`{text}`: a limit must be more than 0")),
        Some(n) => Ok(n),
        None => Err(format!("`{text}` is too large")),
    }
}

/// Reads the file at `path` unless it is larger than `max` bytes: the
/// error then says so, with both sizes, and nothing was read.
pub fn read_limited(path: &std::path::Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let too_big = |size: u64| {
        std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "the file is {}, above the {} limit for one file (--max-file-size, `limits.max_file_size`)",
                human(size),
                human(max)
            ),
        )
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_big(size));
    }
    // the size may change while reading (or a device reports 0)
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print() {
        assert_eq!(parse_size("64MB"), Ok(64 << 20));
        assert_eq!(parse_size("64 MiB"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("big").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert!(parse_size("99999999999999999999").is_err());
        assert_eq!(human(64 << 20), "64 MiB");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(12), "12 bytes");
    }
}
