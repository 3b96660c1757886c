//! Stage 6: reports for people and machines, and the exit code.
