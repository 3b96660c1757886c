//! `include` and `includeAll`: finding the files, in Liquibase's order,
//! inside the project.

use std::path::{Component, Path, PathBuf};

use super::changelog::FileCtx;
use super::tree::Node;
use super::{Inherited, Loader};
use crate::error::Problem;

/// File extensions Liquibase has a changelog parser for.
const CHANGELOG_EXTENSIONS: &[&str] = &["xml", "yaml", "yml", "json", "sql"];

/// Lexically removes `.` and `..` (the file may not exist yet).
/// `..` at the start stays (`../../x` is two folders up), `..` above the
/// file-system root is the root, and nothing left is `.`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A path as written in a changelog: `\` separators, `classpath:` prefix.
fn clean(written: &str) -> String {
    let p = written.trim().replace('\\', "/");
    p.strip_prefix("classpath*:")
        .or_else(|| p.strip_prefix("classpath:"))
        .unwrap_or(&p)
        .to_string()
}

/// Why a path written in a changelog is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refused {
    /// Nothing exists where it points (`searched`: the candidates tried).
    NotFound {
        relative: bool,
        searched: Vec<PathBuf>,
    },
    /// It exists, but resolves (through `..` or a symbolic link) to this
    /// path outside the project.
    Outside(PathBuf),
}

impl Refused {
    /// The problem's text: `named` says what and which
    /// (``included file `a.xml` ``).
    pub(super) fn message(&self, named: &str) -> String {
        match self {
            Refused::NotFound { relative: true, .. } => {
                format!("{named} not found next to the changelog")
            }
            Refused::NotFound { searched, .. } => format!(
                "{named} not found (searched {})",
                searched
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Refused::Outside(real) => format!(
                "{named} is outside the project root: it resolves to `{}`, outside the root changelog's folder and the search paths",
                real.display()
            ),
        }
    }
}

impl Loader<'_> {
    /// Where a written path points, as Liquibase finds it: next to `from`
    /// when relative to the changelog, else the first search root that has
    /// it; and it must stay inside the project (the root changelog's folder
    /// and the search paths), symbolic links followed. The one rule every
    /// file read through a changelog obeys: include, includeAll, sqlFile,
    /// createProcedure, loadData, property files.
    pub(super) fn locate(
        &self,
        written: &str,
        relative: bool,
        from: &Path,
    ) -> Result<PathBuf, Refused> {
        let w = clean(written);
        let candidates: Vec<PathBuf> = if Path::new(&w).is_absolute() {
            vec![PathBuf::from(&w)]
        } else if relative {
            let dir = from.parent().unwrap_or(Path::new("."));
            vec![normalize(&dir.join(&w))]
        } else {
            let rel = w.trim_start_matches('/');
            self.search_roots
                .iter()
                .map(|r| normalize(&r.join(rel)))
                .collect()
        };
        let Some(found) = candidates.iter().find(|c| c.exists()) else {
            return Err(Refused::NotFound {
                relative,
                searched: if relative {
                    candidates
                } else {
                    self.search_roots.clone()
                },
            });
        };
        self.inside_project(found).map_err(Refused::Outside)?;
        Ok(found.clone())
    }

    /// [`Loader::locate`] for a file an attribute of `node` names, the
    /// refusal a problem at the attribute; `None` without the attribute.
    pub(super) fn locate_attr(&mut self, node: &Node, attr: &str, path: &Path) -> Option<PathBuf> {
        let written = self.value(node, attr, path)?;
        let relative = self.flag(node, "relativeToChangelogFile", path, false);
        match self.locate(&written, relative, path) {
            Ok(found) if found.is_file() => Some(found),
            Ok(_) => {
                let at = node.attr(attr).map_or(node.span, |a| a.span);
                self.problems.push(Problem::at_span(
                    at,
                    format!(
                        "`{written}` referenced by {} is a folder, not a file",
                        node.name
                    ),
                ));
                None
            }
            Err(refused) => {
                let at = node.attr(attr).map_or(node.span, |a| a.span);
                let named = format!("file `{written}` referenced by {}", node.name);
                self.problems
                    .push(Problem::at_span(at, refused.message(&named)));
                None
            }
        }
    }

