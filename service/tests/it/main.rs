//! The service's integration tests, one binary: the storage suite (every test on SQLite and on
//! PostgreSQL) and the write path of logging work. `support` makes the databases.

mod log_entry;
mod storage;
mod support;
