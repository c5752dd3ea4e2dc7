//! What the pages receive from the server: plain serialisable views of stored data.

use billing::{History, Invoice, Ledger, Lot, Payout};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::errors::AppError;

/// An account as the pages show it (the billing-relevant part travels in its `History`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub currency: String,
    pub timezone: String,
    pub locale: String,
}

/// An issued document's number by its key in the ledger (`period:2026-02`, `pack:o1`), so
/// pages can link ledger invoices to their printable page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRef {
    pub key: billing::DocKey,
    pub number: String,
}

/// Everything the work-log page needs. The browser's what-if preview replays `history` plus the
/// entry being typed, so it needs no request while the user types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkLogData {
    pub account: AccountSummary,
    /// The account's plan name, if one is active (for the header).
    pub plan: PlanLabel,
    /// catalog + terms + events in order + today: the input of `billing::replay`.
    pub history: History,
    /// `billing::replay(&history)`, computed by the server.
    pub ledger: Ledger,
    /// The account's "today" (its time zone, or the server's fixed HOURBANK_TODAY).
    pub today: NaiveDate,
    /// The developers a client can buy marketplace packs from (staff assigned to the account).
    pub developers: Vec<String>,
    /// The account's issued documents, to link ledger invoices to their numbers.
    pub documents: Vec<DocRef>,
    /// Where the client asks for a plan change (the seller's billing e-mail).
    pub contact: Option<String>,
    /// The account's licences, soonest expiry first (keys masked for all but admins).
    #[serde(default)]
    pub licences: Vec<crate::licences::Licence>,
}

impl WorkLogData {
    pub fn number_of(&self, key: &billing::DocKey) -> Option<&str> {
        self.documents
            .iter()
            .find(|d| d.key == *key)
            .map(|d| d.number.as_str())
    }
}

/// The outcome of logging an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    pub entry_id: String,
}

/// An issued document with its legal number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub number: String,
    pub account_id: String,
    /// ISO 4217 code of its amounts.
    pub currency: String,
    /// For a credit note: the number of the invoice it corrects.
    pub refers_to: Option<String>,
    pub invoice: Invoice,
    /// Who it is between and how it is paid, frozen when it was issued.
    pub parties: crate::parties::Parties,
    /// A month invoice's recorded payment (pack invoices are paid through their order).
    #[serde(default)]
    pub paid: Option<crate::parties::InvoicePaid>,
}

/// An issued document as an account's document list shows it. The full document, with every
/// line, is the invoice page's: the list embeds only these fields for hydration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub number: String,
    pub key: billing::DocKey,
    pub kind: billing::InvoiceKind,
    pub month: Option<billing::Month>,
    /// For a credit note: the number of the invoice it corrects.
    pub refers_to: Option<String>,
    pub issued_on: Option<NaiveDate>,
    /// None for credit notes (the agency pays those back).
    pub due_on: Option<NaiveDate>,
    pub total: billing::Money,
    /// A month invoice's payment is recorded (pack invoices are paid through their order).
    pub paid: bool,
}

impl From<&Document> for DocumentRow {
    fn from(d: &Document) -> DocumentRow {
        DocumentRow {
            number: d.number.clone(),
            key: d.invoice.key.clone(),
            kind: d.invoice.kind,
            month: d.invoice.month,
            refers_to: d.refers_to.clone(),
            issued_on: d.invoice.issued_on,
            due_on: d.parties.payment.as_ref().map(|p| p.due_on),
            total: d.invoice.total,
            paid: d.paid.is_some(),
        }
    }
}

/// What the invoice page shows: the document (with its parties as they were at issue) and the
/// account it belongs to (for its name, currency and locale).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub doc: Document,
    pub account: AccountSummary,
}

/// A recorded payment and the lot it granted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub order: String,
    pub reference: String,
    pub lot: Option<Lot>,
    /// False when this reference was already recorded: the first result is returned again.
    pub new: bool,
}

/// One account's outcome of closing a month for all accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closed {
    pub account_id: String,
    /// The month's invoice (None: nothing to invoice that month).
    pub invoice: Result<Option<Document>, AppError>,
}

