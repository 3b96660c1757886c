//! What a long run tells whoever watches it: the stage it is at. The
//! command line draws it as a spinner on a terminal; a platform embedding
//! the library may log it; by default nothing is told.

/// Receives the stages of a run ([`crate::check::check_with`]). Called on
/// the thread that runs the check; it must not write to standard output,
/// where the reports go.
pub trait Progress: Sync {
    /// The run is now at `stage` (`reading changelogs`, `evaluating
    /// policies: 120 changesets of db/changelog.xml`, …).
    fn stage(&self, stage: &str);
}

/// Tells no one.
impl Progress for () {
    fn stage(&self, _: &str) {}
}
