//! Business hours (SLA figures, issue #15): how much of an interval falls inside a business
//! calendar's working time — working weekdays, one opening window a day, in the calendar's
//! time zone, without its public holidays. Pure: the tz database is data, the instants are
//! inputs. A response time of "4 business hours" is `Calendar::between(created, responded)`.
//!
//! Each working day's window is placed on the calendar's local clock, so a day when the clocks
//! change keeps its local opening hours (09:00–17:00 is 8 hours on both sides of a change); a
//! window that includes the skipped hour is an hour shorter, one that includes the repeated
//! hour an hour longer — as a wall clock in that place would count it.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The longest interval measured: ten years. Longer ones count as ten years of working time
/// (a ticket open that long has broken every target anyway), so one call's work is bounded.
pub const MAX_SPAN_DAYS: i64 = 3_660;

/// The most public holidays a calendar lists (a decade of them).
pub const MAX_HOLIDAYS: usize = 400;

/// Minutes in a day: a window may close at 24:00.
const DAY_MINUTES: u32 = 24 * 60;

/// Why a calendar was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("choose at least one working day")]
    NoWorkingDay,
    #[error(
        "opening time {opens} must be before closing time {closes} (times as HH:MM, 00:00 to 24:00)"
    )]
    BadWindow { opens: String, closes: String },
    #[error("unknown time zone \"{0}\" (use an IANA name such as Europe/Ljubljana)")]
    UnknownZone(String),
    #[error("at most {MAX_HOLIDAYS} public holidays")]
    TooManyHolidays,
}

/// A business calendar: which weekdays are worked, the daily window, the zone, the holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Monday first.
    days: [bool; 7],
    /// Minutes after local midnight: `opens < closes <= 1440`.
    opens: u32,
    closes: u32,
    zone: Tz,
    holidays: BTreeSet<NaiveDate>,
}

