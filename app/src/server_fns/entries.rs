//! Work entries beyond logging: redeeming an approved quote, correcting and re-marking entries.

use billing::EntryResult;
use leptos::prelude::*;

use crate::errors::AppError;

/// A developer logs actual minutes against an approved quote (POLICY §6): a `project` entry
/// redeemed by the waterfall, prepaid hours first. Returns the entry with its parts.
#[server(prefix = "/api", endpoint = "redeem_quote")]
pub async fn redeem_quote(
    account_id: String,
    quote: String,
    date: String,
    minutes: String,
    title: String,
    url: String,
    note: String,
) -> Result<EntryResult, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let form = billing::EntryForm {
        date,
        minutes,
        kind: "project".into(),
        title,
        url,
        note,
        quote: quote.trim().to_string(),
    };
    // The developer is the caller: one redeems one's own quotes.
    ssr::log_inner(&state, &account_id, &me.name, form).await
}

/// Correct an entry of an open month: minutes, title, link or note.
#[server(prefix = "/api", endpoint = "correct_entry")]
pub async fn correct_entry(
    account_id: String,
    entry: String,
    minutes: String,
    title: String,
    url: String,
    note: String,
) -> Result<EntryResult, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let correction = billing::events::EntryCorrection {
        minutes: match minutes.trim() {
            "" => None,
            m => Some(
                billing::Minutes::parse_entry(m).map_err(|e| AppError::invalid("minutes", e))?,
            ),
        },
        title: match title.trim() {
            "" => None,
            t => Some(billing::events::parse_title(t).map_err(|e| AppError::invalid("title", e))?),
        },
        url: match url.trim() {
            "" => None,
            u => billing::events::parse_url(u).map_err(|e| AppError::invalid("url", e))?,
        },
        note: match note.trim() {
            "" => None,
            n => Some(billing::events::parse_note(n).map_err(|e| AppError::invalid("note", e))?),
        },
        ..Default::default()
    };
    ssr::correct_inner(&state, &me, &account_id, entry.trim(), correction).await
}

/// Re-mark an entry (`bug`: in a closed month, a credit-back, POLICY §7).
#[server(prefix = "/api", endpoint = "remark_entry")]
pub async fn remark_entry(
    account_id: String,
    entry: String,
    kind: String,
) -> Result<EntryResult, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let kind = billing::EntryKind::parse(&kind).map_err(|e| AppError::invalid("kind", e))?;
    ssr::remark_inner(&state, &me, &account_id, entry.trim(), kind).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use billing::events::EntryCorrection;
    use billing::{EntryForm, EntryKind, EventKind};

    pub use super::super::apply::state;
    use super::*;
    use crate::auth::Me;
    use crate::server_fns::apply::apply;
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

    /// Log an entry for `technician`; the entry's id follows its event's seq.
    pub async fn log_inner(
        state: &AppState,
        account_id: &str,
        technician: &str,
        form: EntryForm,
    ) -> Result<EntryResult, AppError> {
        let technician = super::super::apply::parse_name("technician", technician)?;
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
        let mut id = String::new();
        let appended = apply(state, account_id, |_, _, _, seq| {
            // Entry ids follow the event's seq, unique within the account.
            id = format!("e{seq}");
            Ok(Some(EventKind::EntryLogged(billing::WorkEntry {
                id: id.as_str().into(),
                ..parsed
            })))
        })
        .await
        .map_err(|e| e.with_form(submitted))?;
        entry_of(&appended, &id)
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
            Some(owner) => crate::auth::ssr::acts_for(by, owner, &format!("entry {id}")),
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
                correction,
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
}
