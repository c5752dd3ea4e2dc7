//! Replays the benchmark's account-year (400 entries) as many times as the first argument says
//! (default 1), after building it once: the workload `scripts/instructions` counts under
//! callgrind. Counting `0` and `N` runs and dividing the difference by `N` gives the
//! instructions of one replay, without the cost of building the account.

use billing::*;

/// The server's allocator (BENCHMARKS.md): the rules are measured as the product runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../benches/support/accounts.rs"]
#[expect(
    dead_code,
    reason = "only the account-year of the benchmark's accounts is replayed here"
)]
mod accounts;

fn main() {
    let runs: usize = std::env::args().nth(1).map_or(1, |a| {
        a.parse().expect("the number of runs, a whole number")
    });
    let year = accounts::account(0, 400);
    for _ in 0..runs {
        let ledger = replay(std::hint::black_box(&year)).expect("the account-year replays");
        assert_eq!(ledger.entries.len(), 400);
    }
}
