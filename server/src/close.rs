//! `hourbank close-month YYYY-MM`: close a month for every account (HOURBANK_DB,
//! HOURBANK_TODAY as for `serve`). Prints one line per account; exits non-zero if any account
//! could not be closed. Safe to run from several machines at once: each account is closed
//! under its lock and numbers come from the database's counters.

use std::process::ExitCode;

use service::commands::close::close_all_inner;
use service::state::AppState;

pub fn main(month: &str) -> ExitCode {
    let month: billing::Month = match month.parse() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("hourbank close-month: {e}");
            return ExitCode::from(2);
        }
    };
    let (config, runtime) = match crate::config::start("hourbank close-month") {
        Ok(started) => started,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let db = match crate::config::open_db(&config, "hourbank close-month").await {
            Ok(db) => db,
            Err(code) => return code,
        };
        let state = AppState::new(db, config.clock);
        let results = match close_all_inner(&state, month).await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("hourbank close-month: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut failed = false;
        for r in results {
            match r.invoice {
                Ok(Some(doc)) => println!(
                    "{}\t{}\t{}\t{}",
                    r.account_id,
                    doc.number,
                    doc.invoice.total,
                    doc.invoice
                        .issued_on
                        .map(|on| on.to_string())
                        .unwrap_or_default()
                ),
                Ok(None) => println!("{}\t-\tnothing to invoice", r.account_id),
                Err(e) => {
                    failed = true;
                    println!("{}\t!\t{e}", r.account_id);
                }
            }
        }
        if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    })
}
