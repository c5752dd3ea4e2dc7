//! Quotes (POLICY §6): a developer offers, the client approves or declines; the client, the
//! agency and the quote's own developer may cancel.

use api::AppError;
use billing::{EventKind, Minutes, QuoteState, Rate};

use crate::apply::apply;
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
    let developer = api::parse::parse_name("developer", developer)?;
    let appended = apply(state, account_id, |_, _, _, seq| {
        Ok(Some(EventKind::QuoteOffered {
            id: format!("q{seq}"),
            developer: developer.clone(),
            project: project.to_string(),
            title: title.to_string(),
            estimate_minutes: estimate,
            rate,
        }))
    })
    .await?;
    // The quote this submission offered (now, or the first time it was sent).
    match appended.event.as_ref().map(|e| &e.what) {
        Some(EventKind::QuoteOffered { id, .. }) => quote_of(&appended, id),
        _ => Err(AppError::Server("the quote was not offered".into())),
    }
}

pub async fn decide_inner(
    state: &AppState,
    by: &api::auth::Me,
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
        if by.role == api::auth::Role::Technician
            && let Some(developer) = offered_by(history, quote)
        {
            crate::auth::acts_for(by, developer, &format!("quote {quote}"))?;
        }
        Ok(Some(what.clone()))
    })
    .await?;
    quote_of(&appended, quote)
}
