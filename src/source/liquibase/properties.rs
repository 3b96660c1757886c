//! Changelog properties (`<property>`, `property:`, `--property`, the
//! command line and a `.properties` file) and `${name}` substitution that
//! keeps every byte of the result mapped back to its file.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::filters::{self, RunFilter};
use crate::error::Problem;
use crate::limits::{MAX_PROPERTY_DEPTH, MAX_SUBSTITUTED_BYTES, human};
use crate::span::{FileId, MappedText, OffsetMap, Span};

/// One run of raw (not yet substituted) text and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub text: String,
    pub file: Range<usize>,
    /// A byte-for-byte copy of `file`; otherwise it replaced `file` (a
    /// decoded entity, a folded YAML line break).
    pub verbatim: bool,
}

/// Raw text from one file, as pieces with their file ranges.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pieces {
    pub file: FileId,
    pub parts: Vec<Piece>,
}

impl Pieces {
    pub fn new(file: FileId) -> Self {
        Pieces {
            file,
            parts: Vec::new(),
        }
    }

    pub fn verbatim(file: FileId, text: &str, start: usize) -> Self {
        let mut p = Pieces::new(file);
        p.push_verbatim(text, start);
        p
    }

    pub fn push_verbatim(&mut self, text: &str, start: usize) {
        if text.is_empty() {
            return;
        }
        self.parts.push(Piece {
            text: text.to_string(),
            file: start..start + text.len(),
            verbatim: true,
        });
    }

    pub fn push_substituted(&mut self, text: &str, file: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.parts.push(Piece {
            text: text.to_string(),
            file,
            verbatim: false,
        });
    }

    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }

    /// Without leading and trailing whitespace (pieces and characters), with
    /// its file range; `None` when nothing is left.
    pub fn trimmed(mut self) -> Option<(Pieces, Range<usize>)> {
        while let Some(first) = self.parts.first_mut() {
            let t = first.text.trim_start();
            if t.is_empty() {
                self.parts.remove(0);
                continue;
            }
            let cut = first.text.len() - t.len();
            if cut > 0 {
                first.text = t.to_string();
                if first.verbatim {
                    first.file.start += cut;
                }
            }
            break;
        }
        while let Some(last) = self.parts.last_mut() {
            let t = last.text.trim_end();
            if t.is_empty() {
                self.parts.pop();
                continue;
            }
            let cut = last.text.len() - t.len();
            if cut > 0 {
                last.text = t.to_string();
                if last.verbatim {
                    last.file.end -= cut;
                }
            }
            break;
        }
        let range = self.file_range()?;
        Some((self, range))
    }

    /// File range of everything.
    pub fn file_range(&self) -> Option<Range<usize>> {
        let first = self.parts.first()?;
        let last = self.parts.last()?;
        Some(first.file.start..last.file.end.max(first.file.start))
    }

    /// Appends the file ranges of text range `a..b` of `self.text()` to `map`.
    fn map_range(&self, a: usize, b: usize, map: &mut OffsetMap) {
        let mut pos = 0;
        for p in &self.parts {
            let (start, end) = (pos, pos + p.text.len());
            pos = end;
            let (lo, hi) = (a.max(start), b.min(end));
            if lo >= hi {
                continue;
            }
            if p.verbatim {
                let fs = p.file.start + (lo - start);
                map.push(hi - lo, fs..fs + (hi - lo));
            } else {
                map.push_substituted(hi - lo, p.file.clone());
            }
        }
    }

    /// File offset of text offset `a` (start side) or of the end of `b`.
    fn file_pos(&self, offset: usize, end: bool) -> usize {
        let mut pos = 0;
        for p in &self.parts {
            let next = pos + p.text.len();
            let inside = if end {
                offset > pos && offset <= next
            } else {
                offset >= pos && offset < next
            };
            if inside {
                return if p.verbatim {
                    p.file.start + (offset - pos)
                } else if end {
                    p.file.end
                } else {
                    p.file.start
                };
            }
            pos = next;
        }
        self.parts.last().map_or(0, |p| p.file.end)
    }
}

