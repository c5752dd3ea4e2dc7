//! Buying packs: ordering issues the pack's invoice at once; the payment grants the hours.

use billing::Lot;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::auth::{ADMIN, ADMIN_OR_CLIENT};
use crate::errors::AppError;
use crate::model::Document;
#[cfg(feature = "ssr")]
use crate::server_fns::apply::allow;

/// A recorded payment and the lot it granted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub order: String,
    pub reference: String,
    pub lot: Option<Lot>,
    /// False when this reference was already recorded: the first result is returned again.
    pub new: bool,
}

/// Order a pack of `tier` (with `hours` for tiers without a fixed size) from `seller` (a
/// developer, for marketplace tiers; empty for the agency's). Returns its invoice.
#[server(prefix = "/api", endpoint = "order_pack")]
pub async fn order_pack(
    account_id: String,
    tier: String,
    hours: String,
    seller: String,
) -> Result<Document, AppError> {
    let (state, _) = allow(ADMIN_OR_CLIENT, Some(&account_id)).await?;
    let hours = match hours.trim() {
        "" => None,
        h => Some(
            h.parse::<u32>()
                .ok()
                .filter(|h| (1..=10_000).contains(h))
                .ok_or_else(|| {
                    AppError::invalid("hours", "a whole number of hours from 1 to 10000")
                })?,
        ),
    };
    let seller = match seller.trim() {
        "" => None,
        s => Some(ssr::parse_name("seller", s)?),
    };
    // A marketplace pack is bought from a developer who works on this account (payouts go to
    // that name); the billing rules check that the tier wants a seller at all.
    if let Some(name) = &seller {
        let staff = state.db.account_staff(&account_id).await?;
        if !staff.contains(name) {
            return Err(AppError::invalid(
                "seller",
                format!("{name} does not work on this account"),
            ));
        }
    }
    ssr::order_pack_inner(&state, &account_id, tier.trim(), hours, seller).await
}

#[server(prefix = "/api", endpoint = "record_payment")]
pub async fn record_payment(
    account_id: String,
    order: String,
    reference: String,
) -> Result<Payment, AppError> {
    let (state, _) = allow(ADMIN, Some(&account_id)).await?;
    let reference = ssr::parse_id("reference", &reference)?;
    ssr::record_payment_inner(&state, &account_id, order.trim(), &reference).await
}

#[server(prefix = "/api", endpoint = "refund_pack")]
pub async fn refund_pack(account_id: String, order: String) -> Result<Document, AppError> {
    let (state, _) = allow(ADMIN, Some(&account_id)).await?;
    ssr::refund_pack_inner(&state, &account_id, order.trim()).await
}

/// Cancel an unpaid order (admins): a credit note reverses its invoice and the order can no
/// longer be paid. A paid order is refunded instead.
#[server(prefix = "/api", endpoint = "cancel_pack")]
pub async fn cancel_pack(account_id: String, order: String) -> Result<Document, AppError> {
    let (state, _) = allow(ADMIN, Some(&account_id)).await?;
    ssr::cancel_pack_inner(&state, &account_id, order.trim()).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use billing::{EventKind, InvoiceKind};

    pub use super::super::apply::{parse_id, parse_name, state};
    use super::*;
    use crate::server_fns::apply::apply;
    use crate::state::AppState;

    pub async fn order_pack_inner(
        state: &AppState,
        account_id: &str,
        tier: &str,
        hours: Option<u32>,
        seller: Option<String>,
    ) -> Result<Document, AppError> {
        let appended = apply(state, account_id, |_, _, _, seq| {
            Ok(Some(EventKind::PackOrdered {
                order: format!("o{seq}"),
                tier: tier.to_string(),
                hours,
                seller,
            }))
        })
        .await?;
        appended
            .issued
            .into_iter()
            .find(|d| d.invoice.kind == InvoiceKind::Pack)
            .ok_or_else(|| AppError::Server("the pack's invoice was not issued".into()))
    }

    /// Idempotent: the same reference for the same order returns the first result and stores
    /// nothing; another payment for a paid order is refused (409).
    pub async fn record_payment_inner(
        state: &AppState,
        account_id: &str,
        order: &str,
        reference: &str,
    ) -> Result<Payment, AppError> {
        let mut repeat = false;
        let appended = apply(state, account_id, |_, history, _, _| {
            repeat = history.events.iter().any(|e| {
                matches!(&e.what, EventKind::PaymentRecorded { order: o, reference: r, .. } if o == order && r == reference)
            });
            if repeat {
                return Ok(None);
            }
            Ok(Some(EventKind::PaymentRecorded {
                order: order.to_string(),
                reference: reference.to_string(),
                at: Some(chrono::Utc::now().to_rfc3339()),
            }))
        })
        .await?;
        let lot = appended
            .ledger
            .lots
            .iter()
            .find(|l| *l.id == format!("pack:{order}"))
            .cloned();
        Ok(Payment {
            order: order.to_string(),
            reference: reference.to_string(),
            lot,
            new: !repeat,
        })
    }

    /// Cancelling the same order again answers with its credit note, appending nothing.
    pub async fn cancel_pack_inner(
        state: &AppState,
        account_id: &str,
        order: &str,
    ) -> Result<Document, AppError> {
        let key = format!("cancel:{order}");
        let appended = apply(state, account_id, |_, history, _, _| {
            let again = history
                .events
                .iter()
                .any(|e| matches!(&e.what, EventKind::PackCancelled { order: o } if o == order));
            Ok((!again).then(|| EventKind::PackCancelled {
                order: order.to_string(),
            }))
        })
        .await?;
        if let Some(d) = appended.issued.into_iter().find(|d| d.invoice.key == key) {
            return Ok(d);
        }
        state
            .db
            .documents(Some(account_id))
            .await?
            .into_iter()
            .find(|d| d.invoice.key == key)
            .ok_or_else(|| AppError::Server("the cancellation's credit note was not issued".into()))
    }

    pub async fn refund_pack_inner(
        state: &AppState,
        account_id: &str,
        order: &str,
    ) -> Result<Document, AppError> {
        let appended = apply(state, account_id, |_, _, _, _| {
            Ok(Some(EventKind::PackRefunded {
                order: order.to_string(),
            }))
        })
        .await?;
        appended
            .issued
            .into_iter()
            .find(|d| d.invoice.kind == InvoiceKind::CreditNote)
            .ok_or_else(|| AppError::Server("the refund's credit note was not issued".into()))
    }
}
