//! The `databaseChangeLog` level: properties, changesets and includes in
//! the order they are written.

use std::path::Path;

use super::include::Refused;
use super::properties::{NewProperty, Pieces, Scope};
use super::tree::Node;
use super::{Inherited, Loader};
use crate::error::Problem;
use crate::source::{
    Change, ChangeBody, Changeset, ChangesetRole, Rollback, SplitOptions, TransactionMode,
};
use crate::span::{FileId, Span};

/// What the changesets of one changelog file share.
pub(crate) struct FileCtx<'p> {
    pub path: &'p Path,
    /// `filePath` of its changesets: the changelog's `logicalFilePath`, or
    /// its path as included.
    pub logical: String,
    pub inh: Inherited,
    pub quoting: Option<String>,
    pub preconditions: Option<serde_json::Value>,
    /// `removeChangeSetProperty` read so far whose `dbms` matches the
    /// target: `(change type, property)` removed from the changes of the
    /// file's later changesets (Liquibase's ChangeVisitor; 4.28 knows
    /// addColumn's afterColumn, beforeColumn and position).
    pub removed_properties: Vec<(String, String)>,
    /// XML: names are namespaced, so an unknown name in Liquibase's
    /// namespace is an error. YAML/JSON: an unknown change may be an
    /// extension's, so only likely misspellings are.
    pub strict: bool,
}

/// The children of `databaseChangeLog` Liquibase acts on.
const ACTED_ON: &[&str] = &[
    "property",
    "changeSet",
    "changeset",
    "include",
    "includeAll",
    "preConditions",
    "preconditions",
    "modifyChangeSets",
    "removeChangeSetProperty",
];

/// Changelog-level settings a YAML/JSON changelog may list as items.
const SETTINGS: &[&str] = &[
    "logicalFilePath",
    "objectQuotingStrategy",
    "context",
    "contextFilter",
];

/// Where a changelog whose root holds nothing Liquibase acts on still has
/// content (text, or an entry that is not a setting): such a file was meant
/// to do something, and produces nothing.
pub(super) fn ignored_content(root: &Node) -> Option<Span> {
    if let Some(range) = root.text.as_ref().and_then(|t| t.file_range()) {
        return Some(Span::new(root.span.file, range));
    }
    root.children
        .iter()
        .find(|c| !SETTINGS.contains(&c.name.as_str()))
        .map(|c| c.name_span)
}