/// One `<property>` definition.
#[derive(Debug, Clone)]
struct PropertyDef {
    name: String,
    value: String,
    context: Option<String>,
    labels: Option<String>,
    dbms: Option<String>,
    /// `global="false"`: only the changelog file that defines it.
    local_to: Option<PathBuf>,
    /// 0 for a value written out; one more than the deepest property its
    /// value was substituted from.
    depth: usize,
}

/// Where a property is looked up from: the changelog file being read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub file: &'a Path,
}

/// Every property known so far, in definition order.
#[derive(Debug, Default)]
pub(crate) struct Properties {
    /// Command line (`--property k=v`) and properties-file values: win over
    /// anything a changelog defines.
    overrides: BTreeMap<String, String>,
    defs: Vec<PropertyDef>,
    /// Bytes substitution added so far (at most [`MAX_SUBSTITUTED_BYTES`]).
    substituted: Cell<usize>,
    /// The deepest property substituted since [`Properties::take_depth`].
    used_depth: Cell<Option<usize>>,
    /// Limits passed, at the placeholder or definition at fault.
    problems: RefCell<Vec<Problem>>,
}

/// Arguments of one property definition.
pub(crate) struct NewProperty<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub context: Option<&'a str>,
    pub labels: Option<&'a str>,
    pub dbms: Option<&'a str>,
    pub global: bool,
    pub file: &'a Path,
    /// Where it is defined (a definition too deep is reported there).
    pub at: Option<Span>,
}

impl Properties {
    pub fn with_overrides(overrides: BTreeMap<String, String>) -> Self {
        Properties {
            overrides,
            ..Properties::default()
        }
    }

    /// The deepest property substituted since the last call (`None`: none).
    pub fn take_depth(&self) -> Option<usize> {
        self.used_depth.take()
    }

    /// The limits passed so far.
    pub fn take_problems(&self) -> Vec<Problem> {
        self.problems.take()
    }

    fn problem(&self, at: Option<Span>, message: String) {
        let p = match at {
            Some(span) => Problem::at_span(span, message),
            None => Problem::general(message),
        };
        self.problems.borrow_mut().push(p);
    }

    /// Records a definition. As in Liquibase the first definition that
    /// applies wins, so later ones are only used when earlier ones are
    /// filtered out.
    /// `depth` is [`Properties::take_depth`] after expanding its value: a
    /// definition deeper than [`MAX_PROPERTY_DEPTH`] is refused.
    pub fn define(&mut self, p: NewProperty<'_>, depth: Option<usize>) {
        let depth = depth.map_or(0, |d| d + 1);
        if depth > MAX_PROPERTY_DEPTH {
            self.problem(
                p.at,
                format!(
                    "property `{}` is defined from properties nested more than {MAX_PROPERTY_DEPTH} deep: left undefined",
                    p.name
                ),
            );
            return;
        }
        self.defs.push(PropertyDef {
            depth,
            name: p.name.to_string(),
            value: p.value.to_string(),
            context: p.context.map(str::to_string),
            labels: p.labels.map(str::to_string),
            dbms: p.dbms.map(str::to_string),
            local_to: (!p.global).then(|| p.file.to_path_buf()),
        });
    }

    /// The value of `name` as seen from `scope`, if defined.
    pub fn get(&self, name: &str, scope: Scope<'_>, run: &RunFilter) -> Option<&str> {
        self.lookup(name, scope, run).map(|(v, _)| v)
    }

    /// [`Properties::get`], with the definition's depth.
    fn lookup(&self, name: &str, scope: Scope<'_>, run: &RunFilter) -> Option<(&str, usize)> {
        if let Some(v) = self.overrides.get(name) {
            return Some((v, 0));
        }
        self.defs
            .iter()
            .filter(|d| d.name == name)
            .filter(|d| d.local_to.as_deref().is_none_or(|f| f == scope.file))
            .find(|d| {
                d.context
                    .as_deref()
                    .is_none_or(|c| filters::context_matches(c, run.contexts.as_deref()))
                    && d.labels
                        .as_deref()
                        .is_none_or(|l| filters::labels_match(l, run.labels.as_deref()))
                    && d.dbms
                        .as_deref()
                        .is_none_or(|d| filters::dbms_matches(d, run.dbms))
            })
            .map(|d| (d.value.as_str(), d.depth))
    }

