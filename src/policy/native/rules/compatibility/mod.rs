//! The native `compatibility` rules (`policies/compatibility/`).

use crate::policy::native::Native;

/// The rules of the category ported so far.
pub(super) const RULES: &[Native] = &[];
