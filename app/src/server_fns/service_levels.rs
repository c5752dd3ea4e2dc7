//! Service levels: the settings (admin) and an account's SLA figures (whoever may read the
//! account: its clients, its technicians, admins).

use leptos::prelude::*;

use crate::errors::AppError;
use api::service_levels::{AccountSla, ServiceLevelsPage};
use billing::sla::{MonthFigures, SlaSettings};
use billing::sla_form::SlaForm;

#[server(prefix = "/api", endpoint = "service_levels")]
pub async fn show_service_levels() -> Result<ServiceLevelsPage, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::service_levels::page(&state).await
}

#[server(prefix = "/api", endpoint = "save_service_levels")]
pub async fn save_service_levels(sla: SlaForm) -> Result<SlaSettings, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::service_levels::save(&state, &me, &super::session::client_address(), &sla)
        .await
}

/// The account's figures for this month and the twelve before it; None until an admin saves
/// the service levels.
#[server(prefix = "/api", endpoint = "account_sla")]
pub async fn show_account_sla(account_id: String) -> Result<Option<AccountSla>, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ALL, Some(&account_id)).await?;
    let a = super::apply::account_history(&state, &account_id).await?;
    service::commands::service_levels::account_sla(&state, &a).await
}

/// The service levels of month invoice `number`'s month, as recorded so far: None for another
/// kind of document, or until an admin saves the service levels. Another tenant's number
/// answers exactly like a missing one (`get_document`).
#[server(prefix = "/api", endpoint = "invoice_sla")]
pub async fn invoice_sla(number: String) -> Result<Option<MonthFigures>, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ALL, None).await?;
    let number = number.trim();
    let (account_id, key) = state
        .db
        .document_key(number)
        .await?
        .filter(|(account, _)| me.sees(account))
        .ok_or_else(|| AppError::NotFound(format!("document \"{number}\"")))?;
    let billing::DocKey::Period(month) = key else {
        return Ok(None);
    };
    let a = super::apply::account_history(&state, &account_id).await?;
    service::commands::service_levels::month_sla(&state, &a, month).await
}
