//! PostgreSQL's password file, as libpq reads it: `PGPASSFILE`, else
//! `~/.pgpass`; lines `host:port:database:user:password`, `*` matching
//! anything, `\:` and `\\` escaped, `#` starting a comment. On Unix a file
//! that its group or others can read is ignored, as libpq does.

use std::path::{Path, PathBuf};

use super::Target;

/// The password the file holds for `target`, if any.
pub(super) fn lookup(target: &Target, notes: &mut Vec<String>) -> Option<String> {
    let path = file()?;
    if !path.is_file() {
        return None;
    }
    if let Some(note) = too_open(&path) {
        notes.push(note);
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    find(&text, target)
}

fn file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    Some(Path::new(&home).join(".pgpass"))
}

#[cfg(unix)]
fn too_open(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "password file `{}` has group or world access and is ignored (as libpq does); permissions should be u=rw (0600) or less",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn too_open(_path: &Path) -> Option<String> {
    None
}

/// The first line of `text` matching `target`.
pub(super) fn find(text: &str, target: &Target) -> Option<String> {
    let host = if target.host.starts_with('/') {
        "localhost"
    } else {
        target.host.as_str()
    };
    let port = target.port.to_string();
    let user = target.user.clone().unwrap_or_else(default_user);
    let database = target.database.clone().unwrap_or_else(|| user.clone());
    let wanted = [host, port.as_str(), database.as_str(), user.as_str()];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(fields)
        .find(|f| {
            f.len() == 5
                && f.iter()
                    .zip(wanted)
                    .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut f| f.swap_remove(4))
}

/// The user libpq would connect as: the login name.
fn default_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

/// A line's `:`-separated fields, `\` escaping the next character.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.last_mut().expect("one field").push(next);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut().expect("one field").push(c),
        }
    }
    out
}