impl Loader<'_> {
    pub(super) fn scope<'p>(&self, path: &'p Path) -> Scope<'p> {
        Scope { file: path }
    }

    /// An attribute with properties substituted.
    pub(super) fn value(&self, node: &Node, name: &str, path: &Path) -> Option<String> {
        node.attr(name).map(|a| {
            self.props
                .expand(&a.value, self.scope(path), &self.run)
                .text
        })
    }

    /// A changelog-level setting: an XML attribute, or a YAML
    /// `- logicalFilePath: x` list item.
    fn root_value(&self, root: &Node, name: &str, path: &Path) -> Option<String> {
        self.value(root, name, path).or_else(|| {
            root.children
                .iter()
                .find(|c| c.name == name && c.children.is_empty() && c.attrs.is_empty())
                .and_then(|c| c.text.as_ref())
                .map(|t| self.props.expand(t, self.scope(path), &self.run).text)
        })
    }

    /// The changelog's own `contextFilter`/`context` (an XML attribute or
    /// a YAML `- context: x` item), checked where it is written.
    fn changelog_context(&mut self, root: &Node, path: &Path) -> Option<String> {
        let name = ["contextFilter", "context"].into_iter().find(|n| {
            self.root_value(root, n, path)
                .is_some_and(|c| !c.trim().is_empty())
        })?;
        let c = self.root_value(root, name, path)?;
        let item = || root.children.iter().find(|n| n.name == name);
        let span = match (root.attr(name), item()) {
            (Some(a), _) => a.span,
            (None, Some(n)) => n
                .text
                .as_ref()
                .and_then(|t| t.file_range())
                .map_or(n.span, |r| Span::new(n.span.file, r)),
            (None, None) => root.name_span,
        };
        self.check_filter_at(&c, super::filters::FilterKind::Expression, name, span);
        Some(c)
    }

    /// Reads a changelog's root. Returns how many of its children Liquibase
    /// acts on (changesets, includes, properties, preconditions), whether
    /// or not the run's filters keep them.
    pub(super) fn changelog(
        &mut self,
        root: &Node,
        path: &Path,
        logical: &str,
        inh: &Inherited,
        strict: bool,
    ) -> usize {
        let mut inh = inh.clone();
        // `databaseChangeLog context=…` (4.x) filters the whole file
        if let Some(c) = self.changelog_context(root, path) {
            inh.contexts.push(c);
        }
        let mut ctx = FileCtx {
            path,
            logical: self
                .root_value(root, "logicalFilePath", path)
                .unwrap_or_else(|| logical.to_string()),
            inh,
            quoting: self.root_value(root, "objectQuotingStrategy", path),
            preconditions: None,
            removed_properties: Vec::new(),
            strict,
        };
        let mut read = 0;
        for child in &root.children {
            if child.foreign {
                // Liquibase: "Unexpected node found under databaseChangeLog"
                // (and its schema refuses it before that)
                let msg = format!(
                    "unknown element `{}` in databaseChangeLog: it is in another namespace, and Liquibase refuses any element there but changeSet, include, includeAll, property and preConditions",
                    child.name
                );
                self.problems.push(Problem::at_span(child.name_span, msg));
                continue;
            }
            read += usize::from(ACTED_ON.contains(&child.name.as_str()));
            match child.name.as_str() {
                "property" => self.property(child, path),
                "changeSet" | "changeset" => self.changeset(child, &ctx),
                "include" => self.include(child, &ctx),
                "includeAll" => self.include_all(child, &ctx),
                "preConditions" | "preconditions" => {
                    // Liquibase nests every changelog's preconditions in the
                    // root's and checks them before anything runs
                    self.defer_preconditions(None, child, path, "the changelog".into());
                    ctx.preconditions = Some(self.preconditions_json(child, path));
                }
                "modifyChangeSets" => {
                    for c in &child.children {
                        match c.name.as_str() {
                            "include" => self.include(c, &ctx),
                            "includeAll" => self.include_all(c, &ctx),
                            _ => {}
                        }
                    }
                }
                "removeChangeSetProperty" => {
                    let change = self.value(child, "change", path).unwrap_or_default();
                    let remove = self.value(child, "remove", path).unwrap_or_default();
                    let dbms = self.value(child, "dbms", path).unwrap_or_default();
                    if super::filters::dbms_matches(&dbms, self.run.dbms) {
                        ctx.removed_properties
                            .push((change.trim().to_string(), remove.trim().to_string()));
                    }
                }
                // YAML/JSON: a change outside any changeSet, which Liquibase
                // ignores as it ignores every scalar entry here: it was meant
                // to run, and never does
                name if !strict && super::change_types::is_change_type(name) => {
                    let msg = format!(
                        "`{name}` outside a changeSet is never run: Liquibase ignores it without a word; put it in a changeSet's changes"
                    );
                    self.problems.push(Problem::at_span(child.name_span, msg));
                }
                // YAML/JSON: a scalar setting (`- logicalFilePath: x`), or
                // a node Liquibase ignores because it has no children
                _ if !strict && child.children.is_empty() && child.attrs.is_empty() => {}
                other => {
                    let msg = format!(
                        "unknown element `{other}` in databaseChangeLog (expected changeSet, include, includeAll, property or preConditions)"
                    );
                    self.problems.push(Problem::at_span(child.name_span, msg));
                }
            }
        }
        read
    }

    /// `<property name value context labels dbms global>` or
    /// `<property file=…>`.
    fn property(&mut self, node: &Node, path: &Path) {
        self.check_filters(node, path);
        let context = self
            .value(node, "contextFilter", path)
            .or_else(|| self.value(node, "context", path));
        let labels = self.value(node, "labels", path);
        let dbms = self.value(node, "dbms", path);
        let global = self
            .value(node, "global", path)
            .is_none_or(|g| !g.trim().eq_ignore_ascii_case("false"));
        let mut pairs = Vec::new();
        // how deep the value's own properties were (a file's are written out)
        let mut depth = None;
        if let Some(file) = self.value(node, "file", path) {
            let relative = self.flag(node, "relativeToChangelogFile", path, false);
            let error_if_missing = self.flag(node, "errorIfMissing", path, true);
            let span = node.attr("file").map_or(node.span, |a| a.span);
            match self.locate(&file, relative, path) {
                Ok(found) => match Self::read_text(&found, self.max_file) {
                    Ok(text) => pairs.extend(super::properties::read_properties_file(&text)),
                    Err(e) => self.problems.push(Problem::at_span(
                        span,
                        format!("cannot read properties file `{file}`: {e}"),
                    )),
                },
                Err(Refused::NotFound { .. }) if !error_if_missing => {}
                Err(refused) => self.problems.push(Problem::at_span(
                    span,
                    refused.message(&format!("properties file `{file}`")),
                )),
            }
        } else {
            let name = self.value(node, "name", path);
            self.props.take_depth();
            let value = self.value(node, "value", path).or_else(|| {
                node.text
                    .as_ref()
                    .map(|t| self.props.expand(t, self.scope(path), &self.run).text)
            });
            depth = self.props.take_depth();
            match (name, value) {
                (Some(n), Some(v)) => pairs.push((n, v)),
                _ => self.problems.push(Problem::at_span(
                    node.name_span,
                    "property needs `name` and `value` (or `file`)",
                )),
            }
        }
        for (name, value) in pairs {
            self.props.define(
                NewProperty {
                    name: &name,
                    value: &value,
                    context: context.as_deref(),
                    labels: labels.as_deref(),
                    dbms: dbms.as_deref(),
                    global,
                    file: path,
                    at: Some(node.attr("value").map_or(node.name_span, |a| a.span)),
                },
                depth,
            );
        }
    }

    /// A boolean attribute (`true`/`false`, any case), or `default`.
    pub(super) fn flag(&self, node: &Node, name: &str, path: &Path, default: bool) -> bool {
        self.value(node, name, path)
            .map(|v| v.trim().to_ascii_lowercase())
            .map_or(default, |v| match v.as_str() {
                "true" => true,
                "false" => false,
                _ => default,
            })
    }

    /// A `.sql` file without the formatted-SQL header, included or found by
    /// `includeAll`: Liquibase runs it as one changeset `raw`/`includeAll`.
    pub(super) fn raw_sql_changeset(&mut self, file: FileId, logical: &str, inh: &Inherited) {
        let text = self.sources.get(file).text.clone();
        let path = self.sources.get(file).path.clone();
        if !inh
            .contexts
            .iter()
            .all(|c| super::filters::context_matches(c, self.run.contexts.as_deref()))
            || inh.ignore
        {
            return;
        }
        let whole = Span::new(file, 0..text.len());
        let mapped = self.props.expand(
            &Pieces::verbatim(file, &text, 0),
            self.scope(&path),
            &self.run,
        );
        let mut attributes = std::collections::BTreeMap::new();
        attributes.insert("filePath".to_string(), serde_json::json!(logical));
        self.push_changeset(Changeset {
            id: "raw".into(),
            author: Some("includeAll".into()),
            version: None,
            description: None,
            role: ChangesetRole::Versioned,
            transaction: TransactionMode::Implicit,
            span: whole,
            changes: vec![Change {
                kind: "sql".into(),
                span: whole,
                body: ChangeBody::Sql {
                    text: mapped,
                    split: SplitOptions::standard(),
                },
            }],
            rollback: Rollback::default(),
            attributes,
            checksum: Some(super::checksum::of_changeset(
                &[super::checksum::of_sql(&text)],
                &[],
            )),
            modify_sql: Vec::new(),
            mark_ran_when_invalid: false,
            marked_ran: false,
        });
    }

    /// Keeps a changeset unless one with the same `filePath`, id and author
    /// is already kept (a Liquibase validation error).
    pub(super) fn push_changeset(&mut self, cs: Changeset) {
        let file_path = cs
            .attributes
            .get("logicalFilePath")
            .or_else(|| cs.attributes.get("filePath"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        // Liquibase refuses duplicates among the changesets its filters
        // keep: those the run's contexts and labels let through (every one
        // when none are given, as here) are all kept. Changesets that differ
        // in dbms are alternatives: a generic target keeps them all, a real
        // database only one.
        let dbms = cs
            .attributes
            .get("dbms")
            .map(|v| v.to_string())
            .unwrap_or_default();
        let key = (
            file_path.clone(),
            cs.id.clone(),
            cs.author.clone().unwrap_or_default(),
            dbms,
        );
        if let Some(first) = self.ids.get(&key) {
            let first = self.sources.locate(*first);
            self.problems.push(Problem::at_span(
                cs.span,
                format!(
                    "duplicate changeset {}::{}::{} (first declared at {}:{}:{}); \
                     Liquibase refuses it: changesets had duplicate identifiers",
                    file_path, key.1, key.2, first.file, first.line, first.column
                ),
            ));
            return;
        }
        self.ids.insert(key, cs.span);
        self.changesets.push(cs);
    }
}