/// The month-end page before closing: each account's state for `month`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosePreview {
    pub month: billing::Month,
    /// The latest month that has ended for every account (the page's default and its limit).
    pub latest: billing::Month,
    pub accounts: Vec<CloseRow>,
}

impl ClosePreview {
    /// Accounts a close would issue an invoice for.
    pub fn to_issue(&self) -> usize {
        self.accounts
            .iter()
            .filter(|r| matches!(r.state, CloseState::Draft { .. }))
            .count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloseRow {
    pub account: AccountSummary,
    pub state: CloseState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CloseState {
    /// Closing issues this draft.
    Draft { total: billing::Money },
    /// Closed already: the invoice issued then (`None`: there was nothing to invoice).
    Closed { number: Option<String> },
    /// Open, with nothing to invoice: closing records the close only.
    Nothing,
    /// The month has not ended in the account's time zone.
    NotEnded,
}

/// An account on the accounts page: its plan and what needs a look.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccountRow {
    pub account: AccountSummary,
    /// Today's plan (and a scheduled change), as the account header names it.
    pub plan: PlanLabel,
    /// The open month's draft invoice total so far.
    pub draft_total: Option<billing::Money>,
    /// Prompts (POLICY §8) plus quotes waiting for approval.
    pub attention: usize,
}

/// The plan an account is on today, and the one a scheduled change brings next month (POLICY
/// §4): the pages word it ("Maintenance M (Maintenance L from 1 Apr 2026)").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanLabel {
    /// Today's plan's name; None: no plan.
    pub today: Option<String>,
    /// Next month's plan's name and its first day, when it differs from today's.
    pub next: Option<(String, NaiveDate)>,
}

/// The accounts page: the accounts the caller sees and, for admins, what needs doing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Overview {
    pub accounts: Vec<AccountRow>,
    /// Admins only; `None` for everyone else.
    pub to_do: Option<ToDo>,
}

/// What the agency has to act on, across accounts, oldest first in each list.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ToDo {
    /// Months that have ended but are not closed (no invoice issued yet).
    pub months_to_close: Vec<MonthToClose>,
    /// Pack invoices issued for orders not paid (nor cancelled) yet.
    pub unpaid_orders: Vec<UnpaidOrder>,
    /// Quotes offered and not yet approved or declined by the client.
    pub quotes_waiting: Vec<QuoteWaiting>,
}

impl ToDo {
    pub fn is_empty(&self) -> bool {
        self.months_to_close.is_empty()
            && self.unpaid_orders.is_empty()
            && self.quotes_waiting.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonthToClose {
    pub account: AccountSummary,
    pub month: billing::Month,
    /// The draft invoice's total as of today.
    pub draft_total: billing::Money,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnpaidOrder {
    pub account: AccountSummary,
    /// The pack's tier name.
    pub pack: String,
    /// The pack invoice's number.
    pub invoice: Option<String>,
    pub ordered_on: NaiveDate,
    /// Days since the invoice was issued, as of the account's today.
    pub days: i64,
    pub total: billing::Money,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuoteWaiting {
    pub account: AccountSummary,
    pub title: String,
    pub developer: String,
    pub estimate: billing::Minutes,
}

/// The fields of the "new account" form.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NewAccount {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub country: String,
    pub vat_id: String,
    pub electronic_address: String,
    pub locale: String,
    pub timezone: String,
    pub currency: String,
    pub reverse_charge: bool,
    /// The account's catalog as JSON (`billing::Catalog`); empty: the deployment's default.
    pub catalog: String,
}

/// The fields of the "re-invoice a cost" form, unparsed (posted as `cost[date]`, …).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CostForm {
    pub date: String,
    pub vendor: String,
    pub description: String,
    pub amount: String,
    pub currency: String,
    /// Units of the account's currency per unit of `currency`; empty for the same currency.
    pub conversion_rate: String,
    /// Percent; empty for none.
    pub markup: String,
}

/// One payout with the account it comes from (for its name and currency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutRow {
    pub account: AccountSummary,
    pub payout: Payout,
}
