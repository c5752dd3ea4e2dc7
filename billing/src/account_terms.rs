//! An account's own terms over time (POLICY §9 "Changing prices"): reverse charge, and a VAT
//! rate and standard rate that win over the catalog's. They are set when the account is opened
//! and change only from the 1st of a later month, through a `terms_changed` event, so no
//! invoice already issued — nor the open month's — reads different terms after a change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog_edit::{Fields, optional};
use crate::dates::{MAX_DAYS_AHEAD, Month};
use crate::error::RuleViolation;
use crate::events::{AccountTerms, EventKind, FieldError, History};
use crate::money::{Percent, Rate};

/// The account's terms in force from `from` (the 1st of a month; `NaiveDate::MIN` for the
/// terms the account was opened with). None: the catalog's rate on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsFrom {
    pub from: NaiveDate,
    pub reverse_charge: bool,
    pub vat_rate: Option<Percent>,
    pub standard_rate: Option<Rate>,
}

/// The terms from the opening on, one entry per change, sorted by `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsTimeline(Vec<TermsFrom>);

impl TermsTimeline {
    pub fn opening(a: &AccountTerms) -> TermsTimeline {
        TermsTimeline(vec![TermsFrom {
            from: NaiveDate::MIN,
            reverse_charge: a.reverse_charge,
            vat_rate: a.vat_rate,
            standard_rate: a.standard_rate,
        }])
    }

    /// The account's terms as of every recorded change (events already checked by a replay).
    pub fn of(h: &History) -> TermsTimeline {
        let mut t = TermsTimeline::opening(&h.account);
        for e in &h.events {
            if let Some(change) = e.what.terms_from() {
                t.set(change);
            }
        }
        t
    }

    /// A change says "from `from` on, these terms": it replaces any change scheduled for the
    /// same day or later.
    pub fn set(&mut self, change: TermsFrom) {
        debug_assert!(
            change.from > NaiveDate::MIN,
            "the opening terms are never replaced"
        );
        self.0.retain(|t| t.from < change.from);
        self.0.push(change);
    }

    pub fn on(&self, d: NaiveDate) -> &TermsFrom {
        let i = self.0.partition_point(|t| t.from <= d);
        // The opening entry is dated NaiveDate::MIN, so i ≥ 1.
        &self.0[i.max(1) - 1]
    }

    /// The terms once every scheduled change has taken effect.
    pub fn latest(&self) -> &TermsFrom {
        self.0.last().expect("the opening terms are always there")
    }

    /// Changes that take effect after `d`, soonest first.
    pub fn after(&self, d: NaiveDate) -> &[TermsFrom] {
        let i = self.0.partition_point(|t| t.from <= d);
        &self.0[i..]
    }
}

impl EventKind {
    /// The terms a `terms_changed` event sets.
    pub fn terms_from(&self) -> Option<TermsFrom> {
        match self {
            EventKind::TermsChanged {
                from,
                reverse_charge,
                vat_rate,
                standard_rate,
            } => Some(TermsFrom {
                from: from.first_day(),
                reverse_charge: *reverse_charge,
                vat_rate: *vat_rate,
                standard_rate: *standard_rate,
            }),
            _ => None,
        }
    }
}

/// The first month new terms may start in when they are recorded on `on`: the next one, so
/// that the open month keeps the terms it began with.
pub fn first_month_of_change(on: NaiveDate) -> Month {
    Month::of(on).next()
}

/// New terms start in a month after `on`'s, at most `MAX_DAYS_AHEAD` days ahead.
pub(crate) fn check_from(from: Month, on: NaiveDate) -> Result<Month, RuleViolation> {
    let first = first_month_of_change(on);
    if from < first {
        return Err(RuleViolation::RatesFromTooEarly {
            first: first.first_day().to_string(),
        });
    }
    if (from.first_day() - on).num_days() > MAX_DAYS_AHEAD {
        return Err(RuleViolation::DateTooFarAhead {
            what: "the new terms' first day".into(),
            date: from.first_day().to_string(),
            on: on.to_string(),
            max_days: MAX_DAYS_AHEAD,
        });
    }
    Ok(from)
}

