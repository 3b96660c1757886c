//! XML changelogs: `databaseChangeLog` in any namespace or XSD version, read
//! with roxmltree into the raw tree with byte spans. A DOCTYPE is refused
//! before anything in it is read, so no entity is ever expanded (a 160 KB
//! file of nested internal entities expanded to 3.9 GB) and no external one
//! resolved; elements nested deeper than [`MAX_XML_DEPTH`] are refused
//! before the tree is walked.

use std::ops::Range;

use super::properties::Pieces;
use super::tree::{Attr, Node};
use crate::error::Problem;
use crate::limits::MAX_XML_DEPTH;
use crate::span::{FileId, SourceMap, Span};

/// The namespace Liquibase's schema declares `databaseChangeLog` in.
const LIQUIBASE_NS: &str = "http://www.liquibase.org/xml/ns/dbchangelog";

/// Liquibase's own namespaces (`dbchangelog`, any version); anything else
/// is an extension.
fn is_liquibase_ns(ns: Option<&str>) -> bool {
    ns.is_none_or(|ns| {
        ns.starts_with("http://www.liquibase.org/xml/ns/dbchangelog") && !ns.contains("-ext")
    })
}

/// How roxmltree reads a changelog: no DTD (Liquibase parses securely and
/// refuses one too), and no more elements than a changelog could hold.
fn options<'i>() -> roxmltree::ParsingOptions<'i> {
    roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_XML_NODES,
        ..roxmltree::ParsingOptions::default()
    }
}

/// Nodes (elements, text, comments) in one XML file: 64 MB of `<a/>`
/// would otherwise be 16 million of them, about 5 GB once read.
const MAX_XML_NODES: u32 = 4_000_000;

/// Reads an XML changelog. `Err` is a problem at the parser's line:column
/// that leaves nothing to read; the problems beside the tree are what
/// Liquibase would refuse the file for while the rest can still be judged.
///
/// Liquibase (4.28) validates a changelog against its schema by default,
/// and refuses a `databaseChangeLog` in another namespace (an `https://`
/// typo: "cannot find the declaration of element 'databaseChangeLog'") and
/// text directly inside `databaseChangeLog` or a `changeSet` ("cannot have
/// character children"). Both are errors here; the changes inside are still
/// read (in the typo'd namespace as in Liquibase's), so their findings are
/// kept. A root with no namespace at all is refused the same way (Liquibase
/// says "cvc-elt.1.a: Cannot find the declaration of element
/// 'databaseChangeLog'"), and its changes are read as Liquibase's.
pub(crate) fn parse(file: FileId, sources: &SourceMap) -> Result<(Node, Vec<Problem>), Problem> {
    let text = sources.get(file).text.as_str();
    let doc = match roxmltree::Document::parse_with_options(text, options()) {
        Ok(d) => d,
        Err(roxmltree::Error::DtdDetected) => {
            let at = text.find("<!DOCTYPE").unwrap_or(0);
            return Err(Problem::at_span(
                Span::new(file, at..at + 9),
                "DOCTYPE declarations are not allowed in a changelog (Liquibase refuses them too; no entity is expanded or resolved)",
            ));
        }
        Err(e) => {
            let pos = e.pos();
            let off = sources
                .get(file)
                .offset_of(pos.row as usize, pos.col as usize);
            return Err(Problem::at_span(
                Span::new(file, off..off),
                format!("malformed XML: {e}"),
            ));
        }
    };
    let root = doc.root_element();
    if let Some(deep) = too_deep(&doc) {
        let at = deep.range().start;
        return Err(Problem::at_span(
            Span::new(file, at..at),
            format!(
                "elements nested more than {MAX_XML_DEPTH} deep: not a changelog (they nest about 8)"
            ),
        ));
    }
    if root.tag_name().name() != "databaseChangeLog" {
        return Err(Problem::at_span(
            Span::new(file, root.range().start..root.range().start),
            format!(
                "not a changelog: the root element is <{}>, expected <databaseChangeLog>",
                root.tag_name().name()
            ),
        ));
    }
    let root_ns = root.tag_name().namespace();
    let alias = root_ns.filter(|ns| !is_liquibase_ns(Some(ns)));
    let node = element(file, text, root, alias);
    let mut problems = Vec::new();
    if let Some(ns) = alias {
        problems.push(Problem::at_span(
            node.name_span,
            format!(
                "`databaseChangeLog` is in the namespace `{ns}`, not Liquibase's `{LIQUIBASE_NS}`: Liquibase refuses the file (its schema declares no such element)"
            ),
        ));
    } else if root_ns.is_none() {
        problems.push(Problem::at_span(
            node.name_span,
            format!(
                "`databaseChangeLog` has no namespace: Liquibase refuses the file (its schema declares no such element); add xmlns=\"{LIQUIBASE_NS}\""
            ),
        ));
    }
    misplaced_text(&node, &mut problems);
    Ok((node, problems))
}

