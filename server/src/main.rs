//! `hourbank`: the Hourbank server and its command-line tools (`hourbank --help`).
//!
//! Configuration (environment; README "Configuration"):
//! - `HOURBANK_DB`: database URL, default `sqlite://hourbank.db` (created if missing)
//! - `HOURBANK_TODAY`: a fixed "today" (YYYY-MM-DD) for demos and tests; default the clock
//! - `LEPTOS_SITE_ADDR`: address to listen on, default `127.0.0.1:3000`
//! - `RUST_LOG`: what is logged (default `info`), e.g. `hourbank=debug,tower_http=debug`

// The invoice page's view type is deep; the default limit (128) is too low for it.
#![recursion_limit = "256"]

mod admin;
mod close;
mod config;
mod export;
mod import;
mod precompress;
mod replay;
mod serve;
mod token;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc, not glibc's malloc: a replay is ~30 % faster (BENCHMARKS.md, "the allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hourbank: support-hour billing. Without a command, serves the web app.
#[derive(Parser)]
#[command(name = "hourbank", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (migrate, seed the demo data into an empty database, listen).
    Serve,
    /// Replay an account's history (docs/POLICY.md, billing/REPLAY.md) and print its ledger.
    Replay {
        /// The history as JSON, or `-` for standard input.
        file: String,
    },
    /// Close MONTH (YYYY-MM) for every account and print each account's invoice.
    CloseMonth {
        /// The month to close, e.g. 2026-02.
        month: String,
    },
    /// Write every document issued from FROM to TO (YYYY-MM-DD, at most a year) into DIR: the
    /// accountant's documents.csv, and each document's e-invoice (UBL) and lines (CSV).
    Export {
        from: String,
        to: String,
        dir: String,
        /// Only this account's documents.
        #[arg(long)]
        account: Option<String>,
    },
    /// Import a helpdesk's time export (see `hourbank import entries --help`).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Integration tokens for the helpdesk API (/api/v1).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Write a brotli and a gzip copy beside each .wasm, .js and .css file in DIR (the site's
    /// package directory, e.g. target/site/pkg), which the server then sends to browsers that
    /// accept them.
    Precompress { dir: std::path::PathBuf },
    /// Create an admin; the password comes from HOURBANK_ADMIN_PASSWORD or standard input.
    CreateAdmin {
        /// The admin's email address (their sign-in).
        email: String,
        /// The admin's name as shown and recorded on their work.
        name: String,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Log each row of FILE.csv as a work entry, once: rows already logged (by external_id)
    /// are skipped. Columns: external_id, date, minutes, title, technician (e-mail), account
    /// (required); url, kind, note, ticket_id (optional). Exits 1 when a row is refused.
    Entries {
        file: String,
        /// Log nothing: print what would be logged and every refused row with its reason.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Create a token and print its secret (once) on standard output.
    Create {
        /// What it is for, e.g. "Zendesk".
        name: String,
        /// Only this account; without it, every account.
        #[arg(long)]
        account: Option<String>,
    },
    /// Revoke a token by its id (tok-…); calls with it are refused from now on.
    Revoke { id: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging();
    match cli.command {
        None | Some(Command::Serve) => serve::main(),
        Some(Command::Replay { file }) => replay::main(&file),
        Some(Command::CloseMonth { month }) => close::main(&month),
        Some(Command::Precompress { dir }) => precompress::main(&dir),
        Some(Command::CreateAdmin { email, name }) => admin::main(&email, &name),
        Some(Command::Import {
            what: ImportWhat::Entries { file, dry_run },
        }) => import::main(&file, dry_run),
        Some(Command::Token {
            action: TokenAction::Create { name, account },
        }) => token::create(&name, account.as_deref()),
        Some(Command::Token {
            action: TokenAction::Revoke { id },
        }) => token::revoke(&id),
        Some(Command::Export {
            from,
            to,
            dir,
            account,
        }) => export::main(&from, &to, &dir, account.as_deref()),
    }
}

/// Logs to standard error through `tracing`, filtered by `RUST_LOG` (default: `info`). Never a
/// password, token or licence key: nothing logs them.
fn logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
