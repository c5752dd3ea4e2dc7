//! POLICY §11 Refunds: a refund is final. Its credit note is issued when the refund is recorded,
//! for the minutes the pack holds unused then, and those minutes are stored with the refund
//! (`Event::settled`). Work logged later but dated before the refund counts from the refund's
//! day, so it never reaches behind it; anything else recorded later that would need refunded
//! minutes (a correction of earlier work, say) is refused.

use billing::{
    Event, EventKind, History, Invoice, Ledger, Minutes, RuleViolation, Source, WorkEntry,
};

fn day(s: &str) -> chrono::NaiveDate {
    billing::dates::parse_date(s).unwrap()
}

/// E2's June pack (600 min, paid June 1st) with e1 (120 min, June 12) and e2 (180 min, July 15)
/// on it. The catalog charges work nothing covers at 120.00 an hour.
fn june_pack_in_use() -> History {
    let path = format!("{}/replays/e2_not_renewed.json", env!("CARGO_MANIFEST_DIR"));
    let mut h: History = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    h.catalog.standard_rate = Some("120.00".parse().unwrap());
    h.events.truncate(4);
    h
}

/// Record `what` on `on` as the write path does: replayed, then stored settled.
fn record(h: &mut History, on: &str, what: EventKind) -> Result<Ledger, billing::ReplayError> {
    h.events.push(Event { on: day(on), what });
    h.today = Some(day(on));
    match billing::replay(h) {
        Ok(l) => {
            let e = h.events.pop().unwrap().settled(&l);
            h.events.push(e);
            Ok(l)
        }
        Err(e) => {
            h.events.pop();
            Err(e)
        }
    }
}

fn refund_june(h: &mut History, on: &str) -> Ledger {
    let what = EventKind::PackRefunded {
        order: "june".into(),
        minutes: None,
    };
    record(h, on, what).expect("the refund is accepted")
}

fn work(id: &str, dated: &str, minutes: u32) -> EventKind {
    EventKind::EntryLogged(WorkEntry {
        id: id.into(),
        date: day(dated),
        minutes: Minutes::new(minutes),
        kind: billing::EntryKind::Project,
        title: "Checkout redesign: a late fix".into(),
        url: None,
        note: "".into(),
        technician: "dev-ana".into(),
        quote: None,
        external: None,
    })
}

fn refund_note(l: &Ledger) -> &Invoice {
    l.credit_notes
        .iter()
        .find(|n| n.key == billing::DocKey::Refund("june".into()))
        .expect("the June pack's refund note")
}

fn entry<'l>(l: &'l Ledger, id: &str) -> &'l billing::EntryResult {
    l.entries.iter().find(|e| &*e.id == id).expect("the entry")
}

fn sources(l: &Ledger, id: &str) -> Vec<Source> {
    entry(l, id).parts.iter().map(|p| p.source).collect()
}

#[test]
fn a_refund_refunds_the_packs_unused_minutes_and_is_stored_with_them() {
    let mut h = june_pack_in_use();
    let l = refund_june(&mut h, "2024-07-20");
    let note = refund_note(&l);
    assert_eq!(note.lines.len(), 1);
    assert_eq!(
        note.lines[0].minutes,
        Some(Minutes::new(300)),
        "600 − 120 − 180"
    );
    assert_eq!(
        note.net.to_string(),
        "-475.00",
        "300 of 600 minutes of 950.00"
    );
    assert!(
        matches!(
            &h.events.last().unwrap().what,
            EventKind::PackRefunded { minutes: Some(m), .. } if m.get() == 300
        ),
        "stored with its minutes"
    );
}

#[test]
fn work_dated_before_a_refund_but_logged_after_it_counts_from_the_refunds_day() {
    let mut h = june_pack_in_use();
    let at_refund = refund_june(&mut h, "2024-07-20");
    let after = record(&mut h, "2024-07-22", work("late", "2024-07-18", 60)).unwrap();
    assert_eq!(
        refund_note(&after),
        refund_note(&at_refund),
        "the refund's credit note as issued"
    );
    let late = entry(&after, "late");
    assert_eq!(late.date, day("2024-07-18"), "its own date is kept");
    assert_eq!(late.effective_date, day("2024-07-20"), "the refund's day");
    assert_eq!(
        sources(&after, "late"),
        [Source::StandardRate],
        "charged: the pack was refunded that day"
    );
}

#[test]
fn work_logged_before_the_refund_still_draws_on_the_pack() {
    let mut h = june_pack_in_use();
    record(&mut h, "2024-07-19", work("on-time", "2024-07-18", 60)).unwrap();
    let l = refund_june(&mut h, "2024-07-20");
    assert_eq!(sources(&l, "on-time"), [Source::Pack]);
    assert_eq!(
        refund_note(&l).lines[0].minutes,
        Some(Minutes::new(240)),
        "600 − 120 − 180 − 60"
    );
}

fn correct_minutes(entry: &str, minutes: u32) -> EventKind {
    EventKind::EntryCorrected {
        entry: entry.into(),
        correction: billing::events::EntryCorrection {
            minutes: Some(Minutes::new(minutes)),
            ..Default::default()
        },
    }
}

#[test]
fn a_correction_that_needs_refunded_minutes_is_refused_and_changes_nothing() {
    let mut h = june_pack_in_use();
    let at_refund = refund_june(&mut h, "2024-07-20");
    let stored = h.clone();
    // e2 (July 15, on the pack) corrected from 180 to 240 minutes: 60 of the refunded minutes.
    let refused = record(&mut h, "2024-07-22", correct_minutes("e2", 240)).unwrap_err();
    assert_eq!(
        refused.rule,
        RuleViolation::RefundIssued {
            order: "june".into(),
            minutes: 300
        }
    );
    assert_eq!(h.events, stored.events, "nothing recorded");
    assert_eq!(
        billing::replay(&h).unwrap().credit_notes,
        at_refund.credit_notes
    );
}

#[test]
fn minutes_a_correction_frees_after_the_refund_stay_in_the_pack() {
    let mut h = june_pack_in_use();
    let at_refund = refund_june(&mut h, "2024-07-20");
    let after = record(&mut h, "2024-07-22", correct_minutes("e2", 120)).unwrap();
    assert_eq!(refund_note(&after), refund_note(&at_refund));
    let pack = after
        .lots
        .iter()
        .find(|l| l.source == "june")
        .expect("the June pack's lot");
    assert_eq!(pack.available, Minutes::new(60), "180 − 120, not refunded");
}