/// Text directly inside `databaseChangeLog` or a `changeSet`: Liquibase's
/// schema allows none there, and without validation it would be ignored.
fn misplaced_text(root: &Node, problems: &mut Vec<Problem>) {
    let changesets = root
        .children
        .iter()
        .filter(|c| !c.foreign && matches!(c.name.as_str(), "changeSet" | "changeset"));
    for node in std::iter::once(root).chain(changesets) {
        let Some(text) = &node.text else { continue };
        let at = text
            .parts
            .iter()
            .find(|p| !p.text.trim().is_empty())
            .map_or(node.span.start, |p| {
                let lead = p.text.len() - p.text.trim_start().len();
                if p.verbatim {
                    p.file.start + lead
                } else {
                    p.file.start
                }
            });
        let inside = if std::ptr::eq(node, root) {
            "SQL belongs in a <changeSet>'s <sql>"
        } else {
            "SQL belongs in its <sql>"
        };
        problems.push(Problem::at_span(
            Span::new(node.span.file, at..at),
            format!(
                "text directly inside <{}> is never run: Liquibase refuses it ({inside})",
                node.name
            ),
        ));
    }
}

/// The first element nested deeper than [`MAX_XML_DEPTH`], found without
/// recursion (a walk in document order, counting the elements open).
fn too_deep<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Option<roxmltree::Node<'a, 'i>> {
    let mut node = doc.root();
    let mut depth = 0usize;
    loop {
        let next = match node.first_child() {
            Some(child) => child,
            None => {
                // up to the first ancestor-or-self with a next sibling
                let mut n = node;
                loop {
                    depth = depth.saturating_sub(usize::from(n.is_element()));
                    if let Some(sibling) = n.next_sibling() {
                        break sibling;
                    }
                    n = n.parent()?;
                }
            }
        };
        depth += usize::from(next.is_element());
        if depth > MAX_XML_DEPTH {
            return Some(next);
        }
        node = next;
    }
}

/// Is this XML text a changelog (root element `databaseChangeLog`)?
pub(crate) fn is_changelog(text: &str) -> bool {
    roxmltree::Document::parse_with_options(text, options())
        .is_ok_and(|d| d.root_element().tag_name().name() == "databaseChangeLog")
}

/// `alias`: a namespace read as Liquibase's (the root's, when it is not).
fn element(file: FileId, src: &str, el: roxmltree::Node<'_, '_>, alias: Option<&str>) -> Node {
    let ns = el.tag_name().namespace();
    let range = el.range();
    // the name follows `<`
    let name_start = range.start + 1;
    let qname_len = src
        .get(name_start..)
        .and_then(|s| s.find(|c: char| c.is_whitespace() || c == '>' || c == '/'))
        .unwrap_or(0);
    let attrs = el
        .attributes()
        .filter(|a| a.namespace().is_none())
        .map(|a| {
            let vr = a.range_value();
            Attr {
                name: a.name().to_string(),
                value: decode(file, src, vr.clone(), Some(a.value()), true),
                span: Span::new(file, vr),
                name_span: Span::new(file, a.range_qname()),
            }
        })
        .collect();
    let children = el
        .children()
        .filter(|c| c.is_element())
        .map(|c| element(file, src, c, alias))
        .collect();
    let text = element_text(file, src, el);
    let has_text = text.parts.iter().any(|p| !p.text.trim().is_empty());

    Node {
        name: el.tag_name().name().to_string(),
        foreign: !(is_liquibase_ns(ns) || (alias.is_some() && ns == alias)),
        attrs,
        children,
        text: has_text.then_some(text),
        span: Span::new(file, range),
        name_span: Span::new(file, name_start..name_start + qname_len),
    }
}

/// The text content of an element (text and CDATA between its child
/// elements), mapped to the source. roxmltree merges adjacent text and CDATA
/// into one node whose range covers only the first part, so the raw content
/// between the non-text children is decoded here.
fn element_text(file: FileId, src: &str, el: roxmltree::Node<'_, '_>) -> Pieces {
    let mut out = Pieces::new(file);
    let Some(first) = el.first_child() else {
        return out;
    };
    let r = el.range();
    // content ends where the closing tag starts
    let Some(end) = src
        .get(r.clone())
        .and_then(|s| s.rfind("</"))
        .map(|i| r.start + i)
    else {
        return out;
    };
    let expected: String = el
        .children()
        .filter_map(|c| c.text().filter(|_| c.is_text()))
        .collect();
    if expected.is_empty() {
        return out;
    }
    let mut pos = first.range().start;
    let mut gaps: Vec<Range<usize>> = el
        .children()
        .filter(|c| !c.is_text())
        .map(|c| c.range())
        .collect();
    gaps.push(end..end);
    for gap in gaps {
        if gap.start > pos {
            let seg = decode(file, src, pos..gap.start, None, false);
            out.parts.extend(seg.parts);
        }
        pos = pos.max(gap.end);
    }
    if out.text() != expected {
        let mut whole = Pieces::new(file);
        whole.push_substituted(&expected, first.range().start..end);
        return whole;
    }
    out
}

