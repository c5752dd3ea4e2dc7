//! What crosses the wire between Hourbank's browser and its server, compiled on both sides:
//! the one error type (`errors`), roles and what each may see (`auth`), the data pages
//! receive (`model`) and how an account page embeds them (`hydration`), who documents are
//! between (`parties`), the parsing of form fields (`parse`) and the work log's filter
//! (`work_filter`). No IO, no clock.

pub mod auth;
pub mod catalog;
pub mod errors;
pub mod format;
pub mod hydration;
pub mod integrations;
pub mod licences;
pub mod model;
pub mod parse;
pub mod parties;
pub mod people;
pub mod service_levels;
pub mod tickets;
pub mod work_filter;

pub use errors::AppError;
