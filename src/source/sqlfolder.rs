//! SQL migration folders: Flyway, golang-migrate, dbmate, diesel, sqlx and
//! plain folders, and single `.sql` files.

use std::path::Path;

use super::{Changelog, LoadOptions};
use crate::span::SourceMap;

pub fn load(path: &Path, _opts: &LoadOptions, _sources: &mut SourceMap) -> Changelog {
    Changelog {
        root: path.to_path_buf(),
        ..Changelog::default()
    }
}
