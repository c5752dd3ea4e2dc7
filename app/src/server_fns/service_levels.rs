//! Service levels: the settings (admin) and an account's SLA figures (whoever may read the
//! account: its clients, its technicians, admins).

use leptos::prelude::*;

use crate::errors::AppError;
use api::service_levels::{AccountSla, ServiceLevelsPage};
use billing::sla::SlaSettings;
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
    let a = service::read::account_history(&state, &account_id).await?;
    service::commands::service_levels::account_sla(&state, &a).await
}
