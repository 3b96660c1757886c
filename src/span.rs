//! Source files, byte spans and the mapping from derived text back to a file.
//!
//! Every stage points at its input with a [`Span`]: a file and a byte range.
//! Lines and columns are computed only when a report needs them.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span {
            file,
            start: range.start,
            end: range.end.max(range.start),
        }
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A file as read from disk: its path, the name reports show and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path used to open the file.
    pub path: PathBuf,
    /// Name shown in reports: relative to the working directory when possible.
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

/// A lone `\r` (classic Mac line ends) becomes `\n`. Byte offsets stay the
/// same, and every reader then ends lines where the reports do: sqlparser
/// ends a `--` comment at `\n` only (outside PostgreSQL), so a CR-only
/// file was one comment that hid every statement after it. Liquibase and
/// Flyway read a lone `\r` as a line end too (checksums included), as do
/// XML and YAML.
pub fn standard_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // an ASCII byte replaced by another keeps the text UTF-8
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl SourceFile {
    /// `text` with its line ends made standard (`standard_line_ends`);
    /// readers must be given the same text.
    pub fn new(path: PathBuf, text: String) -> Self {
        let name = display_name(&path);
        let text = standard_line_ends(text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path,
            name,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and character column; clamps to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        rest[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }
}

/// The path as a user would write it from the working directory.
pub fn display_name(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Every file read in one run. A clone shares the files: the analysis of
/// a changelog on another thread reads them while more are read here.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<std::sync::Arc<SourceFile>>,
}

/// A resolved position, as reports print it (1-based).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(std::sync::Arc::new(file));
        FileId((self.files.len() - 1) as u32)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), &**f))
    }
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }
    pub fn locate(&self, span: Span) -> Location {
        let file = self.get(span.file);
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        Location {
            file: file.name.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// One piece of an [`OffsetMap`]: `text_len` bytes of derived text starting at
/// `text_start` came from `file_len` bytes of the file starting at `file_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text_start: usize,
    file_start: usize,
    text_len: usize,
    file_len: usize,
    /// Byte-for-byte copy: offsets inside map one to one.
    verbatim: bool,
}

/// Maps byte offsets in derived text (placeholders substituted, YAML block
/// indentation removed, XML entities decoded, generated SQL) back to the file.
///
/// A segment whose lengths differ (a substitution) maps every offset inside
/// it to the start of the original, so a finding points at the placeholder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    /// Text that is a verbatim copy of `file_range`.
    pub fn identity(file_range: Range<usize>) -> Self {
        let mut m = OffsetMap::default();
        m.push(file_range.len(), file_range);
        m
    }

    /// Every offset of a `text_len`-byte text maps to `file_range` as a whole
    /// (generated SQL that points at its changelog element).
    pub fn whole(text_len: usize, file_range: Range<usize>) -> Self {
        let mut m = OffsetMap::default();
        m.segments.push(Segment {
            text_start: 0,
            file_start: file_range.start,
            text_len,
            file_len: file_range.len(),
            verbatim: false,
        });
        m
    }

    /// Appends `text_len` bytes of text that came from `file_range`: a
    /// verbatim copy when the lengths agree, a substitution otherwise.
    pub fn push(&mut self, text_len: usize, file_range: Range<usize>) {
        let verbatim = text_len == file_range.len();
        self.push_segment(text_len, file_range, verbatim);
    }

    /// Appends text that replaced `file_range` (a substituted placeholder,
    /// a decoded entity) even when the lengths happen to agree.
    pub fn push_substituted(&mut self, text_len: usize, file_range: Range<usize>) {
        self.push_segment(text_len, file_range, false);
    }

    fn push_segment(&mut self, text_len: usize, file_range: Range<usize>, verbatim: bool) {
        let text_start = self
            .segments
            .last()
            .map_or(0, |s| s.text_start + s.text_len);
        self.segments.push(Segment {
            text_start,
            file_start: file_range.start,
            text_len,
            file_len: file_range.len(),
            verbatim,
        });
    }

    /// Length of the text this map covers.
    pub fn text_len(&self) -> usize {
        self.segments
            .last()
            .map_or(0, |s| s.text_start + s.text_len)
    }

    /// File offset of a text offset.
    pub fn to_file(&self, text_offset: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|s| s.text_start <= text_offset);
        let Some(seg) = idx.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return self.segments.first().map_or(text_offset, |s| s.file_start);
        };
        let delta = text_offset - seg.text_start;
        if seg.verbatim {
            seg.file_start + delta
        } else if delta >= seg.text_len {
            seg.file_start + seg.file_len
        } else {
            seg.file_start
        }
    }

    /// File span of a text range.
    pub fn span(&self, file: FileId, text_range: Range<usize>) -> Span {
        let start = self.to_file(text_range.start);
        let end = if text_range.end > text_range.start {
            // map the last byte, then step past it, so a range ending at a
            // segment boundary does not run into the next segment
            let last = text_range.end - 1;
            let idx = self.segments.partition_point(|s| s.text_start <= last);
            match idx.checked_sub(1).and_then(|i| self.segments.get(i)) {
                Some(seg) if !seg.verbatim => seg.file_start + seg.file_len,
                _ => self.to_file(last) + 1,
            }
        } else {
            start
        };
        Span::new(file, start..end.max(start))
    }
}

