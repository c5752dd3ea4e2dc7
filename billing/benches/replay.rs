//! Speed of the rules (issue #3): side by side in one run, the floor (summing `minutes` over
//! the same entries), one account's year (~400 entries), 1 000 000 entries across 10 000
//! accounts, and two entries a day or ten years apart (issue #10: quiet time costs nothing).
//! Run: `cargo bench -p billing --bench replay`. Figures go to BENCHMARKS.md.

use std::hint::black_box;

use billing::*;

/// The server's allocator (BENCHMARKS.md): the rules are measured as the product runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/accounts.rs"]
mod accounts;
use accounts::{account, minutes_of};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let year = account(0, 400);
    assert!(replay(&year).is_ok());
    let year_minutes = minutes_of(&year);
    let mut g = c.benchmark_group("account_year_400_entries");
    g.throughput(Throughput::Elements(400));
    g.bench_function("floor_sum_of_minutes", |b| {
        b.iter(|| {
            black_box(&year_minutes)
                .iter()
                .map(|m| u64::from(m.get()))
                .sum::<u64>()
        })
    });
    g.bench_function("replay", |b| b.iter(|| replay(black_box(&year)).unwrap()));
    g.finish();

    let many: Vec<History> = (0..10_000).map(|i| account(i, 100)).collect();
    let many_minutes: Vec<Minutes> = many.iter().flat_map(minutes_of).collect();
    assert_eq!(many_minutes.len(), 1_000_000);
    let mut g = c.benchmark_group("one_million_entries_10000_accounts");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_000_000));
    g.bench_function("floor_sum_of_minutes", |b| {
        b.iter(|| {
            black_box(&many_minutes)
                .iter()
                .map(|m| u64::from(m.get()))
                .sum::<u64>()
        })
    });
    g.bench_function("replay", |b| {
        b.iter(|| {
            many.iter()
                .map(|h| replay(black_box(h)).unwrap().entries.len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("two_entries_apart");
    for (name, days) in [("one_day", 1), ("ten_years", 3652)] {
        let h = two_entries(days);
        assert!(replay(&h).is_ok());
        g.bench_function(name, |b| b.iter(|| replay(black_box(&h)).unwrap()));
    }
    g.finish();
}

/// A pay-as-you-go account (no plan, no hours) with two entries `days` apart.
fn two_entries(days: u64) -> History {
    let mut h = account(0, 0);
    h.events.clear();
    let first = chrono::NaiveDate::from_ymd_opt(2010, 1, 4).unwrap();
    for (i, on) in [first, first + chrono::Days::new(days)]
        .into_iter()
        .enumerate()
    {
        h.events.push(Event {
            on,
            what: EventKind::EntryLogged(WorkEntry {
                id: format!("e{i}").into(),
                date: on,
                minutes: Minutes::new(30),
                kind: EntryKind::Billable,
                title: "Work".into(),
                url: None,
                note: "".into(),
                technician: "tech".into(),
                quote: None,
                external: None,
            }),
        });
    }
    h.today = h.events.last().map(|e| e.on);
    h
}

criterion_group!(rules, benches);
criterion_main!(rules);
