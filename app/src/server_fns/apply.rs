//! The one path every state change takes (ARCHITECTURE.md): under the account's lock, build
//! the event from the stored history, replay the history with it (the same replay invoices come
//! from), refuse with a typed error or append it and issue what it issues, in one transaction.

use billing::{Event, EventKind, History};
use chrono::NaiveDate;

use crate::errors::AppError;
use crate::state::AppState;
use crate::storage::{AccountRecord, Appended, Decision};

/// `make` sees the account, its stored history, today (in the account's time zone) and the seq
/// the event would get; it returns the event to append, or None when there is nothing to do
/// (an idempotent retry).
pub async fn apply<F>(state: &AppState, account_id: &str, make: F) -> Result<Appended, AppError>
where
    F: FnOnce(&AccountRecord, &History, NaiveDate, i64) -> Result<Option<EventKind>, AppError>,
{
    let clock = state.clock;
    let result = state
        .db
        .append_event(account_id, |account, mut history, seq| {
            let today = clock.today_in(&account.timezone);
            let Some(what) = make(account, &history, today, seq)? else {
                return Ok(Decision { event: None, today });
            };
            let event = Event { on: today, what };
            history.events.push(event.clone());
            history.today = Some(today);
            let new = history.events.len() - 1;
            match billing::replay(&history) {
                Ok(_) => Ok(Decision {
                    event: Some(event),
                    today,
                }),
                Err(e) if e.index == new => Err(AppError::from(e.rule)),
                // The stored history replayed before; with the new event an earlier one breaks
                // (a backdated entry using minutes a recorded refund already paid back, say).
                Err(e) => Err(AppError::Refused(format!(
                    "this would invalidate an earlier event: {e}"
                ))),
            }
        })
        .await;
    result.map_err(crate::errors::with_status)
}

/// Every server function starts here: the server's state and the caller, who must be signed
/// in with one of `roles` and, for an account-scoped call, see `account` (ARCHITECTURE: "check
/// who is asking" — one mechanism, `auth::ssr::authorize`, for every function).
pub async fn allow(
    roles: &[crate::auth::Role],
    account: Option<&str>,
) -> Result<(AppState, crate::auth::Me), AppError> {
    let state = state()?;
    let me = crate::auth::ssr::authorize(&state, roles, account)
        .await
        .map_err(crate::errors::with_status)?;
    Ok((state, me))
}

/// The server's state inside a server function.
pub fn state() -> Result<AppState, AppError> {
    crate::state::app_state().ok_or_else(|| AppError::Server("server state is missing".into()))
}

/// A short id of the caller's choosing (order, quote, cost): letters, digits, `-` and `_`.
pub fn parse_id(field: &str, raw: &str) -> Result<String, AppError> {
    let id = raw.trim();
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::invalid(
            field,
            "use 1 to 64 letters, digits, - or _",
        ));
    }
    Ok(id.to_string())
}

/// A person's name as printed on entries and invoices (technicians, developers).
pub fn parse_name(field: &str, raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(field, "a name of 1 to 100 characters"));
    }
    billing::events::check_chars("the name", name, false)
        .map_err(|e| AppError::invalid(field, e))?;
    Ok(name.to_string())
}

pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    billing::dates::parse_date(raw).map_err(|e| AppError::invalid(field, e))
}
