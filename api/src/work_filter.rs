//! The work log's filter: which entries the page shows and its CSV export holds. One function
//! decides (`WorkFilter::keeps`), so the download is exactly what is on screen.

use billing::{EntryKind, EntryResult, Minutes, Money, Month};
use serde::{Deserialize, Serialize};

use crate::errors::AppError;
use crate::parse::{parse_id, parse_name};

/// What the work log is narrowed to; every field empty shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFilter {
    /// The month the entries count on (their invoice's month).
    pub month: Option<Month>,
    pub technician: Option<String>,
    pub kind: Option<EntryKind>,
    /// A quote's id, or [`NO_QUOTE`] for work not against a quote.
    pub quote: Option<String>,
}

/// The `quote` value that keeps only work logged without a quote.
pub const NO_QUOTE: &str = "none";

/// The query parameters the filter reads, in the order the form has them.
pub const FIELDS: [&str; 4] = ["month", "technician", "kind", "quote"];

impl WorkFilter {
    /// The filter from a query string's values (`get("month")` …). A blank value filters
    /// nothing; a value that does not parse is refused with the field named.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Result<WorkFilter, AppError> {
        let value = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let month = value("month")
            .map(|m| {
                m.trim()
                    .parse::<Month>()
                    .map_err(|e| AppError::invalid("month", e))
            })
            .transpose()?;
        let technician = value("technician")
            .map(|t| parse_name("technician", &t))
            .transpose()?;
        let kind = value("kind")
            .map(|k| EntryKind::parse(&k).map_err(|e| AppError::invalid("kind", e)))
            .transpose()?;
        let quote = value("quote").map(|q| parse_id("quote", &q)).transpose()?;
        Ok(WorkFilter {
            month,
            technician,
            kind,
            quote,
        })
    }

    /// The filter as query parameters (blank fields left out), for links and the download.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(m) = self.month {
            out.push(("month", m.to_string()));
        }
        if let Some(t) = &self.technician {
            out.push(("technician", t.clone()));
        }
        if let Some(k) = self.kind {
            out.push(("kind", k.as_str().to_string()));
        }
        if let Some(q) = &self.quote {
            out.push(("quote", q.clone()));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        *self == WorkFilter::default()
    }

    /// Whether the log shows `entry` under this filter.
    pub fn keeps(&self, entry: &EntryResult) -> bool {
        self.month
            .is_none_or(|m| Month::of(entry.effective_date) == m)
            && self
                .technician
                .as_deref()
                .is_none_or(|t| &*entry.technician == t)
            && self.kind.is_none_or(|k| entry.kind == k)
            && self.quote.as_deref().is_none_or(|q| match &entry.quote {
                None => q == NO_QUOTE,
                Some(id) => &**id == q,
            })
    }
}

/// One month of the log: its entries, newest first, and what they add up to.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthOfWork {
    pub month: Month,
    pub entries: Vec<EntryResult>,
    pub minutes: Minutes,
    pub charged: Money,
}

/// The entries `filter` keeps, grouped by the month they count on, newest month first; inside
/// a month newest first, then in the order they were logged (last first).
pub fn months_of_work(entries: &[EntryResult], filter: &WorkFilter) -> Vec<MonthOfWork> {
    let mut kept: Vec<(usize, &EntryResult)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| filter.keeps(e))
        .collect();
    kept.sort_by(|(ia, a), (ib, b)| {
        (b.effective_date, b.date, *ib).cmp(&(a.effective_date, a.date, *ia))
    });
    let mut out: Vec<MonthOfWork> = Vec::new();
    for (_, e) in kept {
        let month = Month::of(e.effective_date);
        if out.last().is_none_or(|g| g.month != month) {
            out.push(MonthOfWork {
                month,
                entries: Vec::new(),
                minutes: Minutes::ZERO,
                charged: Money::ZERO,
            });
        }
        let group = out.last_mut().expect("pushed above");
        group.minutes += e.minutes;
        group.charged += e.amount;
        group.entries.push(e.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn blank_values_filter_nothing() {
        let f = WorkFilter::parse(query(&[("month", ""), ("kind", " ")])).unwrap();
        assert!(f.is_empty());
        assert!(f.query().is_empty());
    }

    #[test]
    fn a_filter_survives_its_own_query() {
        let f = WorkFilter::parse(query(&[
            ("month", "2026-03"),
            ("technician", "Ana"),
            ("kind", "bug"),
            ("quote", "none"),
        ]))
        .unwrap();
        assert_eq!(f.month, Some("2026-03".parse().unwrap()));
        assert_eq!(f.kind, Some(EntryKind::Bug));
        let q = f.query();
        let again =
            WorkFilter::parse(move |n| q.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()))
                .unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn bad_values_name_their_field() {
        for (field, value) in [
            ("month", "March"),
            ("kind", "holiday"),
            ("quote", "q 1"),
            ("technician", &"x".repeat(101)[..]),
        ] {
            match WorkFilter::parse(query(&[(field, value)])) {
                Err(AppError::Invalid { errors, .. }) => assert_eq!(errors[0].field, field),
                other => panic!("{field}={value}: {other:?}"),
            }
        }
    }
}
