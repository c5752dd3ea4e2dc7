//! Work entries beyond logging: redeeming an approved quote, correcting and re-marking entries.

use billing::EntryResult;
use leptos::prelude::*;

use crate::errors::AppError;
#[cfg(feature = "ssr")]
use crate::server_fns::apply::once;

/// A developer logs actual minutes against an approved quote (POLICY §6): a `project` entry
/// redeemed by the waterfall, prepaid hours first. Returns the entry with its parts.
#[server(prefix = "/api", endpoint = "redeem_quote")]
pub async fn redeem_quote(
    account_id: String,
    entry: billing::EntryForm,
    submission: String,
) -> Result<EntryResult, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let state = once(
        &state,
        &me,
        "redeem_quote",
        &submission,
        &(&account_id, &entry),
    )?;
    let form = billing::EntryForm {
        kind: "project".into(),
        quote: entry.quote.trim().to_string(),
        ..entry
    };
    // The developer is the caller: one redeems one's own quotes.
    service::commands::entries::log_inner(&state, &account_id, &me.name, form).await
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
    submission: String,
) -> Result<EntryResult, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let arguments = (&account_id, &entry, &minutes, &title, &url, &note);
    let state = once(&state, &me, "correct_entry", &submission, &arguments)?;
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
    service::commands::entries::correct_inner(&state, &me, &account_id, entry.trim(), correction)
        .await
}

/// Re-mark an entry (`bug`: in a closed month, a credit-back, POLICY §7).
#[server(prefix = "/api", endpoint = "remark_entry")]
pub async fn remark_entry(
    account_id: String,
    entry: String,
    kind: String,
    submission: String,
) -> Result<EntryResult, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let state = once(
        &state,
        &me,
        "remark_entry",
        &submission,
        &(&account_id, &entry, &kind),
    )?;
    let kind = billing::EntryKind::parse(&kind).map_err(|e| AppError::invalid("kind", e))?;
    service::commands::entries::remark_inner(&state, &me, &account_id, entry.trim(), kind).await
}
