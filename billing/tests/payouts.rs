//! POLICY §7 before a payout falls due: minutes credited back are left out of it, whether they
//! return into the still-valid pack or (the pack has ended, its window still open) into a new
//! credit lot. After it falls due: the worked example E9 (server/tests/it/worked_examples.rs).

use billing::*;

fn e9() -> History {
    let path = format!(
        "{}/replays/e9_credit_back_after_payout.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// E9 with the re-mark of e2 moved to `on`.
fn remarked_on(on: &str) -> Ledger {
    let mut h = e9();
    let i = h
        .events
        .iter()
        .position(|e| matches!(e.what, EventKind::EntryRemarked { .. }))
        .unwrap();
    let mut ev = h.events.remove(i);
    ev.on = on.parse().unwrap();
    let at = h.events.iter().position(|e| e.on > ev.on).unwrap();
    h.events.insert(at, ev);
    replay(&h).unwrap()
}

fn june(l: &Ledger) -> &Payout {
    l.payouts.iter().find(|p| p.order == "june").unwrap()
}

#[test]
fn minutes_returned_into_the_valid_pack_are_not_paid() {
    // 2024-08-20: July is closed, the June pack valid through 08-31: the 60 min return to it.
    let l = remarked_on("2024-08-20");
    let lot = l.lots.iter().find(|x| &*x.id == "pack:june").unwrap();
    assert_eq!(lot.returned, Minutes::new(60));
    assert_eq!(june(&l).minutes, Minutes::new(420));
    assert_eq!(june(&l).amount.to_string(), "598.50");
    assert!(l.payouts.iter().all(|p| p.adjustments.is_empty()));
}

#[test]
fn minutes_credited_back_inside_the_window_are_left_out_of_the_payout() {
    // 2024-09-02: the pack ended on 08-31, its window closes 09-03: a credit lot, and the
    // payout due 09-04 pays 420 min, with nothing to adjust later.
    let l = remarked_on("2024-09-02");
    assert!(l.lots.iter().any(|x| &*x.id == "credit:e2:1"));
    assert_eq!(june(&l).minutes, Minutes::new(420));
    assert!(l.payouts.iter().all(|p| p.adjustments.is_empty()));
    assert!(l.pending_payout_adjustments.is_empty());
}

#[test]
fn an_adjustment_waits_for_the_next_payout() {
    // Without the October pack there is no next payout yet: the deduction is pending.
    let mut h = e9();
    h.events.retain(|e| e.on < "2024-10-01".parse().unwrap());
    h.today = Some("2024-11-01".parse().unwrap());
    let l = replay(&h).unwrap();
    assert_eq!(june(&l).minutes, Minutes::new(480));
    let (developer, adj) = &l.pending_payout_adjustments[0];
    assert_eq!(developer, "dev-ana");
    assert_eq!(
        (adj.minutes, adj.amount.to_string()),
        (Minutes::new(60), "-85.50".into())
    );
}
