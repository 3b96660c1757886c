//! Liquibase `stripComments`: before it sends a change's SQL, Liquibase
//! removes `--` line comments and `/* … */` block comments with its own
//! dialect-independent lexer (`SqlParser`/`StringUtil.stripComments`), so a
//! `--rollback` or `--insert …` line never reaches a database that would not
//! read it as a comment (MySQL wants `-- ` with a space).
//!
//! Here comments are blanked to spaces byte for byte instead of removed, so
//! every byte keeps its place and its source position; line breaks stay.

/// Blanks the comments of `text` (outside quoted strings and identifiers).
pub(crate) fn blank_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => i = skip_quoted(bytes, i, q),
            b'[' => {
                // a T-SQL bracketed identifier runs to `]`
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b']' || b == b'\n')
                    .map_or(bytes.len(), |p| i + p + 1);
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .map_or(bytes.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = bytes
                    .get(i + 2..)
                    .and_then(|rest| rest.windows(2).position(|w| w == b"*/"))
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
                blank(&mut out, i, end);
                i = end;
            }
            _ => i += 1,
        }
    }
    // blanked runs start at an ASCII `-`/`/` and end at a line break, `*/`
    // or the end, so they hold whole characters and the bytes stay UTF-8
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The index after the quoted run starting at `start` (quote `q`); a doubled
/// quote and, in strings, a backslash escape stay inside.
fn skip_quoted(bytes: &[u8], start: usize, q: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && q == b'\'' {
            i += 2;
        } else if b == q {
            if bytes.get(i + 1) == Some(&q) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// Replaces `out[from..to]` by spaces, keeping line breaks.
fn blank(out: &mut [u8], from: usize, to: usize) {
    for b in out.iter_mut().take(to).skip(from) {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_block_comments_become_spaces() {
        let sql = "--\n-- a comment\ninsert into t values (1);\n--insert into t values (3);\n/* x\ny */select 1;";
        let out = blank_comments(sql);
        assert_eq!(
            out,
            format!(
                "  \n{}\ninsert into t values (1);\n{}\n    \n    select 1;",
                " ".repeat(12),
                " ".repeat(27)
            )
        );
        assert_eq!(out.len(), sql.len());
    }

    #[test]
    fn quoted_text_is_kept() {
        let sql = "select '--not', \"/*x*/\", 'it''s -- here', `a--b` -- gone";
        assert_eq!(
            blank_comments(sql),
            "select '--not', \"/*x*/\", 'it''s -- here', `a--b`        "
        );
    }

    #[test]
    fn multibyte_comment_text_keeps_length() {
        let sql = "select 1; -- café ☕\nselect 2;";
        let out = blank_comments(sql);
        assert_eq!(out.len(), sql.len());
        assert!(out.starts_with("select 1;"));
        assert!(out.ends_with("\nselect 2;"));
        assert!(!out.contains("caf"));
    }

    #[test]
    fn unclosed_block_comment_runs_to_the_end() {
        assert_eq!(
            blank_comments("select 1; /* open"),
            format!("select 1;{}", " ".repeat(8))
        );
    }
}
