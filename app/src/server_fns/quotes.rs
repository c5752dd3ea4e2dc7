//! Quotes (POLICY §6): a developer offers, the client approves or declines, either may cancel.

use billing::QuoteState;
use leptos::prelude::*;

use crate::errors::AppError;

#[server(prefix = "/api", endpoint = "offer_quote")]
pub async fn offer_quote(
    account_id: String,
    project: String,
    title: String,
    estimate_minutes: String,
    rate: String,
    submission: String,
) -> Result<QuoteState, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let arguments = (&account_id, &project, &title, &estimate_minutes, &rate);
    let state =
        crate::server_fns::apply::once(&state, &me, "offer_quote", &submission, &arguments)?;
    let estimate = billing::Minutes::parse_grant(&estimate_minutes, "the estimate")
        .map_err(|e| AppError::invalid("estimate_minutes", e))?;
    let rate = billing::Rate::parse(&rate).map_err(|e| AppError::invalid("rate", e))?;
    let title = billing::events::parse_title(&title).map_err(|e| AppError::invalid("title", e))?;
    let project = match project.trim() {
        "" => "",
        p => billing::events::check_line("the project", p, 200)
            .map_err(|e| AppError::invalid("project", e))?,
    };
    // The developer is the caller: a quote is offered in one's own name.
    service::commands::quotes::offer_inner(
        &state,
        &account_id,
        &me.name,
        project,
        &title,
        estimate,
        rate,
    )
    .await
}

/// `decision`: approve, decline or cancel.
#[server(prefix = "/api", endpoint = "decide_quote")]
pub async fn decide_quote(
    account_id: String,
    quote: String,
    decision: String,
    submission: String,
) -> Result<QuoteState, AppError> {
    // The client (or the agency) approves or declines; the client, the agency and the quote's
    // own developer may cancel.
    let roles = match decision.trim() {
        "cancel" => crate::auth::ALL,
        _ => crate::auth::ADMIN_OR_CLIENT,
    };
    let (state, me) = crate::server_fns::apply::allow(roles, Some(&account_id)).await?;
    let arguments = (&account_id, &quote, &decision);
    let state =
        crate::server_fns::apply::once(&state, &me, "decide_quote", &submission, &arguments)?;
    service::commands::quotes::decide_inner(&state, &me, &account_id, quote.trim(), decision.trim())
        .await
}
