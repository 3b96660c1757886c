//! Embeds every `policies/**/*.rego` file (rules, the shared library and the
//! `_test.rego` files) into the binary, so a bare `schemagate check` works
//! with no policy directory on disk, and every file of the built-in rules'
//! fixture cases (`policies/<category>/fixtures/<case>/`), which a bare
//! `schemagate test` runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    println!("cargo:rerun-if-changed=policies");
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let mut files = Vec::new();
    let mut fixtures = Vec::new();
    let policies = root.join("policies");
    if policies.is_dir() {
        collect(&policies, false, &mut files, &mut fixtures)?;
    }
    let digest = digest(&root, &files)?;
    let mut out = table(
        "/// `(path, text)` of every built-in policy file.\n",
        "BUILTIN_POLICIES",
        &root,
        files,
    )?;
    out.push_str(&format!(
        "/// FNV-1a digest of the built-in rule files (not their tests): paths\n\
         /// and texts. The index of the built-in rules records the digest it\n\
         /// was surveyed from.\npub static BUILTIN_RULES_DIGEST: &str = \"{digest:016x}\";\n"
    ));
    out.push_str(&table(
        "/// `(path, text)` of every file of the built-in rules' fixture cases.\n",
        "BUILTIN_FIXTURES",
        &root,
        fixtures,
    )?);
    let dest =
        PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?).join("builtin_policies.rs");
    fs::write(dest, out)
}

/// A `pub static NAME: &[(&str, &str)]` of the files' relative paths and
/// texts.
fn table(doc: &str, name: &str, root: &Path, files: Vec<PathBuf>) -> io::Result<String> {
    // Sorted by their relative path so the table, and every report built
    // from it, is the same on every machine.
    let mut rows: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, p))
        })
        .collect();
    rows.sort();

    let mut out = String::from(doc);
    out.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
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
    Ok(out)
}

/// FNV-1a 64 over the relative path and text of every rule file (the
/// `.rego` files that are not `_test.rego`), in path order: a stable
/// fingerprint of what the built-in rules are.
fn digest(root: &Path, files: &[PathBuf]) -> io::Result<u64> {
    let mut rows = Vec::new();
    for p in files {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with("_test.rego") {
            rows.push((rel, fs::read(p)?));
        }
    }
    rows.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (rel, text) in &rows {
        for b in rel
            .as_bytes()
            .iter()
            .chain([&0u8])
            .chain(text)
            .chain([&0u8])
        {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(hash)
}

/// `.rego` files into `rego`; every file under a `fixtures` folder into
/// `fixtures`.
fn collect(
    dir: &Path,
    in_fixtures: bool,
    rego: &mut Vec<PathBuf>,
    fixtures: &mut Vec<PathBuf>,
) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let below = in_fixtures || path.file_name().is_some_and(|n| n == "fixtures");
            collect(&path, below, rego, fixtures)?;
        } else if in_fixtures {
            fixtures.push(path);
        } else if path.extension().is_some_and(|e| e == "rego") {
            rego.push(path);
        }
    }
    Ok(())
}
