//! Hourbank's server side, without a web framework: storage (SQLite and PostgreSQL), sign-in
//! and sessions, the one write path (`apply`), read models (`read`), the commands server
//! functions and the CLI share (`commands`), downloads (`exports`), and the demo data. Server only: the browser never
//! compiles it.

pub mod apply;
pub mod auth;
pub mod commands;
pub mod exports;
pub mod read;
pub mod state;
pub mod storage;
