//! Issued invoices and credit notes, listed and fetched; payouts per developer.

use leptos::prelude::*;

use crate::errors::AppError;
use crate::model::DocumentRow;
pub use crate::model::PayoutRow;

/// An account's issued documents as its list shows them: number, kind, dates, total, paid —
/// no line and no party (those are the invoice page's, `get_document`).
#[server(prefix = "/api", endpoint = "document_rows")]
pub async fn document_rows(account_id: String) -> Result<Vec<DocumentRow>, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ALL, Some(&account_id)).await?;
    let rows = state.db.document_rows(&account_id).await?;
    // An account with documents exists: only an empty list asks whether it does.
    if rows.is_empty() && state.db.account(&account_id).await?.is_none() {
        return Err(AppError::NotFound(format!("account \"{account_id}\"")));
    }
    Ok(rows)
}

#[server(prefix = "/api", endpoint = "get_document")]
pub async fn get_document(number: String) -> Result<crate::model::DocumentPage, AppError> {
    use crate::model::DocumentPage;
    let (state, me) = super::apply::allow(crate::auth::ALL, None).await?;
    // Another tenant's document answers exactly like a missing one.
    let missing = || AppError::NotFound(format!("document \"{}\"", number.trim()));
    let doc = state
        .db
        .document(number.trim())
        .await?
        .filter(|d| me.sees(&d.account_id))
        .ok_or_else(missing)?;
    let account = state
        .db
        .account(&doc.account_id)
        .await?
        .ok_or_else(missing)?;
    Ok(DocumentPage {
        account: account.summary(),
        doc,
    })
}

/// Every payout to `developer`, across accounts, as the rules compute them today.
#[server(prefix = "/api", endpoint = "payouts")]
pub async fn payouts(developer: String) -> Result<Vec<PayoutRow>, AppError> {
    let (state, me) = super::apply::allow(crate::auth::STAFF, None).await?;
    let developer = super::apply::parse_name("developer", &developer)?;
    // A developer sees their own payouts; the agency sees everyone's.
    if !me.acts_for(&developer) {
        return Err(AppError::Forbidden(
            "a developer sees only their own payouts".into(),
        ));
    }
    service::commands::payouts::payouts_inner(&state, &developer).await
}

/// The people an admin can pick on the payouts page.
#[server(prefix = "/api", endpoint = "payout_developers")]
pub async fn payout_developers() -> Result<Vec<String>, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::payouts::developers_inner(&state).await
}

/// Record that a month invoice was paid (admins): its day and the transfer's reference.
#[server(prefix = "/api", endpoint = "record_invoice_payment")]
pub async fn record_invoice_payment(
    number: String,
    paid_on: String,
    reference: String,
) -> Result<api::parties::InvoicePaid, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::invoices::record_invoice_payment(
        &state,
        &me,
        &super::session::client_address(),
        &number,
        &paid_on,
        &reference,
    )
    .await
}
