//! sqlparser locations (1-based line, 1-based *character* column) to byte
//! offsets.

/// Line starts of a text, with a fast path for ASCII-only lines.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                ascii.push(line_ascii);
                starts.push(i + 1);
                line_ascii = true;
            } else if !b.is_ascii() {
                line_ascii = false;
            }
        }
        ascii.push(line_ascii);
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    /// Byte offset of a 1-based line and character column; clamps to the
    /// line end and to the text.
    pub(crate) fn offset(&self, line: u64, column: u64) -> usize {
        let idx = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
        let Some(&start) = self.starts.get(idx) else {
            return self.text.len();
        };
        let end = self.starts.get(idx + 1).map_or(self.text.len(), |&s| s);
        let col = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        if self.ascii.get(idx).copied().unwrap_or(false) {
            return start.saturating_add(col).min(end);
        }
        self.text
            .get(start..end)
            .and_then(|line| line.char_indices().nth(col))
            .map_or(end, |(i, _)| start + i)
    }

    /// 1-based line and character column of a byte offset.
    pub(super) fn location(&self, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.text.len());
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(idx).copied().unwrap_or(0);
        let col = if self.ascii.get(idx).copied().unwrap_or(false) {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        };
        (idx as u64 + 1, col as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_chars_not_bytes() {
        let text = "ab\nçé x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(1, 1), 0);
        assert_eq!(idx.offset(2, 1), 3);
        // ç and é are two bytes each: char column 4 is the `x` at byte 8
        assert_eq!(idx.offset(2, 4), 8);
        assert_eq!(&text[idx.offset(2, 4)..idx.offset(2, 5)], "x");
        assert_eq!(idx.location(8), (2, 4));
        assert_eq!(idx.offset(9, 1), text.len());
        assert_eq!(idx.offset(1, 99), 3);
    }
}
