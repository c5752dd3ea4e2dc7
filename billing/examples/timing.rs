//! Quick timing of replays by account size (a development aid; the benchmark is benches/replay.rs).
use std::time::Instant;

use billing::*;

/// The server's allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../benches/support/accounts.rs"]
#[expect(
    dead_code,
    reason = "the timing example uses only part of the benchmark's accounts"
)]
mod accounts;
use accounts::account;

fn main() {
    for n in std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap())
        .chain(if std::env::args().len() > 1 {
            vec![]
        } else {
            vec![0usize, 1, 100, 400]
        })
    {
        let h = account(0, n.max(1));
        let mut h = h;
        if n == 0 {
            h.events
                .retain(|e| !matches!(e.what, EventKind::EntryLogged(_)));
        }
        let runs = (400_000 / n.max(100)).clamp(20, 2000);
        let t = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(replay(&h).unwrap());
        }
        let checked = t.elapsed().as_secs_f64() * 1e6 / runs as f64;
        // As the server replays a stored history: its events' own fields are not checked again.
        let t = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(replay_stored(&h, h.events.len()).unwrap());
        }
        let stored = t.elapsed().as_secs_f64() * 1e6 / runs as f64;
        println!("{n:>5} entries: {checked:>8.1} µs per replay, {stored:>8.1} µs stored");
    }
}
