//! Where the lexical constructs the scanner skips whole end: block
//! comments, quoted strings and identifiers, dollar quotes. Each returns the
//! byte offset just past the construct opened at `open` and whether it is
//! closed (an unclosed one runs to the end of the text).

/// A block comment `/* … */`; `nested`: `/*` inside opens another level.
pub(super) fn block_comment_end(bytes: &[u8], open: usize, nested: bool) -> (usize, bool) {
    let mut depth = 0usize;
    let mut p = open;
    while p < bytes.len() {
        if bytes[p] == b'/' && bytes.get(p + 1) == Some(&b'*') {
            if depth == 0 || nested {
                depth += 1;
            }
            p += 2;
        } else if bytes[p] == b'*' && bytes.get(p + 1) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            p += 2;
            if depth == 0 {
                break;
            }
        } else {
            p += 1;
        }
    }
    (p.min(bytes.len()), depth == 0)
}

/// A quoted string or identifier closed by `close`; a doubled closing quote
/// stays inside, and with `escapes` a backslash escapes the next byte.
pub(super) fn quoted_end(bytes: &[u8], open: usize, close: u8, escapes: bool) -> (usize, bool) {
    let mut p = open + 1;
    while p < bytes.len() {
        let b = bytes[p];
        if escapes && b == b'\\' {
            p += 2;
        } else if b == close {
            if bytes.get(p + 1) == Some(&close) {
                p += 2;
            } else {
                return (p + 1, true);
            }
        } else {
            p += 1;
        }
    }
    (bytes.len(), false)
}

/// `$$…$$` / `$tag$…$tag$` as sqlparser reads them; `$1` and a lone `$`
/// are just characters (closed, ending after the tag).
pub(super) fn dollar_end(text: &str, open: usize) -> (usize, bool) {
    let rest = text.get(open + 1..).unwrap_or_default();
    let tag_len: usize = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    if rest.as_bytes().get(tag_len) != Some(&b'$') {
        return (open + 1 + tag_len, true);
    }
    let body = open + 1 + tag_len + 1;
    let closing = &text[open..body];
    match text[body..].find(closing) {
        Some(i) => (body + i + closing.len(), true),
        None => (text.len(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_closedness() {
        assert_eq!(block_comment_end(b"/* a */ b", 0, false), (7, true));
        assert_eq!(block_comment_end(b"/* /* a */ b */", 0, true), (15, true));
        assert_eq!(block_comment_end(b"/* a", 0, false), (4, false));
        assert_eq!(quoted_end(b"'it''s' x", 0, b'\'', false), (7, true));
        assert_eq!(quoted_end(b"'a\\'b' x", 0, b'\'', true), (6, true));
        assert_eq!(quoted_end(b"\"idx;", 0, b'"', false), (5, false));
        assert_eq!(dollar_end("$f$ a $f$ b", 0), (9, true));
        assert_eq!(dollar_end("$1, 2", 0), (2, true));
        assert_eq!(dollar_end("$$ a", 0), (4, false));
    }
}
