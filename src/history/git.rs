//! `--changed-since <rev>`: what changed since the merge base, from git.
