//! An account is its history (ARCHITECTURE.md): the catalog, the account's terms, and its events
//! in the order they happened. This is also the documented JSON format of `hourbank replay`
//! (see billing/REPLAY.md).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Text;

use crate::catalog::Catalog;
use crate::dates::Month;
use crate::error::ParseError;
use crate::money::{Currency, Dec, Minutes, Money, Percent, Rate};

/// Everything the rules need to know about one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub catalog: Catalog,
    pub account: AccountTerms,
    #[serde(default)]
    pub events: Vec<Event>,
    /// The day the result is computed for. None: the last event's day.
    #[serde(default)]
    pub today: Option<NaiveDate>,
}

/// The parts of an account that change a billing number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountTerms {
    pub id: String,
    pub currency: Currency,
    /// A business customer in another EU country with a valid VAT ID: 0 % and "Reverse charge".
    #[serde(default)]
    pub reverse_charge: bool,
    /// Overrides the catalog's VAT rate for this account.
    #[serde(default)]
    pub vat_rate: Option<Percent>,
    /// Overrides the catalog's standard rate for this account.
    #[serde(default)]
    pub standard_rate: Option<Rate>,
}

/// One thing that happened, on the day `on` (a date in the account's time zone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub on: NaiveDate,
    #[serde(flatten)]
    pub what: EventKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Support,
    Project,
    Billable,
    Bug,
}

impl EntryKind {
    pub fn parse(raw: &str) -> Result<EntryKind, ParseError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "support" => Ok(EntryKind::Support),
            "project" => Ok(EntryKind::Project),
            "billable" => Ok(EntryKind::Billable),
            "bug" => Ok(EntryKind::Bug),
            other => Err(ParseError::BadKind(other.chars().take(20).collect())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Support => "support",
            EntryKind::Project => "project",
            EntryKind::Billable => "billable",
            EntryKind::Bug => "bug",
        }
    }
}

/// A piece of work as logged by a technician (RULES §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkEntry {
    pub id: Text,
    /// The day the work was done.
    pub date: NaiveDate,
    pub minutes: Minutes,
    pub kind: EntryKind,
    pub title: Text,
    #[serde(default)]
    pub url: Option<Text>,
    #[serde(default)]
    pub note: Text,
    pub technician: Text,
    #[serde(default)]
    pub quote: Option<Text>,
}

/// A correction of an entry in an open month: the fields given replace the old ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryCorrection {
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub minutes: Option<Minutes>,
    #[serde(default)]
    pub kind: Option<EntryKind>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// A plan starts on `start` (pro-rated if mid-month).
    PlanSubscribed {
        plan: String,
        start: NaiveDate,
    },
    /// The plan changes on the 1st of the month after `on` (RULES §4).
    PlanChanged {
        plan: String,
    },
    /// The plan's last day; carryover lapses then.
    PlanEnded {
        last_day: NaiveDate,
    },
    /// A pack is ordered from a seller: its invoice is issued at once, it grants nothing yet.
    PackOrdered {
        order: String,
        tier: String,
        /// Only for tiers without a fixed size (pay-as-you-go).
        #[serde(default)]
        hours: Option<u32>,
        /// The developer who sells it, for tiers sold by developers.
        #[serde(default)]
        seller: Option<String>,
    },
    /// The order's payment: its hours are granted on `on` (the payment date).
    PaymentRecorded {
        order: String,
        reference: String,
        /// The payment's timestamp as received, for the record.
        #[serde(default)]
        at: Option<String>,
    },
    /// Refund of the pack's unused own minutes at its unit rate: a credit note on its invoice.
    PackRefunded {
        order: String,
    },
    EntryLogged(WorkEntry),
    EntryCorrected {
        entry: String,
        #[serde(flatten)]
        correction: EntryCorrection,
    },
    /// Re-marking as `bug` in a closed month is a credit-back (RULES §7).
    EntryRemarked {
        entry: String,
        kind: EntryKind,
    },
    QuoteOffered {
        id: String,
        developer: String,
        #[serde(default)]
        project: String,
        title: String,
        estimate_minutes: Minutes,
        rate: Rate,
    },
    QuoteApproved {
        quote: String,
    },
    QuoteDeclined {
        quote: String,
    },
    QuoteCancelled {
        quote: String,
    },
    /// A third-party cost re-invoiced on the month of `date` (RULES §4).
    CostReinvoiced {
        id: String,
        date: NaiveDate,
        vendor: String,
        description: String,
        amount: Money,
        currency: Currency,
        /// Units of the account's currency per unit of `currency`, at the vendor invoice's date.
        #[serde(default)]
        conversion_rate: Option<Dec>,
        #[serde(default)]
        markup: Option<Percent>,
    },
    /// Close month `month` (and any earlier open month): its invoice is issued.
    MonthClosed {
        month: Month,
    },
    /// Ask for a snapshot of balances and prompts as of `on` in the replay's output.
    AsOf,
}

