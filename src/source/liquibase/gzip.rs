//! `.gz` resources: Liquibase opens every resource whose name ends in `.gz`
//! through a `GZIPInputStream` (`PathResource.openInputStream`), so a
//! `loadData file="data.csv.gz"` reads the CSV inside.

/// Decompressed size beyond which a resource is refused (a guard against
/// decompression bombs; real changelog data is far smaller).
const MAX_SIZE: usize = 256 * 1024 * 1024;

const FTEXT_MASK: u8 = 0xe0; // reserved flag bits must be zero
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;

/// The contents of a gzip member (RFC 1952), or why they cannot be read.
pub(crate) fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let header = bytes.get(..10).ok_or("not gzip data: too short")?;
    if header[0] != 0x1f || header[1] != 0x8b {
        return Err("not gzip data".into());
    }
    if header[2] != 8 {
        return Err(format!("unknown gzip compression method {}", header[2]));
    }
    let flags = header[3];
    if flags & FTEXT_MASK != 0 {
        return Err("bad gzip header flags".into());
    }
    let mut pos = 10;
    if flags & FEXTRA != 0 {
        let len = bytes.get(pos..pos + 2).ok_or("truncated gzip header")?;
        pos += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let end = bytes
                .get(pos..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
                .ok_or("truncated gzip header")?;
            pos += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        pos += 2;
    }
    let body = bytes.get(pos..).ok_or("truncated gzip header")?;
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_SIZE)
        .map_err(|e| format!("bad gzip data: {e}"))?;
    // the trailer's ISIZE is the size modulo 2^32
    if let Some(t) = body.len().checked_sub(4).and_then(|i| body.get(i..)) {
        let isize = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
        if isize != out.len() as u32 {
            return Err("gzip data is truncated or has several members".into());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `printf 'id,name\n1,a\n' | gzip -n`
    const CSV_GZ: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x4c, 0xd1, 0xc9, 0x4b,
        0xcc, 0x4d, 0xe5, 0x32, 0xd4, 0x49, 0xe4, 0x02, 0x00, 0xd4, 0x54, 0xb9, 0xee, 0x0c, 0x00,
        0x00, 0x00,
    ];

    #[test]
    fn reads_a_gzip_member() {
        assert_eq!(gunzip(CSV_GZ).as_deref(), Ok(&b"id,name\n1,a\n"[..]));
    }

    #[test]
    fn refuses_what_is_not_gzip() {
        assert!(gunzip(b"id,name\n").is_err());
        assert!(gunzip(&CSV_GZ[..12]).is_err());
        let mut bad = CSV_GZ.to_vec();
        bad[2] = 7;
        assert!(gunzip(&bad).is_err());
    }
}
