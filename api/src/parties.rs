//! Who a document is between and how it is paid, as frozen into it when it is issued
//! (README "Documents"): the seller's and the buyer's details, the due date, the payment
//! reference and the seller's bank account. Also the parsing of the seller settings form and of
//! the account details form, shared by the browser and the server.

use billing::events::{check_chars, check_line};
use billing::{FieldError, ParseError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Payment terms when neither the account nor the seller sets them: 14 days net.
pub const DEFAULT_PAYMENT_DAYS: u32 = 14;
/// Longest payment terms, in days.
pub const MAX_PAYMENT_DAYS: u32 = 365;

/// A party named on a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub legal_name: String,
    pub address: String,
    /// ISO 3166 alpha-2.
    #[serde(default)]
    pub country: String,
    pub vat_id: Option<String>,
    /// E-invoicing endpoint, `SCHEME:ID` (e.g. a Peppol participant id `0204:991-12345-67`).
    #[serde(default)]
    pub electronic_address: Option<String>,
    pub email: Option<String>,
}

/// Where a client pays: the seller's bank account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    /// Without spaces, upper case.
    pub iban: String,
    pub bic: Option<String>,
    pub holder: String,
}

impl BankAccount {
    /// The IBAN in groups of four, as people read it.
    pub fn iban_grouped(&self) -> String {
        self.iban
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How an invoice is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub due_on: NaiveDate,
    pub terms_days: u32,
    /// What the client quotes with the transfer: the document's number.
    pub reference: String,
    pub bank: Option<BankAccount>,
}

impl Payment {
    /// The payment of an invoice issued on `issued_on` with `terms_days` days to pay.
    pub fn new(
        number: &str,
        issued_on: NaiveDate,
        terms_days: u32,
        bank: Option<BankAccount>,
    ) -> Payment {
        debug_assert!(terms_days <= MAX_PAYMENT_DAYS);
        Payment {
            due_on: issued_on + chrono::Days::new(terms_days.into()),
            terms_days,
            reference: number.to_string(),
            bank,
        }
    }
}

/// A month invoice's payment as recorded by an admin when the transfer arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePaid {
    pub paid_on: NaiveDate,
    pub reference: String,
}

/// The parties and payment of one issued document, frozen when it was issued.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    pub seller: Party,
    pub buyer: Party,
    /// None for credit notes (the agency pays those back).
    pub payment: Option<Payment>,
}

/// The deployment's own details: the seller on every document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerSettings {
    pub party: Party,
    pub bank: Option<BankAccount>,
    /// Days from issue to due date, unless the account has its own.
    pub payment_terms_days: u32,
}

/// The raw fields of the seller settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SellerForm {
    pub legal_name: String,
    pub address: String,
    pub country: String,
    pub vat_id: String,
    pub electronic_address: String,
    pub email: String,
    pub iban: String,
    pub bic: String,
    pub account_holder: String,
    pub payment_terms_days: String,
}

/// The raw fields of the account details form (the buyer on the account's next documents).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountDetailsForm {
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub country: String,
    pub vat_id: String,
    pub electronic_address: String,
    /// Empty: the seller's.
    pub payment_terms_days: String,
}

/// An account's parsed details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub country: String,
    pub vat_id: Option<String>,
    pub electronic_address: Option<String>,
    pub payment_terms_days: Option<u32>,
}

/// Collects the first error of each field.
#[derive(Default)]
struct Fields(Vec<FieldError>);

impl Fields {
    fn take<T>(&mut self, field: &str, r: Result<T, ParseError>) -> Option<T> {
        r.map_err(|e| self.0.push(FieldError::new(field, e))).ok()
    }

    fn done<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self.0),
        }
    }
}

fn required(what: &'static str, raw: &str, max: usize) -> Result<String, ParseError> {
    check_line(what, raw, max).map(str::to_string)
}

fn optional(what: &'static str, raw: &str, max: usize) -> Result<Option<String>, ParseError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    check_line(what, raw, max).map(|v| Some(v.to_string()))
}

/// A postal address: several lines allowed.
fn address(raw: &str) -> Result<String, ParseError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(ParseError::Missing("the address".into()));
    }
    if v.chars().count() > 500 {
        return Err(ParseError::TooLong {
            what: "the address".into(),
            max: 500,
        });
    }
    check_chars("the address", v, true)?;
    Ok(v.to_string())
}

/// A two-letter ISO 3166 code, upper case.
pub fn parse_country(raw: &str) -> Result<String, ParseError> {
    let c = raw.trim().to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(ParseError::BadCountry)
    }
}