    /// Counts `len` more substituted bytes for `${name}` at `at`; `false`
    /// (reported once) when that passes [`MAX_SUBSTITUTED_BYTES`].
    fn budget(&self, name: &str, len: usize, at: Span) -> bool {
        let total = self.substituted.get();
        if total > MAX_SUBSTITUTED_BYTES {
            return false;
        }
        let after = total.saturating_add(len);
        self.substituted.set(after);
        if after > MAX_SUBSTITUTED_BYTES {
            self.problem(
                Some(at),
                format!(
                    "`${{{name}}}` ({}) would take property substitution past its {} limit: left as written here and after (properties defined from properties can double at each level)",
                    human(len as u64),
                    human(MAX_SUBSTITUTED_BYTES as u64)
                ),
            );
            return false;
        }
        true
    }

    /// Substitutes `${name}` in `raw`, mapping the result back to the file:
    /// literal text maps byte for byte, a substituted value to its
    /// placeholder. Unknown names stay as written, as Liquibase leaves them.
    pub fn expand(&self, raw: &Pieces, scope: Scope<'_>, run: &RunFilter) -> MappedText {
        let text = raw.text();
        let mut out = String::with_capacity(text.len());
        let mut map = OffsetMap::default();
        let mut rest = 0;
        for (start, end, name) in placeholders(&text) {
            let Some((v, depth)) = self.lookup(name, scope, run) else {
                continue;
            };
            let fs = raw.file_pos(start, false);
            let fe = raw.file_pos(end, true).max(fs);
            if !self.budget(name, v.len(), Span::new(raw.file, fs..fe)) {
                continue;
            }
            let deepest = self.used_depth.get().map_or(depth, |d| d.max(depth));
            self.used_depth.set(Some(deepest));
            raw.map_range(rest, start, &mut map);
            out.push_str(&text[rest..start]);
            map.push_substituted(v.len(), fs..fe);
            out.push_str(v);
            rest = end;
        }
        raw.map_range(rest, text.len(), &mut map);
        out.push_str(&text[rest..]);
        if out.is_empty() {
            // keep the empty text pointing at where it is written
            let at = raw.file_range().map_or(0, |r| r.start);
            map = OffsetMap::whole(0, at..at);
        }
        MappedText {
            file: raw.file,
            text: out,
            map,
        }
    }
}

/// `(start, end, name)` of every `${name}` in `text`.
fn placeholders(text: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|s| s.find("${")) {
        let start = from + i;
        let Some(close) = text.get(start + 2..).and_then(|s| s.find('}')) else {
            break;
        };
        let end = start + 2 + close + 1;
        let name = &text[start + 2..end - 1];
        // `${a ${b}}`: the inner one is the placeholder
        if let Some(inner) = name.rfind("${") {
            from = start + 2 + inner;
            continue;
        }
        if !name.is_empty() {
            found.push((start, end, name));
        }
        from = end;
    }
    found
}

/// The `database.*` properties Liquibase defines before reading any
/// changelog (so they win over changelog definitions of the same name),
/// for a target known by its Liquibase short name. Values that need a live
/// connection (the user's default schema on MySQL, …) are left undefined.
pub(crate) fn builtin_properties(dbms: Option<&str>) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (
            "database.databaseChangeLogTableName",
            "DATABASECHANGELOG".to_string(),
        ),
        (
            "database.databaseChangeLogLockTableName",
            "DATABASECHANGELOGLOCK".to_string(),
        ),
        ("database.lineComment", "--".to_string()),
    ];
    let Some(dbms) = dbms else {
        return out;
    };
    out.push(("database.typeName", dbms.to_string()));
    let now = match dbms {
        "postgresql" | "cockroachdb" | "mysql" | "mariadb" | "h2" => Some("NOW()"),
        "mssql" => Some("GETDATE()"),
        "oracle" => Some("SYSTIMESTAMP"),
        "sqlite" => Some("CURRENT_TIMESTAMP"),
        "db2" => Some("CURRENT TIMESTAMP"),
        _ => None,
    };
    if let Some(now) = now {
        out.push(("database.currentDateTimeFunction", now.to_string()));
    }
    let schema = match dbms {
        "postgresql" | "cockroachdb" => Some("public"),
        "mssql" => Some("dbo"),
        "h2" => Some("PUBLIC"),
        _ => None,
    };
    if let Some(schema) = schema {
        out.push(("database.defaultSchemaName", schema.to_string()));
    }
    out
}

