//! The accounts the benchmark and the timing example replay (shared by `#[path]`).

use billing::*;
use chrono::{Datelike, Days, NaiveDate};

pub fn catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({
        "currency": "EUR", "vat_rate": "22", "standard_rate": "60.00",
        "rollover_effective_from": "2024-05-01",
        "plans": [
            {"id": "M", "name": "M", "kind": "maintenance", "fee": "60.00", "included_minutes": 60, "overage_rate": "50.00"},
            {"id": "L", "name": "L", "kind": "maintenance", "fee": "100.00", "included_minutes": 600, "overage_rate": "50.00",
             "rounding_increment_minutes": 15}
        ],
        "pack_tiers": [
            {"id": "10h", "name": "10 h", "minutes": 600, "rate": "95.00", "validity_months": 3, "seller": "developer"}
        ]
    }))
    .unwrap()
}

/// One account: plan L, `entries` entries spread over 2025, a pack every quarter, monthly closes.
pub fn account(id: usize, entries: usize) -> History {
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut events = vec![Event {
        on: start,
        what: EventKind::PlanSubscribed {
            plan: "L".into(),
            start,
            terms: None,
        },
    }];
    let mut month = 1;
    for i in 0..entries {
        let day = start + Days::new((i * 365 / entries) as u64);
        if day.month() != month {
            let m = Month::of(day).prev();
            events.push(Event {
                on: day,
                what: EventKind::MonthClosed { month: m },
            });
            month = day.month();
            if month % 3 == 1 {
                let order = format!("o{month}");
                events.push(Event {
                    on: day,
                    what: EventKind::PackOrdered {
                        order: order.clone(),
                        tier: "10h".into(),
                        hours: None,
                        seller: Some("dev-a".into()),
                        terms: None,
                    },
                });
                events.push(Event {
                    on: day,
                    what: EventKind::PaymentRecorded {
                        order,
                        reference: format!("R{month}"),
                        at: None,
                    },
                });
            }
        }
        events.push(Event {
            on: day,
            what: EventKind::EntryLogged(WorkEntry {
                id: format!("a{id}-e{i}").into(),
                date: day,
                minutes: Minutes::new(5 + (i * 37 % 90) as u32),
                kind: [
                    EntryKind::Support,
                    EntryKind::Project,
                    EntryKind::Billable,
                    EntryKind::Support,
                ][i % 4],
                title: "Ticket".into(),
                url: Some("https://t.example/1".into()),
                note: "".into(),
                technician: if i % 3 == 0 {
                    "dev-a".into()
                } else {
                    "tech-b".into()
                },
                quote: None,
                external: None,
            }),
        });
    }
    History {
        catalog: catalog(),
        account: AccountTerms {
            id: format!("a{id}"),
            currency: Currency::parse("EUR").unwrap(),
            reverse_charge: false,
            vat_rate: None,
            standard_rate: None,
        },
        today: events.last().map(|e| e.on),
        events,
    }
}

pub fn minutes_of(h: &History) -> Vec<Minutes> {
    h.events
        .iter()
        .filter_map(|e| match &e.what {
            EventKind::EntryLogged(w) => Some(w.minutes),
            _ => None,
        })
        .collect()
}
