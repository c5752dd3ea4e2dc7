//! Business-hours arithmetic over random calendars and intervals (issue #15): a duration is
//! never negative nor longer than the clock time, and splitting an interval anywhere adds up.
//! Zones include a 30-minute daylight-saving shift (Lord Howe) and one without (Kolkata).

use billing::business_hours::Calendar;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

const ZONES: [&str; 6] = [
    "Europe/Ljubljana",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "UTC",
];

fn calendar() -> impl Strategy<Value = Calendar> {
    (
        prop::array::uniform7(any::<bool>()),
        0u32..=95,
        1u32..=96,
        0usize..ZONES.len(),
        prop::collection::vec(0i64..1_100, 0..20),
    )
        .prop_filter_map(
            "a calendar with a working day and a window",
            |(days, a, b, z, hol)| {
                let (opens, closes) = (a.min(b) * 15, a.max(b) * 15);
                let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
                let base = NaiveDate::from_ymd_opt(2025, 1, 1)?;
                let holidays = hol.into_iter().map(|d| base + Duration::days(d));
                Calendar::new(days, &clock(opens), &clock(closes), ZONES[z], holidays).ok()
            },
        )
}

/// An instant from 2025 to 2027, to the minute.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..3 * 366 * 24 * 60)
        .prop_map(|m| Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(m))
}

fn cases() -> u32 {
    std::env::var("HOURBANK_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn a_duration_is_never_negative_nor_longer_than_the_clock(
        c in calendar(), a in instant(), b in instant(),
    ) {
        let d = c.between(a, b);
        prop_assert!(d >= Duration::zero());
        if b <= a {
            prop_assert_eq!(d, Duration::zero());
        } else {
            prop_assert!(d <= b - a, "{} > {}", d, b - a);
        }
    }

    #[test]
    fn splitting_an_interval_adds_up(
        c in calendar(), x in instant(), y in instant(), z in instant(),
    ) {
        let mut t = [x, y, z];
        t.sort();
        let [a, b, e] = t;
        prop_assert_eq!(c.between(a, e), c.between(a, b) + c.between(b, e));
    }

    #[test]
    fn a_week_of_a_weekday_calendar_is_five_windows_without_holidays(start in instant()) {
        // Monday to Friday 09:00–17:00 in UTC, no holidays: any 7 days hold exactly 40 hours.
        let c = Calendar::weekdays("09:00", "17:00", "UTC", []).unwrap();
        prop_assert_eq!(c.between(start, start + Duration::days(7)), Duration::hours(40));
    }
}
