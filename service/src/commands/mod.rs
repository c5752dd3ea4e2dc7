//! The commands server functions and the CLI share: each parses nothing (its inputs are domain
//! values), goes through the one write path (`apply`) or a read model, and answers the one
//! error type.

pub mod accounts;
pub mod catalog;
pub mod close;
pub mod entries;
pub mod helpdesk;
pub mod integrations;
pub mod invoices;
pub mod licences;
pub mod overview;
pub mod packs;
pub mod payouts;
pub mod people;
pub mod quotes;
pub mod service_levels;
pub mod settings;
