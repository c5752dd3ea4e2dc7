//! POLICY §9 "Changing prices": an admin edits the catalog in the middle of a month. What was
//! agreed keeps its terms (a running subscription, an ordered pack); new terms reach a
//! subscriber only through a dated plan change; VAT and standard rates change from the 1st of a
//! later month, and a credit note keeps the rate of the invoice it corrects.

use billing::catalog_edit::{CatalogEdit, PlanForm, RatesForm, TierForm};
use billing::*;
use chrono::NaiveDate;
use serde_json::json;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn catalog() -> Catalog {
    serde_json::from_value(json!({
        "currency": "EUR", "vat_rate": "22", "standard_rate": "60.00",
        "plans": [{"id": "L", "name": "L", "kind": "maintenance", "fee": "100.00",
                   "included_minutes": 120, "overage_rate": "50.00"}],
        "pack_tiers": [{"id": "10h", "name": "10 hours", "minutes": 600, "rate": "95.00",
                        "validity_months": 3, "seller": "agency"}]
    }))
    .unwrap()
}

fn event(on: &str, what: serde_json::Value) -> Event {
    let mut v = what;
    v["on"] = json!(on);
    serde_json::from_value(v).unwrap()
}

fn entry(on: &str, id: &str, minutes: u32) -> Event {
    event(
        on,
        json!({"type": "entry_logged", "id": id, "date": on, "minutes": minutes,
               "kind": "support", "title": "Work", "url": null, "note": "",
               "technician": "tech-tom"}),
    )
}

/// Records `events` the way the write path does: each with the terms of the catalog in force
/// when it is appended.
fn record(h: &mut History, events: impl IntoIterator<Item = Event>) {
    for e in events {
        h.events.push(e.pinned(&h.catalog));
    }
}

fn history() -> History {
    History {
        catalog: catalog(),
        account: AccountTerms {
            id: "acme".into(),
            currency: Currency::parse("EUR").unwrap(),
            reverse_charge: false,
            vat_rate: None,
            standard_rate: None,
        },
        events: Vec::new(),
        today: None,
    }
}

fn edit(h: &mut History, edit: CatalogEdit, today: &str) {
    h.catalog = h.catalog.edited(&edit, day(today)).unwrap();
}

fn plan_l(fee: &str) -> CatalogEdit {
    CatalogEdit::Plan(PlanForm {
        id: "L".into(),
        name: "L".into(),
        kind: "maintenance".into(),
        fee: fee.into(),
        fee_period: "monthly".into(),
        included: "2 h".into(),
        overage_rate: "50.00".into(),
        ..PlanForm::default()
    })
}

fn fee_of(l: &Ledger, month: &str) -> String {
    let m: Month = month.parse().unwrap();
    let inv = l.invoices.iter().find(|i| i.month == Some(m)).unwrap();
    let fee = inv
        .lines
        .iter()
        .find(|l| l.kind == LineKind::PlanFee)
        .unwrap();
    fee.amount.to_string()
}

#[test]
fn a_plan_edited_mid_month_reprices_no_running_subscription() {
    let mut h = history();
    record(
        &mut h,
        [event(
            "2026-01-01",
            json!({"type": "plan_subscribed", "plan": "L", "start": "2026-01-01"}),
        )],
    );
    // 15 March: L now costs 120.00 a month.
    edit(&mut h, plan_l("120.00"), "2026-03-15");
    record(
        &mut h,
        [
            event(
                "2026-04-01",
                json!({"type": "month_closed", "month": "2026-03"}),
            ),
            // 10 April: the admin moves this subscriber to L's new terms.
            event("2026-04-10", json!({"type": "plan_changed", "plan": "L"})),
        ],
    );
    h.today = Some(day("2026-05-02"));
    let l = replay(&h).unwrap();
    assert_eq!(fee_of(&l, "2026-03"), "100.00", "the month of the edit");
    assert_eq!(
        fee_of(&l, "2026-04"),
        "100.00",
        "a change applies from next month"
    );
    assert_eq!(
        fee_of(&l, "2026-05"),
        "120.00",
        "the new terms, from the 1st"
    );
    // The header's "from" label compares the terms, not only the plan's id.
    let april = plan_on(&h, day("2026-04-20")).unwrap().unwrap();
    let may = plan_on(&h, day("2026-05-01")).unwrap().unwrap();
    assert_eq!(april.id, may.id);
    assert_ne!(april, may);
}

#[test]
fn an_ordered_pack_keeps_its_price_and_the_next_order_pays_the_new_one() {
    let mut h = history();
    let order = |id: &str| json!({"type": "pack_ordered", "order": id, "tier": "10h"});
    record(&mut h, [event("2026-03-10", order("o1"))]);
    edit(
        &mut h,
        CatalogEdit::Tier(TierForm {
            id: "10h".into(),
            name: "10 hours".into(),
            hours: "10".into(),
            rate: "99.00".into(),
            validity_months: "3".into(),
            seller: "agency".into(),
        }),
        "2026-03-18",
    );
    record(&mut h, [event("2026-03-18", order("o2"))]);
    let l = replay(&h).unwrap();
    let totals: Vec<String> = l.pack_invoices.iter().map(|i| i.net.to_string()).collect();
    assert_eq!(totals, ["950.00", "990.00"]);
}

