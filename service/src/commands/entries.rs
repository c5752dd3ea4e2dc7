//! Work entries: logging (also against an approved quote), correcting and re-marking — each
//! in the caller's name or by the agency (`Me::acts_for`).

use api::AppError;
use api::auth::Me;
use billing::events::EntryCorrection;
use billing::{EntryForm, EntryKind, EntryResult, EventKind};

use crate::apply::apply;
use crate::state::AppState;
use crate::storage::Appended;

fn entry_of(appended: &Appended, id: &str) -> Result<EntryResult, AppError> {
    appended
        .ledger
        .entries
        .iter()
        .find(|e| &*e.id == id)
        .cloned()
        .ok_or_else(|| AppError::Server(format!("entry {id} is missing from the ledger")))
}

/// What to do with an entry that looks like one already logged today: the same technician,
/// work date, minutes and ticket link. The log form asks first (`Ask`: refused on the field
/// `again`, with the entry it looks like); ticking "Log it again" sends `Allow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twice {
    Ask,
    Allow,
}

/// Log an entry for `technician`; the entry's id follows its event's seq.
pub async fn log_inner(
    state: &AppState,
    account_id: &str,
    technician: &str,
    form: EntryForm,
) -> Result<EntryResult, AppError> {
    log_checked(state, account_id, technician, form, Twice::Allow).await
}

/// [`log_inner`], asking first about a likely double entry when `twice` is `Ask`.
pub async fn log_checked(
    state: &AppState,
    account_id: &str,
    technician: &str,
    form: EntryForm,
    twice: Twice,
) -> Result<EntryResult, AppError> {
    let technician = api::parse::parse_name("technician", technician)?;
    let submitted = [
        ("date", form.date.as_str()),
        ("minutes", &form.minutes),
        ("kind", &form.kind),
        ("title", &form.title),
        ("url", &form.url),
        ("note", &form.note),
        ("quote", &form.quote),
    ];
    // Every bad field at once; a refusal carries the form to fill it in again.
    let parsed = form
        .parse(String::new(), technician)
        .map_err(|errors| AppError::fields(errors).with_form(submitted))?;
    let appended = apply(state, account_id, |_, history, today, seq| {
        if twice == Twice::Ask
            && let Some(same) = logged_today(history, today, &parsed)
        {
            return Err(AppError::invalid(
                "again",
                billing::RuleViolation::LoggedToday(same.to_string()),
            ));
        }
        // Entry ids follow the event's seq, unique within the account.
        Ok(Some(EventKind::EntryLogged(billing::WorkEntry {
            id: format!("e{seq}").into(),
            ..parsed.clone()
        })))
    })
    .await
    .map_err(|e| e.with_form(submitted))?;
    // The entry this submission logged (now, or the first time it was sent).
    match appended.event.as_ref().map(|e| &e.what) {
        Some(EventKind::EntryLogged(w)) => entry_of(&appended, &w.id),
        _ => Err(AppError::Server("the entry was not logged".into())),
    }
}

/// An entry logged on `today` by the same technician for the same ticket link, work date and
/// minutes as `new`: most likely the same work sent twice.
fn logged_today<'h>(
    history: &'h billing::History,
    today: chrono::NaiveDate,
    new: &billing::WorkEntry,
) -> Option<&'h str> {
    let url = new.url.as_ref()?;
    history.events.iter().rev().find_map(|e| match &e.what {
        EventKind::EntryLogged(w)
            if e.on == today
                && w.technician == new.technician
                && w.date == new.date
                && w.minutes == new.minutes
                && w.url.as_ref() == Some(url) =>
        {
            Some(&*w.id)
        }
        _ => None,
    })
}

/// Who logged entry `id` (None: no such entry; the rules then refuse it as unknown).
fn logged_by<'h>(history: &'h billing::History, id: &str) -> Option<&'h str> {
    history.events.iter().find_map(|e| match &e.what {
        EventKind::EntryLogged(w) if &*w.id == id => Some(&*w.technician),
        _ => None,
    })
}

/// Staff change only their own entries; admins anyone's (`auth::Me::acts_for`).
fn own_entry(by: &Me, history: &billing::History, id: &str) -> Result<(), AppError> {
    match logged_by(history, id) {
        Some(owner) => crate::auth::acts_for(by, owner, &format!("entry {id}")),
        None => Ok(()),
    }
}

pub async fn correct_inner(
    state: &AppState,
    by: &Me,
    account_id: &str,
    entry: &str,
    correction: EntryCorrection,
) -> Result<EntryResult, AppError> {
    let appended = apply(state, account_id, |_, history, _, _| {
        own_entry(by, history, entry)?;
        Ok(Some(EventKind::EntryCorrected {
            entry: entry.to_string(),
            correction: correction.clone(),
        }))
    })
    .await?;
    entry_of(&appended, entry)
}

pub async fn remark_inner(
    state: &AppState,
    by: &Me,
    account_id: &str,
    entry: &str,
    kind: EntryKind,
) -> Result<EntryResult, AppError> {
    let appended = apply(state, account_id, |_, history, _, _| {
        own_entry(by, history, entry)?;
        Ok(Some(EventKind::EntryRemarked {
            entry: entry.to_string(),
            kind,
        }))
    })
    .await?;
    entry_of(&appended, entry)
}
