//! Properties of the rules over random histories that use every event kind.
//!
//! Cases per property: 10 000 by default; `HOURBANK_PROPTEST_CASES` raises (or lowers) it.
//! Each test prints how often each event kind occurred in the histories it replayed.

use std::collections::BTreeMap;
use std::sync::Mutex;

use billing::dates::Month;
use billing::*;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;

fn cases() -> u32 {
    std::env::var("HOURBANK_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({
        "currency": "EUR", "vat_rate": "22", "standard_rate": "60.00", "commission": "10",
        "rollover_effective_from": "2024-01-15",
        "bulk_discount": {"min_minutes": 600, "percent": "5"},
        "plans": [
            {"id": "M", "name": "M", "kind": "maintenance", "fee": "60.00", "included_minutes": 60,
             "overage_rate": "50.00", "rounding_increment_minutes": 15, "minimum_minutes": 15},
            {"id": "L", "name": "L", "kind": "maintenance", "fee": "100.00", "included_minutes": 120,
             "overage_rate": "50.00", "carryover_cap_minutes": 60, "carryover_months": 2},
            {"id": "Y", "name": "Yearly", "kind": "maintenance", "fee": "1000.00", "fee_period": "annual",
             "included_minutes": 180, "overage_rate": "45.00"},
            {"id": "XXL", "name": "XXL", "kind": "maintenance", "fee": null, "included_minutes": 300,
             "overage_rate": "50.00"},
            {"id": "P", "name": "Business 60", "kind": "post_paid", "plan_rate": "60.00",
             "monthly_minutes": 600, "overage_rate": "65.00"}
        ],
        "pack_tiers": [
            {"id": "10h", "name": "10 h", "minutes": 600, "rate": "95.00", "validity_months": 3, "seller": "developer"},
            {"id": "2h", "name": "2 h", "minutes": 120, "rate": "99.99", "validity_months": 1, "seller": "developer"},
            {"id": "block", "name": "Hour block", "minutes": 300, "rate": "70.00", "seller": "agency"},
            {"id": "payg", "name": "Pay as you go", "seller": "agency"}
        ]
    }))
    .unwrap()
}

const PLANS: [&str; 5] = ["M", "L", "Y", "XXL", "P"];
const TIERS: [&str; 4] = ["10h", "2h", "block", "payg"];
const PEOPLE: [&str; 3] = ["dev-a", "dev-b", "tech-c"];
const KINDS: [EntryKind; 4] = [
    EntryKind::Support,
    EntryKind::Project,
    EntryKind::Billable,
    EntryKind::Bug,
];

#[derive(Debug, Clone)]
enum Action {
    Advance(u8),
    Entry {
        back: u8,
        minutes: u16,
        kind: u8,
        who: u8,
        on_quote: bool,
    },
    Correct {
        pick: u8,
        minutes: u16,
    },
    Remark {
        pick: u8,
    },
    Order {
        tier: u8,
        seller: u8,
        hours: u8,
    },
    Pay {
        pick: u8,
    },
    Refund {
        pick: u8,
    },
    CancelOrder {
        pick: u8,
    },
    Offer {
        dev: u8,
        estimate: u16,
        rate: u8,
    },
    Approve {
        pick: u8,
    },
    Decline {
        pick: u8,
    },
    Cancel {
        pick: u8,
    },
    Cost {
        back: u8,
        cents: u32,
        foreign: bool,
    },
    Close,
    Subscribe {
        plan: u8,
    },
    Change {
        plan: u8,
    },
    End {
        after: u8,
    },
    AsOf,
    Terms {
        ahead: u8,
        vat: u8,
        reverse: bool,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => (1u8..25).prop_map(Action::Advance),
        10 => (0u8..40, 1u16..400, 0u8..4, 0u8..3, any::<bool>())
            .prop_map(|(back, minutes, kind, who, on_quote)| Action::Entry { back, minutes, kind, who, on_quote }),
        2 => (any::<u8>(), 1u16..300).prop_map(|(pick, minutes)| Action::Correct { pick, minutes }),
        2 => any::<u8>().prop_map(|pick| Action::Remark { pick }),
        3 => (0u8..4, 0u8..2, 1u8..30).prop_map(|(tier, seller, hours)| Action::Order { tier, seller, hours }),
        3 => any::<u8>().prop_map(|pick| Action::Pay { pick }),
        1 => any::<u8>().prop_map(|pick| Action::Refund { pick }),
        1 => any::<u8>().prop_map(|pick| Action::CancelOrder { pick }),
        2 => (0u8..2, 30u16..900, 0u8..3).prop_map(|(dev, estimate, rate)| Action::Offer { dev, estimate, rate }),
        2 => any::<u8>().prop_map(|pick| Action::Approve { pick }),
        1 => any::<u8>().prop_map(|pick| Action::Decline { pick }),
        1 => any::<u8>().prop_map(|pick| Action::Cancel { pick }),
        1 => (0u8..20, 1u32..500_000, any::<bool>()).prop_map(|(back, cents, foreign)| Action::Cost { back, cents, foreign }),
        2 => Just(Action::Close),
        1 => (0u8..5).prop_map(|plan| Action::Subscribe { plan }),
        1 => (1u8..4, 0u8..3, any::<bool>()).prop_map(|(ahead, vat, reverse)| Action::Terms { ahead, vat, reverse }),
        1 => (0u8..5).prop_map(|plan| Action::Change { plan }),
        1 => (0u8..40).prop_map(|after| Action::End { after }),
        1 => Just(Action::AsOf),
    ]
}

