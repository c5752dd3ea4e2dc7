//! The demo's service levels and helpdesk tickets, seeded by `hourbank serve` with the demo
//! accounts: Mon–Fri 09:00–17:00 in Berlin with the German public holidays, targets for the
//! maintenance plans and for urgent tickets, and six months of Acme's tickets dated relative to
//! today. The integration tests start without them, to test a deployment that has none.

use std::collections::BTreeMap;

use api::tickets::TicketTimes;
use billing::sla::{CalendarSpec, SlaSettings, Targets};
use billing::{Minutes, Month};
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use super::{Audit, DEMO_ACCOUNT_ID, Db, StorageError};

fn hours(response: u32, resolution: Option<u32>) -> Targets {
    Targets {
        response: Some(Minutes::new(response * 60)),
        resolution: resolution.map(|h| Minutes::new(h * 60)),
    }
}

/// The demo agency's service levels.
pub fn demo_service_levels() -> SlaSettings {
    let holidays = [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-05-25",
        "2026-10-03",
        "2026-12-25",
        "2026-12-26",
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
    ];
    SlaSettings {
        calendar: CalendarSpec {
            days: [true, true, true, true, true, false, false],
            opens: "09:00".into(),
            closes: "17:00".into(),
            zone: "Europe/Berlin".into(),
            holidays: holidays
                .iter()
                .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .collect(),
        },
        plans: BTreeMap::from([
            ("m".to_string(), hours(16, Some(40))),
            ("l".to_string(), hours(12, Some(24))),
            ("xl".to_string(), hours(8, Some(16))),
        ]),
        without_plan: hours(24, None),
        priorities: BTreeMap::from([("urgent".to_string(), hours(4, Some(8)))]),
    }
}

/// Acme's tickets: a few per working week over this month (before today) and the five before
/// it, answered and resolved after varying delays, some still open.
pub fn demo_tickets(today: NaiveDate) -> Vec<TicketTimes> {
    let mut out = Vec::new();
    let mut month = Month::of(today);
    for _ in 0..5 {
        month = month.prev();
    }
    let mut n: u32 = 0;
    let mut day = month.first_day();
    while day < today {
        let weekday = day.weekday();
        if !matches!(weekday, Weekday::Sat | Weekday::Sun) && !day.day().is_multiple_of(3) {
            n += 1;
            // 08:00–15:00 UTC (09:00–16:00 in Berlin in winter).
            let created = Utc
                .with_ymd_and_hms(
                    day.year(),
                    day.month(),
                    day.day(),
                    8 + n % 7,
                    (n * 17) % 60,
                    0,
                )
                .single();
            if let Some(created) = created {
                let response = created + Duration::minutes(i64::from(20 + (n * 37) % 300));
                let resolved = response + Duration::minutes(i64::from(60 + (n * 97) % 1800));
                let today_start = Utc
                    .with_ymd_and_hms(today.year(), today.month(), today.day(), 0, 0, 0)
                    .single()
                    .unwrap_or(resolved);
                out.push(TicketTimes {
                    ticket_id: format!("HD-{}", 4000 + n),
                    priority: Some(
                        if n.is_multiple_of(9) {
                            "urgent"
                        } else {
                            "normal"
                        }
                        .to_string(),
                    ),
                    created_at: created,
                    first_response_at: (response < today_start).then_some(response),
                    resolved_at: (resolved < today_start && !n.is_multiple_of(11))
                        .then_some(resolved),
                });
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out
}

/// Save the demo's service levels and Acme's tickets, once (nothing when service levels are
/// saved already).
pub async fn seed_demo_service(db: &Db, today: NaiveDate) -> Result<(), StorageError> {
    if db.service_levels().await?.is_some() {
        return Ok(());
    }
    let audit = Audit {
        at: Utc::now(),
        actor: None,
        address: "local".into(),
        action: "service_levels_saved",
        subject: None,
        account_id: None,
        detail: "demo".into(),
    };
    db.set_service_levels(&demo_service_levels(), &audit)
        .await?;
    for t in demo_tickets(today) {
        db.record_ticket(DEMO_ACCOUNT_ID, &t, None)
            .await
            .map_err(|e| StorageError::Corrupt(format!("demo ticket {}: {e}", t.ticket_id)))?;
    }
    Ok(())
}
