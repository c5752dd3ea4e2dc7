//! The licence register: an account's third-party licences (plugins, themes, services), their
//! keys (readable in full by admins only), expiry and renewal. Parsing of the register's forms,
//! shared by the browser and the server.

use billing::events::check_line;
use billing::{Currency, Dec, FieldError, Money, ParseError, Percent};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A licence expiring within this many days is among the client's prompts and in the
/// overview's first group.
pub const NOTICE_DAYS: i64 = 30;
/// A renewal moves the last valid day by at most this many days (ten years).
pub const MAX_RENEWAL_DAYS: i64 = 3660;
/// Most seats or sites a licence counts.
pub const MAX_SEATS: u32 = 100_000;
/// Most licences the overview lists at once.
pub const OVERVIEW_LIMIT: i64 = 1000;

/// Who pays the vendor for a renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidBy {
    /// The agency pays and re-invoices the client (a third-party cost on the month's invoice).
    Agency,
    /// The client pays the vendor directly.
    Client,
}

impl PaidBy {
    pub fn as_str(self) -> &'static str {
        match self {
            PaidBy::Agency => "agency",
            PaidBy::Client => "client",
        }
    }

    pub fn parse(raw: &str) -> Result<PaidBy, ParseError> {
        match raw.trim() {
            "agency" => Ok(PaidBy::Agency),
            "client" => Ok(PaidBy::Client),
            _ => Err(ParseError::Missing("who pays".into())),
        }
    }
}

/// One licence of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub id: String,
    pub account_id: String,
    pub product: String,
    pub vendor: String,
    /// Its type, e.g. "Agency", "Single site".
    pub kind: String,
    pub seats: Option<u32>,
    /// The full key for admins; masked ([`mask`]) in everything sent to anyone else.
    pub key: String,
    pub purchased_on: NaiveDate,
    pub last_valid_day: NaiveDate,
    pub renewal_price: Money,
    pub renewal_currency: String,
    pub paid_by: PaidBy,
    pub notes: String,
}

impl Licence {
    /// Days from `today` to the last valid day (negative once it has passed).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.last_valid_day - today).num_days()
    }
}

/// A key as non-admins see it: its last four characters, the rest as dots.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let shown = if chars.len() > 8 { 4 } else { 0 };
    let tail: String = chars[chars.len() - shown..].iter().collect();
    format!("{}{tail}", "•".repeat(8))
}

/// The raw fields of the "register a licence" form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceForm {
    pub product: String,
    pub vendor: String,
    pub kind: String,
    pub seats: String,
    pub key: String,
    pub purchased_on: String,
    pub last_valid_day: String,
    pub renewal_price: String,
    pub renewal_currency: String,
    pub paid_by: String,
    pub notes: String,
}

/// The raw fields of the "renew" form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalForm {
    /// The vendor's invoice number.
    pub vendor_invoice: String,
    pub invoice_date: String,
    pub amount: String,
    pub currency: String,
    /// Units of the account's currency per unit of `currency` (only for another currency).
    pub conversion_rate: String,
    /// Percent added when re-invoiced; empty: none.
    pub markup: String,
    /// The new last valid day.
    pub last_valid_day: String,
}

/// A parsed renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewal {
    pub vendor_invoice: String,
    pub invoice_date: NaiveDate,
    pub amount: Money,
    pub currency: Currency,
    pub conversion_rate: Option<Dec>,
    pub markup: Option<Percent>,
    pub last_valid_day: NaiveDate,
}

/// Collects the first error of each field.
#[derive(Default)]
struct Fields(Vec<FieldError>);

impl Fields {
    fn take<T>(&mut self, field: &str, r: Result<T, ParseError>) -> Option<T> {
        r.map_err(|e| self.0.push(FieldError::new(field, e))).ok()
    }
}

fn line(what: &'static str, raw: &str, max: usize, required: bool) -> Result<String, ParseError> {
    let t = check_line(what, raw, max)?;
    if required && t.is_empty() {
        return Err(ParseError::Missing(what.into()));
    }
    Ok(t.to_string())
}

fn date(raw: &str) -> Result<NaiveDate, ParseError> {
    billing::dates::parse_date(raw)
}

