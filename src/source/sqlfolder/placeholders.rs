//! `${name}` substitution that keeps the way back to the file: verbatim runs
//! map byte for byte, each substituted placeholder maps to its `${name}`.

use std::ops::Range;

use crate::span::{FileId, MappedText, OffsetMap};

/// What to do with one placeholder.
pub enum Resolved {
    /// Replace it with this value.
    Value(String),
    /// Leave the text as written (a value only known when the tool runs).
    Keep,
    /// No value: the tool fails on it.
    Unknown,
}

/// The delimiters around a placeholder name (Flyway: `${` and `}`).
pub struct Delimiters<'a> {
    pub prefix: &'a str,
    pub suffix: &'a str,
}

impl Default for Delimiters<'_> {
    fn default() -> Self {
        Delimiters {
            prefix: "${",
            suffix: "}",
        }
    }
}

/// The substituted text and the placeholders that had no value.
pub struct Substitution {
    pub text: MappedText,
    /// File range of each unknown placeholder (delimiters included) and its name.
    pub unknown: Vec<(Range<usize>, String)>,
}

/// Finds the next placeholder at or after `from`: Flyway matches
/// `prefix(.+?)suffix` on one line, so the name is at least one character and
/// never spans a line break.
fn next_placeholder(src: &str, from: usize, delims: &Delimiters) -> Option<(usize, Range<usize>)> {
    let mut at = from;
    while let Some(rel) = src.get(at..)?.find(delims.prefix) {
        let start = at + rel;
        let name_start = start + delims.prefix.len();
        let rest = src.get(name_start..)?;
        let first = rest.chars().next()?;
        if first != '\n' && !delims.suffix.is_empty() {
            let after_first = first.len_utf8();
            let tail = rest.get(after_first..).unwrap_or("");
            let newline = tail.find('\n').unwrap_or(tail.len());
            if let Some(close) = tail.get(..newline).and_then(|t| t.find(delims.suffix)) {
                let name_end = name_start + after_first + close;
                return Some((start, name_start..name_end));
            }
        }
        at = name_start;
    }
    None
}

/// Substitutes every placeholder in `src`, a slice of file `file` starting
/// at byte `base` of it.
pub fn substitute(
    file: FileId,
    src: &str,
    base: usize,
    delims: &Delimiters,
    mut resolve: impl FnMut(&str) -> Resolved,
) -> Substitution {
    let mut text = String::with_capacity(src.len());
    let mut map = OffsetMap::default();
    let mut unknown = Vec::new();
    // start of the verbatim run not yet copied
    let mut copied = 0;
    let mut at = 0;
    while let Some((start, name)) = next_placeholder(src, at, delims) {
        let end = name.end + delims.suffix.len();
        let key = src.get(name.clone()).unwrap_or("");
        match resolve(key) {
            Resolved::Value(value) => {
                if start > copied {
                    text.push_str(src.get(copied..start).unwrap_or(""));
                    map.push(start - copied, base + copied..base + start);
                }
                text.push_str(&value);
                map.push_substituted(value.len(), base + start..base + end);
                copied = end;
            }
            Resolved::Keep => {}
            Resolved::Unknown => unknown.push((base + start..base + end, key.to_string())),
        }
        at = end;
    }
    if src.len() > copied || map.text_len() == 0 {
        text.push_str(src.get(copied..).unwrap_or(""));
        map.push(src.len() - copied, base + copied..base + src.len());
    }
    Substitution {
        text: MappedText { file, text, map },
        unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str) -> Resolved {
        match name {
            "schema" => Resolved::Value("app_data".into()),
            "flyway:timestamp" => Resolved::Keep,
            _ => Resolved::Unknown,
        }
    }

    #[test]
    fn substitutes_and_maps_back_to_the_placeholder() {
        // the slice starts at byte 10 of its file
        let src = "CREATE TABLE ${schema}.t (x int); -- ${flyway:timestamp}";
        let s = substitute(FileId(3), src, 10, &Delimiters::default(), values);
        assert_eq!(
            s.text.text,
            "CREATE TABLE app_data.t (x int); -- ${flyway:timestamp}"
        );
        assert!(s.unknown.is_empty());
        let value = s.text.span(13..21);
        assert_eq!((value.file, value.start, value.end), (FileId(3), 23, 32));
        // text after the placeholder maps byte for byte
        let t = s.text.span(22..23);
        assert_eq!((t.start, t.end), (10 + 23, 10 + 24));
        assert_eq!(&src[23..24], "t");
    }

    #[test]
    fn reports_unknown_names_and_keeps_their_text() {
        let src = "a ${nope} b ${\n} c ${} d";
        let s = substitute(FileId(0), src, 0, &Delimiters::default(), values);
        assert_eq!(s.text.text, src);
        // `${\n}` crosses a line and `${}` has no name: neither is a placeholder,
        // but `${} d` has none either (no closing brace after a name)
        assert_eq!(s.unknown, vec![(2..9, "nope".to_string())]);
    }

    #[test]
    fn custom_delimiters() {
        let d = Delimiters {
            prefix: "#[",
            suffix: "]",
        };
        let s = substitute(FileId(0), "x #[schema] y", 0, &d, values);
        assert_eq!(s.text.text, "x app_data y");
    }
}
