//! Stage 3: replay statements over a model of the schema.