/// The raw fields of the "log work" form, before parsing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryForm {
    pub date: String,
    pub minutes: String,
    pub kind: String,
    pub title: String,
    pub url: String,
    pub note: String,
    #[serde(default)]
    pub quote: String,
}

/// Which form field an error belongs to, so the page can show it next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

pub const MAX_TITLE: usize = 200;
pub const MAX_NOTE: usize = 2000;
pub const MAX_URL: usize = 2000;

pub fn parse_title(raw: &str) -> Result<String, ParseError> {
    check_title(raw).map(str::to_string)
}

/// The trimmed title, checked without copying it.
pub fn check_title(raw: &str) -> Result<&str, ParseError> {
    let t = raw.trim();
    if t.is_empty() || (t.len() > MAX_TITLE && t.chars().count() > MAX_TITLE) {
        return Err(ParseError::BadTitle);
    }
    Ok(t)
}

/// A ticket link: absolute http(s) with a host, no spaces.
pub fn parse_url(raw: &str) -> Result<Option<String>, ParseError> {
    check_url(raw).map(|u| u.map(str::to_string))
}

/// The trimmed link (None when empty), checked without copying it.
pub fn check_url(raw: &str) -> Result<Option<&str>, ParseError> {
    let u = raw.trim();
    if u.is_empty() {
        return Ok(None);
    }
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .ok_or(ParseError::BadUrl)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let bad_byte = |b: &u8| *b <= b' ' || matches!(*b, b'"' | b'<' | b'>' | 0x7f);
    if host.is_empty()
        || u.len() > MAX_URL
        || u.as_bytes().iter().any(bad_byte)
        || (!u.is_ascii() && u.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        return Err(ParseError::BadUrl);
    }
    Ok(Some(u))
}

pub fn parse_note(raw: &str) -> Result<String, ParseError> {
    check_note(raw).map(str::to_string)
}

pub fn check_note(raw: &str) -> Result<&str, ParseError> {
    if raw.len() > MAX_NOTE && raw.chars().count() > MAX_NOTE {
        return Err(ParseError::NoteTooLong);
    }
    Ok(raw.trim())
}

impl EntryForm {
    /// Parse every field, collecting one error per bad field.
    pub fn parse(&self, id: String, technician: String) -> Result<WorkEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &str, e: ParseError| {
            errors.push(FieldError {
                field: name.to_string(),
                message: e.to_string(),
            })
        };
        let date = crate::dates::parse_date(&self.date)
            .map_err(|e| field("date", e))
            .ok();
        let minutes = Minutes::parse_entry(&self.minutes)
            .map_err(|e| field("minutes", e))
            .ok();
        let kind = EntryKind::parse(if self.kind.trim().is_empty() {
            "support"
        } else {
            &self.kind
        })
        .map_err(|e| field("kind", e))
        .ok();
        let title = parse_title(&self.title).map_err(|e| field("title", e)).ok();
        let url = parse_url(&self.url).map_err(|e| field("url", e)).ok();
        let note = parse_note(&self.note).map_err(|e| field("note", e)).ok();
        let quote = match self.quote.trim() {
            "" => None,
            q => Some(q.to_string()),
        };
        match (date, minutes, kind, title, url, note) {
            (Some(date), Some(minutes), Some(kind), Some(title), Some(url), Some(note))
                if errors.is_empty() =>
            {
                Ok(WorkEntry {
                    id: id.into(),
                    date,
                    minutes,
                    kind,
                    title: title.into(),
                    url: url.map(Into::into),
                    note: note.into(),
                    technician: technician.into(),
                    quote: quote.map(Into::into),
                })
            }
            _ => Err(errors),
        }
    }
}

impl History {
    pub fn today(&self) -> Option<NaiveDate> {
        self.today.or_else(|| self.events.last().map(|e| e.on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EntryForm {
        EntryForm {
            date: "2024-06-03".into(),
            minutes: "45".into(),
            kind: "support".into(),
            title: "Fix login".into(),
            url: "https://tickets.example/T-1".into(),
            note: String::new(),
            quote: String::new(),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let e = form().parse("e1".into(), "tech".into()).unwrap();
        assert_eq!(e.minutes, Minutes(45));
        assert_eq!(e.url.as_deref(), Some("https://tickets.example/T-1"));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let f = EntryForm {
            minutes: "0".into(),
            title: "  ".into(),
            url: "javascript:alert(1)".into(),
            date: "yesterday".into(),
            ..form()
        };
        let errs = f.parse("e1".into(), "tech".into()).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["date", "minutes", "title", "url"]);
    }

    #[test]
    fn urls() {
        assert!(parse_url("ftp://x").is_err());
        assert!(parse_url("https://").is_err());
        assert!(parse_url("https://a b").is_err());
        assert_eq!(parse_url("").unwrap(), None);
        assert!(parse_url("http://localhost:8080/x?y#z").unwrap().is_some());
    }
}
