//! An account is its history (ARCHITECTURE.md): the catalog, the account's terms, and its events
//! in the order they happened. This is also the documented JSON format of `hourbank replay`
//! (see billing/REPLAY.md).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Text;

use crate::catalog::{Catalog, PackTerms, Plan};
use crate::dates::Month;
use crate::error::{ParseError, RuleViolation};
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

/// A piece of work as logged by a technician (POLICY §3).
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
    /// Sent by a helpdesk: its ids for this work and its ticket (`external::External`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<crate::external::External>,
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
        /// The plan's terms as agreed; None: the catalog's plan `plan` (POLICY §9).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms: Option<Box<Plan>>,
    },
    /// The plan changes on the 1st of the month after `on` (POLICY §4); to the same plan, it
    /// moves the subscriber to the catalog's current terms.
    PlanChanged {
        plan: String,
        /// As for `PlanSubscribed`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms: Option<Box<Plan>>,
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
        /// The pack's terms as sold; None: the catalog's, on the order's day (POLICY §9).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terms: Option<Box<PackTerms>>,
    },
    /// The order's payment: its hours are granted on `on` (the payment date).
    PaymentRecorded {
        order: String,
        reference: String,
        /// The payment's instant as received (RFC 3339, with the sender's offset), for the
        /// record; the rules read `on`.
        #[serde(default)]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
    },
    /// Refund of the pack's unused own minutes at its unit rate: a credit note on its invoice.
    PackRefunded {
        order: String,
        /// The minutes refunded, pinned when the refund is recorded (its credit note is issued
        /// then and never changes); None: every unused own minute (refunds stored before).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minutes: Option<Minutes>,
    },
    /// An unpaid order is cancelled: a credit note reverses its invoice; it can no longer be paid.
    PackCancelled {
        order: String,
    },
    EntryLogged(WorkEntry),
    EntryCorrected {
        entry: String,
        #[serde(flatten)]
        correction: EntryCorrection,
    },
    /// Re-marking as `bug` in a closed month is a credit-back (POLICY §7).
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
    /// A third-party cost re-invoiced on the month of `date` (POLICY §4).
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
    /// The account's own terms from the 1st of `from`, a month after the event's (POLICY §9):
    /// reverse charge, and a VAT rate and standard rate over the catalog's (None: the
    /// catalog's).
    TermsChanged {
        from: Month,
        #[serde(default)]
        reverse_charge: bool,
        #[serde(default)]
        vat_rate: Option<Percent>,
        #[serde(default)]
        standard_rate: Option<Rate>,
    },
    /// Close month `month` (and any earlier open month): its invoice is issued.
    MonthClosed {
        month: Month,
    },
    /// Ask for a snapshot of balances and prompts as of `on` in the replay's output.
    AsOf,
}

impl EventKind {
    /// Its name as the JSON format writes it (`"type"`), for audit lines and counts.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::PlanSubscribed { .. } => "plan_subscribed",
            EventKind::PlanChanged { .. } => "plan_changed",
            EventKind::PlanEnded { .. } => "plan_ended",
            EventKind::PackOrdered { .. } => "pack_ordered",
            EventKind::PaymentRecorded { .. } => "payment_recorded",
            EventKind::PackRefunded { .. } => "pack_refunded",
            EventKind::PackCancelled { .. } => "pack_cancelled",
            EventKind::EntryLogged(_) => "entry_logged",
            EventKind::EntryCorrected { .. } => "entry_corrected",
            EventKind::EntryRemarked { .. } => "entry_remarked",
            EventKind::QuoteOffered { .. } => "quote_offered",
            EventKind::QuoteApproved { .. } => "quote_approved",
            EventKind::QuoteDeclined { .. } => "quote_declined",
            EventKind::QuoteCancelled { .. } => "quote_cancelled",
            EventKind::CostReinvoiced { .. } => "cost_reinvoiced",
            EventKind::TermsChanged { .. } => "terms_changed",
            EventKind::MonthClosed { .. } => "month_closed",
            EventKind::AsOf => "as_of",
        }
    }
}

impl Event {
    /// The event as it is stored once `ledger` — the replay with it — has accepted it: a
    /// refund keeps the minutes its credit note refunds (POLICY §11 Refunds), so that nothing
    /// recorded later changes that note. Every other event is stored as it is.
    pub fn settled(mut self, ledger: &crate::Ledger) -> Event {
        if let EventKind::PackRefunded { order, minutes } = &mut self.what
            && minutes.is_none()
        {
            let key = crate::DocKey::Refund(order.clone());
            *minutes = ledger
                .credit_notes
                .iter()
                .find(|n| n.key == key)
                .and_then(|n| n.lines.first())
                .and_then(|l| l.minutes);
        }
        self
    }

    /// The event with the terms it is agreed at copied in from `catalog` (POLICY §9 "Changing
    /// prices"): a subscription or plan change keeps its plan's terms, an order its pack's
    /// price. The write path records every event pinned, so a later catalog edit changes nothing
    /// already recorded. An unknown plan or tier stays unpinned; the replay refuses it.
    pub fn pinned(mut self, catalog: &Catalog) -> Event {
        match &mut self.what {
            EventKind::PlanSubscribed { plan, terms, .. }
            | EventKind::PlanChanged { plan, terms }
                if terms.is_none() =>
            {
                *terms = catalog.plan(plan).cloned().map(Box::new);
            }
            EventKind::PackOrdered { tier, terms, .. } if terms.is_none() => {
                *terms = catalog.pack_terms(tier, self.on).map(Box::new);
            }
            _ => {}
        }
        self
    }
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

/// Which form field an error belongs to, so the page can show it next to the field. `message`
/// is the English text (logs, the command line, API clients); `reason` is the same refusal typed,
/// so a page can say it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub reason: Reason,
}

