//! `billing::quote::quote_pack`: what a pack would cost and do (the order form and the what-if
//! panel ask it in the browser). E2's June pack (valid through 2024-08-31, window 08-17 …
//! 09-03, 120 minutes unused) quoted on 2024-08-25.

use billing::quote::{PackChoice, WHAT_IF_ORDER, quote_pack};
use billing::*;

fn e2_on(day: &str) -> History {
    let path = format!("{}/replays/e2_not_renewed.json", env!("CARGO_MANIFEST_DIR"));
    let mut h: History = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let day: chrono::NaiveDate = day.parse().unwrap();
    h.events.retain(|e| e.on <= day);
    h.today = Some(day);
    h
}

#[test]
fn a_renewal_inside_the_window_receives_the_unused_minutes() {
    let h = e2_on("2024-08-25");
    let unused = replay(&h)
        .unwrap()
        .lots
        .iter()
        .find(|l| &*l.id == "pack:june")
        .unwrap()
        .available;
    assert_eq!(unused, Minutes::new(120));
    let choice = PackChoice::parse(&h.catalog, "10h", "", "dev-ana").unwrap();
    let q = quote_pack(&h, &choice, true).unwrap();
    // 10 h at 95.00 = 950.00, no VAT in this catalog.
    assert_eq!(q.invoice.total.to_string(), "950.00");
    assert_eq!(q.lot.as_ref().map(|l| l.granted), Some(Minutes::new(600)));
    assert_eq!(q.rolled_in, unused);
    // Without it the 120 minutes expire when the window closes; with it, none do.
    assert_eq!(q.expiring, (Minutes::new(120), Minutes::new(0)));
    // Nothing of the quote is stored: the history is unchanged.
    assert!(h.events.iter().all(|e| !matches!(
        &e.what,
        EventKind::PackOrdered { order, .. } if order == WHAT_IF_ORDER
    )));
}

#[test]
fn an_unpaid_quote_prices_the_invoice_and_grants_nothing() {
    let h = e2_on("2024-08-25");
    let choice = PackChoice::parse(&h.catalog, "25h", "", "dev-ana").unwrap();
    let q = quote_pack(&h, &choice, false).unwrap();
    assert_eq!(q.invoice.total.to_string(), "2250.00");
    assert_eq!((q.lot, q.rolled_in), (None, Minutes::new(0)));
}

#[test]
fn a_pack_choice_is_parsed_once_with_its_field() {
    let h = e2_on("2024-08-25");
    let field = |tier: &str, hours: &str, seller: &str| {
        PackChoice::parse(&h.catalog, tier, hours, seller)
            .unwrap_err()
            .field
    };
    assert_eq!(field("10h", "", ""), "seller");
    assert_eq!(field("10h", "", "dev\u{202e}x"), "seller");
    assert_eq!(field("nope", "", "dev-ana"), "tier");
    // A fixed-size tier ignores the hours; the developer's name is kept.
    assert_eq!(
        PackChoice::parse(&h.catalog, " 10h ", "abc", "dev-ana").unwrap(),
        PackChoice {
            tier: "10h".into(),
            hours: None,
            seller: Some("dev-ana".into())
        }
    );
}

#[test]
fn hours_are_asked_only_of_a_tier_without_a_size() {
    let path = format!(
        "{}/replays/e7_bulk_and_bug_credit.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let h: History = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let hours = |raw: &str| PackChoice::parse(&h.catalog, "payg", raw, "").map(|c| c.hours);
    assert_eq!(hours("10"), Ok(Some(10)));
    for bad in ["", "0", "1.5", "10001", "-3"] {
        assert_eq!(hours(bad).unwrap_err().field, "hours", "{bad}");
    }
}

/// E4 on 2025-02-20, before its February entry: previewing that entry (180 min of support)
/// shows what the invoice will say — 120 from the allowance, 30 carried over, 30 of overage at
/// 50.00/h = 25.00 — and that the month carries nothing into March after it.
#[test]
fn the_entry_preview_is_e4s_february() {
    use billing::quote::{EntryPreview, preview_entry};
    let path = format!(
        "{}/replays/e4_carryover_and_overage.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut h: History = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let today: chrono::NaiveDate = "2025-02-20".parse().unwrap();
    h.events.retain(|e| e.on < "2025-02-10".parse().unwrap());
    h.today = Some(today);
    let baseline = replay(&h).unwrap();
    let form = EntryForm {
        date: "2025-02-10".into(),
        minutes: "180".into(),
        kind: "support".into(),
        title: "Preview".into(),
        ..Default::default()
    };
    let EntryPreview::Ready(c) = preview_entry(&h, &baseline, form.clone(), today, "t") else {
        panic!("the entry is previewed");
    };
    let parts: Vec<_> = c
        .parts
        .iter()
        .map(|p| (p.source, p.minutes.get()))
        .collect();
    assert_eq!(
        parts,
        vec![
            (Source::Allowance, 120),
            (Source::Carryover, 30),
            (Source::Overage, 30)
        ]
    );
    assert_eq!(
        (c.overage_minutes, c.overage_amount.to_string()),
        (Minutes::new(30), "25.00".into())
    );
    assert_eq!(
        (c.net_after.decimal() - c.net_before.decimal()).to_string(),
        "25.00"
    );
    assert_eq!(
        c.carried_into_next_month,
        (Minutes::new(150), Minutes::new(0))
    );
    assert_eq!(
        (c.month, c.dated_in),
        ("2025-02".parse().unwrap(), "2025-02".parse().unwrap())
    );
    // Work dated in January, closed on 1 February: the preview says where it lands — on the
    // invoice of the month it is logged in.
    let late = EntryForm {
        date: "2025-01-20".into(),
        ..form.clone()
    };
    let EntryPreview::Ready(l) = preview_entry(&h, &baseline, late, today, "t") else {
        panic!("the late entry is previewed");
    };
    assert_eq!(
        (l.dated_in.to_string(), l.month.to_string()),
        ("2025-01".to_string(), "2025-02".to_string())
    );
    // A field the coverage depends on that does not parse: waiting, with its message.
    let waiting = preview_entry(
        &h,
        &baseline,
        EntryForm {
            minutes: "".into(),
            ..form
        },
        today,
        "t",
    );
    assert!(
        matches!(&waiting, EntryPreview::Waiting(errors) if errors[0].field == "minutes"),
        "{waiting:?}"
    );
}
