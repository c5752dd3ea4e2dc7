//! The one path every state change takes (docs/ARCHITECTURE.md): under the account's lock, build
//! the event from the stored history, replay the history with it (the same replay invoices come
//! from), refuse with a typed error or append it and issue what it issues, in one transaction.

use billing::{Event, EventKind, History};
use chrono::NaiveDate;

use crate::state::AppState;
use crate::storage::{AccountRecord, Appended, Beside, Decision};
use api::AppError;

/// `make` sees the account, its stored history, today (in the account's time zone) and the seq
/// the event would get; it returns the event to append, or None when there is nothing to do
/// (an idempotent retry). When the state carries a form submission that was already applied,
/// nothing is appended and the answer is the first one's. `make` may be called twice — once
/// before the lock on the history this server keeps, once more under the lock if that history
/// turned out to be behind (docs/ARCHITECTURE.md) — and only the last call's answer counts.
pub async fn apply<F>(state: &AppState, account_id: &str, mut make: F) -> Result<Appended, AppError>
where
    F: FnMut(&AccountRecord, &History, NaiveDate, i64) -> Result<Option<EventKind>, AppError>,
{
    apply_beside(state, account_id, |account, history, today, seq| {
        Ok((make(account, history, today, seq)?, None))
    })
    .await
}

/// [`apply`], where `make` may also give a row to store beside the event in its transaction (a
/// licence registered, or renewed with or without a re-invoiced cost).
pub async fn apply_beside<F>(
    state: &AppState,
    account_id: &str,
    mut make: F,
) -> Result<Appended, AppError>
where
    F: FnMut(
        &AccountRecord,
        &History,
        NaiveDate,
        i64,
    ) -> Result<(Option<EventKind>, Option<Beside>), AppError>,
{
    let clock = state.clock;
    state
        .db
        .append_event(
            account_id,
            state.submission.as_ref(),
            state.actor.as_ref(),
            |account, history, seq, repeat| {
                let today = clock.today_in(&account.timezone);
                decision(account, history, today, seq, repeat, &mut make)
            },
        )
        .await
}

/// [`apply`] to each of `account_ids` (at most [`crate::storage::MAX_BATCH`]) in one
/// transaction, each account's change in a savepoint of its own: one account's refusal leaves
/// the others changed. Not for forms (it records no submission): for changes that are
/// idempotent by themselves, like a month-end close. The answers come in the order of the ids.
pub async fn apply_each<F>(
    state: &AppState,
    account_ids: &[String],
    mut make: F,
) -> Result<Vec<Result<Appended, AppError>>, AppError>
where
    F: FnMut(&AccountRecord, &History, NaiveDate, i64) -> Result<Option<EventKind>, AppError>,
{
    let clock = state.clock;
    let each = state
        .db
        .append_each(
            account_ids,
            state.actor.as_ref(),
            |account, history, seq, repeat| {
                let today = clock.today_in(&account.timezone);
                let make = |a: &_, h: &_, t, s| Ok((make(a, h, t, s)?, None));
                decision(account, history, today, seq, repeat, make)
            },
        )
        .await?;
    Ok(each)
}

/// What the write path does with what `make` decides: nothing for a repeated submission or when
/// `make` finds nothing to do; else the event pinned, replayed with the history and settled.
fn decision<F>(
    account: &AccountRecord,
    mut history: History,
    today: NaiveDate,
    seq: i64,
    repeat: bool,
    make: F,
) -> Result<Decision, AppError>
where
    F: FnOnce(
        &AccountRecord,
        &History,
        NaiveDate,
        i64,
    ) -> Result<(Option<EventKind>, Option<Beside>), AppError>,
{
    if repeat {
        return Ok(Decision {
            event: None,
            today,
            ledger: None,
            beside: None,
        });
    }
    let (what, beside) = make(account, &history, today, seq)?;
    let Some(what) = what else {
        return Ok(Decision {
            event: None,
            today,
            ledger: None,
            beside,
        });
    };
    let (event, ledger) = with_event(&mut history, today, what)?;
    Ok(Decision {
        event: Some(event),
        today,
        ledger: Some(ledger),
        beside,
    })
}

/// `what` appended to `history` on `today` as the write path appends it — pinned to the terms it
/// is agreed at, so that a later catalog edit changes nothing — with the ledger of the history
/// with it, if the replay accepts it; the rules' refusal otherwise. The write path and the
/// import's dry run both decide here.
pub fn with_event(
    history: &mut History,
    today: NaiveDate,
    what: EventKind,
) -> Result<(Event, billing::Ledger), AppError> {
    let event = Event { on: today, what }.pinned(&history.catalog);
    // Every event before the new one was checked when it was appended (or, in the import's
    // dry run, by the call before this one): only the new one's own fields are checked.
    let new = history.events.len();
    history.events.push(event.clone());
    history.today = Some(today);
    match billing::replay_stored(history, new) {
        Ok(ledger) => {
            // Stored with what the replay decided for it (a refund's minutes): pinned like terms.
            let event = event.settled(&ledger);
            history.events.pop();
            history.events.push(event.clone());
            Ok((event, ledger))
        }
        Err(e) => {
            history.events.pop();
            if e.index == new {
                Err(AppError::from(e.rule))
            } else {
                // The stored history replayed before; with the new event an earlier one breaks
                // (a backdated entry using minutes a recorded refund already paid back, say).
                Err(AppError::Refused(
                    billing::RuleViolation::InvalidatesEarlier(Box::new(e)).into(),
                ))
            }
        }
    }
}
