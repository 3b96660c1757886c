//! Stage 4: what each statement does to a running database.