impl LicenceForm {
    /// The licence `id` of account `account_id`, or every bad field.
    pub fn parse(&self, id: &str, account_id: &str) -> Result<Licence, Vec<FieldError>> {
        let mut f = Fields::default();
        let product = f.take("product", line("the product", &self.product, 200, true));
        let vendor = f.take("vendor", line("the vendor", &self.vendor, 200, true));
        let kind = f.take("kind", line("the type", &self.kind, 100, false));
        let seats = f.take(
            "seats",
            match self.seats.trim() {
                "" => Ok(None),
                s => s
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_SEATS).contains(n))
                    .map(Some)
                    .ok_or(ParseError::OutOfRange {
                        min: 1,
                        max: MAX_SEATS,
                    }),
            },
        );
        let key = f.take("key", line("the licence key", &self.key, 500, false));
        let purchased = f.take("purchased_on", date(&self.purchased_on));
        let last = f.take("last_valid_day", date(&self.last_valid_day));
        if let (Some(p), Some(l)) = (purchased, last)
            && l < p
        {
            f.0.push(FieldError::new(
                "last_valid_day",
                ParseError::Missing("a last valid day on or after the purchase".into()),
            ));
        }
        let price = f.take("renewal_price", Money::parse_price(&self.renewal_price));
        let currency = f.take("renewal_currency", Currency::parse(&self.renewal_currency));
        let paid_by = f.take("paid_by", PaidBy::parse(&self.paid_by));
        let notes = match self.notes.trim() {
            "" => Some(String::new()),
            n => f.take("notes", billing::events::parse_note(n)),
        };
        let licence = (|| {
            Some(Licence {
                id: id.to_string(),
                account_id: account_id.to_string(),
                product: product?,
                vendor: vendor?,
                kind: kind?,
                seats: seats?,
                key: key?,
                purchased_on: purchased?,
                last_valid_day: last?,
                renewal_price: price?,
                renewal_currency: currency?.code().to_string(),
                paid_by: paid_by?,
                notes: notes?,
            })
        })();
        match licence {
            Some(l) if f.0.is_empty() => Ok(l),
            _ => Err(f.0),
        }
    }
}

impl RenewalForm {
    /// A renewal of a licence valid through `current`, or every bad field. The new last valid
    /// day lies after `current` and at most [`MAX_RENEWAL_DAYS`] after it.
    pub fn parse(&self, current: NaiveDate) -> Result<Renewal, Vec<FieldError>> {
        let mut f = Fields::default();
        let invoice = f.take(
            "vendor_invoice",
            line("the vendor's invoice", &self.vendor_invoice, 100, true),
        );
        let invoice_date = f.take("invoice_date", date(&self.invoice_date));
        let amount = f.take("amount", Money::parse_price(&self.amount));
        let currency = f.take("currency", Currency::parse(&self.currency));
        let rate = f.take(
            "conversion_rate",
            match self.conversion_rate.trim() {
                "" => Ok(None),
                r => r.parse::<Dec>().map(Some),
            },
        );
        let markup = f.take(
            "markup",
            match self.markup.trim() {
                "" => Ok(None),
                m => Percent::parse(m).map(Some),
            },
        );
        let last = f
            .take("last_valid_day", date(&self.last_valid_day))
            .and_then(|d| {
                let days = (d - current).num_days();
                let ok = (1..=MAX_RENEWAL_DAYS).contains(&days);
                let why = ParseError::Missing("a new last valid day after the current one".into());
                f.take("last_valid_day", if ok { Ok(d) } else { Err(why) })
            });
        let renewal = (|| {
            Some(Renewal {
                vendor_invoice: invoice?,
                invoice_date: invoice_date?,
                amount: amount?,
                currency: currency?,
                conversion_rate: rate?,
                markup: markup?,
                last_valid_day: last?,
            })
        })();
        match renewal {
            Some(r) if f.0.is_empty() => Ok(r),
            _ => Err(f.0),
        }
    }
}

/// The licences of every account, soonest expiry first, for the admin's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceOverview {
    pub today: NaiveDate,
    /// Only those expiring within this many days; None: all.
    pub within: Option<i64>,
    /// Each licence with its account's name.
    pub licences: Vec<(Licence, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> LicenceForm {
        LicenceForm {
            product: "Elementor Pro".into(),
            vendor: "Elementor".into(),
            kind: "Agency".into(),
            seats: "25".into(),
            key: "EP-1234-5678-ABCD".into(),
            purchased_on: "2025-04-01".into(),
            last_valid_day: "2026-03-31".into(),
            renewal_price: "399.00".into(),
            renewal_currency: "USD".into(),
            paid_by: "agency".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn a_licence_parses_and_bad_fields_are_each_named() {
        let l = form().parse("lic-1", "acme").unwrap();
        assert_eq!((l.seats, l.paid_by), (Some(25), PaidBy::Agency));
        let bad = LicenceForm {
            product: " ".into(),
            seats: "0".into(),
            last_valid_day: "2025-01-01".into(),
            renewal_price: "-1".into(),
            paid_by: "someone".into(),
            ..form()
        };
        let fields: Vec<String> = bad
            .parse("lic-1", "acme")
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "product",
                "seats",
                "last_valid_day",
                "renewal_price",
                "paid_by"
            ]
        );
    }

    #[test]
    fn a_renewal_moves_the_last_day_forward_within_ten_years() {
        let current = billing::dates::parse_date("2026-03-31").unwrap();
        let form = |last: &str| RenewalForm {
            vendor_invoice: "INV-77".into(),
            invoice_date: "2026-03-20".into(),
            amount: "399.00".into(),
            currency: "USD".into(),
            conversion_rate: "0.92".into(),
            markup: "10".into(),
            last_valid_day: last.into(),
        };
        assert!(form("2027-03-31").parse(current).is_ok());
        for bad in ["2026-03-31", "2026-01-01", "2040-01-01"] {
            let e = form(bad).parse(current).unwrap_err();
            assert_eq!(e[0].field, "last_valid_day", "{bad}");
        }
    }

    #[test]
    fn keys_show_only_their_last_four_characters() {
        assert_eq!(mask("EP-1234-5678-ABCD"), "••••••••ABCD");
        assert_eq!(mask("short"), "••••••••");
        assert_eq!(mask(""), "");
    }
}