    /// `filePath` Liquibase gives an included file: its path as resolved,
    /// relative to the search root it is under when there is one.
    fn logical_path(
        &self,
        found: &Path,
        written: &str,
        relative: bool,
        ctx: &FileCtx<'_>,
    ) -> String {
        if !relative {
            return clean(written).trim_start_matches('/').to_string();
        }
        // relative: the including changelog's logical folder + the path
        let parent = Path::new(&ctx.logical).parent().unwrap_or(Path::new(""));
        let joined = normalize(&parent.join(clean(written)));
        let s = joined.to_string_lossy().replace('\\', "/");
        if s.is_empty() {
            found.to_string_lossy().replace('\\', "/")
        } else {
            s
        }
    }

    fn child_inherited(&mut self, node: &Node, ctx: &FileCtx<'_>) -> Inherited {
        self.check_filters(node, ctx.path);
        let mut inh = ctx.inh.clone();
        if let Some(c) = self
            .value(node, "contextFilter", ctx.path)
            .or_else(|| self.value(node, "context", ctx.path))
            .filter(|c| !c.trim().is_empty())
        {
            inh.contexts.push(c);
        }
        if let Some(l) = self
            .value(node, "labels", ctx.path)
            .filter(|l| !l.trim().is_empty())
        {
            inh.labels.push(l);
        }
        inh.ignore |= self.flag(node, "ignore", ctx.path, false);
        inh
    }

    /// Do the include's own filters let it through?
    fn include_runs(&self, inh: &Inherited) -> bool {
        !inh.ignore
            && inh
                .contexts
                .iter()
                .all(|c| super::filters::context_matches(c, self.run.contexts.as_deref()))
    }

    pub(super) fn include(&mut self, node: &Node, ctx: &FileCtx<'_>) {
        if !self.follow_includes {
            return;
        }
        let Some(written) = self.value(node, "file", ctx.path) else {
            self.problems.push(Problem::at_span(
                node.name_span,
                "include needs a `file` attribute",
            ));
            return;
        };
        let at = node.attr("file").map_or(node.span, |a| a.span);
        let relative = self.flag(node, "relativeToChangelogFile", ctx.path, false);
        let error_if_missing = self.flag(node, "errorIfMissing", ctx.path, true);
        let inh = self.child_inherited(node, ctx);
        let found = match self.locate(&written, relative, ctx.path) {
            Ok(found) => found,
            Err(Refused::NotFound { .. }) if !error_if_missing => return,
            Err(refused) => {
                let msg = refused.message(&format!("included file `{written}`"));
                self.problems.push(Problem::at_span(at, msg));
                return;
            }
        };
        if found.is_dir() {
            self.problems.push(Problem::at_span(
                at,
                format!("included path `{written}` is a folder (use includeAll)"),
            ));
            return;
        }
        if !self.include_runs(&inh) {
            return;
        }
        let logical = self.logical_path(&found, &written, relative, ctx);
        self.load_file(&found, logical, &inh, Some(at));
    }

