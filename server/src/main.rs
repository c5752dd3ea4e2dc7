//! `hourbank`: the Hourbank server and its command-line tools.
//!
//! ```text
//! hourbank [serve]          serve the web app (default)
//! hourbank replay FILE.json replay a billing::History (FILE or - for stdin), print the Ledger
//! hourbank close-month MONTH close MONTH (YYYY-MM) for every account, print the invoices
//! hourbank create-admin EMAIL NAME   create an admin (password from HOURBANK_ADMIN_PASSWORD or stdin)
//! ```
//!
//! Configuration (environment):
//! - `HOURBANK_DB`: database URL, default `sqlite://hourbank.db` (created if missing)
//! - `HOURBANK_TODAY`: a fixed "today" (YYYY-MM-DD) for demos and tests; default the clock
//! - `LEPTOS_SITE_ADDR`: address to listen on, default `127.0.0.1:3000`

// The invoice page's view type is deep; the default limit (128) is too low for it.
#![recursion_limit = "256"]

mod admin;
mod close;
mod config;
mod replay;
mod serve;

use std::process::ExitCode;

const USAGE: &str = "usage: hourbank [serve]\n       hourbank replay FILE.json   (or - for stdin)\n       hourbank close-month YYYY-MM\n       hourbank create-admin EMAIL NAME   (password: HOURBANK_ADMIN_PASSWORD or stdin)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => serve::main(),
        ["replay", file] => replay::main(file),
        ["close-month", month] => close::main(month),
        ["create-admin", email, name] => admin::main(email, name),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("hourbank: unknown arguments {args:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
