//! The raw element tree every changelog format is read into before
//! properties are substituted: XML elements and YAML/JSON mappings end up in
//! the same shape, so one interpreter reads them all.

use super::filters::RunFilter;
use super::properties::{Pieces, Properties, Scope};
use crate::source::node::{ParsedNode, SpannedValue};
use crate::span::Span;

/// A scalar as written, before `${…}` substitution.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub name: String,
    pub value: Pieces,
    /// The value (XML attribute value, YAML scalar).
    pub span: Span,
    /// The key (XML attribute name, YAML key), for tools that point at it.
    #[allow(dead_code)]
    pub name_span: Span,
}

/// One element: `<addColumn …>` or `- addColumn: {…}`.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub name: String,
    /// From a namespace other than Liquibase's own (an extension): unknown
    /// names are not errors.
    pub foreign: bool,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    pub text: Option<Pieces>,
    pub span: Span,
    /// The element name / key (for problems about the element itself).
    pub name_span: Span,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The raw value of an attribute (no substitution).
    pub fn raw(&self, name: &str) -> Option<String> {
        self.attr(name).map(|a| a.value.text())
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Substitutes properties in a whole tree, giving the public node type.
pub(crate) fn to_parsed(
    node: &Node,
    props: &Properties,
    scope: Scope<'_>,
    run: &RunFilter,
) -> ParsedNode {
    ParsedNode {
        name: node.name.clone(),
        attrs: node
            .attrs
            .iter()
            .map(|a| {
                let value = props.expand(&a.value, scope, run).text;
                (
                    a.name.clone(),
                    SpannedValue {
                        value,
                        span: a.span,
                    },
                )
            })
            .collect(),
        children: node
            .children
            .iter()
            .map(|c| to_parsed(c, props, scope, run))
            .collect(),
        text: node.text.as_ref().map(|t| props.expand(t, scope, run)),
        span: node.span,
    }
}
