//! Temporal's `temporal-sql-tool` layout inside a plain folder:
//! `versioned/v<X.Y>/manifest.json` lists, in `SchemaUpdateCqlFiles`, the
//! scripts of that schema version in the order the tool runs them. Scripts
//! of the folder that the manifest does not list are not run (a combined
//! script often replaces them), so they are left out; a listed script that
//! is missing is a problem.

use std::path::Path;

use super::{Ctx, SqlFile};
use crate::error::Problem;
use crate::span::{FileId, Span};

/// A folder's manifest: the schema version and the ordered script names.
pub struct Manifest {
    pub version: Option<String>,
    pub files: Vec<String>,
    pub file: FileId,
}

/// Reads `dir/manifest.json` when it is a Temporal manifest; any other
/// `manifest.json` is not ours and is ignored.
pub fn read_manifest(ctx: &mut Ctx, dir: &Path) -> Option<Manifest> {
    let path = dir.join("manifest.json");
    if !path.is_file() {
        return None;
    }
    let (id, text) = ctx.read(&path)?;
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let src = ctx.sources.get(id);
            let at = src.offset_of(e.line(), e.column());
            ctx.problems.push(Problem::at_span(
                Span::new(id, at..at),
                format!("invalid manifest.json: {e}"),
            ));
            return None;
        }
    };
    let list = json.get("SchemaUpdateCqlFiles")?.as_array()?;
    let files = list
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let version = json
        .get("CurrVersion")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Some(Manifest {
        version,
        files,
        file: id,
    })
}

/// The folder's scripts in manifest order, with problems for listed scripts
/// that are not there.
pub fn order(ctx: &mut Ctx, manifest: &Manifest, files: Vec<SqlFile>) -> Vec<SqlFile> {
    let mut files: Vec<Option<SqlFile>> = files.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for name in &manifest.files {
        let found = files
            .iter_mut()
            .find(|f| f.as_ref().is_some_and(|f| &f.name() == name))
            .and_then(Option::take);
        match found {
            Some(f) => out.push(f),
            None => {
                let text = &ctx.sources.get(manifest.file).text;
                let quoted = format!("\"{name}\"");
                let span = text
                    .find(&quoted)
                    .map_or(Span::new(manifest.file, 0..0), |i| {
                        Span::new(manifest.file, i..i + quoted.len())
                    });
                ctx.problems.push(Problem::at_span(
                    span,
                    format!("manifest.json lists {name}, which is not in the folder"),
                ));
            }
        }
    }
    out
}
