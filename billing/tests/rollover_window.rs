//! POLICY §9 E1, continued: the renewal window's bounds, through what-if histories.

/// E1 goes on: "a pack paid 11-16..12-03 would receive those 240" — and one paid a day
/// outside that window would not.
#[test]
fn e1_renewal_window_bounds() {
    let path = format!(
        "{}/replays/e1_rollover_renewed.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let base: billing::History =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for (paid, receives) in [
        ("2024-11-15", 0),
        ("2024-11-16", 240),
        ("2024-12-03", 240),
        ("2024-12-04", 0),
    ] {
        let mut h = base.clone();
        h.events.retain(|e| e.what != billing::EventKind::AsOf);
        let on = billing::dates::parse_date(paid).unwrap();
        let order = |what| billing::Event { on, what };
        h.events.push(order(billing::EventKind::PackOrdered {
            order: "renewal".into(),
            tier: "10h".into(),
            hours: None,
            seller: Some("dev-ana".into()),
            terms: None,
        }));
        h.events.push(order(billing::EventKind::PaymentRecorded {
            order: "renewal".into(),
            reference: "PAY-9".into(),
            at: None,
        }));
        h.today = Some(on.max(billing::dates::parse_date("2024-12-01").unwrap()));
        let ledger = billing::replay(&h).unwrap();
        let got = ledger
            .lots
            .iter()
            .find(|l| &*l.id == "rollover:renewal")
            .map_or(0, |l| l.granted.get());
        assert_eq!(got, receives, "renewal paid {paid}");
    }
}