/// An e-invoicing endpoint `SCHEME:ID`: a four-digit scheme (ISO 6523 ICD, e.g. 0204 or 9930)
/// and an id of letters, digits, `-`, `.` and `_`.
pub fn parse_electronic_address(raw: &str) -> Result<Option<String>, ParseError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let ok = v.split_once(':').is_some_and(|(scheme, id)| {
        scheme.len() == 4
            && scheme.chars().all(|c| c.is_ascii_digit())
            && (1..=100).contains(&id.len())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
    });
    ok.then(|| Some(v.to_string()))
        .ok_or(ParseError::BadElectronicAddress)
}

/// An IBAN: country, check digits and account, 15 to 34 characters; spaces are dropped and
/// the ISO 13616 check (mod 97) must hold.
pub fn parse_iban(raw: &str) -> Result<String, ParseError> {
    let iban: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let shape = (15..=34).contains(&iban.len())
        && iban.chars().all(|c| c.is_ascii_alphanumeric())
        && iban[..2].chars().all(|c| c.is_ascii_uppercase())
        && iban[2..4].chars().all(|c| c.is_ascii_digit());
    if !shape {
        return Err(ParseError::BadIban);
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rest: u32 = 0;
    for c in rearranged {
        let v = c.to_digit(36).expect("checked alphanumeric");
        rest = if v < 10 {
            (rest * 10 + v) % 97
        } else {
            (rest * 100 + v) % 97
        };
    }
    if rest == 1 {
        Ok(iban)
    } else {
        Err(ParseError::BadIban)
    }
}

/// A BIC (ISO 9362): 4 letters of bank, 2 of country, 2 of location, optionally 3 of branch.
pub fn parse_bic(raw: &str) -> Result<String, ParseError> {
    let bic = raw.trim().to_ascii_uppercase();
    let shape = (bic.len() == 8 || bic.len() == 11)
        && bic[..6].chars().all(|c| c.is_ascii_uppercase())
        && bic[6..].chars().all(|c| c.is_ascii_alphanumeric());
    shape.then_some(bic).ok_or(ParseError::BadBic)
}

/// Days to pay: a whole number from 0 to [`MAX_PAYMENT_DAYS`].
pub fn parse_payment_days(raw: &str) -> Result<u32, ParseError> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= MAX_PAYMENT_DAYS)
        .ok_or(ParseError::OutOfRange {
            min: 0,
            max: MAX_PAYMENT_DAYS,
        })
}

/// What both the seller's and an account's form say about a party, each field refused at its
/// own name: legal name, address, country, VAT ID, e-invoice address (`raw` in that order). The
/// e-mail is the seller's alone: None here.
fn party_fields(f: &mut Fields, raw: [&str; 5]) -> Option<Party> {
    let [legal_name, address_raw, country, vat_id, electronic] = raw;
    let legal_name = f.take("legal_name", required("the legal name", legal_name, 200));
    let address = f.take("address", address(address_raw));
    let country = f.take("country", parse_country(country));
    let vat_id = f.take("vat_id", optional("the VAT ID", vat_id, 40));
    let electronic = f.take("electronic_address", parse_electronic_address(electronic));
    Some(Party {
        legal_name: legal_name?,
        address: address?,
        country: country?,
        vat_id: vat_id?,
        electronic_address: electronic?,
        email: None,
    })
}

impl SellerForm {
    pub fn parse(&self) -> Result<SellerSettings, Vec<FieldError>> {
        let mut f = Fields::default();
        let party = party_fields(
            &mut f,
            [
                &self.legal_name,
                &self.address,
                &self.country,
                &self.vat_id,
                &self.electronic_address,
            ],
        );
        let email = f.take(
            "email",
            match self.email.trim() {
                "" => Ok(None),
                e => crate::people::parse_email_address(e).map(Some),
            },
        );
        let iban = f.take(
            "iban",
            match self.iban.trim() {
                "" => Ok(None),
                i => parse_iban(i).map(Some),
            },
        );
        let bic = f.take(
            "bic",
            match self.bic.trim() {
                "" => Ok(None),
                b => parse_bic(b).map(Some),
            },
        );
        let holder = f.take(
            "account_holder",
            optional("the account holder", &self.account_holder, 200),
        );
        let days = f.take(
            "payment_terms_days",
            parse_payment_days(&self.payment_terms_days),
        );
        // A BIC or holder without an IBAN says where to pay without saying the account.
        let iban = iban.and_then(|i| match i {
            None if !self.bic.trim().is_empty() || !self.account_holder.trim().is_empty() => {
                f.take("iban", Err(ParseError::Missing("the IBAN".into())))
            }
            other => Some(other),
        });
        let settings = (|| {
            let party = Party {
                email: email?,
                ..party?
            };
            let holder = holder?.unwrap_or_else(|| party.legal_name.clone());
            Some(SellerSettings {
                bank: iban?.map(|iban| BankAccount {
                    iban,
                    bic: bic.clone().flatten(),
                    holder,
                }),
                party,
                payment_terms_days: days?,
            })
        })();
        f.done(settings)
    }
}