/// "HH:MM" (00:00 to 24:00) as minutes after midnight.
fn parse_clock(raw: &str) -> Option<u32> {
    let (h, m) = raw.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

impl Calendar {
    /// `days` Monday first; `opens` and `closes` as HH:MM in `zone` (an IANA name).
    pub fn new(
        days: [bool; 7],
        opens: &str,
        closes: &str,
        zone: &str,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, CalendarError> {
        if !days.contains(&true) {
            return Err(CalendarError::NoWorkingDay);
        }
        let window = match (parse_clock(opens), parse_clock(closes)) {
            (Some(o), Some(c)) if o < c => (o, c),
            _ => {
                return Err(CalendarError::BadWindow {
                    opens: opens.to_string(),
                    closes: closes.to_string(),
                });
            }
        };
        let zone: Tz = zone
            .trim()
            .parse()
            .map_err(|_| CalendarError::UnknownZone(zone.to_string()))?;
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        if holidays.len() > MAX_HOLIDAYS {
            return Err(CalendarError::TooManyHolidays);
        }
        Ok(Calendar {
            days,
            opens: window.0,
            closes: window.1,
            zone,
            holidays,
        })
    }

    /// Monday to Friday, `opens`–`closes`, in `zone`, without `holidays`.
    pub fn weekdays(
        opens: &str,
        closes: &str,
        zone: &str,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, CalendarError> {
        let days = [true, true, true, true, true, false, false];
        Calendar::new(days, opens, closes, zone, holidays)
    }

    /// The local date at instant `at`.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The first instant of the local date `day`.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        self.instant(day, 0)
    }

    /// Is `day` (a local date) worked?
    pub fn works_on(&self, day: NaiveDate) -> bool {
        let weekday = day.weekday().num_days_from_monday() as usize;
        self.days[weekday] && !self.holidays.contains(&day)
    }

    /// The instant the local clock shows `minute` (after midnight, up to 1440) on `day`. In a
    /// skipped hour: the first instant after it; in a repeated hour: the first of the two.
    fn instant(&self, day: NaiveDate, minute: u32) -> DateTime<Utc> {
        let (day, minute) = if minute == DAY_MINUTES {
            (day.succ_opt().unwrap_or(day), 0)
        } else {
            (day, minute)
        };
        let time =
            NaiveTime::from_num_seconds_from_midnight_opt(minute * 60, 0).unwrap_or(NaiveTime::MIN);
        let mut local = NaiveDateTime::new(day, time);
        // A skipped hour (spring forward) has no instant: move on to where the clock resumes.
        for _ in 0..16 {
            if let Some(t) = self.zone.from_local_datetime(&local).earliest() {
                return t.with_timezone(&Utc);
            }
            local += Duration::minutes(15);
        }
        Utc.from_utc_datetime(&local)
    }

    /// The business time between `from` and `to`: the seconds of working windows inside the
    /// interval. Zero when `to` is not after `from`; never more than `to - from`.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        let to = to.min(from + Duration::days(MAX_SPAN_DAYS));
        // A window belongs to its local date; a day before the first and after the last local
        // date covers windows that a zone's offset moves across midnight in UTC.
        let first = from.with_timezone(&self.zone).date_naive().pred_opt();
        let last = to.with_timezone(&self.zone).date_naive().succ_opt();
        let (Some(first), Some(last)) = (first, last) else {
            return Duration::zero();
        };
        let mut total = Duration::zero();
        let mut day = first;
        while day <= last {
            if self.works_on(day) {
                let open = self.instant(day, self.opens).max(from);
                let close = self.instant(day, self.closes).min(to);
                if close > open {
                    total += close - open;
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        total
    }

    /// [`Calendar::between`] in whole minutes, rounded down.
    pub fn minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.between(from, to).num_minutes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn ljubljana(holidays: &[&str]) -> Calendar {
        let holidays = holidays.iter().map(|d| d.parse().unwrap());
        Calendar::weekdays("09:00", "17:00", "Europe/Ljubljana", holidays).unwrap()
    }

    #[test]
    fn a_calendar_says_what_is_wrong_with_it() {
        assert_eq!(
            Calendar::new([false; 7], "09:00", "17:00", "UTC", []),
            Err(CalendarError::NoWorkingDay)
        );
        for (o, c) in [
            ("17:00", "09:00"),
            ("9", "17:00"),
            ("09:00", "24:01"),
            ("09:60", "10:00"),
        ] {
            assert!(matches!(
                Calendar::weekdays(o, c, "UTC", []),
                Err(CalendarError::BadWindow { .. })
            ));
        }
        assert_eq!(
            Calendar::weekdays("09:00", "17:00", "Mars/Olympus", []),
            Err(CalendarError::UnknownZone("Mars/Olympus".into()))
        );
        assert!(Calendar::weekdays("00:00", "24:00", "UTC", []).is_ok());
    }

    #[test]
    fn within_one_working_day_it_is_the_clock_time() {
        // 10:00 to 14:30 in Ljubljana (CET, UTC+1), a Tuesday.
        let c = ljubljana(&[]);
        assert_eq!(
            c.minutes_between(at("2026-03-03T09:00:00Z"), at("2026-03-03T13:30:00Z")),
            270
        );
        // Before opening and after closing count nothing.
        assert_eq!(
            c.minutes_between(at("2026-03-03T05:00:00Z"), at("2026-03-03T08:00:00Z")),
            0
        );
        assert_eq!(
            c.minutes_between(at("2026-03-03T16:00:00Z"), at("2026-03-03T20:00:00Z")),
            0
        );
    }

    #[test]
    fn a_weekend_is_not_counted() {
        // Friday 15:00 to Monday 11:00, Ljubljana: 2 h on Friday, 2 h on Monday.
        let c = ljubljana(&[]);
        assert_eq!(
            c.minutes_between(at("2026-03-06T14:00:00Z"), at("2026-03-09T10:00:00Z")),
            240
        );
    }

    #[test]
    fn a_public_holiday_is_not_counted() {
        // Thursday 16:00 to Monday 10:00 with Friday a holiday: 1 h + 1 h.
        let c = ljubljana(&["2026-03-06"]);
        assert_eq!(
            c.minutes_between(at("2026-03-05T15:00:00Z"), at("2026-03-09T09:00:00Z")),
            120
        );
    }

    #[test]
    fn a_clock_change_keeps_local_opening_hours() {
        // Europe/Ljubljana moves from UTC+1 to UTC+2 on Sunday 29 March 2026 at 02:00.
        // Friday 27 March 16:00 (15:00Z) to Monday 30 March 10:00 (08:00Z): 1 h + 1 h.
        let c = ljubljana(&[]);
        assert_eq!(
            c.minutes_between(at("2026-03-27T15:00:00Z"), at("2026-03-30T08:00:00Z")),
            120
        );
        // A whole Monday after the change is still 8 hours (07:00Z to 15:00Z).
        assert_eq!(
            c.minutes_between(at("2026-03-30T00:00:00Z"), at("2026-03-31T00:00:00Z")),
            480
        );
        // A round-the-clock calendar counts the short day as 23 hours and the long one as 25.
        let every = [true; 7];
        let c = Calendar::new(every, "00:00", "24:00", "Europe/Ljubljana", []).unwrap();
        assert_eq!(
            c.minutes_between(at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z")),
            23 * 60
        );
        assert_eq!(
            c.minutes_between(at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z")),
            25 * 60
        );
    }

    #[test]
    fn an_interval_the_wrong_way_round_is_zero_and_a_huge_one_is_bounded() {
        let c = ljubljana(&[]);
        assert_eq!(
            c.between(at("2026-03-04T12:00:00Z"), at("2026-03-03T12:00:00Z")),
            Duration::zero()
        );
        let decade = c.between(at("2000-01-01T00:00:00Z"), at("2190-01-01T00:00:00Z"));
        assert!(decade <= Duration::days(MAX_SPAN_DAYS));
        assert!(decade > Duration::days(800), "{decade}");
    }
}
