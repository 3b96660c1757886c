//! Tests over fixture folders (`tests/fixtures/folders/`) and the real-world
//! corpus (`../shared/corpus`).

mod corpus;
mod fixtures;
