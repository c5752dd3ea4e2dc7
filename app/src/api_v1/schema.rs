//! What `/api/v1` reads and answers, as JSON. These types are the contract: the OpenAPI
//! document is generated from them (utoipa), and the handlers convert the rules' values into
//! them, so a field named here is a field sent. Money is a decimal string ("12.50"), dates are
//! `YYYY-MM-DD`, durations whole minutes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use billing::external::MAX_EXTERNAL_ID;
use billing::money::MAX_ENTRY_MINUTES;

/// What kind of work an entry is (POLICY: support and bug fixes draw on the package; project
/// work on quotes or the standard rate; billable is charged; a bug of ours is never charged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Support,
    Project,
    Billable,
    Bug,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Support => "support",
            Kind::Project => "project",
            Kind::Billable => "billable",
            Kind::Bug => "bug",
        }
    }
}

impl From<billing::EntryKind> for Kind {
    fn from(k: billing::EntryKind) -> Kind {
        match k {
            billing::EntryKind::Support => Kind::Support,
            billing::EntryKind::Project => Kind::Project,
            billing::EntryKind::Billable => Kind::Billable,
            billing::EntryKind::Bug => Kind::Bug,
        }
    }
}

/// A completed piece of work, as a helpdesk sends it. Unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    /// The helpdesk's id of this piece of work, unique within the account: the same id sent
    /// again with the same fields answers with the entry first logged.
    #[schema(min_length = 1, max_length = 100, example = "zd-4711-1")]
    pub external_id: String,
    /// The helpdesk's id of the ticket the work was done on.
    #[serde(default)]
    #[schema(max_length = 100, example = "4711")]
    pub ticket_id: Option<String>,
    /// The ticket's address (http or https).
    #[serde(default)]
    #[schema(max_length = 2000, example = "https://help.example.com/tickets/4711")]
    pub ticket_url: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 200,
        example = "Printer offline after update"
    )]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The e-mail of the technician (or admin) who did the work; a technician must be
    /// assigned to the account. Send this or `technician_id`.
    #[serde(default)]
    #[schema(min_length = 3, max_length = 254, example = "dana@agency.example")]
    pub technician_email: Option<String>,
    /// The helpdesk's id of the technician (or admin) who did the work, as an admin set it on
    /// the integrations page. Send this or `technician_email`.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, example = "agent-4711")]
    pub technician_id: Option<String>,
    #[schema(minimum = 1, maximum = 1440, example = 45)]
    pub minutes: u32,
    /// Support when left out.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// The day the work was done.
    #[schema(format = Date, example = "2026-03-17")]
    pub date: String,
    /// An approved quote the work is done against (project work).
    #[serde(default)]
    #[schema(max_length = 64)]
    pub quote: Option<String>,
}

const _: () = assert!(MAX_EXTERNAL_ID == 100 && MAX_ENTRY_MINUTES == 1440);

impl NewEntry {
    /// Who did the work: by e-mail or by helpdesk id, exactly one of them.
    pub fn technician(&self) -> service::commands::helpdesk::Technician<'_> {
        use service::commands::helpdesk::Technician;
        match (
            self.technician_email.as_deref(),
            self.technician_id.as_deref(),
        ) {
            (Some(email), None) => Technician::Email(email),
            (None, Some(id)) => Technician::HelpdeskId(id),
            _ => Technician::Unclear,
        }
    }

    /// The log form's fields, for the log form's parser (the same rules, the same refusals).
    pub fn form(&self) -> billing::EntryForm {
        billing::EntryForm {
            date: self.date.clone(),
            minutes: self.minutes.to_string(),
            kind: self.kind.unwrap_or(Kind::Support).as_str().to_string(),
            title: self.title.clone(),
            url: self.ticket_url.clone().unwrap_or_default(),
            note: self.note.clone().unwrap_or_default(),
            quote: self.quote.clone().unwrap_or_default(),
        }
    }
}

/// Where an entry's minutes went: a lot of included or prepaid hours, or a charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EntryPart {
    /// allowance, carryover, pack, rollover, credit, plan_rate, quote, over_quote, overage,
    /// standard_rate or bug.
    pub source: String,
    pub minutes: u32,
    /// The lot drawn from, for included and prepaid hours.
    pub lot: Option<String>,
    /// The hourly rate charged, for charged parts.
    pub rate: Option<String>,
    #[schema(example = "12.50")]
    pub amount: String,
}

