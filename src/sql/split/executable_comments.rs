//! MySQL executable comments: `/*!40000 ALTER TABLE t DISABLE KEYS */` is
//! code to MySQL (from that version on) and a comment to everyone else;
//! mysqldump writes them everywhere. sqlparser reads the code inside but
//! reports token positions as if the `/*!40000` prefix were not there, so
//! statement ranges come out shifted. Blanking the markers with spaces keeps
//! every byte offset and lets the parser see plain code.

/// `text` with each `/*!NNNNN` opener and its `*/` replaced by spaces;
/// `None` when there is none.
pub(super) fn blank_markers(text: &str) -> Option<String> {
    if !text.contains("/*!") {
        return None;
    }
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    // backslash escapes in MySQL strings, not in identifiers
                    i += if b[i] == b'\\' && q != b'`' { 2 } else { 1 };
                }
                i += 1;
            }
            b'#' => i = line_end(b, i),
            b'-' if b.get(i + 1) == Some(&b'-')
                && b.get(i + 2).is_none_or(|c| c.is_ascii_whitespace()) =>
            {
                i = line_end(b, i)
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let close = find(b, i + 2, b"*/").unwrap_or(b.len());
                if b.get(i + 2) == Some(&b'!') {
                    let mut code = i + 3;
                    while code < b.len() && b[code].is_ascii_digit() {
                        code += 1;
                    }
                    out[i..code].fill(b' ');
                    if close < b.len() {
                        out[close..close + 2].fill(b' ');
                    }
                    // the code inside is scanned again as code
                    i = code;
                    continue;
                }
                i = close + 2;
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces.
    String::from_utf8(out).ok()
}

fn line_end(b: &[u8], from: usize) -> usize {
    find(b, from, b"\n").unwrap_or(b.len())
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_spaces_and_offsets_stay() {
        let text = "/*!40000 ALTER TABLE `t` DISABLE KEYS */;\nSELECT '/*!1 not */';";
        let got = blank_markers(text).unwrap();
        assert_eq!(
            got,
            "         ALTER TABLE `t` DISABLE KEYS   ;\nSELECT '/*!1 not */';"
        );
        assert_eq!(got.len(), text.len());
        assert_eq!(blank_markers("SELECT 1 /* plain */"), None);
        // an ordinary comment holding `/*!` text is left alone
        assert_eq!(
            blank_markers("/* x /*! y */ SELECT 1").as_deref(),
            Some("/* x /*! y */ SELECT 1")
        );
    }
}
