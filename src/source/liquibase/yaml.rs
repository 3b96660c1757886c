//! YAML and JSON changelogs (Liquibase reads `.json` with its YAML parser,
//! and real JSON changelogs are not always strict), read with serde-saphyr
//! into the raw tree, shaped as Liquibase's own `ParsedNode` shapes them.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::properties::Pieces;
use super::tree::{Attr, Node};
use crate::error::Problem;
use crate::span::{FileId, SourceMap, Span};

/// A YAML value with the spans of everything inside it.
#[derive(Debug)]
enum YValue {
    Null,
    /// A scalar (strings, numbers and booleans alike, as text).
    Scalar(String),
    Seq(Vec<Spanned<YValue>>),
    Map(Vec<(Spanned<YValue>, Spanned<YValue>)>),
}

impl<'de> Deserialize<'de> for YValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YVisitor)
    }
}

struct YVisitor;

impl<'de> Visitor<'de> for YVisitor {
    type Value = YValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<YValue, E> {
        Ok(YValue::Scalar(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<YValue, E> {
        Ok(YValue::Scalar(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<YValue, E> {
        Ok(YValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<YValue, E> {
        Ok(YValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YValue, D::Error> {
        YValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YValue, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<YValue>>()? {
            items.push(v);
        }
        Ok(YValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<Spanned<YValue>>()? {
            let v = map.next_value::<Spanned<YValue>>()?;
            entries.push((k, v));
        }
        Ok(YValue::Map(entries))
    }
}

/// Keys whose list only wraps elements that XML writes directly inside the
/// parent (`changes: [- createTable: …]`, `columns: [- column: …]`).
const WRAPPERS: &[&str] = &["changes", "columns"];

/// Change parameters XML writes as the element text.
fn text_param(change: &str) -> Option<&'static str> {
    Some(match change {
        "sql" => "sql",
        "createView" => "selectQuery",
        "createProcedure" => "procedureText",
        _ => return None,
    })
}

/// `- column: {…}`: a list item that wraps one column.
fn is_column_item(v: &YValue) -> bool {
    matches!(v, YValue::Map(m) if m.len() == 1 && scalar_text(&m[0].0.value) == "column")
}

struct Reader<'a> {
    file: FileId,
    src: &'a str,
    problems: Vec<Problem>,
}

/// Reads a YAML or JSON changelog into the raw tree; problems found on the
/// way (unexpected shapes) are returned beside it.
pub(crate) fn parse(file: FileId, sources: &SourceMap) -> Result<(Node, Vec<Problem>), Problem> {
    let src = sources.get(file).text.as_str();
    let doc: Spanned<YValue> = match serde_saphyr::from_str_with_options(src, snakeyaml_options()) {
        Ok(v) => v,
        Err(e) => {
            let at = e
                .location()
                .map(|l| {
                    sources
                        .get(file)
                        .offset_of(l.line() as usize, l.column() as usize)
                })
                .unwrap_or(0);
            let msg = e.without_snippet().to_string();
            let msg = msg.lines().next().unwrap_or("").to_string();
            return Err(Problem::at_span(
                Span::new(file, at..at),
                format!("malformed YAML/JSON: {msg}"),
            ));
        }
    };
    let mut r = Reader {
        file,
        src,
        problems: Vec::new(),
    };
    let whole = Span::new(file, 0..src.len());
    let YValue::Map(entries) = doc.value else {
        return Err(Problem::at_span(
            r.span_of(&doc),
            "not a changelog: the document must be a mapping with a `databaseChangeLog` key",
        ));
    };
    let mut root: Option<Node> = None;
    for (k, v) in &entries {
        let key = scalar_text(&k.value);
        if key != "databaseChangeLog" {
            r.problems.push(Problem::at_span(
                r.span_of(k),
                format!("unknown top-level key `{key}` (expected `databaseChangeLog`)"),
            ));
            continue;
        }
        let mut node = Node {
            name: key,
            foreign: false,
            attrs: Vec::new(),
            children: Vec::new(),
            text: None,
            span: whole,
            name_span: r.span_of(k),
        };
        match &v.value {
            YValue::Seq(items) => r.items(&mut node, items, true),
            YValue::Map(m) => r.fill(&mut node, m),
            _ => {
                r.problems.push(Problem::at_span(
                    r.span_of(k),
                    "`databaseChangeLog` has no body",
                ));
            }
        }
        root.get_or_insert(node);
    }
    match root {
        Some(node) => Ok((node, r.problems)),
        None => Err(Problem::at_span(
            Span::new(file, 0..0),
            "not a changelog: no `databaseChangeLog` key",
        )),
    }
}

/// Is this YAML/JSON text a changelog (a `databaseChangeLog` key)?
pub(crate) fn is_changelog(text: &str) -> bool {
    text.contains("databaseChangeLog")
        && matches!(
            serde_saphyr::from_str::<Spanned<YValue>>(text).map(|d| d.value),
            Ok(YValue::Map(m)) if m.iter().any(|(k, _)| scalar_text(&k.value) == "databaseChangeLog")
        )
}

/// Booleans as Liquibase's SnakeYAML reads them: YAML 1.1's `yes`/`no`/
/// `on`/`off` are (fixed by [`Reader::scalar_pieces`]), but not `y`/`n`,
/// which serde-saphyr's YAML 1.1 mode would take (`name: y` stays `y`).
fn snakeyaml_options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.strict_booleans = true;
    o
}

/// SnakeYAML's boolean words besides `true`/`false` (its `Resolver.BOOL`).
fn snakeyaml_bool(plain: &str) -> Option<&'static str> {
    match plain {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some("true"),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some("false"),
        _ => None,
    }
}

fn scalar_text(v: &YValue) -> String {
    match v {
        YValue::Scalar(s) => s.clone(),
        YValue::Null => String::new(),
        YValue::Seq(_) | YValue::Map(_) => String::from("<collection>"),
    }
}

impl Reader<'_> {
    fn range_of<T>(&self, v: &Spanned<T>) -> (usize, usize) {
        let s = v.defined.span();
        let start = s.byte_offset().unwrap_or(0) as usize;
        let len = s.byte_len().unwrap_or(0) as usize;
        let start = start.min(self.src.len());
        (start, (start + len).min(self.src.len()))
    }

    fn span_of<T>(&self, v: &Spanned<T>) -> Span {
        let (s, e) = self.range_of(v);
        Span::new(self.file, s..e)
    }

    /// Pieces of a scalar: its decoded text mapped back to the file. Lines
    /// are found in order in the source (block scalars lose indentation,
    /// quoted ones their quotes); what cannot be found maps as a whole.
    fn scalar_pieces(&self, value: &str, at: &Spanned<YValue>) -> Pieces {
        let (start, end) = self.range_of(at);
        let mut p = Pieces::new(self.file);
        let slice = self.src.get(start..end).unwrap_or("");
        if slice == value {
            // a plain scalar (quoted ones span their quotes)
            match snakeyaml_bool(value) {
                Some(b) => p.push_substituted(b, start..end),
                None => p.push_verbatim(value, start),
            }
            return p;
        }
        let mut cursor = start;
        let mut ok = true;
        let mut lines = value.split('\n').peekable();
        while let Some(line) = lines.next() {
            if !line.is_empty() {
                match self.src.get(cursor..).and_then(|s| s.find(line)) {
                    Some(i) => {
                        p.push_verbatim(line, cursor + i);
                        cursor += i + line.len();
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if lines.peek().is_some() {
                let nl = self
                    .src
                    .get(cursor..)
                    .and_then(|s| s.find('\n'))
                    .map_or(cursor, |i| cursor + i);
                let nl_end = (nl + 1).min(self.src.len());
                p.push_substituted("\n", nl..nl_end.max(nl));
                cursor = nl_end;
            }
        }
        if !ok || p.text() != value {
            let mut whole = Pieces::new(self.file);
            whole.push_substituted(value, start..end.max(start));
            return whole;
        }
        p
    }

    /// Fills `node` from a mapping: scalars become attributes, mappings and
    /// lists child nodes (wrapper lists are flattened into `node`).
    fn fill(&mut self, node: &mut Node, entries: &[(Spanned<YValue>, Spanned<YValue>)]) {
        for (k, v) in entries {
            let key = scalar_text(&k.value);
            self.entry(node, key, k, v, false);
        }
        // a change's text parameter is its element text in XML
        if let Some(param) = text_param(&node.name)
            && let Some(i) = node.attrs.iter().position(|a| a.name == param)
        {
            let a = node.attrs.remove(i);
            node.text = Some(a.value);
        }
    }

    fn entry(
        &mut self,
        node: &mut Node,
        key: String,
        k: &Spanned<YValue>,
        v: &Spanned<YValue>,
        element_context: bool,
    ) {
        match &v.value {
            YValue::Null => {}
            YValue::Scalar(s) if !element_context => {
                let value = self.scalar_pieces(s, v);
                node.attrs.push(Attr {
                    name: key,
                    value,
                    span: self.span_of(v),
                    name_span: self.span_of(k),
                });
            }
            YValue::Scalar(s) => {
                // `- sql: select 1` in a list of changes: the element's text
                let text = self.scalar_pieces(s, v);
                let mut child = self.new_node(key, k, v);
                child.text = Some(text);
                node.children.push(child);
            }
            YValue::Map(m) => {
                let mut child = self.new_node(key, k, v);
                self.fill(&mut child, m);
                node.children.push(child);
            }
            YValue::Seq(items) => {
                if items.iter().all(|i| matches!(i.value, YValue::Scalar(_))) {
                    // `validCheckSum: [a, b]`: XML repeats the element
                    for item in items {
                        if let YValue::Scalar(s) = &item.value {
                            let mut child = self.new_node(key.clone(), k, item);
                            child.text = Some(self.scalar_pieces(s, item));
                            node.children.push(child);
                        }
                    }
                } else if key == "columns"
                    || (key == "column" && items.iter().all(|i| is_column_item(&i.value)))
                {
                    self.column_items(node, items);
                } else if WRAPPERS.contains(&key.as_str()) {
                    self.items(node, items, true);
                } else {
                    let mut child = self.new_node(key, k, v);
                    let elements = matches!(child.name.as_str(), "rollback");
                    self.items(&mut child, items, elements);
                    node.children.push(child);
                }
            }
        }
    }

    fn new_node(&self, name: String, k: &Spanned<YValue>, v: &Spanned<YValue>) -> Node {
        let (ks, _) = self.range_of(k);
        let (_, ve) = self.range_of(v);
        Node {
            name,
            foreign: false,
            attrs: Vec::new(),
            children: Vec::new(),
            text: None,
            span: Span::new(self.file, ks..ve.max(ks)),
            name_span: self.span_of(k),
        }
    }

    /// The items of a `columns` list (or of a `column` list of `- column:`
    /// items). With `- column: {…}` items, those are the columns (like
    /// Liquibase, which reads only the `column` children of the list);
    /// without any, each mapping is a column written without the wrapper
    /// (`- name: id` / `type: int`), which Liquibase's `ParsedNode` reads as
    /// the column itself.
    fn column_items(&mut self, node: &mut Node, items: &[Spanned<YValue>]) {
        if items.iter().any(|i| is_column_item(&i.value)) {
            // other items of such a list are never read by Liquibase
            for item in items.iter().filter(|i| is_column_item(&i.value)) {
                self.items(node, std::slice::from_ref(item), true);
            }
            return;
        }
        for item in items {
            match &item.value {
                YValue::Map(m) => {
                    let mut col = self.new_node("column".into(), item, item);
                    self.fill(&mut col, m);
                    node.children.push(col);
                }
                _ => self.items(node, std::slice::from_ref(item), true),
            }
        }
    }

    /// List items: `- key: value` single-key mappings become children (or
    /// attributes, for scalars outside a list of elements); bare scalars
    /// become children named after the list, holding the scalar as text.
    fn items(&mut self, node: &mut Node, items: &[Spanned<YValue>], elements: bool) {
        for item in items {
            match &item.value {
                YValue::Map(m) if m.len() == 1 => {
                    let (k, v) = &m[0];
                    let key = scalar_text(&k.value);
                    self.entry(node, key, k, v, elements);
                }
                YValue::Map(m) => {
                    // a mapping of several keys: a nameless group of attributes
                    for (k, v) in m {
                        let key = scalar_text(&k.value);
                        self.entry(node, key, k, v, false);
                    }
                }
                YValue::Scalar(s) => {
                    let text = self.scalar_pieces(s, item);
                    let span = self.span_of(item);
                    node.children.push(Node {
                        name: node.name.clone(),
                        foreign: false,
                        attrs: Vec::new(),
                        children: Vec::new(),
                        text: Some(text),
                        span,
                        name_span: span,
                    });
                }
                YValue::Seq(_) => self.problems.push(Problem::at_span(
                    self.span_of(item),
                    "unexpected nested list",
                )),
                YValue::Null => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceFile;
    use std::path::PathBuf;

    fn load(text: &str) -> (SourceMap, Result<(Node, Vec<Problem>), Problem>) {
        let mut sm = SourceMap::default();
        let id = sm.add(SourceFile::new(PathBuf::from("t.yaml"), text.to_string()));
        let r = parse(id, &sm);
        (sm, r)
    }

    /// Every `name=value` attribute in the tree, depth first.
    fn attrs(n: &Node, out: &mut Vec<String>) {
        for a in &n.attrs {
            out.push(format!("{}={}", a.name, a.value.text()));
        }
        for c in &n.children {
            attrs(c, out);
        }
    }

    #[test]
    fn booleans_as_snakeyaml_reads_them() {
        // SnakeYAML (Liquibase) takes yes/no/on/off for booleans, not y/n;
        // quoted scalars are strings
        let (_, r) = load(
            "databaseChangeLog:
  - changeSet:
      id: 1
      author: bob
      changes:
        - insert:
            tableName: t
            columns:
              - column: {name: y, value: N}
              - column: {name: flag, value: \"yes\", valueBoolean: 'on'}
        - addNotNullConstraint: {tableName: t, columnName: y, validate: Off}
        - createTable:
            tableName: u
            columns:
              - column:
                  name: n
                  constraints: {nullable: no, unique: YES}
",
        );
        let mut got = Vec::new();
        attrs(&r.unwrap().0, &mut got);
        let got: Vec<&str> = got.iter().map(String::as_str).collect();
        for want in [
            "name=y",
            "value=N",
            "value=yes",
            "valueBoolean=on",
            "validate=false",
            "name=n",
            "nullable=false",
            "unique=true",
        ] {
            assert!(got.contains(&want), "{want} not in {got:?}");
        }
    }

    const CL: &str = "databaseChangeLog:
  - changeSet:
      id: 1
      author: bob
      changes:
        - createTable:
            tableName: person
            columns:
              - column:
                  name: id
                  type: int
                  constraints:
                    nullable: false
        - sql:
            sql: |
              insert into person
                values (1);
";

    #[test]
    fn shapes_like_xml_and_maps_scalars() {
        let (sm, r) = load(CL);
        let Ok((root, problems)) = r else {
            panic!("parse failed")
        };
        assert!(problems.is_empty());
        let cs = &root.children[0];
        assert_eq!(cs.name, "changeSet");
        assert_eq!(cs.raw("id").as_deref(), Some("1"));
        let names: Vec<_> = cs.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["createTable", "sql"]);
        let ct = &cs.children[0];
        assert_eq!(ct.children[0].name, "column");
        assert_eq!(ct.children[0].children[0].name, "constraints");
        let id_attr = cs.attr("id").map(|a| sm.locate(a.span));
        assert_eq!(id_attr.map(|l| (l.line, l.column)), Some((3, 11)));
        let sql = cs.children[1].text.clone().map(|t| t.text());
        assert_eq!(sql.as_deref(), Some("insert into person\n  values (1);\n"));
        let parts = cs.children[1]
            .text
            .clone()
            .map(|t| t.parts)
            .unwrap_or_default();
        let values = parts.iter().find(|p| p.text == "  values (1);");
        let loc = values.map(|p| sm.get(FileId(0)).line_col(p.file.start));
        assert_eq!(loc, Some((17, 15)));
    }

    #[test]
    fn errors_and_typos() {
        let (sm, r) = load("databaseChangeLog:\n  - changeSet:\n      id: [1\n");
        let Err(p) = r else { panic!("expected error") };
        assert!(p.message.contains("malformed YAML"));
        assert!(p.position(&sm).1 >= 3);
        let (_, r) = load("databaseChangeLog:\ndatabaseChangeLog:\n");
        assert!(r.is_err());
        let (_, r) = load("databaseChangeLog:\n");
        let Ok((_, problems)) = r else {
            panic!("parse failed")
        };
        assert!(problems[0].message.contains("no body"));
    }
}