/// A logged entry as it stands today (after any correction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Entry {
    #[schema(example = "e42")]
    pub id: String,
    pub external_id: String,
    pub ticket_id: Option<String>,
    #[schema(format = Date)]
    pub date: String,
    /// The day it counts on: its date, or the day it was logged if that month was closed.
    #[schema(format = Date)]
    pub effective_date: String,
    #[schema(format = Date)]
    pub logged_on: String,
    pub kind: Kind,
    pub minutes: u32,
    /// After the plan's rounding increment and minimum.
    pub counted_minutes: u32,
    pub title: String,
    pub ticket_url: Option<String>,
    pub note: String,
    /// The technician's name, as the invoice shows it.
    pub technician: String,
    pub quote: Option<String>,
    pub parts: Vec<EntryPart>,
    /// What the entry costs now (net), in `currency`.
    #[schema(example = "0.00")]
    pub amount: String,
    #[schema(example = "EUR")]
    pub currency: String,
    /// Re-marked as our bug after its month closed: its charge was credited back.
    #[schema(format = Date)]
    pub credited_back_on: Option<String>,
}

/// A lot of hours the client can draw on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LotBalance {
    pub id: String,
    /// allowance, carryover, pack, rollover or credit.
    pub origin: String,
    #[schema(format = Date)]
    pub first_day: String,
    /// The last day it may be used; none: as long as the plan runs.
    #[schema(format = Date)]
    pub last_day: Option<String>,
    pub available_minutes: u32,
    /// The developer whose pack it is; none: the agency's.
    pub seller: Option<String>,
}

/// The open month so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MonthSoFar {
    #[schema(example = "2026-03")]
    pub month: String,
    pub entries: u32,
    pub counted_minutes: u32,
    /// The month's draft invoice total so far (net), if the account has one.
    pub draft_total: Option<String>,
}

/// A prompt the client sees on their dashboard (hours expiring, a low balance, an upgrade).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Prompt {
    /// expiring, rolling_over, low_balance or upgrade.
    pub kind: String,
    pub message: String,
}

/// An account's balances today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Balance {
    pub account: String,
    #[schema(format = Date)]
    pub today: String,
    pub currency: String,
    /// Every minute the client can still use, across lots.
    pub available_minutes: u32,
    pub lots: Vec<LotBalance>,
    pub this_month: MonthSoFar,
    pub prompts: Vec<Prompt>,
}

/// An account, for mapping a helpdesk's customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Account {
    #[schema(example = "acme")]
    pub id: String,
    pub name: String,
    pub currency: String,
    /// Today's plan; none: prepaid packs or pay as you go.
    pub plan: Option<String>,
    /// A plan change scheduled for the 1st of next month.
    pub next_plan: Option<String>,
    #[schema(format = Date)]
    pub next_plan_from: Option<String>,
}

/// One refused field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// Every error: a code to branch on, the reason in plain words, and for refused values each
/// field with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// unauthorized, not_found, bad_request, invalid, refused, conflict, idempotency_key_reused,
    /// too_large or server_error.
    #[schema(example = "invalid")]
    pub error: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// A ticket's lifecycle times as a helpdesk knows them now. Send the ticket again as it moves
/// on: each time is recorded once; another value for a recorded one is refused (409).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketTimes {
    /// The helpdesk's id of the ticket (the `ticket_id` its work entries name).
    #[schema(min_length = 1, max_length = 100, example = "4711")]
    pub ticket_id: String,
    /// The helpdesk's priority, e.g. urgent, high, normal.
    #[serde(default)]
    #[schema(max_length = 32, example = "high")]
    pub priority: Option<String>,
    /// When the client opened it: RFC 3339 with an offset.
    #[schema(format = DateTime, example = "2026-03-17T09:30:00+01:00")]
    pub created_at: String,
    #[serde(default)]
    #[schema(format = DateTime, example = "2026-03-17T10:05:00+01:00")]
    pub first_response_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub resolved_at: Option<String>,
}

/// A ticket's times as recorded, in UTC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    pub ticket_id: String,
    pub priority: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub first_response_at: Option<String>,
    #[schema(format = DateTime)]
    pub resolved_at: Option<String>,
}

impl From<api::tickets::TicketTimes> for Ticket {
    fn from(t: api::tickets::TicketTimes) -> Ticket {
        let at =
            |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ticket {
            ticket_id: t.ticket_id,
            priority: t.priority,
            created_at: at(t.created_at),
            first_response_at: t.first_response_at.map(at),
            resolved_at: t.resolved_at.map(at),
        }
    }
}
