//! Time as people type it (POLICY §1: work is counted in whole minutes). A minutes field
//! accepts `90` (minutes), `1:30` (hours:minutes), `1h 30m`, `1 h 30 min`, `2h`, `45 min`, and
//! decimal hours with a point or a comma, `1.5h` or `1,5 h`; German (`Std`) and Slovenian (`ur`)
//! hour words too. Anything else is refused with a message that says how to write it. The
//! browser calls this same function to show what it understood ("= 1 h 30 min") as you type.

use crate::error::ParseError;
use crate::money::Minutes;

/// The words that mark hours and minutes, lower case.
const HOUR_WORDS: &[&str] = &[
    "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "ura", "ure", "ur",
];
const MINUTE_WORDS: &[&str] = &[
    "m", "min", "mins", "minute", "minutes", "minuten", "minut", "minuta", "minut",
];

/// The most digits a number in a duration may have: nothing real needs more, and it keeps
/// every sum far from overflowing.
const MAX_DIGITS: usize = 7;

/// `raw` as a number of minutes (not yet checked against a field's bounds).
pub fn parse_duration(raw: &str, what: &'static str) -> Result<Minutes, ParseError> {
    let text = raw.trim().to_lowercase();
    if text.is_empty() {
        return Err(ParseError::Missing(what.into()));
    }
    if text.starts_with('-') || text.starts_with('−') {
        return Err(ParseError::Negative(what.into()));
    }
    let not_a_duration = || ParseError::NotADuration(what.into());
    if let Some(n) = whole(&text) {
        return Ok(Minutes::new(n));
    }
    if let Some((h, m)) = text.split_once(':') {
        let (h, m) = (whole(h.trim()), whole(m.trim()));
        return match (h, m) {
            (Some(h), Some(m)) if m < 60 => Ok(Minutes::new(h * 60 + m)),
            _ => Err(not_a_duration()),
        };
    }
    if decimal(&text).is_some() {
        // "1.5" alone: hours or minutes? Minutes are whole, so it must be hours: say so.
        return Err(ParseError::DecimalWithoutUnit {
            what: what.into(),
            typed: text.chars().take(12).collect(),
        });
    }
    with_units(&text).ok_or_else(not_a_duration)?
}

/// "1h 30m", "1.5 h", "45 min": each part a number and a unit, hours before minutes.
fn with_units(text: &str) -> Option<Result<Minutes, ParseError>> {
    let mut rest = text;
    let (mut hours, mut minutes) = (None, None);
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(digits);
        let after = after.trim_start();
        let word_len = after
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(after.len());
        let (word, after) = after.split_at(word_len);
        rest = after.trim_start();
        if HOUR_WORDS.contains(&word) && hours.is_none() && minutes.is_none() {
            hours = Some(decimal(number)?);
        } else if MINUTE_WORDS.contains(&word) && minutes.is_none() {
            minutes = Some(whole(number)?);
        } else {
            return None;
        }
    }
    let (hundredths, minutes) = (hours.unwrap_or(0), minutes.unwrap_or(0));
    // Hours come in hundredths: 1.5 h = 150 hundredths = 90 minutes; 1.01 h is not whole.
    if hundredths * 60 % 100 != 0 {
        return Some(Err(ParseError::NotWholeMinutes));
    }
    Some(Ok(Minutes::new(hundredths * 60 / 100 + minutes)))
}

/// A whole number of at most [`MAX_DIGITS`] digits.
fn whole(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= MAX_DIGITS && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A number with at most two decimals after a point or a comma, in hundredths.
fn decimal(s: &str) -> Option<u32> {
    let (int, frac) = match s.split_once(['.', ',']) {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    let int = if int.is_empty() && !frac.is_empty() {
        0
    } else {
        whole(int)?
    };
    let frac = match frac.len() {
        0 => 0,
        1 => whole(frac)? * 10,
        2 => whole(frac)?,
        _ => return None,
    };
    Some(int * 100 + frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(raw: &str) -> Result<u32, ParseError> {
        parse_duration(raw, "minutes").map(Minutes::get)
    }

    #[test]
    fn the_ways_people_write_ninety_minutes() {
        for raw in [
            "90",
            " 90 ",
            "1:30",
            "1h 30m",
            "1h30m",
            "1 h 30 min",
            "1.5h",
            "1,5 h",
            "1.5 hours",
            "1 Std 30 Min",
            "1,5 ur",
            "90 min",
            "90m",
            "1H 30M",
        ] {
            assert_eq!(min(raw), Ok(90), "{raw}");
        }
        assert_eq!(min("2h"), Ok(120));
        assert_eq!(min("0:45"), Ok(45));
        assert_eq!(min(".5h"), Ok(30));
        assert_eq!(min("1.25 h"), Ok(75));
        assert_eq!(
            min("0"),
            Ok(0),
            "zero parses; the field's own bound refuses it"
        );
    }

    #[test]
    fn everything_else_is_refused_with_a_way_to_write_it() {
        assert_eq!(min(""), Err(ParseError::Missing("minutes".into())));
        assert_eq!(min("-5"), Err(ParseError::Negative("minutes".into())));
        assert_eq!(
            min("1,5"),
            Err(ParseError::DecimalWithoutUnit {
                what: "minutes".into(),
                typed: "1,5".into()
            })
        );
        assert_eq!(min("1.01h"), Err(ParseError::NotWholeMinutes));
        for raw in [
            "abc", "1:75", "1:", ":30", "1h 2h", "30m 1h", "1.5m", "1.234h", "1 day", "12345678",
            "1..5h", "h", "½h",
        ] {
            assert_eq!(
                min(raw),
                Err(ParseError::NotADuration("minutes".into())),
                "{raw}"
            );
        }
        let message = ParseError::DecimalWithoutUnit {
            what: "minutes".into(),
            typed: "1,5".into(),
        }
        .to_string();
        assert_eq!(
            message,
            "1,5 is not a whole number of minutes; for hours, write 1,5 h"
        );
        assert!(!message.contains("got"));
    }
}
