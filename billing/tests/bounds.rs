//! The bounds that keep one request's work small (docs/POLICY.md, "Dates" and "Buying a
//! pack"): dates inside the calendar and near the day they are recorded, and at most
//! `MAX_OPEN_ORDERS` unpaid pack orders, with cancellation of an unpaid order.

use billing::*;
use serde_json::json;

fn e4() -> History {
    let path = format!(
        "{}/replays/e4_carryover_and_overage.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn e7() -> History {
    let path = format!(
        "{}/replays/e7_bulk_and_bug_credit.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn event(v: serde_json::Value) -> Event {
    serde_json::from_value(v).unwrap()
}

/// `h` with one more event on its last day (or `on`), replayed.
fn with(mut h: History, v: serde_json::Value) -> Result<Ledger, ReplayError> {
    let e = event(v);
    if h.today.is_some_and(|t| t < e.on) {
        h.today = Some(e.on);
    }
    h.events.push(e);
    replay(&h)
}

fn last_on(h: &History) -> String {
    h.events.last().unwrap().on.to_string()
}

#[test]
fn an_entry_dated_in_year_minus_262143_is_refused_at_once() {
    let h = e4();
    let on = last_on(&h);
    let err = with(
        h,
        json!({"on": on, "type": "entry_logged", "id": "old", "date": "-262143-01-01",
               "minutes": 30, "kind": "support", "title": "Old", "technician": "t"}),
    )
    .unwrap_err();
    assert!(
        matches!(err.rule, RuleViolation::DateOutOfRange { .. }),
        "{err}"
    );
}

#[test]
fn work_may_be_dated_up_to_366_days_back() {
    let h = e4();
    let on = h.events.last().unwrap().on;
    let entry = |days: u64| {
        let date = on - chrono::Days::new(days);
        json!({"on": on, "type": "entry_logged", "id": "late", "date": date,
               "minutes": 30, "kind": "support", "title": "Late", "technician": "t"})
    };
    assert!(with(h.clone(), entry(366)).is_ok());
    let err = with(h, entry(367)).unwrap_err();
    assert!(
        matches!(
            err.rule,
            RuleViolation::DateTooFarBack { max_days: 366, .. }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("more than 366 days before"),
        "{err}"
    );
}

#[test]
fn a_cost_dated_1900_and_a_plan_two_years_ahead_are_refused() {
    let h = e4();
    let on = last_on(&h);
    let cost = with(
        h.clone(),
        json!({"on": on, "type": "cost_reinvoiced", "id": "c1", "date": "1900-01-01",
               "vendor": "V", "description": "", "amount": "10.00", "currency": "EUR"}),
    )
    .unwrap_err();
    assert!(
        matches!(cost.rule, RuleViolation::DateOutOfRange { .. }),
        "{cost}"
    );
    let end = with(
        h,
        json!({"on": on, "type": "plan_ended", "last_day": "2099-12-31"}),
    )
    .unwrap_err();
    assert!(
        matches!(end.rule, RuleViolation::DateTooFarAhead { .. }),
        "{end}"
    );
}

#[test]
fn an_event_day_outside_the_calendar_is_refused() {
    let mut h = e4();
    h.today = None;
    let err = with(h, json!({"on": "2200-01-01", "type": "as_of"})).unwrap_err();
    assert!(
        matches!(err.rule, RuleViolation::DateOutOfRange { .. }),
        "{err}"
    );
}

#[test]
fn text_with_control_characters_is_refused_in_a_history() {
    let h = e4();
    let on = last_on(&h);
    for title in ["a\u{0}b", "\u{1b}[2J", "invoice\u{202e}fdp.exe"] {
        let err = with(
            h.clone(),
            json!({"on": on, "type": "entry_logged", "id": "x", "date": on,
                   "minutes": 30, "kind": "support", "title": title, "technician": "t"}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("control character"), "{err}");
    }
}

#[test]
fn at_most_three_unpaid_orders_and_a_cancelled_order_frees_a_place() {
    let h = e7();
    let on = last_on(&h);
    let order = |id: &str| json!({"on": on, "type": "pack_ordered", "order": id, "tier": "payg", "hours": 2});
    let mut h2 = h.clone();
    // E7 has no unpaid order: three may be opened.
    for id in ["a", "b", "c"] {
        h2.events.push(event(order(id)));
    }
    replay(&h2).expect("three unpaid orders");
    let err = with(h2.clone(), order("d")).unwrap_err();
    assert_eq!(
        err.rule,
        RuleViolation::TooManyOpenOrders {
            limit: events::MAX_OPEN_ORDERS
        }
    );
    // Cancel one: its invoice is reversed by a credit note, and a fourth order fits.
    h2.events.push(event(
        json!({"on": on, "type": "pack_cancelled", "order": "b"}),
    ));
    let l = with(h2.clone(), order("d")).expect("a place is free again");
    let pack = l
        .pack_invoices
        .iter()
        .find(|i| i.key == DocKey::Pack("b".into()))
        .unwrap();
    let note = l
        .credit_notes
        .iter()
        .find(|i| i.key == DocKey::Cancel("b".into()))
        .unwrap();
    assert_eq!(note.kind, InvoiceKind::CreditNote);
    assert_eq!(note.refers_to, Some(DocKey::Pack("b".into())));
    assert_eq!(note.net, -pack.net);
    assert_eq!(note.vat_total, -pack.vat_total);
    assert_eq!(note.total, -pack.total);
    assert_eq!(note.lines[0].minutes, pack.lines[0].minutes);
    // A cancelled order cannot be paid, cancelled again, or refunded; a paid one is not cancelled.
    let pay = json!({"on": on, "type": "payment_recorded", "order": "b", "reference": "P-b"});
    assert_eq!(
        with(h2.clone(), pay).unwrap_err().rule,
        RuleViolation::OrderCancelled("b".into())
    );
    let again = json!({"on": on, "type": "pack_cancelled", "order": "b"});
    assert_eq!(
        with(h2.clone(), again).unwrap_err().rule,
        RuleViolation::OrderCancelled("b".into())
    );
    let paid = h
        .events
        .iter()
        .find_map(|e| match &e.what {
            EventKind::PaymentRecorded { order, .. } => Some(order.clone()),
            _ => None,
        })
        .expect("E7 has a paid pack");
    let cancel_paid = json!({"on": on, "type": "pack_cancelled", "order": paid});
    assert_eq!(
        with(h, cancel_paid).unwrap_err().rule,
        RuleViolation::CancelPaidOrder(paid)
    );
}

#[test]
fn a_catalog_out_of_bounds_is_refused_not_a_panic() {
    for (field, value) in [
        ("grace_days", json!(4_000_000_000u32)),
        ("renewal_window_days", json!(400)),
    ] {
        let mut h = e4();
        let mut catalog = serde_json::to_value(&h.catalog).unwrap();
        catalog[field] = value;
        h.catalog = serde_json::from_value(catalog).unwrap();
        let err = replay(&h).unwrap_err();
        assert!(err.to_string().contains("the catalog"), "{field}: {err}");
    }
    let mut h = e7();
    let mut catalog = serde_json::to_value(&h.catalog).unwrap();
    catalog["pack_tiers"][0]["validity_months"] = json!(4_000_000_000u32);
    h.catalog = serde_json::from_value(catalog).unwrap();
    assert!(replay(&h).unwrap_err().to_string().contains("validity"));
    let mut h = e4();
    let mut catalog = serde_json::to_value(&h.catalog).unwrap();
    catalog["plans"][0]["name"] = json!("L\u{202e}");
    h.catalog = serde_json::from_value(catalog).unwrap();
    assert!(replay(&h).is_err());
}

/// `h` with `v` appended as the one event not yet stored, replayed as the server does
/// (`replay_stored`: the events before it are not checked again) and as anyone else does.
fn stored_then(mut h: History, v: serde_json::Value) -> (Result<Ledger, ReplayError>, History) {
    let stored = h.events.len();
    let e = event(v);
    if h.today.is_some_and(|t| t < e.on) {
        h.today = Some(e.on);
    }
    h.events.push(e);
    (replay_stored(&h, stored), h)
}

#[test]
fn a_new_entry_after_stored_events_has_every_field_checked() {
    let h = e4();
    let on = last_on(&h);
    let entry = |id: &str, date: &str, minutes: u32, title: &str, url: &str, tech: &str| {
        json!({"on": on, "type": "entry_logged", "id": id, "date": date, "minutes": minutes,
               "kind": "support", "title": title, "url": url, "technician": tech})
    };
    let cases = [
        (
            "a title with a control character",
            entry("n1", &on, 30, "Bell\u{7}", "", "t"),
        ),
        (
            "a link without http(s)",
            entry("n2", &on, 30, "Fix", "ftp://x", "t"),
        ),
        ("no minutes", entry("n3", &on, 0, "Fix", "", "t")),
        ("an empty id", entry("", &on, 30, "Fix", "", "t")),
        ("an empty technician", entry("n5", &on, 30, "Fix", "", "")),
        (
            "a date in year -262143",
            entry("n6", "-262143-01-01", 30, "Fix", "", "t"),
        ),
        (
            "a date 367 days back",
            entry("n7", "2024-02-28", 30, "Fix", "", "t"),
        ),
    ];
    for (what, v) in cases {
        let stored = h.events.len();
        let (got, whole) = stored_then(h.clone(), v);
        let err = got.expect_err(what);
        assert_eq!(err.index, stored, "{what}: {err}");
        let checked = replay(&whole).expect_err(what);
        assert_eq!(
            err, checked,
            "{what}: the same refusal as a replay checking everything"
        );
    }
}

/// The server does not check a stored entry's own fields again: they were checked when it was
/// appended, and a rule made stricter later must not make an account's history unreadable.
/// Every rule that depends on what came before still runs on stored events.
#[test]
fn a_stored_entry_is_not_checked_again_but_the_rules_around_it_are() {
    let h = e4();
    let on = last_on(&h);
    let (got, mut whole) = stored_then(
        h,
        json!({"on": on, "type": "entry_logged", "id": "bell", "date": on, "minutes": 30,
               "kind": "support", "title": "Bell\u{7}", "technician": "t"}),
    );
    assert!(got.is_err(), "as the new event it is checked");
    let all = whole.events.len();
    let ledger = replay_stored(&whole, all).expect("as a stored event it is not checked again");
    assert!(ledger.entries.iter().any(|e| &*e.id == "bell"));
    assert!(
        replay(&whole).is_err(),
        "a replay from anywhere else checks it"
    );

    // A duplicate id depends on the events before it: refused even among stored events.
    let mut again = whole.events.last().unwrap().clone();
    if let EventKind::EntryLogged(w) = &mut again.what {
        w.title = "Bell".into();
    }
    whole.events.push(again);
    let all = whole.events.len();
    let err = replay_stored(&whole, all).unwrap_err();
    assert!(
        matches!(err.rule, RuleViolation::DuplicateEntry(ref id) if id == "bell"),
        "{err}"
    );
}
