//! `--changed-since <rev>`: what changed since the merge base with `rev`,
//! as `git diff rev...HEAD` sees it, plus whatever the working tree changed
//! and has not committed.
//!
//! Runs the `git` executable rather than linking a git library: it is on
//! every machine that has the repository, honours the user's own git
//! configuration (worktrees, alternates, partial clones, safe.directory) the
//! way their `git diff` does, and adds nothing to the build. Three calls do
//! the work: `rev-parse --show-toplevel`, `merge-base`, and `ls-tree` +
//! `cat-file --batch` to materialise the changelog's folder as it was at the
//! merge base. The old changelog is then read by the same loader as the new
//! one, so includes, properties and every format are matched the same way.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Classification, compare};
use crate::error::Problem;
use crate::source::{self, Changelog, LoadOptions};
use crate::span::SourceMap;

/// Classifies `changelog` (read from the working tree with `opts`) against
/// the merge base of `rev` and `HEAD`.
pub fn classify(
    changelog: &Changelog,
    sources: &SourceMap,
    opts: &LoadOptions,
    rev: &str,
) -> Result<Classification, Problem> {
    let root = changelog.root.as_path();
    let repo = Repo::containing(root, rev)?;
    let base = repo.merge_base(rev)?;
    let old_dir = tempfile::Builder::new()
        .prefix("schemagate-base-")
        .tempdir()
        .map_err(|e| {
            Problem::general(format!(
                "--changed-since: cannot make a temporary folder: {e}"
            ))
        })?;

    // What to materialise: the changelog's own folder and the search paths
    // inside the repository (includes may reach into them).
    let root_dir = folder_of(root);
    let mut wanted = vec![repo.relative(&root_dir)?];
    let mut old_opts = opts.clone();
    old_opts.search_paths = Vec::new();
    for sp in &opts.search_paths {
        match repo.relative(sp) {
            Ok(rel) => {
                old_opts.search_paths.push(old_dir.path().join(&rel));
                wanted.push(rel);
            }
            // outside the repository: not versioned, the same on both sides
            Err(_) => old_opts.search_paths.push(sp.clone()),
        }
    }
    let written = repo.materialise(&base, &wanted, old_dir.path())?;

    let rel_root = repo.relative(root)?;
    let old_root = old_dir.path().join(&rel_root);
    let mut old_sources = SourceMap::default();
    let old = if written > 0 && old_root.exists() {
        source::load(&old_root, &old_opts, &mut old_sources)
    } else {
        // the changelog did not exist at the merge base: all of it is new
        Changelog::default()
    };
    let old_side = compare::Side {
        changelog: &old,
        sources: &old_sources,
        root_dir: &folder_of(&old_root),
    };
    let new_side = compare::Side {
        changelog,
        sources,
        root_dir: &root_dir,
    };
    let mut classification = compare::against(&old_side, &new_side, super::Basis::Git);
    // Removed changesets are named by their file as the user sees it.
    for r in &mut classification.removed {
        r.file = crate::span::display_name(&root_dir.join(&r.file));
    }
    Ok(classification)
}

/// The folder a path names, or the folder holding the file it names.
fn folder_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }
}

/// The repository a changelog lives in.
struct Repo {
    /// `git rev-parse --show-toplevel`, canonical.
    top: PathBuf,
}

impl Repo {
    fn containing(path: &Path, rev: &str) -> Result<Repo, Problem> {
        let dir = folder_of(path);
        let dir = dir.canonicalize().map_err(|e| {
            Problem::general(format!(
                "--changed-since {rev}: cannot read {}: {e}",
                dir.display()
            ))
        })?;
        let out = git(&dir, &["rev-parse", "--show-toplevel"], None).map_err(|e| {
            Problem::general(format!(
                "--changed-since {rev}: {} is not inside a git repository ({e})",
                crate::span::display_name(path)
            ))
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&out).trim());
        let top = top.canonicalize().unwrap_or(top);
        Ok(Repo { top })
    }