    pub(super) fn include_all(&mut self, node: &Node, ctx: &FileCtx<'_>) {
        if !self.follow_includes {
            return;
        }
        let Some(written) = self.value(node, "path", ctx.path) else {
            self.problems.push(Problem::at_span(
                node.name_span,
                "includeAll needs a `path` attribute",
            ));
            return;
        };
        let at = node.attr("path").map_or(node.span, |a| a.span);
        let relative = self.flag(node, "relativeToChangelogFile", ctx.path, false);
        let error_if_missing = self.flag(node, "errorIfMissingOrEmpty", ctx.path, true);
        let min_depth = self
            .value(node, "minDepth", ctx.path)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let max_depth = self
            .value(node, "maxDepth", ctx.path)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(usize::MAX);
        let ends_with = self.value(node, "endsWithFilter", ctx.path);
        let inh = self.child_inherited(node, ctx);
        let dir = match self.locate(&written, relative, ctx.path) {
            Ok(dir) if dir.is_dir() => dir,
            Ok(_) => {
                self.problems.push(Problem::at_span(
                    at,
                    format!("includeAll path `{written}` is a file, not a folder (use include)"),
                ));
                return;
            }
            Err(Refused::NotFound { .. }) if !error_if_missing => return,
            Err(refused) => {
                let msg = refused.message(&format!("includeAll folder `{written}`"));
                self.problems.push(Problem::at_span(at, msg));
                return;
            }
        };
        let listing = Listing {
            min_depth,
            max_depth,
            ends_with: ends_with.as_deref(),
        };
        let mut files = self.changelog_files(&dir, &listing, at);
        // Liquibase's default order: alphabetical by full path
        files.sort();
        if files.is_empty() {
            if error_if_missing {
                self.problems.push(Problem::at_span(
                    at,
                    format!("includeAll folder `{written}` has no changelog files"),
                ));
            }
            return;
        }
        if !self.include_runs(&inh) {
            return;
        }
        let base = clean(&written);
        let base = base.trim_end_matches('/');
        for (rel, path) in files {
            let logical = self.logical_path(&path, &format!("{base}/{rel}"), relative, ctx);
            // Liquibase stops with "Circular reference detected" when the
            // folder lists the changelog that includes it; its siblings are
            // still read here
            if path.canonicalize().ok().as_ref() == self.stack.last() {
                self.problems.push(Problem::at_span(
                    at,
                    format!(
                        "includeAll folder `{written}` holds the changelog that includes it (`{rel}`): Liquibase stops with \"Circular reference detected\"; leave it out with endsWithFilter or minDepth, or move it out of the folder"
                    ),
                ));
                continue;
            }
            self.load_file(&path, logical, &inh, Some(at));
        }
    }
}

/// Which files of an `includeAll` folder are read.
struct Listing<'a> {
    min_depth: usize,
    max_depth: usize,
    ends_with: Option<&'a str>,
}

impl Loader<'_> {
    /// The changelog files under `dir` (`(path under dir, path)`), symbolic
    /// links followed but held to the project root like every other file a
    /// changelog names; a file that cannot be listed, or is outside the
    /// root, is a problem at the `includeAll`.
    fn changelog_files(
        &mut self,
        dir: &Path,
        listing: &Listing<'_>,
        at: crate::span::Span,
    ) -> Vec<(String, PathBuf)> {
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .min_depth(listing.min_depth.max(1))
            .max_depth(listing.max_depth);
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.problems.push(Problem::at_span(
                        at,
                        format!("includeAll: cannot list `{}`: {e}", dir.display()),
                    ));
                    continue;
                }
            };
            // a link to a file counts as the file (Liquibase reads it)
            if !entry.path().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            if !CHANGELOG_EXTENSIONS.contains(&ext.as_str())
                || listing.ends_with.is_some_and(|s| !rel.ends_with(s))
            {
                continue;
            }
            if let Err(real) = self.inside_project(entry.path()) {
                let msg = Refused::Outside(real).message(&format!("includeAll file `{rel}`"));
                self.problems.push(Problem::at_span(at, msg));
                continue;
            }
            files.push((rel, entry.path().to_path_buf()));
        }
        files
    }

    /// The project-root rule: `Err` with where `path` really is when it
    /// resolves (symbolic links followed) outside the root changelog's
    /// folder and the search paths.
    fn inside_project(&self, path: &Path) -> Result<(), PathBuf> {
        match path.canonicalize() {
            Ok(real) if !self.allowed_roots.iter().any(|r| real.starts_with(r)) => Err(real),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_and_normalized() {
        assert_eq!(clean("classpath:db\\a.xml"), "db/a.xml");
        assert_eq!(
            normalize(Path::new("a/./b/../c.xml")),
            PathBuf::from("a/c.xml")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("../../x")), PathBuf::from("../../x"));
        assert_eq!(normalize(Path::new("a/../../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
        assert_eq!(normalize(Path::new("./.")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("a/..")), PathBuf::from("."));
    }
}
