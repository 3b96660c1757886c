//! `--changed-since <rev>`: what changed since the merge base with `rev`,
//! as `git diff rev...HEAD` sees it, plus whatever the working tree changed
//! and has not committed.
//!
//! Runs the `git` executable rather than linking a git library: it is on
//! every machine that has the repository, honours the user's own git
//! configuration (worktrees, alternates, partial clones, safe.directory) the
//! way their `git diff` does, and adds nothing to the build. A handful of
//! calls do the work: `rev-parse`, `merge-base`, `ls-tree` and `diff` /
//! `ls-files --others` for what changed, and `cat-file --batch` for the old
//! versions of the changed files. The old changelog is read by the same
//! loader as the new one, so includes, properties and every format are
//! matched the same way.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Classification, compare};
use crate::error::Problem;
use crate::source::{self, Changelog, LoadOptions, SourceFormat};
use crate::span::{FileId, SourceMap};

/// Classifies `changelog` (read from the working tree with `opts`) against
/// the merge base of `rev` and `HEAD`.
///
/// Only what changed is read twice: a file git says is unchanged since the
/// merge base holds history as it is. The old versions of changed and
/// deleted files (with the changelog's root and the files that only include
/// others, so the old changelog can be walked) are written to a temporary
/// folder and read by the same loader; a PR over a long history then costs
/// a handful of files, not the whole history again.
///
/// `files` are the files reading `changelog` registered in `sources` (a run
/// over several changelogs holds the others' too).
pub fn classify(
    changelog: &Changelog,
    sources: &SourceMap,
    files: &[FileId],
    opts: &LoadOptions,
    rev: &str,
) -> Result<Classification, Problem> {
    let root = changelog.root.as_path();
    let repo = Repo::containing(root, &format!("--changed-since {rev}"))?;
    let base = repo.merge_base(rev)?;
    let mut paths = RepoPaths::new(&repo.top);
    let root_dir = folder_of(root);
    let rel_root = paths.relative(root).ok_or_else(|| outside(root, &repo))?;

    // Where the changelog's files live: its folder, the search paths inside
    // the repository, and the folder of every file it reads now (includes
    // may reach outside its folder).
    let mut wanted = vec![
        paths
            .relative(&root_dir)
            .ok_or_else(|| outside(root, &repo))?,
    ];
    let new_files: Vec<(FileId, Option<String>)> = files
        .iter()
        .map(|&id| {
            (
                id,
                paths.relative(&sources.get(id).path).map(|p| slashed(&p)),
            )
        })
        .collect();
    wanted.extend(
        new_files
            .iter()
            .filter_map(|(_, rel)| rel.as_deref())
            .map(|rel| folder_of(Path::new(rel))),
    );
    let mut old_opts = opts.clone();
    let old_dir = tempfile::Builder::new()
        .prefix("schemagate-base-")
        .tempdir()
        .map_err(|e| {
            Problem::general(format!(
                "--changed-since: cannot make a temporary folder: {e}"
            ))
        })?;
    old_opts.search_paths = Vec::new();
    for sp in &opts.search_paths {
        match paths.relative(sp) {
            Some(rel) => {
                old_opts.search_paths.push(old_dir.path().join(&rel));
                wanted.push(rel);
            }
            // outside the repository: not versioned, the same on both sides
            None => old_opts.search_paths.push(sp.clone()),
        }
    }
    let wanted = outermost(wanted);

    let at_base = repo.tree(&base, &wanted)?;
    let changed = repo.changed_since(&base, &wanted)?;
    let unchanged = |rel: &str| at_base.contains_key(rel) && !changed.contains(rel);
    let unchanged_files: HashSet<FileId> = new_files
        .iter()
        .filter(|(_, rel)| rel.as_deref().is_some_and(unchanged))
        .map(|(id, _)| *id)
        .collect();

    let to_read = old_files_worth_reading(changelog, &new_files, &at_base, &changed, &rel_root);
    repo.write_blobs(&to_read, old_dir.path())?;

    let old_root = old_dir.path().join(&rel_root);
    let mut old_sources = SourceMap::default();
    let old = if old_root.exists() {
        // Files left out on purpose are missing: what the loader says about
        // them is no news.
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
    let mut classification = compare::against(
        &old_side,
        &new_side,
        &|file| unchanged_files.contains(&file),
        super::Basis::Git,
    );
    // Removed changesets are named by their file as the user sees it.
    for r in &mut classification.removed {
        r.file = crate::span::display_name(&root_dir.join(&r.file));
    }
    Ok(classification)
}

/// The changelog `path` (a file or folder) as it was at commit `rev`,
/// written with the rest of its folder into a temporary folder (removed
/// when the returned guard is dropped): `schemagate diff --against-rev`.
pub fn snapshot_at(path: &Path, rev: &str) -> Result<(tempfile::TempDir, PathBuf), Problem> {
    let flag = "--against-rev";
    let repo = Repo::containing(path, &format!("{flag} {rev}"))?;
    let commit = repo.commit(rev, flag)?;
    let mut paths = RepoPaths::new(&repo.top);
    let rel = paths.relative(path).ok_or_else(|| {
        Problem::general(format!(
            "{flag}: {} is outside the git repository {}",
            crate::span::display_name(path),
            repo.top.display()
        ))
    })?;
    let folder = if path.is_dir() {
        rel.clone()
    } else {
        folder_of(&rel)
    };
    let files = repo.tree(&commit, &[folder])?;
    let blobs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, sha)| (p.as_str(), sha.as_str()))
        .collect();
    let dir = tempfile::Builder::new()
        .prefix("schemagate-rev-")
        .tempdir()
        .map_err(|e| Problem::general(format!("{flag}: cannot make a temporary folder: {e}")))?;
    repo.write_blobs(&blobs, dir.path())?;
    let at = dir.path().join(&rel);
    if !at.exists() {
        return Err(Problem::general(format!(
            "{flag} {rev}: {} did not exist at {rev}",
            crate::span::display_name(path)
        )));
    }
    Ok((dir, at))
}

