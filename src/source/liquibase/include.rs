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
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
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

impl Loader<'_> {
    /// Where a written path points: next to `from` when relative to the
    /// changelog, else the first search root that has it. `None`: not found.
    pub(super) fn resolve(&self, written: &str, relative: bool, from: &Path) -> Option<PathBuf> {
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
        candidates.into_iter().find(|c| c.exists())
    }

    /// Is `path` inside the project (the root changelog's folder or a
    /// search root)?
    fn inside_project(&self, path: &Path) -> bool {
        let Ok(c) = path.canonicalize() else {
            return true;
        };
        self.allowed_roots.iter().any(|r| c.starts_with(r))
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

    fn child_inherited(&self, node: &Node, ctx: &FileCtx<'_>) -> Inherited {
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
        let Some(found) = self.resolve(&written, relative, ctx.path) else {
            if error_if_missing {
                let msg = if relative {
                    format!("included file `{written}` not found next to the changelog")
                } else {
                    format!(
                        "included file `{written}` not found (searched {})",
                        self.search_roots
                            .iter()
                            .map(|r| r.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                self.problems.push(Problem::at_span(at, msg));
            }
            return;
        };
        if !self.inside_project(&found) {
            self.problems.push(Problem::at_span(
                at,
                format!("included file `{written}` is outside the project (the root changelog's folder and the search paths)"),
            ));
            return;
        }
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
        let dir = self
            .resolve(&written, relative, ctx.path)
            .filter(|d| d.is_dir());
        let Some(dir) = dir else {
            if error_if_missing {
                self.problems.push(Problem::at_span(
                    at,
                    format!("includeAll folder `{written}` not found"),
                ));
            }
            return;
        };
        if !self.inside_project(&dir) {
            self.problems.push(Problem::at_span(
                at,
                format!("includeAll folder `{written}` is outside the project (the root changelog's folder and the search paths)"),
            ));
            return;
        }
        let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                let depth = e.depth();
                depth >= min_depth.max(1) && depth <= max_depth
            })
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&dir)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                Some((rel, e.path().to_path_buf()))
            })
            .filter(|(rel, _)| {
                let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                CHANGELOG_EXTENSIONS.contains(&ext.as_str())
            })
            .filter(|(rel, _)| ends_with.as_deref().is_none_or(|s| rel.ends_with(s)))
            .collect();
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
            // the folder itself must not re-read the changelog that lists it
            if path.canonicalize().ok().as_ref() == self.stack.last() {
                continue;
            }
            self.load_file(&path, logical, &inh, Some(at));
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
    }
}
