//! POLICY §4: an issued invoice is immutable and nothing of a closed month is recomputed. The
//! month's end — its allowance carried over or expired, older carryover lapsing with the plan —
//! is decided by what was known when the month was closed: a plan subscribed afterwards, from
//! the next month's 1st, starts fresh and does not reach back into it.

use billing::{Event, EventKind, History, Ledger, Month};

fn day(s: &str) -> chrono::NaiveDate {
    billing::dates::parse_date(s).unwrap()
}

/// E4's January on plan L (120 min included; 90 used), with the plan ending on January 31.
fn january_then_plan_ends() -> History {
    let path = format!(
        "{}/replays/e4_carryover_and_overage.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut h: History = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    h.events.truncate(2);
    h.events.push(Event {
        on: day("2025-01-20"),
        what: EventKind::PlanEnded {
            last_day: day("2025-01-31"),
        },
    });
    h.today = Some(day("2025-02-05"));
    h
}

fn close_january(h: &mut History) {
    h.events.push(Event {
        on: day("2025-02-01"),
        what: EventKind::MonthClosed {
            month: Month::of(day("2025-01-01")),
        },
    });
}

fn subscribe_from_february(h: &mut History, on: &str) {
    h.events.push(Event {
        on: day(on),
        what: EventKind::PlanSubscribed {
            plan: "L".into(),
            start: day("2025-02-01"),
            terms: None,
        },
    });
}

fn january(ledger: &Ledger) -> &billing::Invoice {
    ledger
        .invoices
        .iter()
        .find(|i| i.month == Some(Month::of(day("2025-01-01"))))
        .expect("January's invoice")
}

fn carried_out(ledger: &Ledger) -> u32 {
    january(ledger)
        .summary
        .as_ref()
        .expect("a summary")
        .carried_into_next_month
        .get()
}

#[test]
fn a_plan_subscribed_after_the_close_does_not_change_the_closed_months_invoice() {
    let mut h = january_then_plan_ends();
    close_january(&mut h);
    let at_close = billing::replay(&h).unwrap();
    assert_eq!(
        carried_out(&at_close),
        0,
        "no plan continued when January closed"
    );

    subscribe_from_february(&mut h, "2025-02-03");
    let after = billing::replay(&h).unwrap();
    assert_eq!(
        january(&after),
        january(&at_close),
        "January's issued invoice, replayed, is the one issued"
    );
    assert!(
        after.lots.iter().all(|l| !l.id.starts_with("carryover:")),
        "January's unused 30 minutes expired at the close; they are not carried into February"
    );
    // The new plan starts fresh: February's own allowance.
    let february = after
        .lots
        .iter()
        .find(|l| &*l.id == "allowance:2025-02")
        .expect("February's allowance");
    assert_eq!(february.granted.get(), 120);
}

#[test]
fn a_plan_subscribed_before_the_close_continues_and_carries_over() {
    let mut h = january_then_plan_ends();
    subscribe_from_february(&mut h, "2025-01-25");
    close_january(&mut h);
    let ledger = billing::replay(&h).unwrap();
    assert_eq!(
        carried_out(&ledger),
        30,
        "E4: 120 − 90 carried into February"
    );
    assert!(ledger.lots.iter().any(|l| &*l.id == "carryover:2025-01"));
}
