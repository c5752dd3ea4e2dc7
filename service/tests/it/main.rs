//! The service's integration tests, one binary: the storage suite (every test on SQLite and on
//! PostgreSQL) and the write path of logging work, and the read models around month end. `support` makes the databases.

mod log_entry;
mod overview;
mod refunds;
mod storage;
mod support;