/// Maps decoded XML text back to its raw source: CDATA content and plain
/// text byte for byte, entity and character references (and `\r\n`) as
/// substitutions. Falls back to one substitution over the whole range if
/// the source holds something this does not decode (a DTD entity).
fn decode(
    file: FileId,
    src: &str,
    range: Range<usize>,
    decoded: Option<&str>,
    attr: bool,
) -> Pieces {
    let mut p = Pieces::new(file);
    let raw = src.get(range.clone()).unwrap_or("");
    let base = range.start;
    let mut i = 0;
    let mut lit = 0; // start of the pending verbatim run
    let bytes = raw.as_bytes();
    while i < raw.len() {
        let rest = &raw[i..];
        if rest.starts_with("<![CDATA[") {
            p.push_verbatim(&raw[lit..i], base + lit);
            let body_start = i + 9;
            let end = raw[body_start..]
                .find("]]>")
                .map_or(raw.len(), |e| body_start + e);
            p.push_verbatim(&raw[body_start..end], base + body_start);
            i = (end + 3).min(raw.len());
            lit = i;
        } else if rest.starts_with("<!--") {
            p.push_verbatim(&raw[lit..i], base + lit);
            let end = raw[i..].find("-->").map_or(raw.len(), |e| i + e + 3);
            i = end;
            lit = i;
        } else if bytes[i] == b'&' {
            let Some(semi) = rest.find(';') else { break };
            let ent = &rest[1..semi];
            let ch = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => ent
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            let Some(ch) = ch else { break };
            p.push_verbatim(&raw[lit..i], base + lit);
            p.push_substituted(ch.encode_utf8(&mut [0; 4]), base + i..base + i + semi + 1);
            i += semi + 1;
            lit = i;
        } else if bytes[i] == b'\r' {
            p.push_verbatim(&raw[lit..i], base + lit);
            let n = if rest.starts_with("\r\n") { 2 } else { 1 };
            p.push_substituted(if attr { " " } else { "\n" }, base + i..base + i + n);
            i += n;
            lit = i;
        } else if attr && (bytes[i] == b'\n' || bytes[i] == b'\t') {
            // attribute-value normalisation turns these into spaces
            p.push_verbatim(&raw[lit..i], base + lit);
            p.push_substituted(" ", base + i..base + i + 1);
            i += 1;
            lit = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if i >= raw.len() {
        p.push_verbatim(&raw[lit..], base + lit);
    }
    if let Some(decoded) = decoded
        && p.text() != decoded
    {
        let mut whole = Pieces::new(file);
        whole.push_substituted(decoded, range);
        return whole;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::SourceFile;
    use std::path::PathBuf;

    fn load(text: &str) -> (SourceMap, Result<(Node, Vec<Problem>), Problem>) {
        let mut sm = SourceMap::default();
        let id = sm.add(SourceFile::new(PathBuf::from("t.xml"), text.to_string()));
        let r = parse(id, &sm);
        (sm, r)
    }

    #[test]
    fn text_with_cdata_and_entities_maps_back() {
        let src = "<databaseChangeLog><sql>a &lt; b<![CDATA[ && c]]></sql></databaseChangeLog>";
        let (_, r) = load(src);
        let Ok((root, _)) = r else {
            panic!("parse failed")
        };
        let sql = &root.children[0];
        let t = sql.text.clone().map(|t| t.text()).unwrap_or_default();
        assert_eq!(t, "a < b && c");
        let pieces = sql.text.clone().map(|t| t.parts).unwrap_or_default();
        // "a " verbatim at 24, "<" from "&lt;", " b", then CDATA body
        assert_eq!(pieces[0].file, 24..26);
        assert_eq!(pieces[1].file, 26..30);
        assert!(!pieces[1].verbatim);
        assert_eq!(&src[pieces[3].file.clone()], " && c");
    }

    #[test]
    fn foreign_namespace_is_marked_and_malformed_xml_has_position() {
        let src = r#"<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:x="urn:x"><x:thing a="1"/><changeSet id="1" author="a"/></databaseChangeLog>"#;
        let (_, r) = load(src);
        let Ok((root, _)) = r else {
            panic!("parse failed")
        };
        assert!(root.children[0].foreign);
        assert!(!root.children[1].foreign);
        let (sm, r) = load("<databaseChangeLog>\n  <changeSet>\n</databaseChangeLog>");
        let Err(p) = r else {
            panic!("expected an error")
        };
        let (_, line, _) = p.position(&sm);
        assert_eq!(line, 3);
        assert!(p.message.contains("malformed XML"));
    }
}