    /// The merge base of `rev` and `HEAD`, as `git diff rev...HEAD` uses.
    fn merge_base(&self, rev: &str) -> Result<String, Problem> {
        let verify = format!("{rev}^{{commit}}");
        git(&self.top, &["rev-parse", "--verify", "--quiet", &verify], None).map_err(|_| {
            Problem::general(format!(
                "--changed-since {rev}: git knows no commit `{rev}` in {} (fetch it first, e.g. `git fetch origin main`)",
                self.top.display()
            ))
        })?;
        let out = git(&self.top, &["merge-base", rev, "HEAD"], None).map_err(|e| {
            Problem::general(format!(
                "--changed-since {rev}: `{rev}` and HEAD have no common ancestor ({e})"
            ))
        })?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// `path` relative to the repository's top folder.
    fn relative(&self, path: &Path) -> Result<PathBuf, Problem> {
        let abs = path.canonicalize().map_err(|e| {
            Problem::general(format!(
                "cannot read {}: {e}",
                crate::span::display_name(path)
            ))
        })?;
        abs.strip_prefix(&self.top)
            .map(Path::to_path_buf)
            .map_err(|_| {
                Problem::general(format!(
                    "--changed-since: {} is outside the git repository {}",
                    crate::span::display_name(path),
                    self.top.display()
                ))
            })
    }

    /// Writes the files under `paths` as they are in commit `base` into
    /// `dest` (same relative layout); returns how many were written.
    fn materialise(&self, base: &str, paths: &[PathBuf], dest: &Path) -> Result<usize, Problem> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", base, "--"];
        let specs: Vec<String> = paths
            .iter()
            .map(|p| {
                let s = p.to_string_lossy().replace('\\', "/");
                if s.is_empty() { ".".to_string() } else { s }
            })
            .collect();
        args.extend(specs.iter().map(String::as_str));
        let listing = git(&self.top, &args, None).map_err(Problem::general)?;
        // `<mode> blob <sha>\t<path>` entries; submodules and links skipped
        let blobs: Vec<(String, String)> = listing
            .split(|b| *b == 0)
            .filter_map(|entry| {
                let entry = std::str::from_utf8(entry).ok()?;
                let (meta, path) = entry.split_once('\t')?;
                let mut parts = meta.split(' ');
                let mode = parts.next()?;
                let kind = parts.next()?;
                let sha = parts.next()?;
                (kind == "blob" && mode != "120000").then(|| (sha.to_string(), path.to_string()))
            })
            .collect();
        if blobs.is_empty() {
            return Ok(0);
        }
        let request: String = blobs.iter().map(|(sha, _)| format!("{sha}\n")).collect();
        let contents = git(
            &self.top,
            &["cat-file", "--batch"],
            Some(request.as_bytes()),
        )
        .map_err(Problem::general)?;
        let mut rest = contents.as_slice();
        for (_, path) in &blobs {
            // `<sha> blob <size>\n<bytes>\n`
            let header_end = rest.iter().position(|b| *b == b'\n').ok_or_else(|| {
                Problem::general("--changed-since: unexpected output from git cat-file")
            })?;
            let header = String::from_utf8_lossy(&rest[..header_end]).to_string();
            let size: usize = header
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| {
                    Problem::general(format!("--changed-since: git cat-file said `{header}`"))
                })?;
            let body_start = header_end + 1;
            let body = rest.get(body_start..body_start + size).ok_or_else(|| {
                Problem::general("--changed-since: git cat-file output ended early")
            })?;
            let target = dest.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Problem::general(format!(
                        "--changed-since: cannot write {}: {e}",
                        parent.display()
                    ))
                })?;
            }
            std::fs::write(&target, body).map_err(|e| {
                Problem::general(format!(
                    "--changed-since: cannot write {}: {e}",
                    target.display()
                ))
            })?;
            rest = rest.get(body_start + size + 1..).unwrap_or_default();
        }
        Ok(blobs.len())
    }
}

/// Runs git in `dir` and returns its standard output; the error is its
/// standard error (or why it could not start).
fn git(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    // Feed stdin from a thread: git writes while it reads, and a full pipe
    // on both sides would deadlock.
    let feeder = match (stdin, child.stdin.take()) {
        (Some(bytes), Some(mut pipe)) => {
            let bytes = bytes.to_vec();
            Some(std::thread::spawn(move || pipe.write_all(&bytes)))
        }
        _ => None,
    };
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_end(&mut out)
            .map_err(|e| format!("reading git's output: {e}"))?;
    }
    let mut err = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut err);
    }
    let status = child.wait().map_err(|e| format!("waiting for git: {e}"))?;
    if let Some(f) = feeder {
        let _ = f.join();
    }
    if status.success() {
        Ok(out)
    } else {
        Err(format!("git {}: {}", args.join(" "), err.trim()))
    }
}
