//! What crosses the wire between Hourbank's browser and its server, compiled on both sides:
//! the one error type (`errors`), roles and what each may see (`auth`), the data pages
//! receive (`model`) and the parsing of form fields (`parse`). No IO, no clock.

pub mod auth;
pub mod errors;
pub mod model;
pub mod parse;

pub use errors::AppError;
