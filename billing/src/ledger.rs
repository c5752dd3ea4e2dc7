//! What a replay produces: the ledger of an account (ARCHITECTURE.md). Everything serialises to
//! JSON with money as decimal strings; this is the output format of `hourbank replay`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Text;

use crate::dates::Month;
use crate::events::EntryKind;
use crate::money::{Minutes, Money, Percent, Rate};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub account: String,
    pub currency: String,
    pub today: NaiveDate,
    pub lots: Vec<Lot>,
    pub entries: Vec<EntryResult>,
    /// Month invoices: issued ones (closed months) and the draft of each open month up to today.
    pub invoices: Vec<Invoice>,
    pub pack_invoices: Vec<Invoice>,
    pub credit_notes: Vec<Invoice>,
    pub payouts: Vec<Payout>,
    /// Adjustments waiting for the developer's next payout (POLICY §7), by developer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_payout_adjustments: Vec<(String, PayoutAdjustment)>,
    pub prompts: Vec<Prompt>,
    pub quotes: Vec<QuoteState>,
    /// The last closed month, if any.
    pub closed_through: Option<Month>,
    /// Balances and prompts at each `as_of` event.
    pub snapshots: Vec<Snapshot>,
}

/// Where a pack order stands: one rule for the order list, the what-needs-doing overview and
/// anything else that asks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OrderStatus<'l> {
    /// Invoiced, not paid, not cancelled: waiting for the client's payment.
    Awaiting,
    /// Paid: its hours are this lot.
    Paid(&'l Lot),
    /// Paid, then its unused hours were refunded (a credit note refers to its invoice).
    Refunded,
    /// Cancelled before payment (a credit note reverses its invoice).
    Cancelled,
}

impl Ledger {
    /// Pack invoices whose order is neither paid (no pack lot yet) nor cancelled: the ones
    /// waiting for the client's payment, oldest first.
    pub fn awaiting_payment(&self) -> impl Iterator<Item = &Invoice> {
        self.pack_invoices
            .iter()
            .filter(move |i| self.order_status(i) == Some(OrderStatus::Awaiting))
    }

    /// Where the order of pack invoice `invoice` stands (None: not a pack invoice).
    pub fn order_status(&self, invoice: &Invoice) -> Option<OrderStatus<'_>> {
        if invoice.kind != InvoiceKind::Pack {
            return None;
        }
        let order = invoice.key.order()?;
        let corrected = |cancel: bool| {
            self.credit_notes.iter().any(|c| {
                c.refers_to.as_ref() == Some(&invoice.key)
                    && matches!(c.key, DocKey::Cancel(_)) == cancel
            })
        };
        if corrected(true) {
            return Some(OrderStatus::Cancelled);
        }
        if corrected(false) {
            return Some(OrderStatus::Refunded);
        }
        Some(
            self.lots
                .iter()
                .find(|l| l.origin == Origin::Pack && l.source == order)
                .map_or(OrderStatus::Awaiting, OrderStatus::Paid),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Allowance,
    Carryover,
    Pack,
    Rollover,
    Credit,
}

/// One grant of minutes with its provenance and where every minute went (POLICY §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lot {
    pub id: Text,
    pub origin: Origin,
    /// What the lot came from: the month of an allowance, the order of a pack, the lot a
    /// carryover or rollover moved from, the entry of a credit.
    pub source: String,
    /// For a rollover lot: the pack order it belongs to (consumed after that pack's own minutes).
    pub pack: Option<String>,
    pub granted_on: NaiveDate,
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
    /// What one hour of it is worth (packs: net paid ÷ hours granted), for refunds and payouts.
    pub unit_rate: Option<Rate>,
    pub seller: Option<String>,
    /// Minutes created by a grant or moved in by a carryover / rollover / credit-back.
    pub granted: Minutes,
    /// Minutes returned by a credit-back (POLICY §7).
    pub returned: Minutes,
    pub consumed: Minutes,
    pub expired: Minutes,
    pub moved_out: Minutes,
    pub refunded: Minutes,
    /// Minutes past the last valid day, waiting for a renewal inside the window (POLICY §5).
    pub held: Minutes,
    pub available: Minutes,
    pub movements: Vec<Movement>,
}

