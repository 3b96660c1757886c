//! The checksums the migration tools record: Liquibase's MD5 (`9:…`) and
//! Flyway's CRC32.
