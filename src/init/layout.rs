//! What `schemagate init` finds in a repository: the changelog to check (a
//! Liquibase master changelog, else a migration folder) and its dialect.
//!
//! The source stage decides what is what: `liquibase::is_changelog` tells a
//! changelog, `source::load` recognises a folder's layout, and
//! `guess::dialect` reads the dialect from the SQL tokens.

use std::path::{Path, PathBuf};

use crate::source::guess::{self, Guess};
use crate::source::{self, LoadOptions, SourceFormat};
use crate::span::SourceMap;

/// How deep below the repository root changelogs are looked for.
const MAX_DEPTH: usize = 8;

/// Folders that never hold the team's migrations: build output,
/// dependencies, and fixture cases (policies' test data).
const SKIPPED: [&str; 5] = ["target", "node_modules", "vendor", "fixtures", "build"];

/// The changelog found, relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub format: SourceFormat,
    /// How many changesets it holds.
    pub changesets: usize,
}

impl Found {
    /// `a Flyway folder`, `a Liquibase changelog`, … for people.
    pub fn described(&self) -> &'static str {
        match self.format {
            SourceFormat::Liquibase => "a Liquibase changelog",
            SourceFormat::Flyway => "a Flyway folder",
            SourceFormat::GolangMigrate => "a golang-migrate folder",
            SourceFormat::Dbmate => "a dbmate folder",
            SourceFormat::Diesel => "a diesel folder",
            SourceFormat::Sqlx => "an sqlx folder",
            SourceFormat::SqlFile => "a SQL file",
            SourceFormat::PlainFolder => "a folder of SQL files",
        }
    }

    /// The folder its files are in (for CI path filters).
    pub fn folder(&self) -> String {
        if self.format == SourceFormat::Liquibase {
            match self.path.rsplit_once('/') {
                Some((dir, _)) => dir.to_string(),
                None => ".".to_string(),
            }
        } else {
            self.path.clone()
        }
    }
}

/// The changelog of the repository at `root`: a Liquibase master changelog
/// when there is one, else the migration folder with the most changesets
/// in a layout the source stage recognises, else a plain SQL folder.
pub fn find_changelog(root: &Path) -> Option<Found> {
    let files = walk(root);
    if let Some(master) = liquibase_master(root, &files) {
        return Some(master);
    }
    let mut folders: Vec<Found> = candidate_folders(&files)
        .iter()
        .filter_map(|dir| folder_layout(root, dir))
        .collect();
    folders.sort_by_key(|f| {
        (
            f.format == SourceFormat::PlainFolder,
            std::cmp::Reverse(f.changesets),
            f.path.matches('/').count(),
            f.path.clone(),
        )
    });
    folders.into_iter().next()
}

/// The dialect guessed from the SQL under the changelog's folder.
pub fn guess_dialect(root: &Path, found: Option<&Found>) -> Option<Guess> {
    let dir = found.map_or_else(|| root.to_path_buf(), |f| root.join(f.folder()));
    guess::dialect(&[dir])
}

/// Every file under `root`, hidden and [`SKIPPED`] folders left out, in
/// path order.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .max_depth(MAX_DEPTH)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.file_type().is_dir() && SKIPPED.contains(&name.as_ref())))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let text = rel.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// The Liquibase changelog no other changelog includes by name; of several,
/// the shallowest, one named `*master*` first.
fn liquibase_master(root: &Path, files: &[PathBuf]) -> Option<Found> {
    let changelogs: Vec<(PathBuf, String)> = files
        .iter()
        .filter_map(|p| {
            let ext = p.extension()?.to_string_lossy().to_ascii_lowercase();
            if !["xml", "yaml", "yml", "json", "sql"].contains(&ext.as_str()) {
                return None;
            }
            let text = std::fs::read_to_string(p).ok()?;
            source::liquibase::is_changelog(p, &text).then(|| (p.clone(), text))
        })
        .collect();
    let included = |path: &Path| {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        changelogs.iter().any(|(other, text)| {
            other != path && name.as_ref().is_some_and(|n| text.contains(n.as_str()))
        })
    };
    let mut masters: Vec<&PathBuf> = changelogs
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !included(p))
        .collect();
    masters.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase());
        (
            p.components().count(),
            !name.is_some_and(|n| n.contains("master")),
            (*p).clone(),
        )
    });
    let master = masters.first()?;
    Some(Found {
        path: relative(root, master),
        format: SourceFormat::Liquibase,
        changesets: 0,
    })
}

/// Folders holding `.sql` files, and the folders above diesel's
/// `<version>_<name>/up.sql` ones.
fn candidate_folders(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for f in files {
        if !f.extension().is_some_and(|e| e.eq_ignore_ascii_case("sql")) {
            continue;
        }
        let Some(dir) = f.parent() else { continue };
        dirs.push(dir.to_path_buf());
        if f.file_name().is_some_and(|n| n == "up.sql")
            && let Some(above) = dir.parent()
        {
            dirs.push(above.to_path_buf());
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

/// How the source stage reads `dir`; `None` when it reads nothing there.
fn folder_layout(root: &Path, dir: &Path) -> Option<Found> {
    let mut sources = SourceMap::default();
    let changelog = source::load(dir, &LoadOptions::default(), &mut sources);
    if changelog.changesets.is_empty() {
        return None;
    }
    Some(Found {
        path: relative(root, dir),
        format: changelog.format.unwrap_or(SourceFormat::PlainFolder),
        changesets: changelog.changesets.len(),
    })
}
