//! The accounts the deployment serves.

use leptos::prelude::*;

use crate::model::AccountSummary;

pub use crate::model::{AccountRow, NewAccount, Overview};

#[server(prefix = "/api", endpoint = "accounts")]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, crate::errors::AppError> {
    let (state, me) = crate::server_fns::apply::allow(crate::auth::ALL, None).await?;
    let accounts = state.db.accounts().await?;
    // Only the accounts this caller may see.
    Ok(accounts
        .iter()
        .filter(|a| me.sees(&a.id))
        .map(|a| a.summary())
        .collect())
}

/// The visible accounts with their plan, this month's draft and what needs attention; for
/// admins also what needs doing across accounts (`service::commands::overview`).
#[server(prefix = "/api", endpoint = "account_overview")]
pub async fn account_overview() -> Result<Overview, crate::errors::AppError> {
    let (state, me) = crate::server_fns::apply::allow(crate::auth::ALL, None).await?;
    service::commands::overview::overview(&state, &me).await
}

#[server(prefix = "/api", endpoint = "create_account")]
pub async fn create_account(
    account: NewAccount,
) -> Result<AccountSummary, crate::errors::AppError> {
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::accounts::create_account_inner(&state, account).await
}

/// The catalog an account buys from: plans, pack tiers, rates.
#[server(prefix = "/api", endpoint = "catalog")]
pub async fn get_catalog(account_id: String) -> Result<billing::Catalog, crate::errors::AppError> {
    let (state, me) = crate::server_fns::apply::allow(crate::auth::ALL, Some(&account_id)).await?;
    let account =
        state.db.account(&account_id).await?.ok_or_else(|| {
            crate::errors::AppError::NotFound(format!("account \"{account_id}\""))
        })?;
    let mut catalog = account.catalog;
    crate::auth::visibility::catalog(&me, &mut catalog);
    Ok(catalog)
}

/// Assign a technician or developer to an account (admin only): they may then log work, offer
/// quotes and redeem them there. Assigning twice changes nothing.
#[server(prefix = "/api", endpoint = "assign_technician")]
pub async fn assign_technician(
    account_id: String,
    user_id: String,
) -> Result<Vec<String>, crate::errors::AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let user_id = crate::server_fns::apply::parse_id("user_id", &user_id)?;
    service::commands::people::set_assignment(
        &state,
        &me,
        &crate::server_fns::session::client_address(),
        &user_id,
        &account_id,
        true,
    )
    .await
}

/// Take a technician or developer off an account (admin only): their work there keeps their
/// name; they no longer see the account. Doing it twice changes nothing.
#[server(prefix = "/api", endpoint = "unassign_technician")]
pub async fn unassign_technician(
    account_id: String,
    user_id: String,
) -> Result<Vec<String>, crate::errors::AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let user_id = crate::server_fns::apply::parse_id("user_id", &user_id)?;
    service::commands::people::set_assignment(
        &state,
        &me,
        &crate::server_fns::session::client_address(),
        &user_id,
        &account_id,
        false,
    )
    .await
}