fn histories() -> impl Strategy<Value = History> {
    (
        proptest::collection::vec(action(), 1..80),
        any::<bool>(),
        0u8..5,
    )
        .prop_map(|(actions, reverse, plan)| build(&actions, reverse, plan))
}

/// Turn actions into a history that mostly passes pass 1; events the replay still refuses
/// (a refund with nothing left, say) are dropped one by one.
fn build(actions: &[Action], reverse_charge: bool, first_plan: u8) -> History {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut day = start;
    let mut events = Vec::new();
    let ev = |on, what| Event { on, what };
    if first_plan < 4 {
        events.push(ev(
            day,
            EventKind::PlanSubscribed {
                plan: PLANS[first_plan as usize].into(),
                start: day,
                terms: None,
            },
        ));
    }
    let (mut entries, mut orders, mut quotes) = (
        Vec::<(String, bool)>::new(),
        Vec::<(String, bool, bool)>::new(),
        Vec::<(String, String, u8)>::new(),
    );
    let mut closed: Option<Month> = None;
    let mut n = 0;
    for a in actions {
        n += 1;
        match *a {
            Action::Advance(d) => day = day + Days::new(d as u64),
            Action::Entry {
                back,
                minutes,
                kind,
                who,
                on_quote,
            } => {
                let date = day
                    .checked_sub_days(Days::new(back as u64))
                    .unwrap()
                    .max(start);
                let technician = PEOPLE[who as usize].to_string();
                let quote = if on_quote {
                    quotes
                        .iter()
                        .find(|q| q.1 == technician && q.2 == 1)
                        .map(|q| q.0.clone())
                } else {
                    None
                };
                let kind = if quote.is_some() {
                    EntryKind::Project
                } else {
                    KINDS[kind as usize]
                };
                let id = format!("e{n}");
                entries.push((id.clone(), kind == EntryKind::Bug));
                events.push(ev(
                    day,
                    EventKind::EntryLogged(WorkEntry {
                        id: id.into(),
                        date,
                        minutes: Minutes::new(minutes as u32),
                        kind,
                        title: "Work".into(),
                        url: Some("https://t.example/1".into()),
                        note: "".into(),
                        technician: technician.into(),
                        quote: quote.map(Into::into),
                        external: None,
                    }),
                ));
            }
            Action::Correct { pick, minutes } if !entries.is_empty() => {
                let (id, _) = &entries[pick as usize % entries.len()];
                let correction = events::EntryCorrection {
                    minutes: Some(Minutes::new(minutes as u32)),
                    ..Default::default()
                };
                events.push(ev(
                    day,
                    EventKind::EntryCorrected {
                        entry: id.clone(),
                        correction,
                    },
                ));
            }
            Action::Remark { pick } if !entries.is_empty() => {
                let i = pick as usize % entries.len();
                if !entries[i].1 {
                    entries[i].1 = true;
                    events.push(ev(
                        day,
                        EventKind::EntryRemarked {
                            entry: entries[i].0.clone(),
                            kind: EntryKind::Bug,
                        },
                    ));
                }
            }
            Action::Order {
                tier,
                seller,
                hours,
            } => {
                let t = TIERS[tier as usize];
                let order = format!("o{n}");
                // A third of the orders are paid at once (renewals bought on the spot).
                let paid_now = hours % 3 == 0;
                orders.push((order.clone(), paid_now, false));
                events.push(ev(
                    day,
                    EventKind::PackOrdered {
                        order: order.clone(),
                        tier: t.into(),
                        hours: (t == "payg").then_some(hours as u32),
                        seller: (tier < 2).then(|| PEOPLE[seller as usize].to_string()),
                        terms: None,
                    },
                ));
                if paid_now {
                    events.push(ev(
                        day,
                        EventKind::PaymentRecorded {
                            order,
                            reference: format!("R{n}"),
                            at: None,
                        },
                    ));
                }
            }
            Action::Pay { pick } if !orders.is_empty() => {
                let i = pick as usize % orders.len();
                if !orders[i].1 {
                    orders[i].1 = true;
                    events.push(ev(
                        day,
                        EventKind::PaymentRecorded {
                            order: orders[i].0.clone(),
                            reference: format!("R{n}"),
                            at: None,
                        },
                    ));
                }
            }
            Action::Refund { pick } if !orders.is_empty() => {
                let i = pick as usize % orders.len();
                if orders[i].1 && !orders[i].2 {
                    orders[i].2 = true;
                    events.push(ev(
                        day,
                        EventKind::PackRefunded {
                            order: orders[i].0.clone(),
                            minutes: None,
                        },
                    ));
                }
            }
            Action::CancelOrder { pick } if !orders.is_empty() => {
                let i = pick as usize % orders.len();
                if !orders[i].1 {
                    // Never paid nor refunded after this.
                    orders[i].1 = true;
                    orders[i].2 = true;
                    events.push(ev(
                        day,
                        EventKind::PackCancelled {
                            order: orders[i].0.clone(),
                        },
                    ));
                }
            }
            Action::Offer {
                dev,
                estimate,
                rate,
            } => {
                let id = format!("q{n}");
                quotes.push((id.clone(), PEOPLE[dev as usize].to_string(), 0));
                events.push(ev(
                    day,
                    EventKind::QuoteOffered {
                        id,
                        developer: PEOPLE[dev as usize].into(),
                        project: "Project".into(),
                        title: "Feature".into(),
                        estimate_minutes: Minutes::new(estimate as u32),
                        rate: Rate::parse(["70.00", "85.50", "120"][rate as usize]).unwrap(),
                    },
                ));
            }
            Action::Approve { pick } | Action::Decline { pick } | Action::Cancel { pick }
                if !quotes.is_empty() =>
            {
                let i = pick as usize % quotes.len();
                let q = &mut quotes[i];
                let quote = q.0.clone();
                let what = match (a, q.2) {
                    (Action::Approve { .. }, 0) => Some((1, EventKind::QuoteApproved { quote })),
                    (Action::Decline { .. }, 0) => Some((2, EventKind::QuoteDeclined { quote })),
                    (Action::Cancel { .. }, 0 | 1) => {
                        Some((3, EventKind::QuoteCancelled { quote }))
                    }
                    _ => None,
                };
                if let Some((status, what)) = what {
                    q.2 = status;
                    events.push(ev(day, what));
                }
            }
            Action::Cost {
                back,
                cents,
                foreign,
            } => {
                let date = day
                    .checked_sub_days(Days::new(back as u64))
                    .unwrap()
                    .max(start);
                events.push(ev(
                    day,
                    EventKind::CostReinvoiced {
                        id: format!("c{n}"),
                        date,
                        vendor: "Hosting Ltd".into(),
                        description: "Server".into(),
                        amount: Money::parse(&Decimal::new(cents as i64, 2).to_string()).unwrap(),
                        currency: Currency::parse(if foreign { "USD" } else { "EUR" }).unwrap(),
                        conversion_rate: foreign.then(|| Dec(Decimal::new(9213, 4))),
                        markup: Some(Percent(Decimal::new(n as i64 % 3 * 5, 0))),
                    },
                ));
            }
            Action::Close => {
                let m = Month::of(day).prev();
                if closed.is_none_or(|c| c < m) || n % 5 == 0 {
                    closed = Some(closed.map_or(m, |c| c.max(m)));
                    events.push(ev(day, EventKind::MonthClosed { month: m }));
                }
            }
            Action::Subscribe { plan } => events.push(ev(
                day,
                EventKind::PlanSubscribed {
                    plan: PLANS[plan as usize].into(),
                    start: day,
                    terms: None,
                },
            )),
            Action::Change { plan } => events.push(ev(
                day,
                EventKind::PlanChanged {
                    plan: PLANS[plan as usize].into(),
                    terms: None,
                },
            )),
            Action::End { after } => events.push(ev(
                day,
                EventKind::PlanEnded {
                    last_day: day + Days::new(after as u64),
                },
            )),
            Action::AsOf => events.push(ev(day, EventKind::AsOf)),
            Action::Terms {
                ahead,
                vat,
                reverse,
            } => events.push(ev(
                day,
                EventKind::TermsChanged {
                    from: Month::of(day).plus(ahead as u32),
                    reverse_charge: reverse,
                    vat_rate: [
                        None,
                        Some(Percent(Decimal::new(95, 1))),
                        Some(Percent::ZERO),
                    ][vat as usize],
                    standard_rate: (vat == 1).then(|| Rate::parse("80").unwrap()),
                },
            )),
            _ => {}
        }
    }
    let mut h = History {
        catalog: catalog(),
        account: AccountTerms {
            id: "acct".into(),
            currency: Currency::parse("EUR").unwrap(),
            reverse_charge,
            vat_rate: None,
            standard_rate: None,
        },
        events,
        today: Some(day),
    };
    while let Err(e) = replay(&h) {
        h.events.remove(e.index);
    }
    recorded_as_the_server_would(h)
}

