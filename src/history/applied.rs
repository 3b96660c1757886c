//! `--applied FILE`: an export of Liquibase's DATABASECHANGELOG or Flyway's
//! flyway_schema_history, and what it says about the changelog.
