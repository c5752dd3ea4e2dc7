//! Hourbank's billing rules: a pure function from an account's history to its ledger.
//!
//! `replay(history) -> Ledger` is the only place a billing number is computed. The browser's
//! live previews (compiled to wasm32) and the server's invoices call the same function; a
//! what-if preview is the same replay with hypothetical events appended (POLICY §3).
//!
//! No IO, no clock (today is part of the input), no async, no floats.

/// Shared, immutable text (titles, ids, links): cloning it costs a reference count, not an
/// allocation, which keeps a replay of an account-year in microseconds.
pub type Text = std::sync::Arc<str>;

pub mod account_terms;
pub mod business_hours;
pub mod catalog;
pub mod catalog_edit;
pub mod dates;
pub mod duration;
pub mod error;
pub mod events;
pub mod external;
mod history;
pub mod ledger;
mod lots;
pub mod money;
pub mod quote;
mod replay;
pub mod sla;
pub mod sla_form;

pub use account_terms::{TermsForm, TermsFrom, TermsTimeline};
pub use catalog::{
    BulkDiscount, Catalog, FeePeriod, PackTerms, PackTier, Plan, PlanTerms, RatesFrom, Seller,
};
pub use dates::Month;
pub use error::{ParseError, ReplayError, RuleViolation};
pub use events::{
    AccountTerms, EntryForm, EntryKind, Event, EventKind, FieldError, History, Reason, WorkEntry,
};
pub use ledger::*;
pub use money::{Currency, Dec, Minutes, Money, Percent, Rate};

/// Replay an account's history as of `history.today` (POLICY §1–§8).
pub fn replay(history: &History) -> Result<Ledger, ReplayError> {
    replay::replay(history)
}

/// [`replay`] of a history whose first `stored` events were appended by the write path, each
/// checked by a replay then. Events never change once stored, so their own fields — a work
/// entry's id, text, minutes and how far back its date lies — are not checked again; every rule
/// that depends on what came before them still runs, and every number is the same as
/// [`replay`]'s. What the server replays its stored histories with; a history from anywhere
/// else (a file, a seed) goes through [`replay`].
pub fn replay_stored(history: &History, stored: usize) -> Result<Ledger, ReplayError> {
    replay::replay_stored(history, stored)
}

/// The plan in effect on `day` under the history's plan events (POLICY §4: a plan change applies
/// from the 1st of the month after it is made), for headers that name the current plan and the
/// next one.
pub fn plan_on(history: &History, day: chrono::NaiveDate) -> Result<Option<Plan>, ReplayError> {
    let mut plans = plans_on(history, &[day])?;
    debug_assert_eq!(plans.len(), 1);
    Ok(plans.pop().flatten())
}

/// [`plan_on`] for each of `days`, preparing the history once (a header names today's plan and
/// next month's).
pub fn plans_on(
    history: &History,
    days: &[chrono::NaiveDate],
) -> Result<Vec<Option<Plan>>, ReplayError> {
    let p = history::prepare(history)?;
    Ok(days
        .iter()
        .map(|d| p.plan_on(*d).map(|(_, period)| period.plan.clone()))
        .collect())
}

/// The id of the plan in effect in each of `months` (on its first day), as [`plan_on`] says,
/// preparing the history once: what SLA figures take each month's targets from.
pub fn plans_by_month(
    history: &History,
    months: &[Month],
) -> Result<Vec<Option<String>>, ReplayError> {
    let p = history::prepare(history)?;
    Ok(months
        .iter()
        .map(|m| {
            p.plan_on(m.first_day())
                .map(|(_, period)| period.plan.id.clone())
        })
        .collect())
}

/// How many days a replay of `history` visits: it jumps over days where nothing can happen, so
/// this grows with events, lots and months under a plan or with hours, never with empty time.
/// For tests and benchmarks.
pub fn replay_visited_days(history: &History) -> Result<usize, ReplayError> {
    replay::visited_days(history)
}

/// [`replay`] walking the calendar day by day instead of jumping over days where nothing can
/// happen: slow, and only for the property test that proves both give the same ledger.
#[doc(hidden)]
pub fn replay_day_by_day(history: &History) -> Result<Ledger, ReplayError> {
    replay::replay_walking(history, 0, replay::Walk::EveryDay)
}

/// The same replay with hypothetical events appended (POLICY §3: "a what-if preview is the same
/// function with the hypothetical entries or purchases appended").
pub fn what_if(history: &History, extra: &[Event]) -> Result<Ledger, ReplayError> {
    replay::replay(&with_extra(history, extra))
}

/// `history` with `extra` appended, its today moved on to the last event's day if that is later.
fn with_extra(history: &History, extra: &[Event]) -> History {
    let mut h = history.clone();
    h.events.extend_from_slice(extra);
    if let (Some(t), Some(last)) = (h.today, h.events.last())
        && last.on > t
    {
        h.today = Some(last.on);
    }
    h
}
