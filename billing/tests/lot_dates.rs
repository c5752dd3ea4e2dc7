//! The dates a lot shows (docs/POLICY.md §2, billing/REPLAY.md "Dates in the output"): a lot's
//! `last_day` is the last day its minutes can be used, and a movement is dated the first day
//! its effect shows — minutes expire, are held or move on the day after the last usable day.

use billing::{History, Ledger, Lot, MovementKind};
use serde_json::json;

fn replay(events: serde_json::Value, today: &str) -> Ledger {
    let history: History = serde_json::from_value(json!({
        "catalog": {
            "currency": "EUR", "vat_rate": "22", "standard_rate": "60.00",
            "plans": [{
                "id": "L", "name": "L", "kind": "maintenance", "fee": "100.00",
                "fee_period": "monthly", "included_minutes": 120, "overage_rate": "50.00",
                "carryover_months": 3
            }, {
                "id": "S", "name": "S", "kind": "maintenance", "fee": "80.00",
                "fee_period": "monthly", "included_minutes": 120, "overage_rate": "50.00",
                "carryover_months": 3, "carryover_cap_minutes": 60
            }]
        },
        "account": { "id": "acme", "currency": "EUR" },
        "today": today,
        "events": events,
    }))
    .unwrap();
    billing::replay(&history).unwrap()
}

fn lot<'a>(l: &'a Ledger, id: &str) -> &'a Lot {
    l.lots.iter().find(|x| &*x.id == id).unwrap()
}

fn movements(lot: &Lot, what: MovementKind) -> Vec<(String, u32, String)> {
    lot.movements
        .iter()
        .filter(|m| m.what == what)
        .map(|m| (m.on.to_string(), m.minutes.get(), m.with.to_string()))
        .collect()
}

fn entry(id: &str, date: &str, minutes: u32) -> serde_json::Value {
    json!({
        "on": date, "type": "entry_logged", "id": id, "date": date, "minutes": minutes,
        "kind": "support", "title": "Work", "url": "https://t.example/1", "note": "",
        "technician": "tom"
    })
}

/// POLICY §2: carryover lapses with the plan. The carryover lot shows the plan's last day as
/// its own, and what was left expires the day after.
#[test]
fn a_carryover_lot_that_lapses_with_its_plan_shows_the_plans_last_day() {
    let l = replay(
        json!([
            { "on": "2025-01-01", "type": "plan_subscribed", "plan": "L", "start": "2025-01-01" },
            entry("e1", "2025-01-10", 30),
            { "on": "2025-02-10", "type": "plan_ended", "last_day": "2025-02-14" },
        ]),
        "2025-03-01",
    );
    let january = lot(&l, "allowance:2025-01");
    // 90 unused minutes move into the carryover lot on its first day, the 1st of February.
    assert_eq!(
        movements(january, MovementKind::MovedOut),
        [("2025-02-01".into(), 90, "carryover:2025-01".into())]
    );
    let carry = lot(&l, "carryover:2025-01");
    assert_eq!(carry.first_day.to_string(), "2025-02-01");
    assert_eq!(
        carry.last_day.map(|d| d.to_string()).as_deref(),
        Some("2025-02-14"),
        "its own last day would have been 2025-04-30; the plan ended first"
    );
    assert_eq!(
        movements(carry, MovementKind::Expired),
        [("2025-02-15".into(), 90, "plan ended".into())]
    );
    assert!(carry.conserved());
}

/// Minutes that end with the month expire on the 1st of the next, the day the carried minutes
/// arrive: both movements of the month's end share one date.
#[test]
fn a_months_end_moves_and_expires_on_the_same_day_after_it() {
    let l = replay(
        json!([
            { "on": "2025-01-01", "type": "plan_subscribed", "plan": "S", "start": "2025-01-01" },
            entry("e1", "2025-01-10", 30),
        ]),
        "2025-06-15",
    );
    let january = lot(&l, "allowance:2025-01");
    assert_eq!(
        january.last_day.map(|d| d.to_string()).as_deref(),
        Some("2025-01-31")
    );
    assert_eq!(
        movements(january, MovementKind::MovedOut),
        [("2025-02-01".into(), 60, "carryover:2025-01".into())]
    );
    assert_eq!(
        movements(january, MovementKind::Expired),
        [("2025-02-01".into(), 30, "above the carryover cap".into())]
    );
    let carry = lot(&l, "carryover:2025-01");
    assert_eq!(
        carry.last_day.map(|d| d.to_string()).as_deref(),
        Some("2025-04-30")
    );
    // Unused, it expires on the day after its last usable day.
    assert_eq!(
        movements(carry, MovementKind::Expired),
        [("2025-05-01".into(), 60, "last valid day".into())]
    );
}
