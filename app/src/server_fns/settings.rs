//! The seller settings (admin) and an account's details (admin): what documents issued from
//! now on say about the seller and the buyer. Saving the same values again changes nothing.

use leptos::prelude::*;

use crate::errors::AppError;
use api::parties::{AccountDetails, AccountDetailsForm, SellerForm, SellerSettings};

/// The seller settings (None until an admin saves them).
#[server(prefix = "/api", endpoint = "seller_settings")]
pub async fn show_seller_settings() -> Result<Option<SellerSettings>, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    Ok(state.db.seller().await?)
}

#[server(prefix = "/api", endpoint = "save_seller")]
pub async fn save_seller(seller: SellerForm) -> Result<SellerSettings, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::settings::save_seller(
        &state,
        &me,
        &super::session::client_address(),
        &seller,
    )
    .await
}

/// An account's details as the next document will print them.
#[server(prefix = "/api", endpoint = "account_details")]
pub async fn show_account_details(account_id: String) -> Result<AccountDetails, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let a = state
        .db
        .account(&account_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account \"{account_id}\"")))?;
    Ok(AccountDetails {
        name: a.name,
        legal_name: a.legal_name,
        address: a.address,
        country: a.country,
        vat_id: a.vat_id,
        electronic_address: a.electronic_address,
        payment_terms_days: a.payment_terms_days,
    })
}

#[server(prefix = "/api", endpoint = "save_account_details")]
pub async fn save_account_details(
    account_id: String,
    details: AccountDetailsForm,
) -> Result<AccountDetails, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    service::commands::settings::save_account_details(
        &state,
        &me,
        &super::session::client_address(),
        &account_id,
        &details,
    )
    .await
}
