//! Plain folders of `.sql` files, run in natural path order (`2_x.sql`
//! before `10_x.sql`, subfolders included), and plain single files. Nothing
//! wraps them in a transaction: a script runner sends statement after
//! statement.

use super::{SqlFile, file_changeset};
use crate::source::{Changeset, TransactionMode};

/// A plain file: id is its path relative to the folder given (the file name
/// for top-level files; unique where several folders hold `schema.sql`).
pub fn changeset(file: &SqlFile) -> Changeset {
    file_changeset(
        file,
        file.rel_str(),
        TransactionMode::None,
        file.verbatim(),
        file.whole_span(),
    )
}

/// The files arrive in natural path order already.
pub fn build(files: Vec<SqlFile>) -> Vec<Changeset> {
    files.iter().map(changeset).collect()
}
