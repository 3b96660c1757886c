//! The checksum Flyway records in `flyway_schema_history.checksum`.

/// Flyway's `ChecksumCalculator` over one script: a CRC32 fed with each
/// line's UTF-8 bytes, line breaks (`\n`, `\r\n`, `\r`) left out, a byte
/// order mark at the start dropped; stored as a signed 32-bit integer.
pub fn flyway(text: &str) -> i32 {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut crc = crc32fast::Hasher::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        crc.update(&rest.as_bytes()[..end]);
        let after = &rest[end..];
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\r'))
            .or_else(|| after.strip_prefix('\n'))
            .unwrap_or(after);
    }
    // Java's `(int) crc32.getValue()`: the same 32 bits, read as signed
    crc.finalize() as i32
}

#[cfg(test)]
mod tests {
    use super::flyway;

    #[test]
    fn line_breaks_and_bom_do_not_count() {
        let unix = flyway("create table t (id int);\ninsert into t values (1);\n");
        assert_eq!(
            unix,
            flyway("create table t (id int);\r\ninsert into t values (1);")
        );
        assert_eq!(
            unix,
            flyway("\u{feff}create table t (id int);\rinsert into t values (1);\n")
        );
        assert_ne!(
            unix,
            flyway("create table t (id int); insert into t values (1);")
        );
        // CRC32 of the bytes "ab" (0x9e83486d), as Java's int
        assert_eq!(flyway("a\nb"), 0x9e83486d_u32 as i32);
        assert_eq!(flyway(""), 0);
    }
}