/// The old files worth reading: changed or deleted ones, configuration, the
/// root, and for Liquibase the files that hold no changeset (they include
/// others), so the old changelog can be walked to the changed files.
fn old_files_worth_reading<'a>(
    changelog: &Changelog,
    new_files: &'a [(FileId, Option<String>)],
    at_base: &'a HashMap<String, String>,
    changed: &HashSet<String>,
    rel_root: &Path,
) -> Vec<(&'a str, &'a str)> {
    let holds_changesets: HashSet<FileId> =
        changelog.changesets.iter().map(|cs| cs.span.file).collect();
    let structural: HashSet<&str> = if changelog.format == Some(SourceFormat::Liquibase) {
        new_files
            .iter()
            .filter(|(id, _)| !holds_changesets.contains(id))
            .filter_map(|(_, rel)| rel.as_deref())
            .collect()
    } else {
        // a migration folder is read as it is, whatever is missing
        HashSet::new()
    };
    let root_rel = slashed(rel_root);
    at_base
        .iter()
        .filter(|(path, _)| {
            changed.contains(path.as_str())
                || structural.contains(path.as_str())
                || **path == root_rel
                || is_configuration(path)
        })
        .map(|(path, sha)| (path.as_str(), sha.as_str()))
        .collect()
}

fn outside(path: &Path, repo: &Repo) -> Problem {
    Problem::general(format!(
        "--changed-since: {} is outside the git repository {}",
        crate::span::display_name(path),
        repo.top.display()
    ))
}

/// A path with `/` separators, as git writes them.
fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Folders with the ones inside another left out.
fn outermost(mut folders: Vec<PathBuf>) -> Vec<PathBuf> {
    folders.sort();
    folders.dedup();
    let mut out: Vec<PathBuf> = Vec::new();
    for f in folders {
        if !out.iter().any(|o| f.starts_with(o)) {
            out.push(f);
        }
    }
    out
}

/// Files that change how migrations are read rather than holding them.
fn is_configuration(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "flyway.conf"
        || name == "flyway.toml"
        || name.ends_with(".sql.conf")
        || name.ends_with(".properties")
        || name == "metadata.toml"
}

/// Paths relative to the repository's top folder, canonicalising each
/// folder once (a history of 1,000 files lives in a few folders).
struct RepoPaths<'a> {
    top: &'a Path,
    folders: HashMap<PathBuf, Option<PathBuf>>,
}

impl<'a> RepoPaths<'a> {
    fn new(top: &'a Path) -> Self {
        RepoPaths {
            top,
            folders: HashMap::new(),
        }
    }

    /// `path` (a file or a folder) relative to the top folder; `None` when
    /// it is outside the repository or cannot be read.
    fn relative(&mut self, path: &Path) -> Option<PathBuf> {
        if path.is_dir() {
            return self.folder(path);
        }
        let name = path.file_name()?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(self.folder(&parent)?.join(name))
    }