impl FieldError {
    pub fn new(field: &str, reason: impl Into<Reason>) -> FieldError {
        let reason = reason.into();
        FieldError {
            field: field.to_string(),
            message: reason.to_string(),
            reason,
        }
    }
}

/// Why something was refused, typed: a value that does not parse, a rule it breaks, or (for
/// the few refusals composed outside the rules) a text in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    #[error("{0}")]
    Parse(ParseError),
    #[error("{0}")]
    Rule(RuleViolation),
    #[error("{0}")]
    Text(String),
}

impl From<ParseError> for Reason {
    fn from(e: ParseError) -> Self {
        Reason::Parse(e)
    }
}

impl From<RuleViolation> for Reason {
    fn from(e: RuleViolation) -> Self {
        match e {
            RuleViolation::BadValue(p) => Reason::Parse(p),
            other => Reason::Rule(other),
        }
    }
}

impl From<String> for Reason {
    fn from(e: String) -> Self {
        Reason::Text(e)
    }
}

impl From<&str> for Reason {
    fn from(e: &str) -> Self {
        Reason::Text(e.to_string())
    }
}

/// Unpaid pack orders an account may have at once (each one has an invoice number).
pub const MAX_OPEN_ORDERS: usize = 3;

pub const MAX_TITLE: usize = 200;
pub const MAX_NOTE: usize = 2000;
pub const MAX_URL: usize = 2000;

/// Is `c` refused in free text? Control characters (NUL, ESC, DEL, the C1 range) — except a
/// line break or tab in a field of several lines — and the bidirectional controls that make a
/// text display in another order than it is stored (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069). Refused, not stripped: what is stored is what the person typed.
pub fn is_forbidden_char(c: char, multiline: bool) -> bool {
    if c.is_control() {
        return !(multiline && matches!(c, '\n' | '\r' | '\t'));
    }
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuse a text with a forbidden character ([`is_forbidden_char`]).
pub fn check_chars(what: &'static str, raw: &str, multiline: bool) -> Result<(), ParseError> {
    if raw.chars().any(|c| is_forbidden_char(c, multiline)) {
        return Err(ParseError::ControlCharacter { what: what.into() });
    }
    Ok(())
}

/// A short free text of one line (a name, a vendor, a description): trimmed, 1 to `max`
/// characters, no forbidden character.
pub fn check_line<'a>(what: &'static str, raw: &'a str, max: usize) -> Result<&'a str, ParseError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ParseError::Missing(what.into()));
    }
    if t.len() > max && t.chars().count() > max {
        return Err(ParseError::TooLong {
            what: what.into(),
            max,
        });
    }
    check_chars(what, t, false)?;
    Ok(t)
}

pub fn parse_title(raw: &str) -> Result<String, ParseError> {
    check_title(raw).map(str::to_string)
}

/// The trimmed title, checked without copying it.
pub fn check_title(raw: &str) -> Result<&str, ParseError> {
    let t = raw.trim();
    if t.is_empty() || (t.len() > MAX_TITLE && t.chars().count() > MAX_TITLE) {
        return Err(ParseError::BadTitle);
    }
    check_chars("the title", t, false)?;
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
        || (!u.is_ascii()
            && u.chars()
                .any(|c| c.is_whitespace() || is_forbidden_char(c, false)))
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
    check_chars("the note", raw, true)?;
    Ok(raw.trim())
}

impl EntryForm {
    /// Parse every field, collecting one error per bad field.
    pub fn parse(&self, id: String, technician: String) -> Result<WorkEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &str, e: ParseError| errors.push(FieldError::new(name, e));
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
                    external: None,
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
    fn an_event_kind_is_named_as_its_json_tag() {
        let e: Event = serde_json::from_value(serde_json::json!({
            "on": "2026-03-01", "type": "month_closed", "month": "2026-02"
        }))
        .unwrap();
        assert_eq!(e.what.name(), "month_closed");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["type"], e.what.name());
    }

    #[test]
    fn a_good_form_parses() {
        let e = form().parse("e1".into(), "tech".into()).unwrap();
        assert_eq!(e.minutes, Minutes::new(45));
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
    fn control_and_bidi_characters_are_refused_in_text() {
        for bad in [
            "a\0b",
            "esc \u{1b}[31m",
            "evil\u{202E}gnp.exe",
            "x\u{2066}y",
            "del\u{7f}",
        ] {
            assert!(
                matches!(parse_title(bad), Err(ParseError::ControlCharacter { .. })),
                "{bad:?}"
            );
            assert!(parse_note(bad).is_err(), "{bad:?}");
            assert!(check_line("the vendor", bad, 100).is_err(), "{bad:?}");
        }
        assert!(parse_title("two\nlines").is_err());
        assert!(parse_url("https://tickets.example/T-1\u{202e}txt.exe").is_err());
        assert_eq!(
            parse_note("line one\r\n\tline two").unwrap(),
            "line one\r\n\tline two"
        );
        assert_eq!(parse_title("Ünïcödé — ok ✓").unwrap(), "Ünïcödé — ok ✓");
        let errs = EntryForm {
            note: "bell\u{7}".into(),
            ..form()
        }
        .parse("e1".into(), "tech".into())
        .unwrap_err();
        assert_eq!(errs[0].field, "note");
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
