//! Hourbank's integration tests, one binary (one link): the HTTP surface and its authorization
//! matrix, one submission, one effect; the pages' language; the CLI; and the worked examples of POLICY §9 run through `hourbank replay`.
//! `support` builds the application the way `hourbank serve` does.

mod account_terms;
mod api;
mod audit;
mod authz;
mod catalog;
mod cli;
mod documents;
mod einvoice;
mod helpdesk_load;
mod language;
mod licences;
mod pdf;
mod people;
mod service_levels;
mod static_files;
mod submissions;
mod support;
mod worked_examples;
