//! Plain folders of `.sql` files, run in natural path order (`2_x.sql`
//! before `10_x.sql`, subfolders included), and plain single files. Nothing
//! wraps them in a transaction: a script runner sends statement after
//! statement. A folder with a Temporal `manifest.json` runs the scripts it
//! lists, in its order.

use std::path::PathBuf;

use super::{Ctx, SqlFile, file_changeset, temporal};
use crate::source::{Changeset, TransactionMode};

/// A plain file: id is its path relative to the folder given (the file name
/// for top-level files; unique where several folders hold `schema.sql`).
pub fn changeset(file: &SqlFile) -> Changeset {
    file_changeset(
        file,
        file.rel_str(),
        TransactionMode::None,
        file.verbatim(),
        file.body_span(),
    )
}

/// The files arrive in natural path order; each folder's run of files is
/// reordered by its manifest when it has one.
pub fn build(ctx: &mut Ctx, files: Vec<SqlFile>) -> Vec<Changeset> {
    let mut out = Vec::new();
    let mut run: Vec<SqlFile> = Vec::new();
    let mut dir: Option<PathBuf> = None;
    for f in files {
        let parent = f.path.parent().map(PathBuf::from);
        if parent != dir {
            flush(ctx, dir.take(), std::mem::take(&mut run), &mut out);
            dir = parent;
        }
        run.push(f);
    }
    flush(ctx, dir, run, &mut out);
    out
}

fn flush(ctx: &mut Ctx, dir: Option<PathBuf>, run: Vec<SqlFile>, out: &mut Vec<Changeset>) {
    let manifest = dir.and_then(|d| temporal::read_manifest(ctx, &d));
    match manifest {
        Some(m) => {
            for f in temporal::order(ctx, &m, run) {
                let mut cs = changeset(&f);
                cs.version = m.version.clone();
                cs.attributes
                    .insert("manifest".into(), "manifest.json".into());
                out.push(cs);
            }
        }
        None => out.extend(run.iter().map(changeset)),
    }
}
