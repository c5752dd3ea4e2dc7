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
) -> Result<QuoteState, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::STAFF, Some(&account_id)).await?;
    let estimate = estimate_minutes
        .trim()
        .parse::<u32>()
        .map_err(|_| AppError::invalid("estimate_minutes", "a whole number of minutes"))
        .and_then(|m| {
            billing::Minutes::grant(m).map_err(|e| AppError::invalid("estimate_minutes", e))
        })?;
    let rate = billing::Rate::parse(&rate).map_err(|e| AppError::invalid("rate", e))?;
    let title = billing::events::parse_title(&title).map_err(|e| AppError::invalid("title", e))?;
    let project = match project.trim() {
        "" => "",
        p => billing::events::check_line("the project", p, 200)
            .map_err(|e| AppError::invalid("project", e))?,
    };
    // The developer is the caller: a quote is offered in one's own name.
    ssr::offer_inner(
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
) -> Result<QuoteState, AppError> {
    // The client (or the agency) approves or declines; the client, the agency and the quote's
    // own developer may cancel.
    let roles = match decision.trim() {
        "cancel" => crate::auth::ALL,
        _ => crate::auth::ADMIN_OR_CLIENT,
    };
    let (state, me) = crate::server_fns::apply::allow(roles, Some(&account_id)).await?;
    ssr::decide_inner(&state, &me, &account_id, quote.trim(), decision.trim()).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use billing::{EventKind, Minutes, Rate};

    pub use super::super::apply::state;
    use super::*;
    use crate::server_fns::apply::apply;
    use crate::state::AppState;
    use crate::storage::Appended;

    /// The developer who offered quote `id`, if it exists.
    fn offered_by<'h>(history: &'h billing::History, id: &str) -> Option<&'h str> {
        history.events.iter().find_map(|e| match &e.what {
            EventKind::QuoteOffered {
                id: q, developer, ..
            } if q == id => Some(developer.as_str()),
            _ => None,
        })
    }

    fn quote_of(appended: &Appended, id: &str) -> Result<QuoteState, AppError> {
        appended
            .ledger
            .quotes
            .iter()
            .find(|q| q.id == id)
            .cloned()
            .ok_or_else(|| AppError::Server(format!("quote {id} is missing from the ledger")))
    }

    pub async fn offer_inner(
        state: &AppState,
        account_id: &str,
        developer: &str,
        project: &str,
        title: &str,
        estimate: Minutes,
        rate: Rate,
    ) -> Result<QuoteState, AppError> {
        let developer = crate::server_fns::apply::parse_name("developer", developer)?;
        let mut id = String::new();
        let appended = apply(state, account_id, |_, _, _, seq| {
            id = format!("q{seq}");
            Ok(Some(EventKind::QuoteOffered {
                id: id.clone(),
                developer,
                project: project.to_string(),
                title: title.to_string(),
                estimate_minutes: estimate,
                rate,
            }))
        })
        .await?;
        quote_of(&appended, &id)
    }

    pub async fn decide_inner(
        state: &AppState,
        by: &crate::auth::Me,
        account_id: &str,
        quote: &str,
        decision: &str,
    ) -> Result<QuoteState, AppError> {
        let q = quote.to_string();
        let what = match decision {
            "approve" => EventKind::QuoteApproved { quote: q },
            "decline" => EventKind::QuoteDeclined { quote: q },
            "cancel" => EventKind::QuoteCancelled { quote: q },
            _ => return Err(AppError::invalid("decision", "approve, decline or cancel")),
        };
        let appended = apply(state, account_id, |_, history, _, _| {
            // A technician cancels only a quote of their own.
            if by.role == crate::auth::Role::Technician
                && let Some(developer) = offered_by(history, quote)
            {
                crate::auth::ssr::acts_for(by, developer, &format!("quote {quote}"))?;
            }
            Ok(Some(what))
        })
        .await?;
        quote_of(&appended, quote)
    }
}
