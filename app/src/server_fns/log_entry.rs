//! Logging a work entry: the "log work" form's fields, parsed by `billing::EntryForm::parse`,
//! appended through the one write path in the caller's name — or refused, storing nothing.

use leptos::prelude::*;

use crate::errors::AppError;
use crate::model::Logged;

/// Log a work entry for `account_id` (the fields of the "log work" form, unparsed). A refusal
/// names every bad field and carries the submitted form, to fill the page again without
/// JavaScript.
#[server(prefix = "/api", endpoint = "log_entry")]
pub async fn log_entry(
    account_id: String,
    entry: billing::EntryForm,
    submission: String,
    /// "Log it again": new work, although it looks like an entry logged today.
    again: Option<String>,
) -> Result<Logged, AppError> {
    use service::commands::entries::{Twice, log_checked};
    // Technicians and developers log work on their accounts, in their own name.
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let arguments = (&account_id, &entry, &again);
    let state = crate::server_fns::apply::once(&state, &me, "log_entry", &submission, &arguments)?;
    let twice = if again.is_some() {
        Twice::Allow
    } else {
        Twice::Ask
    };
    // Not against a quote: that is redeeming (`redeem_quote`).
    let form = billing::EntryForm {
        quote: String::new(),
        ..entry
    };
    let entry = log_checked(&state, &account_id, &me.name, form, twice).await?;
    Ok(Logged {
        entry_id: entry.id.to_string(),
    })
}
