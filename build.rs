//! Embeds every `policies/**/*.rego` file (rules, the shared library and the
//! `_test.rego` files) into the binary, so a bare `schemagate check` works
//! with no policy directory on disk.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    println!("cargo:rerun-if-changed=policies");
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let mut files = Vec::new();
    let policies = root.join("policies");
    if policies.is_dir() {
        collect(&policies, &mut files)?;
    }
    // Sorted by their relative path so the table, and every report built
    // from it, is the same on every machine.
    let mut rows: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, p))
        })
        .collect();
    rows.sort();

    let mut out = String::from("/// `(path, text)` of every built-in policy file.\n");
    out.push_str("pub static BUILTIN_POLICIES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &rows {
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .map_err(io::Error::other)?;
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?).join("builtin_policies.rs");
    fs::write(dest, out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rego") {
            out.push(path);
        }
    }
    Ok(())
}