impl AccountDetailsForm {
    pub fn parse(&self) -> Result<AccountDetails, Vec<FieldError>> {
        let mut f = Fields::default();
        let name = f.take("name", required("the name", &self.name, 200));
        let party = party_fields(
            &mut f,
            [
                &self.legal_name,
                &self.address,
                &self.country,
                &self.vat_id,
                &self.electronic_address,
            ],
        );
        let days = f.take(
            "payment_terms_days",
            match self.payment_terms_days.trim() {
                "" => Ok(None),
                d => parse_payment_days(d).map(Some),
            },
        );
        let details = (|| {
            let party = party?;
            Some(AccountDetails {
                name: name?,
                legal_name: party.legal_name,
                address: party.address,
                country: party.country,
                vat_id: party.vat_id,
                electronic_address: party.electronic_address,
                payment_terms_days: days?,
            })
        })();
        f.done(details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_pass_the_mod_97_check() {
        assert_eq!(
            parse_iban("DE89 3704 0044 0532 0130 00").unwrap(),
            "DE89370400440532013000"
        );
        assert_eq!(
            parse_iban("si56 1910 0000 0123 438").unwrap(),
            "SI56191000000123438"
        );
        for bad in [
            "DE88370400440532013000",
            "DE89",
            "1234567890123456",
            "DE89 3704 0044 0532 0130 0Ä",
        ] {
            assert_eq!(parse_iban(bad), Err(ParseError::BadIban), "{bad}");
        }
        let bank = BankAccount {
            iban: "DE89370400440532013000".into(),
            bic: None,
            holder: "A".into(),
        };
        assert_eq!(bank.iban_grouped(), "DE89 3704 0044 0532 0130 00");
    }

    #[test]
    fn bics_have_8_or_11_characters() {
        assert_eq!(parse_bic("cobadeffxxx").unwrap(), "COBADEFFXXX");
        assert_eq!(parse_bic("COBADEFF").unwrap(), "COBADEFF");
        for bad in ["COBADE", "C0BADEFF", "COBADEFFXX"] {
            assert_eq!(parse_bic(bad), Err(ParseError::BadBic), "{bad}");
        }
    }

    #[test]
    fn the_due_date_counts_days_from_issue() {
        let p = Payment::new("2026-000001", "2026-03-31".parse().unwrap(), 14, None);
        assert_eq!(p.due_on.to_string(), "2026-04-14");
        assert_eq!(p.reference, "2026-000001");
    }

    fn seller_form() -> SellerForm {
        SellerForm {
            legal_name: "Agency GmbH".into(),
            address: "Torstraße 1\n10119 Berlin".into(),
            country: "de".into(),
            vat_id: "DE987654321".into(),
            electronic_address: "0204:991-12345-67".into(),
            email: "billing@agency.example".into(),
            iban: "DE89 3704 0044 0532 0130 00".into(),
            bic: "COBADEFFXXX".into(),
            account_holder: String::new(),
            payment_terms_days: "30".into(),
        }
    }

    #[test]
    fn the_seller_form_parses_and_names_each_bad_field() {
        let s = seller_form().parse().unwrap();
        assert_eq!(s.party.country, "DE");
        assert_eq!(s.payment_terms_days, 30);
        let bank = s.bank.unwrap();
        assert_eq!(
            bank.holder, "Agency GmbH",
            "the holder defaults to the legal name"
        );
        assert_eq!(bank.bic.as_deref(), Some("COBADEFFXXX"));

        let bad = SellerForm {
            legal_name: " ".into(),
            country: "Germany".into(),
            electronic_address: "peppol".into(),
            iban: "DE00 1234".into(),
            payment_terms_days: "400".into(),
            ..seller_form()
        };
        let fields: Vec<String> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "legal_name",
                "country",
                "electronic_address",
                "iban",
                "payment_terms_days"
            ]
        );
        let no_iban = SellerForm {
            iban: String::new(),
            ..seller_form()
        };
        let e = no_iban.parse().unwrap_err();
        assert_eq!(e[0].field, "iban");
    }

    #[test]
    fn account_details_take_the_sellers_terms_when_empty() {
        let form = AccountDetailsForm {
            name: "Acme".into(),
            legal_name: "Acme GmbH".into(),
            address: "Berlin".into(),
            country: "DE".into(),
            vat_id: String::new(),
            electronic_address: String::new(),
            payment_terms_days: String::new(),
        };
        let d = form.parse().unwrap();
        assert_eq!(d.payment_terms_days, None);
        assert_eq!(d.vat_id, None);
        let e = AccountDetailsForm {
            payment_terms_days: "-1".into(),
            ..form
        }
        .parse()
        .unwrap_err();
        assert_eq!(e[0].field, "payment_terms_days");
    }
}
