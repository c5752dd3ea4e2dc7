//! Calendar arithmetic of POLICY §1 and §2.1: calendar months, clamped month addition.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ParseError;

/// A calendar month, e.g. `2024-06`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("month is valid by construction")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("not the first day ever")
    }

    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month `n` months later.
    pub fn plus(self, n: u32) -> Month {
        let idx = self.year * 12 + (self.month as i32 - 1) + n as i32;
        Month {
            year: idx.div_euclid(12),
            month: idx.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        Month::of(d) == self
    }
}

impl FromStr for Month {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseError::BadMonth(s.chars().take(20).collect());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(FIRST_DAY.year()..=LAST_DAY.year()).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The first day Hourbank's calendar knows (docs/POLICY.md, "Dates"): every date of a history
/// lies between this day and [`LAST_DAY`], so no input can make a replay walk centuries.
pub const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
/// The last day Hourbank's calendar knows.
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2199, 12, 31).expect("a valid date");
/// How far before the day it is recorded an event may date what it records (work done, a
/// vendor's invoice, a plan's start or end): one year and a day.
pub const MAX_DAYS_BACK: i64 = 366;
/// How far after the day it is recorded a plan may start or end.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// Is `d` inside Hourbank's calendar ([`FIRST_DAY`] ..= [`LAST_DAY`])?
pub fn in_calendar(d: NaiveDate) -> bool {
    (FIRST_DAY..=LAST_DAY).contains(&d)
}

/// Parse a `YYYY-MM-DD` date given by a person: a real day inside Hourbank's calendar.
pub fn parse_date(raw: &str) -> Result<NaiveDate, ParseError> {
    let cut = || raw.chars().take(20).collect::<String>();
    let t = raw.trim();
    // Exactly four digits of year: chrono alone also takes "-262143-01-01" and "+10000-01-01".
    if t.len() != 10 || !t.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return Err(ParseError::BadDate(cut()));
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| ParseError::BadDate(cut()))?;
    if !in_calendar(d) {
        return Err(ParseError::DateOutOfRange(cut()));
    }
    Ok(d)
}

/// POLICY §2.1: (paid + n calendar months, day clamped to the target month) − 1 day.
pub fn pack_last_valid_day(paid: NaiveDate, validity_months: u32) -> NaiveDate {
    // chrono's `checked_add_months` clamps the day to the target month's length.
    let target = paid
        .checked_add_months(Months::new(validity_months))
        .expect("date in range");
    target - Days::new(1)
}

pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d + chrono::Duration::days(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn rules_2_1_validity_examples() {
        assert_eq!(pack_last_valid_day(d("2024-06-01"), 3), d("2024-08-31"));
        assert_eq!(pack_last_valid_day(d("2024-09-01"), 3), d("2024-11-30"));
        assert_eq!(pack_last_valid_day(d("2024-11-30"), 3), d("2025-02-27"));
    }

    #[test]
    fn months() {
        let m: Month = "2024-02".parse().unwrap();
        assert_eq!(m.days(), 29);
        assert_eq!(m.plus(11).to_string(), "2025-01");
        assert_eq!(m.prev().to_string(), "2024-01");
        assert!("2024-13".parse::<Month>().is_err());
        assert!("24-01".parse::<Month>().is_err());
        assert!("1999-12".parse::<Month>().is_err());
        assert!("2200-01".parse::<Month>().is_err());
    }

    #[test]
    fn dates_outside_the_calendar_are_refused_at_parsing() {
        for bad in [
            "-262143-01-01",
            "0000-01-01",
            "1900-01-01",
            "1999-12-31",
            "2200-01-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            parse_date("1900-01-01"),
            Err(ParseError::DateOutOfRange(_))
        ));
        assert_eq!(parse_date(" 2000-01-01 ").unwrap(), FIRST_DAY);
        assert_eq!(parse_date("2199-12-31").unwrap(), LAST_DAY);
        assert!(parse_date("2024-02-30").is_err());
        assert!(parse_date("2024-2-3").is_err());
    }
}
