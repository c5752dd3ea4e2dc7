//! Buying packs: ordering issues the pack's invoice at once; the payment grants the hours; an
//! unpaid order is cancelled and a paid one refunded, each by a credit note.

use api::AppError;
use api::model::{Document, Payment};
use billing::{EventKind, InvoiceKind};

use crate::apply::apply;
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
            seller: seller.clone(),
            terms: None,
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
    let appended = apply(state, account_id, |_, history, _, _| {
        let repeat = history.events.iter().any(|e| {
            matches!(&e.what, EventKind::PaymentRecorded { order: o, reference: r, .. } if o == order && r == reference)
        });
        if repeat {
            return Ok(None);
        }
        Ok(Some(EventKind::PaymentRecorded {
            order: order.to_string(),
            reference: reference.to_string(),
            at: Some(chrono::Utc::now().fixed_offset()),
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
        // Recorded by this submission (now, or the first time it was sent).
        new: appended.event.is_some(),
    })
}

/// Cancelling the same order again answers with its credit note, appending nothing.
pub async fn cancel_pack_inner(
    state: &AppState,
    account_id: &str,
    order: &str,
) -> Result<Document, AppError> {
    let key = billing::DocKey::Cancel(order.to_string());
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
            minutes: None,
        }))
    })
    .await?;
    appended
        .issued
        .into_iter()
        .find(|d| d.invoice.kind == InvoiceKind::CreditNote)
        .ok_or_else(|| AppError::Server("the refund's credit note was not issued".into()))
}
