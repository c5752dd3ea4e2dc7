//! `billing::plan_on`: which plan is in effect on a day (POLICY §4: a change applies from the
//! 1st of the month after it is made), the header's "plan" and "from next month".

fn e4() -> billing::History {
    let path = format!(
        "{}/replays/e4_carryover_and_overage.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn day(s: &str) -> chrono::NaiveDate {
    billing::dates::parse_date(s).unwrap()
}

#[test]
fn a_change_applies_from_the_next_month() {
    let mut h = e4();
    let id = |d: &str, h: &billing::History| billing::plan_on(h, day(d)).unwrap().map(|p| p.id);
    assert_eq!(id("2025-02-20", &h).as_deref(), Some("L"));
    h.events.push(billing::Event {
        on: day("2025-03-01"),
        what: billing::EventKind::PlanChanged {
            plan: "M".into(),
            terms: None,
        },
    });
    assert_eq!(
        id("2025-03-01", &h).as_deref(),
        Some("L"),
        "this month stays on L"
    );
    assert_eq!(id("2025-03-31", &h).as_deref(), Some("L"));
    assert_eq!(
        id("2025-04-01", &h).as_deref(),
        Some("M"),
        "M from the 1st of next month"
    );
    h.events.push(billing::Event {
        on: day("2025-03-01"),
        what: billing::EventKind::PlanEnded {
            last_day: day("2025-05-31"),
        },
    });
    assert_eq!(id("2025-05-31", &h).as_deref(), Some("M"));
    assert_eq!(id("2025-06-01", &h), None, "no plan after its last day");
    // Before the first subscription there is none either.
    assert_eq!(id("2024-12-31", &h), None);
}