    fn folder(&mut self, dir: &Path) -> Option<PathBuf> {
        let top = self.top;
        self.folders
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let abs = dir.canonicalize().ok()?;
                abs.strip_prefix(top).ok().map(Path::to_path_buf)
            })
            .clone()
    }
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
    /// `flag` (`--changed-since main`) names what asked, in errors.
    fn containing(path: &Path, flag: &str) -> Result<Repo, Problem> {
        let dir = folder_of(path);
        let dir = dir
            .canonicalize()
            .map_err(|e| Problem::general(format!("{flag}: cannot read {}: {e}", dir.display())))?;
        let out = git(&dir, &["rev-parse", "--show-toplevel"], None).map_err(|e| {
            Problem::general(format!(
                "{flag}: {} is not inside a git repository ({e})",
                crate::span::display_name(path)
            ))
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&out).trim());
        let top = top.canonicalize().unwrap_or(top);
        Ok(Repo { top })
    }

    /// The commit `rev` names.
    fn commit(&self, rev: &str, flag: &str) -> Result<String, Problem> {
        let verify = format!("{rev}^{{commit}}");
        let out = git(&self.top, &["rev-parse", "--verify", "--quiet", &verify], None)
            .map_err(|_| {
                Problem::general(format!(
                    "{flag} {rev}: git knows no commit `{rev}` in {} (fetch it first, e.g. `git fetch origin {rev}`)",
                    self.top.display()
                ))
            })?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
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
            // CI checkouts are often shallow: the common ancestor is not there
            let shallow = git(&self.top, &["rev-parse", "--is-shallow-repository"], None)
                .is_ok_and(|o| o.starts_with(b"true"));
            let hint = if shallow {
                " — this clone is shallow: fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout, `GIT_DEPTH: 0` in GitLab)"
            } else {
                ""
            };
            Problem::general(format!(
                "--changed-since {rev}: `{rev}` and HEAD have no common ancestor{hint} ({e})"
            ))
        })?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// `path → blob sha` of every file under `folders` in commit `base`
    /// (links and submodules left out).
    fn tree(&self, base: &str, folders: &[PathBuf]) -> Result<HashMap<String, String>, Problem> {
        let specs = pathspecs(folders);
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", base, "--"];
        args.extend(specs.iter().map(String::as_str));
        let listing = git(&self.top, &args, None).map_err(Problem::general)?;
        // `<mode> blob <sha>\t<path>` entries
        Ok(listing
            .split(|b| *b == 0)
            .filter_map(|entry| {
                let entry = std::str::from_utf8(entry).ok()?;
                let (meta, path) = entry.split_once('\t')?;
                let mut parts = meta.split(' ');
                let mode = parts.next()?;
                let kind = parts.next()?;
                let sha = parts.next()?;
                (kind == "blob" && mode != "120000").then(|| (path.to_string(), sha.to_string()))
            })
            .collect())
    }

    /// Files under `folders` whose working-tree content differs from commit
    /// `base` (modified, staged or not, added, deleted, or not tracked).
    fn changed_since(&self, base: &str, folders: &[PathBuf]) -> Result<HashSet<String>, Problem> {
        let specs = pathspecs(folders);
        let mut diff = vec!["diff", "--name-only", "--no-renames", "-z", base, "--"];
        diff.extend(specs.iter().map(String::as_str));
        let mut untracked = vec![
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--full-name",
            "--",
        ];
        untracked.extend(specs.iter().map(String::as_str));
        let mut names = HashSet::new();
        for args in [diff, untracked] {
            let out = git(&self.top, &args, None).map_err(Problem::general)?;
            names.extend(
                out.split(|b| *b == 0)
                    .filter(|n| !n.is_empty())
                    .map(|n| String::from_utf8_lossy(n).to_string()),
            );
        }
        Ok(names)
    }

    /// Writes `(path, blob sha)` files into `dest`, in the same layout.
    fn write_blobs(&self, blobs: &[(&str, &str)], dest: &Path) -> Result<(), Problem> {
        if blobs.is_empty() {
            return Ok(());
        }
        let request: String = blobs.iter().map(|(_, sha)| format!("{sha}\n")).collect();
        let contents = git(
            &self.top,
            &["cat-file", "--batch"],
            Some(request.as_bytes()),
        )
        .map_err(Problem::general)?;
        let mut rest = contents.as_slice();
        for (path, _) in blobs {
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
            let written = target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&target, body));
            written.map_err(|e| {
                Problem::general(format!(
                    "--changed-since: cannot write {}: {e}",
                    target.display()
                ))
            })?;
            rest = rest.get(body_start + size + 1..).unwrap_or_default();
        }
        Ok(())
    }
}

/// Folders as git pathspecs (`.` for the top folder).
fn pathspecs(folders: &[PathBuf]) -> Vec<String> {
    folders
        .iter()
        .map(|p| {
            let s = slashed(p);
            if s.is_empty() { ".".to_string() } else { s }
        })
        .collect()
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
