//! Month invoices paid: an admin records the client's transfer (its day and reference), so the
//! invoice lists stop calling the invoice overdue. Once per invoice; sent again with the same
//! values it answers the same, with other values it is refused (409).

use api::AppError;
use api::auth::Me;
use api::parties::InvoicePaid;
use billing::InvoiceKind;

use crate::state::AppState;
use crate::storage::Audit;

/// Longest payment reference, in characters (a bank's remittance information is 140).
pub const MAX_REFERENCE: usize = 140;

pub async fn record_invoice_payment(
    state: &AppState,
    me: &Me,
    address: &str,
    number: &str,
    paid_on: &str,
    reference: &str,
) -> Result<InvoicePaid, AppError> {
    let number = number.trim();
    let doc = state
        .db
        .document(number)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("document \"{number}\"")))?;
    match doc.invoice.kind {
        InvoiceKind::Period => {}
        InvoiceKind::Pack => {
            return Err(AppError::invalid(
                "number",
                "a pack invoice is paid by recording the pack's payment on the packs page",
            ));
        }
        InvoiceKind::CreditNote => {
            return Err(AppError::invalid(
                "number",
                "a credit note is not paid by the client",
            ));
        }
    }
    let paid_on = api::parse::parse_date("paid_on", paid_on)?;
    let issued = doc.invoice.issued_on.unwrap_or(paid_on);
    if paid_on < issued {
        return Err(AppError::invalid(
            "paid_on",
            format!("the invoice was issued on {issued}; a payment comes after it"),
        ));
    }
    let timezone = state
        .db
        .account(&doc.account_id)
        .await?
        .map_or_else(|| "UTC".to_string(), |a| a.timezone);
    let today = state.clock.today_in(&timezone);
    if paid_on > today {
        return Err(AppError::invalid(
            "paid_on",
            format!("{paid_on} has not come yet (today is {today})"),
        ));
    }
    let reference = billing::events::check_line("the reference", reference, MAX_REFERENCE)
        .map_err(|e| AppError::invalid("reference", e))?
        .to_string();
    let paid = InvoicePaid { paid_on, reference };
    let audit = Audit {
        at: chrono::Utc::now(),
        actor: Some(me.id.clone()),
        address: address.to_string(),
        action: "invoice_paid",
        subject: Some(number.to_string()),
        account_id: Some(doc.account_id.clone()),
        detail: format!("paid on {} ({})", paid.paid_on, paid.reference),
    };
    let stored = state
        .db
        .record_invoice_payment(number, &paid, &audit)
        .await?;
    if stored != paid {
        return Err(AppError::Conflict(
            format!(
                "invoice {number} is recorded as paid on {} ({}) already",
                stored.paid_on, stored.reference
            )
            .into(),
        ));
    }
    Ok(stored)
}