/// Text derived from a file, with the map back to it.
#[derive(Debug, Clone)]
pub struct MappedText {
    pub file: FileId,
    pub text: String,
    pub map: OffsetMap,
}

impl MappedText {
    /// A verbatim slice of a file.
    pub fn verbatim(file: FileId, text: String, file_start: usize) -> Self {
        let map = OffsetMap::identity(file_start..file_start + text.len());
        MappedText { file, text, map }
    }
    pub fn span(&self, text_range: Range<usize>) -> Span {
        self.map.span(self.file, text_range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lines_from_one() {
        let f = SourceFile::new(PathBuf::from("x.sql"), "ab\nçd e\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "ç" is two bytes: byte 7 is the "e" at char column 4
        assert_eq!(f.line_col(7), (2, 4));
        assert_eq!(f.offset_of(2, 4), 7);
        assert_eq!(f.offset_of(9, 1), f.text.len());
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        // classic Mac line ends, mixed with `\r\n` and `\n`
        let f = SourceFile::new(PathBuf::from("x.sql"), "a;\rb;\r\nc;\nd;".into());
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (3, 1));
        assert_eq!(f.line_col(10), (4, 1));
        assert_eq!(f.offset_of(2, 2), 4);
        // made a `\n`, at the same offset, so that readers count it too
        assert_eq!(f.text, "a;\nb;\r\nc;\nd;");
        assert_eq!(standard_line_ends("x\r\r\ny\r".into()), "x\n\r\ny\n");
    }

    #[test]
    fn substitution_maps_inside_to_the_placeholder() {
        // file: "a ${x} b" ; text: "a LONGVALUE b"
        let mut m = OffsetMap::default();
        m.push(2, 0..2);
        m.push(9, 2..6);
        m.push(2, 6..8);
        assert_eq!(m.to_file(0), 0);
        assert_eq!(m.to_file(5), 2);
        assert_eq!(m.to_file(11), 6);
        assert_eq!(m.to_file(12), 7);
        let s = m.span(FileId(0), 2..11);
        assert_eq!((s.start, s.end), (2, 6));
    }

    #[test]
    fn whole_map_points_everything_at_the_element() {
        let m = OffsetMap::whole(40, 100..180);
        let s = m.span(FileId(0), 0..40);
        assert_eq!((s.start, s.end), (100, 180));
        let s = m.span(FileId(0), 10..20);
        assert_eq!((s.start, s.end), (100, 180));
    }
}
