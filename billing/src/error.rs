//! The billing crate's errors: one enum for input that does not parse, one for histories that
//! break a rule. Never a panic on input.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A value that could not become a domain type.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
pub enum ParseError {
    #[error("{0} is required")]
    Missing(Cow<'static, str>),
    #[error("enter at least 1 minute")]
    ZeroMinutes,
    #[error("{0} cannot be negative")]
    Negative(Cow<'static, str>),
    #[error(
        "that is {}, more than the {} allowed here",
        crate::money::Minutes::new(*.got).human(),
        crate::money::Minutes::new(*.max).human()
    )]
    TooManyMinutes { got: u32, max: u32 },
    #[error(
        "write the time as minutes (90), hours and minutes (1:30 or 1 h 30 min) or hours (1.5 h)"
    )]
    NotADuration(Cow<'static, str>),
    #[error("{typed} is not a whole number of minutes; for hours, write {typed} h")]
    DecimalWithoutUnit {
        what: Cow<'static, str>,
        typed: String,
    },
    #[error("that is not a whole number of minutes (1.25 h is 75 min; 1.01 h is not)")]
    NotWholeMinutes,
    #[error("{what} must be a decimal number like 12.50, got \"{got}\"")]
    NotADecimal {
        what: Cow<'static, str>,
        got: String,
    },
    #[error("{what} has more than {max} decimals")]
    TooManyDecimals { what: Cow<'static, str>, max: u32 },
    #[error("{what} is longer than {max} characters")]
    TooLong { what: Cow<'static, str>, max: usize },
    #[error("{0} is too large")]
    TooLarge(Cow<'static, str>),
    #[error("unknown currency \"{0}\"")]
    UnknownCurrency(String),
    #[error("the title is required (at most 200 characters)")]
    BadTitle,
    #[error("the ticket link must be an http:// or https:// address")]
    BadUrl,
    #[error("the note is longer than 2000 characters")]
    NoteTooLong,
    #[error("\"{0}\" is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("{0} is outside the dates Hourbank accepts (2000-01-01 to 2199-12-31)")]
    DateOutOfRange(String),
    #[error("{what} contains a control character (such as NUL, ESC or a bidi override)")]
    ControlCharacter { what: Cow<'static, str> },
    #[error("\"{0}\" is not a month (YYYY-MM)")]
    BadMonth(String),
    #[error("unknown entry kind \"{0}\" (support, project, billable, bug)")]
    BadKind(String),
    #[error("\"{0}\" is not a valid identifier")]
    BadId(String),
    #[error("a whole number of hours from 1 to {max}")]
    HoursOutOfRange { max: u32 },
    #[error("choose the developer whose pack it is")]
    NoSeller,
    #[error("pick English, Deutsch or Slovenščina")]
    UnknownLanguage,
    #[error("use 1 to 64 letters, digits, - or _")]
    BadIdChars,
    #[error("that is not an email address")]
    BadEmail,
    #[error("a password has {min} to {max} characters")]
    PasswordLength { min: usize, max: usize },
    #[error(
        "that password is too easy to guess: avoid your name, your email, common passwords and repeated characters"
    )]
    PasswordGuessable,
    #[error("pick admin, technician or client")]
    BadRole,
    #[error("that is not your current password")]
    WrongCurrentPassword,
    #[error("a whole number from {min} to {max}")]
    OutOfRange { min: u32, max: u32 },
    #[error("someone else has that name")]
    NameInUse,
    #[error("a two-letter country code, such as DE")]
    BadCountry,
    #[error("an IBAN such as DE89 3704 0044 0532 0130 00 (its check digits do not match)")]
    BadIban,
    #[error("a BIC of 8 or 11 letters and digits, such as COBADEFFXXX")]
    BadBic,
    #[error("a scheme and an id, such as 0204:991-12345-67")]
    BadElectronicAddress,
}

/// A history that cannot be replayed: the event at `index` breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
/// Displayed with the event's number counted from 1, as a person counts the events of a file;
/// `index` itself counts from 0.
#[error("event {} ({on}): {rule}", .index + 1)]
pub struct ReplayError {
    pub index: usize,
    pub on: String,
    pub rule: RuleViolation,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "violation", content = "detail", rename_all = "snake_case")]
pub enum RuleViolation {
    #[error("events must be in date order: {0} comes after a later event")]
    OutOfOrder(String),
    #[error("the history's today ({today}) is before its last event ({last})")]
    TodayBeforeLastEvent { today: String, last: String },
    #[error("currency {got} does not match the account's {expected}")]
    WrongCurrency { expected: String, got: String },
    #[error("unknown plan \"{0}\"")]
    UnknownPlan(String),
    #[error("unknown pack tier \"{0}\"")]
    UnknownTier(String),
    #[error("unknown pack order \"{0}\"")]
    UnknownOrder(String),
    #[error("pack order \"{0}\" already exists")]
    DuplicateOrder(String),
    #[error("pack order \"{order}\" is already paid (reference {reference})")]
    AlreadyPaid { order: String, reference: String },
    #[error("payment reference \"{0}\" was already used for another order")]
    ReferenceReused(String),
    #[error("pack order \"{0}\" is refunded")]
    OrderRefunded(String),
    #[error("pack order \"{0}\" is not paid yet")]
    NotPaid(String),
    #[error("tier \"{0}\" has a fixed size; hours cannot be chosen")]
    FixedTier(String),
    #[error("tier \"{0}\" needs a number of hours")]
    HoursRequired(String),
    #[error("unknown entry \"{0}\"")]
    UnknownEntry(String),
    #[error("entry \"{0}\" already exists")]
    DuplicateEntry(String),
    #[error("entry date {date} is after the day it was logged ({on})")]
    EntryInFuture { date: String, on: String },
    #[error(
        "entry \"{0}\" belongs to a closed month: only a re-mark as bug (credit-back) is possible"
    )]
    EntryInClosedMonth(String),
    #[error("entry \"{0}\" is already marked bug")]
    AlreadyBug(String),
    #[error("unknown quote \"{0}\"")]
    UnknownQuote(String),
    #[error("quote \"{0}\" already exists")]
    DuplicateQuote(String),
    #[error("quote \"{quote}\" is {status}, not approved")]
    QuoteNotApproved { quote: String, status: String },
    #[error("quote \"{quote}\" belongs to developer {developer}, not {technician}")]
    QuoteOfAnotherDeveloper {
        quote: String,
        developer: String,
        technician: String,
    },
    #[error("quote \"{0}\" can only be redeemed by project entries")]
    QuoteNeedsProject(String),
    #[error("quote \"{quote}\" is {status}; it cannot be {action}")]
    QuoteTransition {
        quote: String,
        status: String,
        action: String,
    },
    #[error("month {month} has not ended yet (closing on {on})")]
    MonthNotEnded { month: String, on: String },
    #[error("a plan is already active; change it instead")]
    PlanAlreadyActive,
    #[error("no plan is active")]
    NoActivePlan,
    #[error("plan dates must lie in an open month on or after {0}")]
    PlanDateInClosedMonth(String),
    #[error("unknown cost \"{0}\"")]
    UnknownCost(String),
    #[error("cost \"{0}\" already exists")]
    DuplicateCost(String),
    #[error("a cost in another currency needs its conversion rate")]
    ConversionRateRequired,
    #[error("{date} is outside the dates Hourbank accepts (2000-01-01 to 2199-12-31)")]
    DateOutOfRange { date: String },
    #[error("{what} {date} is more than {max_days} days before the day it is recorded ({on})")]
    DateTooFarBack {
        what: Cow<'static, str>,
        date: String,
        on: String,
        max_days: i64,
    },
    #[error("{what} {date} is more than {max_days} days after the day it is recorded ({on})")]
    DateTooFarAhead {
        what: Cow<'static, str>,
        date: String,
        on: String,
        max_days: i64,
    },
    #[error("the account already has {limit} unpaid pack orders: pay or cancel one first")]
    TooManyOpenOrders { limit: usize },
    #[error("pack order \"{0}\" is cancelled")]
    OrderCancelled(String),
    #[error("pack order \"{0}\" is paid: refund its unused hours instead of cancelling it")]
    CancelPaidOrder(String),
    #[error("a history needs at least one event or a today")]
    EmptyHistory,
    #[error("the catalog: {0}")]
    BadCatalog(String),
    #[error("rates change from the 1st of a month that has not begun: {first} at the earliest")]
    RatesFromTooEarly { first: String },
    #[error("the catalog was changed by someone else since this page was opened; reload it")]
    CatalogChanged,
    #[error("\"{0}\" is not a valid id")]
    BadId(String),
    /// A value in an event that does not parse (minutes, a title, a link, a note, …).
    #[error("{0}")]
    BadValue(ParseError),
    #[error("tier \"{0}\" is sold by a developer: name the seller")]
    SellerRequired(String),
    #[error("tier \"{0}\" is the agency's: it has no developer seller")]
    NoSellerForAgencyTier(String),
    #[error("no standard rate: the catalog or the account must set one")]
    NoStandardRate,
    #[error("a re-invoiced cost must be positive")]
    CostNotPositive,
    #[error("a vendor invoice cannot be dated in the future ({date}, recorded on {on})")]
    CostInFuture { date: String, on: String },
    #[error("the conversion rate must be positive")]
    ConversionRateNotPositive,
    #[error("pack \"{0}\" has no unused minutes to refund")]
    NothingToRefund(String),
    /// A refund was issued for minutes the pack no longer holds on its day: something recorded
    /// later would use them (POLICY §11 Refunds).
    #[error("pack \"{order}\" was refunded {minutes} unused minutes, which this would use")]
    RefundIssued { order: String, minutes: u32 },
    /// The new event replays, but an earlier one no longer does (a backdated entry using
    /// minutes a recorded refund already paid back, say).
    #[error("this would invalidate an earlier event: {0}")]
    InvalidatesEarlier(Box<ReplayError>),
    /// The same ticket, date and minutes as an entry logged today: asked before it is stored.
    #[error(
        "this looks like entry {0}, logged today with the same ticket, date and minutes; if it is new work, tick “Log it again”"
    )]
    LoggedToday(String),
}

impl ReplayError {
    pub fn new(index: usize, on: chrono::NaiveDate, rule: RuleViolation) -> Self {
        ReplayError {
            index,
            on: on.to_string(),
            rule,
        }
    }
}
