//! The database version Liquibase's type classes read
//! (`getDatabaseMajorVersion`, `…Minor…`, `…Patch…`): given with
//! `--db-version` (`db_version`), else what our lowering assumes.

use crate::dialect::DbVersion;

/// A database version as Liquibase reads it: major, minor and patch
/// (missing parts are 0). Ordered part by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// What offline Liquibase assumes without `version=`: 999.999, patch 0
    /// (every version check passes but MySQL's part-by-part one).
    pub const OFFLINE: Version = Version::new(999, 999, 0);

    /// Liquibase's part-by-part check (TimeType on MySQL: major >= 5 and
    /// minor >= 6 and patch >= 4), which 8.0.36 fails.
    pub fn each_at_least(self, at: Version) -> bool {
        self.major >= at.major && self.minor >= at.minor && self.patch >= at.patch
    }
}

impl From<&DbVersion> for Version {
    fn from(v: &DbVersion) -> Self {
        let part = |i: usize| v.0.get(i).copied().unwrap_or(0);
        Version::new(part(0), part(1), part(2))
    }
}

/// The version given, if any.
pub fn of(v: &DbVersion) -> Option<Version> {
    v.is_set().then(|| Version::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_order() {
        let v = |s: &str| Version::from(&s.parse::<DbVersion>().expect("a version"));
        assert_eq!(v("10"), Version::new(10, 0, 0));
        assert_eq!(v("8.0.36"), Version::new(8, 0, 36));
        assert!(v("10.7") > v("10.6.9"));
        assert!(v("11") > v("10.7"));
        assert!(v("5.7.44").each_at_least(Version::new(5, 6, 4)));
        assert!(!v("8.0.36").each_at_least(Version::new(5, 6, 4)));
        assert!(!Version::OFFLINE.each_at_least(Version::new(5, 6, 4)));
        assert_eq!(of(&DbVersion::default()), None);
    }
}
