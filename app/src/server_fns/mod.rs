//! Server functions: thin. Each parses its input into billing types, calls billing, and
//! persists in one transaction. The logic sits in plain async fns (`*_inner`) so tests can call
//! it without HTTP.

pub mod accounts;
#[cfg(feature = "ssr")]
pub mod apply;
pub mod catalog;
pub mod close;
pub mod costs;
pub mod documents;
pub mod entries;
pub mod integrations;
pub mod licences;
pub mod log_entry;
pub mod packs;
pub mod people;
pub mod quotes;
pub mod service_levels;
pub mod session;
pub mod settings;
pub mod work_log;

pub use accounts::{ListAccounts, account_overview, list_accounts};
pub use log_entry::{LogEntry, log_entry};
pub use work_log::{GetWorkLog, get_work_log};
