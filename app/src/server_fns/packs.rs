//! Buying packs: ordering issues the pack's invoice at once; the payment grants the hours.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::{ADMIN, ADMIN_OR_CLIENT};
use crate::errors::AppError;
use crate::model::Document;
pub use crate::model::Payment;
#[cfg(feature = "ssr")]
use crate::server_fns::apply::{allow, once};

/// Order a pack of `tier` (with `hours` for tiers without a fixed size) from `seller` (a
/// developer, for marketplace tiers; empty for the agency's). Returns its invoice.
#[server(prefix = "/api", endpoint = "order_pack")]
pub async fn order_pack(
    account_id: String,
    tier: String,
    hours: String,
    seller: String,
    submission: String,
) -> Result<Document, AppError> {
    let (state, me) = allow(ADMIN_OR_CLIENT, Some(&account_id)).await?;
    let arguments = (&account_id, &tier, &hours, &seller);
    let state = once(&state, &me, "order_pack", &submission, &arguments)?;
    let account = state
        .db
        .account(&account_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account \"{account_id}\"")))?;
    // The same parser as the order form and the what-if panel.
    let choice = billing::quote::PackChoice::parse(&account.catalog, &tier, &hours, &seller)
        .map_err(|e| AppError::fields(vec![*e]))?;
    // A marketplace pack is bought from a developer who works on this account (payouts go to
    // that name).
    if let Some(name) = &choice.seller {
        let staff = state.db.account_staff(&account_id).await?;
        if !staff.contains(name) {
            return Err(AppError::invalid(
                "seller",
                format!("{name} does not work on this account"),
            ));
        }
    }
    service::commands::packs::order_pack_inner(
        &state,
        &account_id,
        &choice.tier,
        choice.hours,
        choice.seller,
    )
    .await
}

#[server(prefix = "/api", endpoint = "record_payment")]
pub async fn record_payment(
    account_id: String,
    order: String,
    reference: String,
    submission: String,
) -> Result<Payment, AppError> {
    let (state, me) = allow(ADMIN, Some(&account_id)).await?;
    let arguments = (&account_id, &order, &reference);
    let state = once(&state, &me, "record_payment", &submission, &arguments)?;
    let reference = api::parse::parse_id("reference", &reference)?;
    service::commands::packs::record_payment_inner(&state, &account_id, order.trim(), &reference)
        .await
}

#[server(prefix = "/api", endpoint = "refund_pack")]
pub async fn refund_pack(
    account_id: String,
    order: String,
    submission: String,
) -> Result<Document, AppError> {
    let (state, me) = allow(ADMIN, Some(&account_id)).await?;
    let state = once(
        &state,
        &me,
        "refund_pack",
        &submission,
        &(&account_id, &order),
    )?;
    service::commands::packs::refund_pack_inner(&state, &account_id, order.trim()).await
}

/// Cancel an unpaid order (admins): a credit note reverses its invoice and the order can no
/// longer be paid. A paid order is refunded instead.
#[server(prefix = "/api", endpoint = "cancel_pack")]
pub async fn cancel_pack(
    account_id: String,
    order: String,
    submission: String,
) -> Result<Document, AppError> {
    let (state, me) = allow(ADMIN, Some(&account_id)).await?;
    let state = once(
        &state,
        &me,
        "cancel_pack",
        &submission,
        &(&account_id, &order),
    )?;
    service::commands::packs::cancel_pack_inner(&state, &account_id, order.trim()).await
}
