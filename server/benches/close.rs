//! Month-end close (issue #16), beside its floor in the same run: `hourbank close-month`'s
//! `close_all_inner` over `ACCOUNTS` accounts of `ENTRIES` pieces of work each, spread over two
//! open months (so each account gets two invoices: the earlier month is closed first), against
//! the raw SQL floor on the same rows — one `GROUP BY` account and month over the events, its
//! rows inserted into a table, in one statement.
//!
//! Run: `cargo bench -p server --bench close` (SQLite); through `scripts/with-postgres` the same
//! run also measures PostgreSQL. `HOURBANK_BENCH_ACCOUNTS` sets the number of accounts (default
//! 10 000). Figures go to BENCHMARKS.md ("Month-end close").

use std::time::Instant;

use billing::{Event, EventKind, Minutes, Month, WorkEntry};
use chrono::NaiveDate;
use service::state::{AppState, Clock};
use service::storage::{Db, demo_account};

/// The server's allocator: the product is measured as it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../../billing/benches/support/accounts.rs"]
#[expect(dead_code, reason = "only the benchmark's catalog is used here")]
mod accounts;
mod support;

const ENTRIES: usize = 30;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn today() -> NaiveDate {
    day(2026, 3, 5)
}

fn main() {
    let n: usize = std::env::var("HOURBANK_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "| backend | accounts × entries | invoices | close-month | raw SQL (GROUP BY + insert) | close ÷ raw | peak memory |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut backends = vec![("SQLite", false)];
    if std::env::var("HOURBANK_TEST_PG").is_ok() {
        backends.push(("PostgreSQL", true));
    }
    for (name, postgres) in backends {
        let (url, _dir) = rt.block_on(support::database(postgres, "hb_close", "close.db"));
        let state = rt.block_on(prepare(&url, n));
        let t = Instant::now();
        let closed = rt
            .block_on(service::commands::close::close_all_inner(
                &state,
                Month::of(day(2026, 2, 1)),
            ))
            .expect("closed");
        let close = t.elapsed();
        assert_eq!(closed.len(), n);
        for c in &closed {
            assert!(
                matches!(c.invoice, Ok(Some(_))),
                "{}: {:?}",
                c.account_id,
                c.invoice
            );
        }
        let invoices = rt
            .block_on(state.db.documents(None))
            .expect("the documents")
            .len() as u64;
        let t = Instant::now();
        let rows = rt.block_on(raw_floor(&state.db));
        let raw = t.elapsed();
        assert_eq!(rows, invoices, "one raw row per invoice");
        println!(
            "| {name} | {n} × {ENTRIES} | {invoices} | {:.2} s | {:.2} s | {:.1}× | {} MB |",
            close.as_secs_f64(),
            raw.as_secs_f64(),
            close.as_secs_f64() / raw.as_secs_f64(),
            peak_rss_mb()
        );
    }
}

/// Plan L from January 1st; `ENTRIES` pieces of work, half in January, half in February; no
/// month closed yet.
fn history() -> Vec<Event> {
    let start = day(2026, 1, 1);
    let mut events = vec![Event {
        on: start,
        what: EventKind::PlanSubscribed {
            plan: "L".into(),
            start,
            terms: None,
        },
    }];
    for i in 0..ENTRIES {
        let month = if i < ENTRIES / 2 { 1 } else { 2 };
        let on = day(2026, month, 1 + (i % (ENTRIES / 2)) as u32);
        events.push(Event {
            on,
            what: EventKind::EntryLogged(WorkEntry {
                id: format!("e{i}").into(),
                date: on,
                minutes: Minutes::new(20 + (i as u32 % 7) * 15),
                kind: billing::EntryKind::Support,
                title: format!("Ticket {i}").into(),
                url: Some(format!("https://help.example.com/tickets/{i}").into()),
                note: "".into(),
                technician: "Dana Weber".into(),
                quote: None,
                external: None,
            }),
        });
    }
    events
}

/// `n` accounts with the same history, stored as the product stores them.
async fn prepare(url: &str, n: usize) -> AppState {
    let db = Db::connect(url).await.expect("the database");
    db.migrate().await.expect("migrated");
    let events = history();
    for c in 0..n {
        let (mut account, _) = demo_account(today());
        account.id = format!("c{c:05}");
        account.name = format!("Client {c:05}");
        account.catalog = accounts::catalog();
        account.opening_catalog = accounts::catalog();
        db.create_account(&account, &events)
            .await
            .expect("the account and its history");
    }
    AppState::new(db, Clock::Fixed(today()))
}

/// The floor: every event grouped by account and month, one row each inserted; how many.
async fn raw_floor(db: &Db) -> u64 {
    db.execute_raw(
        "CREATE TABLE raw_close (account_id TEXT NOT NULL, month TEXT NOT NULL, \
         events BIGINT NOT NULL, bytes BIGINT NOT NULL)",
    )
    .await
    .expect("the floor's table");
    db.execute_raw(
        "INSERT INTO raw_close (account_id, month, events, bytes) \
         SELECT account_id, substr(on_date, 1, 7), COUNT(*), SUM(length(payload)) FROM events \
         WHERE on_date < '2026-03-01' AND payload LIKE '%entry_logged%' \
         GROUP BY account_id, substr(on_date, 1, 7)",
    )
    .await
    .expect("the floor's rows")
}

/// This process's peak resident memory (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
