//! Read models: the one way every page, server function and command loads an account as of
//! today — its stored record, its history with today set, and the ledger replayed from it
//! (or, for what needs no ledger, the history alone: `account_history`).
//! (Replay from the last close's snapshot will plug in here.)

use billing::{History, Ledger, ReplayError};
use chrono::NaiveDate;

use crate::state::AppState;
use crate::storage::AccountRecord;
use api::AppError;

/// An account as of its today (in its time zone, or the server's fixed day).
#[derive(Debug, Clone)]
pub struct AccountNow {
    pub account: AccountRecord,
    pub history: History,
    pub today: NaiveDate,
    pub ledger: Ledger,
}

/// A stored history that no longer replays is our fault, never the caller's.
pub fn does_not_replay(e: ReplayError) -> AppError {
    AppError::Server(format!("the account's history does not replay: {e}"))
}

/// Account `id` as of today; 404 when there is none.
pub async fn account_now(state: &AppState, id: &str) -> Result<AccountNow, AppError> {
    ledger_for(state, find(state, id).await?).await
}

async fn find(state: &AppState, id: &str) -> Result<AccountRecord, AppError> {
    state
        .db
        .account(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account \"{id}\"")))
}

/// The ledger of a loaded account as of today.
pub async fn ledger_for(state: &AppState, account: AccountRecord) -> Result<AccountNow, AppError> {
    replayed(history_for(state, account).await?)
}

/// An account's history replayed to its ledger.
pub fn replayed(a: AccountHistory) -> Result<AccountNow, AppError> {
    let AccountHistory {
        account,
        history,
        today,
    } = a;
    let ledger = billing::replay_stored(&history, history.events.len()).map_err(does_not_replay)?;
    Ok(AccountNow {
        account,
        history,
        today,
        ledger,
    })
}

/// An account as of today without its ledger, for what reads only the history (which plan
/// each month had): no replay.
#[derive(Debug, Clone)]
pub struct AccountHistory {
    pub account: AccountRecord,
    pub history: History,
    pub today: NaiveDate,
}

/// [`account_now`] without the replay; 404 when there is no account `id`.
pub async fn account_history(state: &AppState, id: &str) -> Result<AccountHistory, AppError> {
    history_for(state, find(state, id).await?).await
}

async fn history_for(state: &AppState, account: AccountRecord) -> Result<AccountHistory, AppError> {
    let events = state.db.events(&account.id).await?;
    let today = state.clock.today_in(&account.timezone);
    let history = account.history(events, Some(today));
    Ok(AccountHistory {
        account,
        history,
        today,
    })
}

/// Every account as of today (for overviews and month-end), in storage order.
pub async fn all_accounts_now(state: &AppState) -> Result<Vec<AccountNow>, AppError> {
    let mut out = Vec::new();
    for account in state.db.accounts().await? {
        out.push(ledger_for(state, account).await?);
    }
    Ok(out)
}

/// The plan in effect today, and next month's if a change is scheduled (POLICY §4).
pub fn plan_label(history: &History, today: NaiveDate) -> Result<api::model::PlanLabel, AppError> {
    let fail = does_not_replay;
    let next_month = billing::Month::of(today).next().first_day();
    // One preparation of the history for both days.
    let mut plans = billing::plans_on(history, &[today, next_month])
        .map_err(fail)?
        .into_iter();
    let (plan_today, plan_next) = (plans.next().flatten(), plans.next().flatten());
    let changes = match (&plan_today, &plan_next) {
        // A change to the same plan's new terms shows too ("from 2027-01-01").
        (Some(now), Some(next)) => now != next,
        (None, Some(_)) => true,
        _ => false,
    };
    Ok(api::model::PlanLabel {
        today: plan_today.map(|p| p.name),
        next: plan_next.filter(|_| changes).map(|p| (p.name, next_month)),
    })
}