/// The raw fields of the account terms form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsForm {
    /// `YYYY-MM`.
    pub from: String,
    /// Empty: the catalog's.
    pub vat_rate: String,
    /// Empty: the catalog's.
    pub standard_rate: String,
    /// `true` when checked.
    #[serde(default)]
    pub reverse_charge: String,
}

impl TermsForm {
    /// The `terms_changed` event this form asks for on `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<EventKind, Vec<FieldError>> {
        let mut f = Fields::default();
        let from = f
            .take("from", self.from.trim().parse::<Month>())
            .and_then(|m| f.take("from", check_from(m, today)));
        let vat = f.take(
            "vat_rate",
            optional(&self.vat_rate).map(Percent::parse).transpose(),
        );
        let standard = f.take(
            "standard_rate",
            optional(&self.standard_rate).map(Rate::parse).transpose(),
        );
        let reverse_charge = matches!(self.reverse_charge.trim(), "true" | "on");
        let change = (|| {
            Some(EventKind::TermsChanged {
                from: from?,
                reverse_charge,
                vat_rate: vat?,
                standard_rate: standard?,
            })
        })();
        f.done(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn change(from: &str, vat: &str) -> TermsFrom {
        TermsFrom {
            from: day(from),
            reverse_charge: false,
            vat_rate: Some(Percent::parse(vat).unwrap()),
            standard_rate: None,
        }
    }

    fn opening() -> TermsTimeline {
        TermsTimeline::opening(&AccountTerms {
            id: "a".into(),
            currency: Currency::parse("EUR").unwrap(),
            reverse_charge: false,
            vat_rate: None,
            standard_rate: None,
        })
    }

    #[test]
    fn a_change_applies_from_its_first_day() {
        let mut t = opening();
        t.set(change("2026-05-01", "9.5"));
        assert_eq!(t.on(day("2026-04-30")).vat_rate, None);
        assert_eq!(
            t.on(day("2026-05-01")).vat_rate,
            Some(Percent::parse("9.5").unwrap())
        );
        assert_eq!(t.after(day("2026-03-18")).len(), 1);
        assert!(t.after(day("2026-05-01")).is_empty());
    }

    #[test]
    fn an_earlier_change_replaces_the_ones_scheduled_after_it() {
        let mut t = opening();
        t.set(change("2026-06-01", "5"));
        t.set(change("2026-05-01", "9.5"));
        assert_eq!(
            t.on(day("2026-07-01")).vat_rate,
            Some(Percent::parse("9.5").unwrap())
        );
        t.set(change("2026-05-01", "22"));
        assert_eq!(t.after(day("2026-01-01")).len(), 1);
    }

    #[test]
    fn the_form_starts_in_a_later_month_and_names_each_bad_field() {
        let form = |from: &str, vat: &str, standard: &str| TermsForm {
            from: from.into(),
            vat_rate: vat.into(),
            standard_rate: standard.into(),
            reverse_charge: String::new(),
        };
        let today = day("2026-03-18");
        let e = form("2026-03", "abc", "-5").parse(today).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "vat_rate", "standard_rate"]);
        assert_eq!(
            e[0].reason,
            RuleViolation::RatesFromTooEarly {
                first: "2026-04-01".into()
            }
            .into()
        );
        assert_eq!(
            form("2026-04", "", "").parse(today).unwrap(),
            EventKind::TermsChanged {
                from: "2026-04".parse().unwrap(),
                reverse_charge: false,
                vat_rate: None,
                standard_rate: None,
            }
        );
        let reverse = TermsForm {
            reverse_charge: "true".into(),
            ..form("2026-05", "9.5", "80")
        };
        let EventKind::TermsChanged {
            reverse_charge,
            vat_rate,
            standard_rate,
            ..
        } = reverse.parse(today).unwrap()
        else {
            panic!("a terms change")
        };
        assert!(reverse_charge);
        assert_eq!(vat_rate, Some(Percent::parse("9.5").unwrap()));
        assert_eq!(standard_rate, Some(Rate::parse("80").unwrap()));
    }
}