/// A refund is stored with the minutes its credit note refunds (`Event::settled`), and the
/// server refuses an event that breaks an earlier one (a refund already issued, say): record a
/// history with refunds event by event, as the server does, keeping what it would accept.
fn recorded_as_the_server_would(h: History) -> History {
    if !h
        .events
        .iter()
        .any(|e| matches!(e.what, EventKind::PackRefunded { .. }))
    {
        return h;
    }
    let today = h.today;
    let mut out = History {
        events: Vec::with_capacity(h.events.len()),
        ..h.clone()
    };
    for e in h.events {
        out.today = Some(e.on);
        out.events.push(e);
        match replay(&out) {
            Ok(l) => {
                let last = out.events.pop().expect("just pushed");
                out.events.push(last.settled(&l));
            }
            Err(_) => {
                out.events.pop();
            }
        }
    }
    out.today = today;
    out
}

fn count(seen: &Mutex<BTreeMap<&'static str, u64>>, h: &History, l: &Ledger) {
    let mut seen = seen.lock().unwrap();
    // Outcomes, so that we know the properties were exercised where it matters.
    *seen.entry("(rollover lots)").or_default() += l
        .lots
        .iter()
        .filter(|x| x.origin == Origin::Rollover)
        .count() as u64;
    *seen.entry("(credit lots)").or_default() +=
        l.lots.iter().filter(|x| x.origin == Origin::Credit).count() as u64;
    *seen.entry("(carryover lots)").or_default() += l
        .lots
        .iter()
        .filter(|x| x.origin == Origin::Carryover)
        .count() as u64;
    *seen.entry("(credit notes)").or_default() += l.credit_notes.len() as u64;
    *seen.entry("(payouts)").or_default() += l.payouts.len() as u64;
    *seen.entry("(payout adjustments)").or_default() +=
        l.payouts.iter().map(|p| p.adjustments.len()).sum::<usize>() as u64
            + l.pending_payout_adjustments.len() as u64;
    *seen.entry("(issued invoices)").or_default() += l
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Issued)
        .count() as u64;
    *seen.entry("(prompts)").or_default() += l.prompts.len() as u64;
    for e in &h.events {
        let k = e.what.name();
        *seen.entry(k).or_default() += 1;
    }
}