#[test]
fn vat_changes_from_a_later_month_and_a_credit_note_keeps_the_rate_it_corrects() {
    let mut h = history();
    // No plan: support is charged at the standard rate, 60.00/h.
    record(&mut h, [entry("2026-03-10", "e1", 60)]);
    edit(
        &mut h,
        CatalogEdit::Rates(RatesForm {
            from: "2026-04".into(),
            vat_rate: "25".into(),
            standard_rate: "70.00".into(),
        }),
        "2026-03-12",
    );
    record(
        &mut h,
        [
            event(
                "2026-04-01",
                json!({"type": "month_closed", "month": "2026-03"}),
            ),
            entry("2026-04-02", "e2", 60),
            event(
                "2026-04-03",
                json!({"type": "entry_remarked", "entry": "e1", "kind": "bug"}),
            ),
        ],
    );
    let l = replay(&h).unwrap();
    let month = |m: &str| {
        let m: Month = m.parse().unwrap();
        l.invoices.iter().find(|i| i.month == Some(m)).unwrap()
    };
    let rate = |s: &str| Percent::parse(s).unwrap();
    assert_eq!(month("2026-03").net.to_string(), "60.00");
    assert_eq!(month("2026-03").vat[0].rate, rate("22"));
    assert_eq!(
        month("2026-04").net.to_string(),
        "70.00",
        "April's standard rate"
    );
    assert_eq!(month("2026-04").vat[0].rate, rate("25"));
    let note = &l.credit_notes[0];
    assert_eq!(note.net.to_string(), "-60.00");
    assert_eq!(note.vat[0].rate, rate("22"), "the corrected invoice's rate");
    assert_eq!(note.total.to_string(), "-73.20");
}

/// An account's own terms (`terms_changed`): set on 18 March from May, they leave March and
/// April as they were — including a pack ordered in April and its refund in May — and apply
/// to May's work, May's pack order and May's reverse-charge note.
#[test]
fn account_terms_change_from_a_later_month_and_leave_earlier_documents_alone() {
    let mut h = history();
    record(
        &mut h,
        [
            entry("2026-03-10", "e1", 60),
            TermsForm {
                from: "2026-05".into(),
                vat_rate: String::new(),
                standard_rate: "80.00".into(),
                reverse_charge: "true".into(),
            }
            .parse(day("2026-03-18"))
            .map(|what| Event {
                on: day("2026-03-18"),
                what,
            })
            .unwrap(),
            event(
                "2026-04-01",
                json!({"type": "month_closed", "month": "2026-03"}),
            ),
            entry("2026-04-02", "e2", 60),
            event(
                "2026-04-20",
                json!({"type": "pack_ordered", "order": "o1", "tier": "10h"}),
            ),
            event(
                "2026-04-21",
                json!({"type": "payment_recorded", "order": "o1", "reference": "p1"}),
            ),
            event(
                "2026-05-01",
                json!({"type": "month_closed", "month": "2026-04"}),
            ),
            event(
                "2026-05-02",
                json!({"type": "pack_refunded", "order": "o1"}),
            ),
            entry("2026-05-03", "e3", 60),
            event(
                "2026-05-04",
                json!({"type": "pack_ordered", "order": "o2", "tier": "10h"}),
            ),
        ],
    );
    h.today = Some(day("2026-05-10"));
    let l = replay(&h).unwrap();
    let month = |m: &str| {
        let m: Month = m.parse().unwrap();
        l.invoices.iter().find(|i| i.month == Some(m)).unwrap()
    };
    let rate = |s: &str| Percent::parse(s).unwrap();
    for m in ["2026-03", "2026-04"] {
        assert_eq!(
            month(m).vat[0].rate,
            rate("22"),
            "{m} keeps the catalog's VAT"
        );
        assert_eq!(month(m).vat_note, None, "{m} is not reverse-charged");
    }
    assert_eq!(month("2026-03").net.to_string(), "60.00");
    let may = month("2026-05");
    assert_eq!(may.net.to_string(), "80.00", "May's own standard rate");
    assert_eq!(may.vat[0].rate, Percent::ZERO);
    assert_eq!(may.vat_note.as_deref(), Some("Reverse charge"));
    let (april_pack, may_pack) = (&l.pack_invoices[0], &l.pack_invoices[1]);
    assert_eq!(april_pack.vat[0].rate, rate("22"));
    assert_eq!(may_pack.vat[0].rate, Percent::ZERO);
    assert_eq!(may_pack.vat_note.as_deref(), Some("Reverse charge"));
    let refund = &l.credit_notes[0];
    assert_eq!(refund.refers_to, Some(DocKey::Pack("o1".into())));
    assert_eq!(
        refund.vat[0].rate,
        rate("22"),
        "the refunded invoice's rate"
    );
    assert_eq!(refund.vat_note, None);
}

#[test]
fn account_terms_cannot_start_in_the_open_month_or_more_than_a_year_ahead() {
    let change = |on: &str, from: &str| {
        let mut h = history();
        record(&mut h, [entry("2026-03-10", "e1", 60)]);
        h.events.push(event(
            on,
            json!({"type": "terms_changed", "from": from, "vat_rate": "9.5"}),
        ));
        replay(&h).map(|_| ()).map_err(|e| e.rule)
    };
    assert_eq!(
        change("2026-03-18", "2026-03"),
        Err(RuleViolation::RatesFromTooEarly {
            first: "2026-04-01".into()
        })
    );
    assert!(matches!(
        change("2026-03-18", "2027-06"),
        Err(RuleViolation::DateTooFarAhead { .. })
    ));
    assert_eq!(change("2026-03-18", "2026-04"), Ok(()));
}