impl Lot {
    /// POLICY §2.2: in = consumed + expired + moved out + refunded + still there.
    pub fn conserved(&self) -> bool {
        self.granted.get() + self.returned.get()
            == self.consumed.get()
                + self.expired.get()
                + self.moved_out.get()
                + self.refunded.get()
                + self.held.get()
                + self.available.get()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub on: NaiveDate,
    pub what: MovementKind,
    pub minutes: Minutes,
    /// The entry, lot or order on the other side.
    pub with: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    Granted,
    MovedIn,
    Consumed,
    Returned,
    Held,
    Expired,
    MovedOut,
    Refunded,
}

/// Where one part of an entry's minutes came from (POLICY §3, §4's "source").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Allowance,
    Carryover,
    Pack,
    Rollover,
    Credit,
    PlanRate,
    Quote,
    OverQuote,
    Overage,
    StandardRate,
    /// Our own bug: never charged.
    Bug,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Allowance => "allowance",
            Source::Carryover => "carryover",
            Source::Pack => "pack",
            Source::Rollover => "pack (rolled in)",
            Source::Credit => "credit",
            Source::PlanRate => "plan rate",
            Source::Quote => "quote",
            Source::OverQuote => "over quote",
            Source::Overage => "overage",
            Source::StandardRate => "standard rate",
            Source::Bug => "our bug",
        }
    }

    pub fn from_origin(o: Origin) -> Source {
        match o {
            Origin::Allowance => Source::Allowance,
            Origin::Carryover => Source::Carryover,
            Origin::Pack => Source::Pack,
            Origin::Rollover => Source::Rollover,
            Origin::Credit => Source::Credit,
        }
    }

    pub fn is_charged(self) -> bool {
        matches!(
            self,
            Source::PlanRate
                | Source::Quote
                | Source::OverQuote
                | Source::Overage
                | Source::StandardRate
        )
    }
}

/// One part of an entry: one lot or one rate (POLICY §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub source: Source,
    pub minutes: Minutes,
    /// The lot drawn from, for package and prepaid hours.
    pub lot: Option<Text>,
    /// The hourly rate charged, for charged parts.
    pub rate: Option<Rate>,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryResult {
    pub id: Text,
    pub date: NaiveDate,
    /// The day the entry counts on: its date, or the day it was logged if its month was closed.
    pub effective_date: NaiveDate,
    pub logged_on: NaiveDate,
    pub kind: EntryKind,
    pub minutes: Minutes,
    /// After the plan's rounding increment and minimum (POLICY §1).
    pub counted_minutes: Minutes,
    pub title: Text,
    pub url: Option<Text>,
    pub note: Text,
    pub technician: Text,
    pub quote: Option<Text>,
    /// The parts as the month's invoice has them.
    pub parts: Vec<Part>,
    /// What the entry costs now: the sum of its parts, or zero once it was credited back.
    pub amount: Money,
    /// Re-marked as bug after its month closed: its parts were reversed (POLICY §7).
    pub credited_back_on: Option<NaiveDate>,
    /// The credit note that reversed its charged parts, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_note: Option<DocKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Period,
    Pack,
    CreditNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Issued: immutable.
    Issued,
    /// The open month's draft as of today: provisional.
    Draft,
}

/// An invoice or credit note as the rules compute it; storage gives issued ones their number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    /// What it is, stable within the account.
    pub key: DocKey,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub month: Option<Month>,
    /// The issue date; a draft has none (it is provisional, as of the ledger's `today`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    /// For credit notes: the key of the invoice they correct.
    pub refers_to: Option<DocKey>,
    pub lines: Vec<Line>,
    pub costs: Vec<CostLine>,
    pub vat: Vec<VatLine>,
    pub net: Money,
    pub vat_total: Money,
    pub total: Money,
    /// "Reverse charge" for reverse-charged accounts.
    pub vat_note: Option<String>,
    pub summary: Option<Summary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    PlanFee,
    Work,
    Pack,
    Refund,
    Reversal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub kind: LineKind,
    pub date: Option<NaiveDate>,
    pub description: Text,
    pub entry: Option<Text>,
    pub url: Option<Text>,
    pub technician: Option<Text>,
    pub minutes: Option<Minutes>,
    pub source: Option<Source>,
    pub rate: Option<Rate>,
    pub amount: Money,
    pub vat_rate: Percent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    pub id: String,
    pub date: NaiveDate,
    pub vendor: String,
    pub description: String,
    pub original_amount: Money,
    pub original_currency: String,
    pub conversion_rate: String,
    pub markup: Percent,
    pub amount: Money,
    pub vat_rate: Percent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VatLine {
    pub rate: Percent,
    pub net: Money,
    pub vat: Money,
}

/// The month's summary printed under the invoice (POLICY §4).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    pub allowance: Minutes,
    pub allowance_used: Minutes,
    pub carried_in: Minutes,
    pub carryover_used: Minutes,
    /// Carryover minutes usable next month: this month's unused allowance (capped) plus older
    /// carryover still valid. (Documents issued before it had this name say `carried_out`.)
    #[serde(alias = "carried_out")]
    pub carried_into_next_month: Minutes,
    pub overage_minutes: Minutes,
    pub overage_amount: Money,
    pub packs: Vec<PackBalance>,
    /// Minutes of lots whose last valid day is within 30 days after the month's end.
    pub expiring_within_30_days: Minutes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackBalance {
    pub lot: Text,
    pub origin: Origin,
    /// For pack and rolled-over minutes: the pack they belong to, as a client names it.
    /// (Documents issued before it was recorded have none.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackName>,
    pub available: Minutes,
    /// Past the last valid day, waiting for a renewal (POLICY §5).
    pub held: Minutes,
    pub last_day: Option<NaiveDate>,
}