fn check(name: &str, property: impl Fn(&History, &Ledger) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let seen = Mutex::new(BTreeMap::new());
    runner
        .run(&histories(), |h| {
            let ledger = replay(&h).expect("built histories replay");
            count(&seen, &h, &ledger);
            property(&h, &ledger)
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let seen = seen.into_inner().unwrap();
    println!(
        "{name}: {} cases; events (and outcomes) seen: {seen:?}",
        cases()
    );
    let missing: Vec<_> = [
        "plan_subscribed",
        "plan_changed",
        "plan_ended",
        "pack_ordered",
        "payment_recorded",
        "pack_refunded",
        "pack_cancelled",
        "entry_logged",
        "entry_corrected",
        "entry_remarked",
        "quote_offered",
        "quote_approved",
        "quote_declined",
        "quote_cancelled",
        "cost_reinvoiced",
        "month_closed",
        "terms_changed",
        "as_of",
    ]
    .into_iter()
    .filter(|k| !seen.contains_key(k))
    .collect();
    assert!(
        missing.is_empty() || cases() < 200,
        "the generator never produced {missing:?}"
    );
}

#[test]
fn conservation_per_lot_and_never_below_zero() {
    check("conservation", |_, l| {
        for lot in &l.lots {
            prop_assert!(
                lot.conserved(),
                "lot {} breaks conservation: {lot:?}",
                lot.id
            );
            prop_assert!(lot.available.get() <= lot.granted.get() + lot.returned.get());
        }
        Ok(())
    });
}

#[test]
fn invoice_lines_add_up_to_totals_exactly() {
    check("totals", |_, l| {
        for i in l
            .invoices
            .iter()
            .chain(&l.pack_invoices)
            .chain(&l.credit_notes)
        {
            let lines: Decimal = i.lines.iter().map(|x| x.amount.decimal()).sum::<Decimal>()
                + i.costs.iter().map(|c| c.amount.decimal()).sum::<Decimal>();
            prop_assert_eq!(lines, i.net.decimal(), "{}", i.key);
            prop_assert_eq!(
                i.vat.iter().map(|v| v.net.decimal()).sum::<Decimal>(),
                i.net.decimal()
            );
            prop_assert_eq!(
                i.vat.iter().map(|v| v.vat.decimal()).sum::<Decimal>(),
                i.vat_total.decimal()
            );
            prop_assert_eq!(i.net.decimal() + i.vat_total.decimal(), i.total.decimal());
            for v in &i.vat {
                prop_assert_eq!(
                    v.vat.decimal(),
                    (v.net.decimal() * v.rate.0 / Decimal::ONE_HUNDRED).round_dp_with_strategy(
                        2,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero
                    )
                );
                prop_assert!(v.vat.decimal().scale() == 2 && v.net.decimal().scale() == 2);
            }
        }
        for e in &l.entries {
            prop_assert_eq!(
                e.parts.iter().map(|p| p.minutes.get()).sum::<u32>(),
                e.counted_minutes.get(),
                "entry {}",
                e.id
            );
        }
        Ok(())
    });
}

#[test]
fn closing_a_month_twice_yields_one_invoice() {
    check("close twice", |h, l| {
        let Some(m) = l.closed_through else {
            return Ok(());
        };
        let again = Event {
            on: l.today,
            what: EventKind::MonthClosed { month: m },
        };
        let l2 = what_if(h, &[again]).expect("closing again is accepted");
        prop_assert_eq!(&l2.invoices, &l.invoices);
        prop_assert_eq!(
            l2.invoices.iter().filter(|i| i.month == Some(m)).count(),
            l.invoices.iter().filter(|i| i.month == Some(m)).count()
        );
        Ok(())
    });
}

/// POLICY §4: an issued document is immutable. Whatever is recorded after it is issued — late
/// work, refunds, credit-backs, plans, costs, further closes — replaying the longer history gives
/// every month invoice, pack invoice and credit note issued by then exactly as it was issued.
/// Checked after every event, as the server issues documents after each one it records.
#[test]
fn an_issued_document_never_changes_when_later_events_are_recorded() {
    check("immutable", |h, l| {
        let issued = |l: &Ledger| -> Vec<Invoice> {
            l.invoices
                .iter()
                .filter(|i| i.status == InvoiceStatus::Issued)
                .chain(&l.pack_invoices)
                .chain(&l.credit_notes)
                .cloned()
                .collect()
        };
        let now = issued(l);
        for (k, e) in h.events.iter().enumerate() {
            let mut then = h.clone();
            then.events.truncate(k + 1);
            then.today = Some(e.on);
            // The generator checks only the whole history; the server checks each event as it
            // comes, so a history with a prefix that does not replay was never recorded.
            let Ok(at_event) = replay(&then) else {
                return Ok(());
            };
            for doc in issued(&at_event) {
                let later = now.iter().find(|d| d.key == doc.key);
                prop_assert_eq!(
                    later,
                    Some(&doc),
                    "{} as issued on {} changed with the events after it",
                    doc.key,
                    e.on
                );
            }
        }
        Ok(())
    });
}

#[test]
fn a_what_if_preview_equals_the_invoice_after_logging_for_real() {
    check("what-if", |h, l| {
        let today = l.today;
        let entry = WorkEntry {
            id: "preview".into(),
            date: today,
            minutes: Minutes::new(95),
            kind: EntryKind::Support,
            title: "What if".into(),
            url: None,
            note: "".into(),
            technician: "dev-a".into(),
            quote: None,
            external: None,
        };
        let logged = Event {
            on: today,
            what: EventKind::EntryLogged(entry),
        };
        let preview = what_if(h, std::slice::from_ref(&logged)).expect("preview");
        let parts = &preview
            .entries
            .iter()
            .find(|e| &*e.id == "preview")
            .unwrap()
            .parts;
        // For real: log it, let the month end, close it; the invoice carries the same parts.
        let m = Month::of(today);
        let close_on = m.next().first_day();
        let mut real = h.clone();
        real.events.push(logged);
        real.events.push(Event {
            on: close_on,
            what: EventKind::MonthClosed { month: m },
        });
        real.today = Some(close_on);
        let after = replay(&real).expect("real");
        let inv = after
            .invoices
            .iter()
            .find(|i| i.month == Some(m))
            .expect("the month's invoice");
        let lines: Vec<_> = inv
            .lines
            .iter()
            .filter(|x| x.entry.as_deref() == Some("preview"))
            .map(|x| (x.source, x.minutes, x.amount))
            .collect();
        let previewed: Vec<_> = parts
            .iter()
            .map(|p| (Some(p.source), Some(p.minutes), p.amount))
            .collect();
        prop_assert_eq!(lines, previewed);
        Ok(())
    });
}

#[test]
fn rolled_in_minutes_never_roll_twice() {
    check("rollover once", |_, l| {
        for lot in l.lots.iter().filter(|x| x.origin == Origin::Rollover) {
            prop_assert_eq!(lot.moved_out.get(), 0, "rolled-in lot {} moved on", lot.id);
            prop_assert!(lot.source.starts_with("pack:"));
        }
        // A pack receives from at most one and rolls into at most one.
        let mut into = std::collections::HashSet::new();
        for lot in l.lots.iter().filter(|x| x.origin == Origin::Rollover) {
            prop_assert!(into.insert(lot.id.clone()));
            let from = l.lots.iter().find(|x| *x.id == *lot.source).unwrap();
            prop_assert_eq!(from.moved_out, lot.granted);
        }
        Ok(())
    });
}

#[test]
fn jumping_over_quiet_days_gives_the_ledger_of_a_day_by_day_walk() {
    check("jump = walk", |h, l| {
        let walked = replay_day_by_day(h).expect("the walk replays what the jump replays");
        prop_assert_eq!(l, &walked);
        Ok(())
    });
}

#[test]
fn a_replay_visits_days_where_something_happens_not_every_day() {
    check("visits", |h, l| {
        let visited = replay_visited_days(h).expect("replays");
        let first = h
            .events
            .iter()
            .map(|e| e.on)
            .chain(l.entries.iter().map(|e| e.date))
            .min()
            .unwrap_or(l.today);
        let months = (Month::of(l.today).year - Month::of(first).year) as usize * 12
            + Month::of(l.today).month as usize
            + 1
            - Month::of(first).month as usize;
        // Events, lot ends, renewal windows, plan starts and ends, two days a month, today.
        // (A cost may be dated in the month before the first event: one month of slack.)
        let bound =
            2 * h.events.len() + 2 * l.lots.len() + l.pack_invoices.len() + 2 * (months + 1) + 2;
        prop_assert!(visited <= bound, "{visited} days visited > {bound}");
        Ok(())
    });
}

/// Two entries `gap` days apart on an account without a plan or hours: the replay visits the
/// same few days whatever the gap (the probe's entry dated in year −262143 walked 96 million).
#[test]
fn replay_cost_does_not_grow_with_the_gap_between_two_events() {
    let entry = |id: &str, on: NaiveDate| Event {
        on,
        what: EventKind::EntryLogged(WorkEntry {
            id: id.into(),
            date: on,
            minutes: Minutes::new(30),
            kind: EntryKind::Billable,
            title: "Work".into(),
            url: None,
            note: "".into(),
            technician: "tech-c".into(),
            quote: None,
            external: None,
        }),
    };
    let history = |gap: u32| {
        let first = NaiveDate::from_ymd_opt(2000, 1, 10).unwrap();
        let second = first + Days::new(gap as u64);
        History {
            catalog: catalog(),
            account: AccountTerms {
                id: "gap".into(),
                currency: Currency::parse("EUR").unwrap(),
                reverse_charge: false,
                vat_rate: None,
                standard_rate: None,
            },
            events: vec![entry("e1", first), entry("e2", second)],
            today: Some(second),
        }
    };
    let base = replay_visited_days(&history(1)).unwrap();
    assert!(base <= 3, "{base}");
    let mut runner = TestRunner::new(Config {
        cases: cases().min(2_000),
        failure_persistence: None,
        ..Config::default()
    });
    // Up to 2199-12-31, the calendar's last day.
    runner
        .run(&(1u32..73_000), |gap| {
            let h = history(gap);
            prop_assert_eq!(replay_visited_days(&h).unwrap(), base, "gap {}", gap);
            let l = replay(&h).unwrap();
            prop_assert_eq!(l.entries.len(), 2);
            Ok(())
        })
        .unwrap();
}

/// POLICY §7: no developer is ever paid for minutes that came back to the client. For a pack
/// paid by consumption, what its developer is paid in the end (its payout less every adjustment
/// for it, paid or pending) is exactly the minutes entries still draw from it; a pack paid
/// whole (renewed) is paid at most its size, less at most what was credited back from it.
#[test]
fn no_developer_is_paid_for_minutes_credited_back() {
    check("payouts after credit-backs", |_, l| {
        let adjustments = l
            .payouts
            .iter()
            .flat_map(|p| p.adjustments.iter())
            .chain(l.pending_payout_adjustments.iter().map(|(_, a)| a));
        for p in &l.payouts {
            let back: u32 = adjustments
                .clone()
                .filter(|a| a.order == p.order)
                .map(|a| a.minutes.get())
                .sum();
            let net = p.minutes.get() as i64 - back as i64;
            let own = format!("pack:{}", p.order);
            let drawn = |credited: bool| -> u32 {
                l.entries
                    .iter()
                    .filter(|e| e.credited_back_on.is_some() == credited)
                    .flat_map(|e| e.parts.iter())
                    .filter(|x| x.lot.as_deref() == Some(own.as_str()))
                    .map(|x| x.minutes.get())
                    .sum()
            };
            match p.basis {
                PayoutBasis::Consumed => prop_assert_eq!(
                    net,
                    drawn(false) as i64,
                    "pack {}: paid {} min, adjusted {} min",
                    p.order,
                    p.minutes.get(),
                    back
                ),
                PayoutBasis::Renewed => {
                    let size = l
                        .lots
                        .iter()
                        .find(|x| *x.id == *own)
                        .map_or(0, |x| x.granted.get()) as i64;
                    prop_assert!(net <= size, "pack {} paid above its size", p.order);
                    prop_assert!(net >= 0);
                }
            }
        }
        Ok(())
    });
}

/// `c` with every price and pack term changed, and a VAT and standard rate change from the
/// month after `today`: an admin's catalog edit at its most thorough.
fn edited_catalog(c: &Catalog, today: NaiveDate) -> Catalog {
    let mut c = c.clone();
    let rate = |s: &str| Rate::parse(s).unwrap();
    for p in &mut c.plans {
        p.rounding_increment_minutes = 1;
        p.minimum_minutes = 0;
        match &mut p.terms {
            PlanTerms::Maintenance {
                fee,
                included_minutes,
                overage_rate,
                carryover_cap_minutes,
                ..
            } => {
                *fee = Some(Money::parse("777.00").unwrap());
                *included_minutes = Minutes::new(included_minutes.get() + 30);
                *overage_rate = rate("66.00");
                *carryover_cap_minutes = Some(Minutes::new(5));
            }
            PlanTerms::PostPaid {
                plan_rate,
                overage_rate,
                ..
            } => {
                *plan_rate = rate("11.00");
                *overage_rate = rate("12.00");
            }
        }
    }
    for t in &mut c.pack_tiers {
        t.rate = Some(rate("123.45"));
        t.minutes = t.minutes.map(|m| Minutes::new(m.get() + 60));
        t.validity_months = t.validity_months.map(|n| n + 1);
    }
    c.bulk_discount = Some(BulkDiscount {
        min_minutes: Minutes::new(60),
        percent: Percent::parse("50").unwrap(),
    });
    c.renewal_window_days += 9;
    c.grace_days += 9;
    c.commission = Percent::parse("40").unwrap();
    c.rate_changes.push(RatesFrom {
        from: Month::of(today).next().first_day(),
        vat_rate: Percent::parse("30").unwrap(),
        standard_rate: Some(rate("99.00")),
    });
    c
}

/// POLICY §9 "Changing prices": events keep the terms they were agreed at, so once a history
/// is recorded (every event pinned, as the write path stores them) no catalog edit changes an
/// invoice, a credit note, a payout, a lot or an entry's cover.
#[test]
fn a_catalog_edit_changes_nothing_already_recorded() {
    // Without the pinning, the same edit must change something, or this proves nothing.
    let repriced = std::sync::atomic::AtomicUsize::new(0);
    check("catalog edit", |h, l| {
        let unpinned = History {
            catalog: edited_catalog(&h.catalog, l.today),
            ..h.clone()
        };
        if replay(&unpinned).map_or(true, |u| {
            u.invoices != l.invoices || u.pack_invoices != l.pack_invoices
        }) {
            repriced.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let pinned = History {
            events: h
                .events
                .iter()
                .cloned()
                .map(|e| e.pinned(&h.catalog))
                .collect(),
            ..h.clone()
        };
        let same = replay(&pinned).expect("a pinned history replays");
        prop_assert_eq!(&same, l, "pinning with its own catalog changes nothing");
        let edited = History {
            catalog: edited_catalog(&h.catalog, l.today),
            ..pinned
        };
        let after = replay(&edited).expect("an edited catalog replays a pinned history");
        prop_assert_eq!(&after.invoices, &l.invoices);
        prop_assert_eq!(&after.pack_invoices, &l.pack_invoices);
        prop_assert_eq!(&after.credit_notes, &l.credit_notes);
        prop_assert_eq!(&after.payouts, &l.payouts);
        prop_assert_eq!(&after.lots, &l.lots);
        prop_assert_eq!(&after.entries, &l.entries);
        Ok(())
    });
    let repriced = repriced.into_inner();
    println!("catalog edit: {repriced} histories would have been re-priced unpinned");
    assert!(repriced > 0, "no history depended on the catalog's prices");
}

#[test]
fn a_stored_history_replays_to_the_same_ledger_without_its_fields_checked_again() {
    check("stored = checked", |h, l| {
        let n = h.events.len();
        for stored in [0, n / 2, n.saturating_sub(1), n] {
            let ledger = replay_stored(h, stored).expect("what replays, replays as stored");
            prop_assert_eq!(&ledger, l, "{} of {} events stored", stored, n);
        }
        Ok(())
    });
}

/// The removed `at_month_end`, as the reference: the whole ledger once `m` has ended, and the
/// summary of its month invoice.
fn summary_from_the_whole_ledger(h: &History, extra: &[Event], m: Month) -> Option<Summary> {
    let mut h = h.clone();
    let after = m.next().first_day();
    if h.today.is_some_and(|t| t < after) {
        h.today = Some(after);
    }
    what_if(&h, extra)
        .ok()?
        .invoices
        .into_iter()
        .find(|i| i.kind == InvoiceKind::Period && i.month == Some(m))?
        .summary
}

#[test]
fn a_months_summary_at_its_end_is_the_one_in_the_whole_ledger() {
    check("month-end summary", |h, l| {
        let (Some(first), Some((last, before))) = (h.events.first(), h.events.split_last()) else {
            return Ok(());
        };
        let (from, to) = (Month::of(first.on), Month::of(l.today));
        let months = (to.year - from.year) * 12 + to.month as i32 - from.month as i32;
        let mut middle = from;
        for _ in 0..months / 2 {
            middle = middle.next();
        }
        let prefix = History {
            events: before.to_vec(),
            ..h.clone()
        };
        for m in [from, middle, to, to.next()] {
            prop_assert_eq!(
                quote::month_end_summary(h, &[], m),
                summary_from_the_whole_ledger(h, &[], m),
                "{}",
                m
            );
            // The last event as the what-if's extra one gives the same summary.
            prop_assert_eq!(
                quote::month_end_summary(&prefix, std::slice::from_ref(last), m),
                summary_from_the_whole_ledger(&prefix, std::slice::from_ref(last), m),
                "{} with the last event as the extra one",
                m
            );
        }
        Ok(())
    });
}
