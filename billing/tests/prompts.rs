//! POLICY §8: the prompts agree with the balance. Once a renewal is matched, the expiry prompt
//! gives way to the rollover notice; the top-up prompt counts what the client can still use of
//! each seller's packs against that seller's most recently paid pack.

use billing::{History, Ledger, Prompt};
use serde_json::{Value, json};

fn replay(events: Value, today: &str) -> Ledger {
    let history: History = serde_json::from_value(json!({
        "catalog": {
            "currency": "USD", "vat_rate": "0", "standard_rate": "80.00",
            "pack_tiers": [
                { "id": "10h", "name": "10 h pack", "minutes": 600, "rate": "95.00",
                  "validity_months": 3, "seller": "developer" },
                { "id": "block", "name": "Agency block", "minutes": 300, "rate": "70.00",
                  "validity_months": 3, "seller": "agency" }
            ],
            "renewal_window_days": 14, "grace_days": 3,
            "rollover_effective_from": "2024-05-01", "commission": "0"
        },
        "account": { "id": "acme", "currency": "USD" },
        "today": today,
        "events": events,
    }))
    .unwrap();
    billing::replay(&history).unwrap()
}

fn order(on: &str, id: &str, tier: &str, seller: Option<&str>) -> Value {
    let mut e = json!({ "on": on, "type": "pack_ordered", "order": id, "tier": tier });
    if let Some(s) = seller {
        e["seller"] = json!(s);
    }
    e
}

fn paid(on: &str, id: &str) -> Value {
    json!({ "on": on, "type": "payment_recorded", "order": id, "reference": format!("PAY-{id}") })
}

fn work(on: &str, id: &str, minutes: u32, who: &str) -> Value {
    json!({
        "on": on, "type": "entry_logged", "id": id, "date": on, "minutes": minutes,
        "kind": "support", "title": "Work", "url": "https://t.example/1", "note": "",
        "technician": who
    })
}

fn kinds(l: &Ledger) -> Vec<&'static str> {
    l.prompts
        .iter()
        .map(|p| match p {
            Prompt::Expiring { .. } => "expiring",
            Prompt::RollingOver { .. } => "rolling_over",
            Prompt::LowBalance { .. } => "low_balance",
            Prompt::Upgrade { .. } => "upgrade",
        })
        .collect()
}

/// Ana's June pack (last valid day 2024-08-31) has 1 h 45 min left in late August.
fn nearly_used() -> Vec<Value> {
    vec![
        order("2024-06-01", "june", "10h", Some("ana")),
        paid("2024-06-01", "june"),
        work("2024-07-15", "w1", 495, "ana"),
    ]
}

#[test]
fn before_a_renewal_the_pack_expires_and_asks_for_a_top_up() {
    let l = replay(json!(nearly_used()), "2024-08-25");
    assert_eq!(kinds(&l), ["expiring", "low_balance"]);
    let Prompt::Expiring {
        minutes, renew_by, ..
    } = &l.prompts[0]
    else {
        unreachable!()
    };
    assert_eq!(minutes.get(), 105);
    assert_eq!(
        renew_by.map(|d| d.to_string()).as_deref(),
        Some("2024-09-03")
    );
}

#[test]
fn once_a_renewal_is_matched_the_minutes_are_announced_not_asked_for_again() {
    let mut events = nearly_used();
    events.push(order("2024-08-26", "sept", "10h", Some("ana")));
    events.push(paid("2024-08-26", "sept"));
    let l = replay(json!(events), "2024-08-27");
    assert_eq!(kinds(&l), ["rolling_over"], "{:#?}", l.prompts);
    let Prompt::RollingOver {
        minutes,
        into_order,
        paid_on,
        on,
        message,
        ..
    } = &l.prompts[0]
    else {
        unreachable!()
    };
    assert_eq!(
        (
            minutes.get(),
            into_order.as_str(),
            paid_on.to_string(),
            on.to_string()
        ),
        (105, "sept", "2024-08-26".into(), "2024-09-01".into())
    );
    assert_eq!(
        message,
        "1.75 h move into your pack of 2024-08-26 on 2024-09-01"
    );
}

#[test]
fn the_top_up_prompt_is_per_seller_and_counts_what_can_still_be_used() {
    let mut events = nearly_used();
    // The agency's block is full: only Ana's packs are low.
    events.push(order("2024-07-20", "block1", "block", None));
    events.push(paid("2024-07-20", "block1"));
    let l = replay(json!(events), "2024-08-10");
    assert_eq!(kinds(&l), ["low_balance"]);
    let Prompt::LowBalance {
        seller,
        available,
        own,
        ..
    } = &l.prompts[0]
    else {
        unreachable!()
    };
    assert_eq!(
        (seller.as_deref(), available.get(), own.get()),
        (Some("ana"), 105, 600)
    );

    // Ana's new pack, bought before the old one runs out: its buyer is not asked to top up.
    let mut renewed = events.clone();
    renewed.push(order("2024-08-12", "aug", "10h", Some("ana")));
    renewed.push(paid("2024-08-12", "aug"));
    let l = replay(json!(renewed), "2024-08-13");
    assert!(!kinds(&l).contains(&"low_balance"), "{:#?}", l.prompts);

    // The agency's block used down to 20 %: its own prompt, apart from Ana's.
    let mut both = events;
    both.push(work("2024-08-05", "w2", 240, "tom"));
    let l = replay(json!(both), "2024-08-10");
    let sellers: Vec<Option<String>> = l
        .prompts
        .iter()
        .filter_map(|p| match p {
            Prompt::LowBalance { seller, .. } => Some(seller.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sellers, [Some("ana".to_string()), None]);
}

/// A snapshot records what the client saw on its day: a refund recorded later does not reach
/// back into it (only the refund's own day and after see the pack gone).
#[test]
fn a_snapshot_keeps_the_top_up_prompt_a_later_refund_would_remove() {
    let mut events = nearly_used();
    events.push(json!({ "on": "2024-07-20", "type": "as_of" }));
    let before = replay(json!(events), "2024-07-25");
    events.push(json!({ "on": "2024-07-25", "type": "pack_refunded", "order": "june" }));
    let after = replay(json!(events), "2024-07-25");
    let prompts = |l: &Ledger| {
        let s = l.snapshots.first().expect("the snapshot of 2024-07-20");
        s.prompts
            .iter()
            .map(|p| matches!(p, Prompt::LowBalance { .. }))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        prompts(&before),
        [true],
        "105 min of 600 left: asked to top up"
    );
    assert_eq!(
        prompts(&after),
        prompts(&before),
        "the refund of 2024-07-25 does not change what the snapshot of 2024-07-20 showed"
    );
    assert!(
        kinds(&after).is_empty(),
        "today, after the refund, nothing is left to top up"
    );
}