/// A pack as the client knows it: its tier, who sold it and the day it was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackName {
    pub tier: String,
    pub seller: Option<String>,
    pub paid_on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutBasis {
    /// Its unused minutes rolled into a pack the same developer sold: the whole pack is paid.
    Renewed,
    /// Only the own minutes actually consumed are paid.
    Consumed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payout {
    pub developer: String,
    pub order: String,
    pub due_on: NaiveDate,
    pub basis: PayoutBasis,
    pub minutes: Minutes,
    pub gross: Money,
    pub commission: Money,
    pub amount: Money,
    /// Deductions for minutes of this developer's earlier packs that came back to the client
    /// after their payout fell due (POLICY §7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<PayoutAdjustment>,
}

impl Payout {
    /// What is paid: the pack's amount less the adjustments it carries.
    pub fn payable(&self) -> Money {
        self.adjustments
            .iter()
            .fold(self.amount, |sum, a| sum + a.amount)
    }
}

/// Minutes of a pack whose payout had fallen due, credited back to the client: deducted (at
/// the pack's unit rate less commission) from the same developer's next payout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutAdjustment {
    /// The pack whose minutes came back.
    pub order: String,
    /// The entry re-marked as our bug.
    pub entry: Text,
    /// The day of the credit-back.
    pub on: NaiveDate,
    pub minutes: Minutes,
    /// Negative.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Prompt {
    /// A pack with unused own minutes and 14 days or fewer left.
    Expiring {
        lot: String,
        order: String,
        minutes: Minutes,
        last_day: NaiveDate,
        /// The last day a new pack can be paid for these minutes to roll over, where POLICY §5 applies.
        renew_by: Option<NaiveDate>,
        message: String,
    },
    /// Once a renewal is paid and matched to an expiring pack: its unused minutes move into the
    /// renewal (`into_order`, paid on `paid_on`) on `on`, the day after the last valid day.
    RollingOver {
        lot: String,
        order: String,
        into_order: String,
        minutes: Minutes,
        paid_on: NaiveDate,
        on: NaiveDate,
        message: String,
    },
    /// What the client can still use of one seller's packs (`None`: the agency's) at or below
    /// 20 % of the own minutes of that seller's most recently paid pack, `order`.
    LowBalance {
        order: String,
        seller: Option<String>,
        available: Minutes,
        own: Minutes,
        message: String,
    },
    /// Overage in 2 of the last 3 closed months: the next plan up and what it would have cost.
    Upgrade {
        current_plan: String,
        suggested_plan: String,
        months: Vec<Month>,
        actual_net: Money,
        on_suggested_net: Money,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteState {
    pub id: String,
    pub developer: String,
    pub project: String,
    pub title: String,
    pub estimate_minutes: Minutes,
    pub rate: Rate,
    pub status: QuoteStatus,
    /// Minutes logged against it, by how they were covered.
    pub covered_minutes: Minutes,
    pub charged_minutes: Minutes,
    pub over_quote_minutes: Minutes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Offered,
    Approved,
    Declined,
    Cancelled,
}

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Offered => "offered",
            QuoteStatus::Approved => "approved",
            QuoteStatus::Declined => "declined",
            QuoteStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub on: NaiveDate,
    pub lots: Vec<PackBalance>,
    pub prompts: Vec<Prompt>,
}

/// What a document is, stable within its account (storage numbers documents by it). Written as
/// `period:2026-02` (a month's invoice), `pack:ORDER` (a pack's invoice), `creditback:ENTRY`
/// (POLICY §7), `refund:ORDER` and `cancel:ORDER` (credit notes on a pack's invoice).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKey {
    Period(Month),
    Pack(String),
    CreditBack(String),
    Refund(String),
    Cancel(String),
}

impl DocKey {
    /// The pack order a pack invoice, refund or cancellation is about.
    pub fn order(&self) -> Option<&str> {
        match self {
            DocKey::Pack(o) | DocKey::Refund(o) | DocKey::Cancel(o) => Some(o),
            _ => None,
        }
    }
}

impl std::fmt::Display for DocKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocKey::Period(m) => write!(f, "period:{m}"),
            DocKey::Pack(o) => write!(f, "pack:{o}"),
            DocKey::CreditBack(e) => write!(f, "creditback:{e}"),
            DocKey::Refund(o) => write!(f, "refund:{o}"),
            DocKey::Cancel(o) => write!(f, "cancel:{o}"),
        }
    }
}

impl std::str::FromStr for DocKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, rest) = s
            .split_once(':')
            .ok_or_else(|| format!("\"{s}\" is not a document key"))?;
        let id = || rest.to_string();
        Ok(match kind {
            "period" => DocKey::Period(rest.parse().map_err(|e| format!("{e}"))?),
            "pack" => DocKey::Pack(id()),
            "creditback" => DocKey::CreditBack(id()),
            "refund" => DocKey::Refund(id()),
            "cancel" => DocKey::Cancel(id()),
            _ => return Err(format!("\"{s}\" is not a document key")),
        })
    }
}

impl Serialize for DocKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}