/// Reads a Liquibase-style `.properties` file: `key=value` (or `key: value`)
/// lines, `#`/`!` comments; `parameter.x=y` defines property `x`.
pub(crate) fn read_properties_file(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        let Some(sep) = line.find(['=', ':']) else {
            continue;
        };
        let key = line[..sep].trim();
        let value = line[sep + 1..].trim();
        let key = key.strip_prefix("parameter.").unwrap_or(key);
        if !key.is_empty() {
            out.insert(key.to_string(), value.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> RunFilter {
        RunFilter::default()
    }

    #[test]
    fn substitution_maps_literals_and_placeholders() {
        let mut props = Properties::default();
        let f = Path::new("a.xml");
        props.define(
            NewProperty {
                name: "schema",
                value: "public_schema",
                context: None,
                labels: None,
                dbms: None,
                global: true,
                file: f,
                at: None,
            },
            None,
        );
        // file text starts at byte 100
        let raw = Pieces::verbatim(FileId(0), "select * from ${schema}.t where ${nope}", 100);
        let m = props.expand(&raw, Scope { file: f }, &run());
        assert_eq!(m.text, "select * from public_schema.t where ${nope}");
        assert_eq!(m.map.to_file(0), 100);
        // inside the value: the placeholder start
        assert_eq!(m.map.to_file(16), 114);
        // the "." after it
        let dot = m.text.find(".t").unwrap_or(0);
        assert_eq!(m.map.to_file(dot), 123);
        // the unknown placeholder is kept verbatim
        let nope = m.text.find("${nope}").unwrap_or(0);
        assert_eq!(m.map.to_file(nope), 100 + 32);
    }

    #[test]
    fn first_applicable_definition_wins_and_overrides_win_over_all() {
        let f = Path::new("a.xml");
        let mut props =
            Properties::with_overrides(BTreeMap::from([("x".to_string(), "cli".to_string())]));
        for (v, ctx) in [("one", Some("prod")), ("two", None), ("three", None)] {
            props.define(
                NewProperty {
                    name: "y",
                    value: v,
                    context: ctx,
                    labels: None,
                    dbms: None,
                    global: true,
                    file: f,
                    at: None,
                },
                None,
            );
        }
        props.define(
            NewProperty {
                name: "x",
                value: "file",
                context: None,
                labels: None,
                dbms: None,
                global: true,
                file: f,
                at: None,
            },
            None,
        );
        let s = Scope { file: f };
        assert_eq!(props.get("x", s, &run()), Some("cli"));
        // no --contexts: every context matches, so the first one wins
        assert_eq!(props.get("y", s, &run()), Some("one"));
        let dev = RunFilter {
            contexts: Some("dev".into()),
            ..RunFilter::default()
        };
        assert_eq!(props.get("y", s, &dev), Some("two"));
    }

    #[test]
    fn local_properties_stay_in_their_file() {
        let mut props = Properties::default();
        props.define(
            NewProperty {
                name: "t",
                value: "v",
                context: None,
                labels: None,
                dbms: None,
                global: false,
                file: Path::new("a.xml"),
                at: None,
            },
            None,
        );
        let other = Scope {
            file: Path::new("b.xml"),
        };
        assert_eq!(props.get("t", other, &run()), None);
        assert_eq!(
            props.get(
                "t",
                Scope {
                    file: Path::new("a.xml")
                },
                &run()
            ),
            Some("v")
        );
    }

    #[test]
    fn properties_file_lines() {
        let m = read_properties_file("# c\nparameter.schema = app\nplain=1\n\nbad\n");
        assert_eq!(m.get("schema").map(String::as_str), Some("app"));
        assert_eq!(m.get("plain").map(String::as_str), Some("1"));
        assert_eq!(m.len(), 2);
    }
}
