//! The generic element tree every Liquibase format is read into (as
//! Liquibase's own `ParsedNode`): XML elements, YAML/JSON mappings.

use crate::span::{MappedText, Span};

/// A scalar value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct SpannedValue {
    pub value: String,
    pub span: Span,
}

/// One element: `<addColumn tableName="t">…</addColumn>` or
/// `- addColumn: {tableName: t, columns: […]}`.
#[derive(Debug, Clone, Default)]
pub struct ParsedNode {
    pub name: String,
    /// Attributes (XML) or scalar children (YAML/JSON), in source order.
    pub attrs: Vec<(String, SpannedValue)>,
    pub children: Vec<ParsedNode>,
    /// Text content (XML text/CDATA, a YAML scalar such as `sql: |`).
    pub text: Option<MappedText>,
    pub span: Span,
}

impl ParsedNode {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.value.as_str())
    }
    pub fn attr_spanned(&self, name: &str) -> Option<&SpannedValue> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ParsedNode> {
        self.children.iter().filter(move |c| c.name == name)
    }
    pub fn child(&self, name: &str) -> Option<&ParsedNode> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn bool_attr(&self, name: &str) -> Option<bool> {
        self.attr(name)
            .and_then(|v| match v.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            })
    }
}
