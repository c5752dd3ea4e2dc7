//! The licence register: register and renew (admin, on an account, once per submission), and
//! the overview across accounts by expiry (admin). Everyone who sees an account sees its
//! licences on its pages, keys masked for all but admins (`auth::visibility`).

use leptos::prelude::*;

use crate::errors::AppError;
use api::licences::{Licence, LicenceForm, LicenceOverview, RenewalForm};

/// Register a licence on an account; the account's licences after it.
#[server(prefix = "/api", endpoint = "register_licence")]
pub async fn register_licence(
    account_id: String,
    licence: LicenceForm,
    submission: String,
) -> Result<Vec<Licence>, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let state = super::apply::once(
        &state,
        &me,
        "register_licence",
        &submission,
        &(&account_id, &licence),
    )?;
    service::commands::licences::register(&state, &account_id, &licence).await
}

/// Renew a licence: the vendor's invoice, re-invoiced when the agency pays, and the new last
/// valid day; the account's licences after it.
#[server(prefix = "/api", endpoint = "renew_licence")]
pub async fn renew_licence(
    account_id: String,
    licence_id: String,
    renewal: RenewalForm,
    submission: String,
) -> Result<Vec<Licence>, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let state = super::apply::once(
        &state,
        &me,
        "renew_licence",
        &submission,
        &(&account_id, &licence_id, &renewal),
    )?;
    let licence_id = super::apply::parse_id("licence_id", &licence_id)?;
    service::commands::licences::renew(&state, &account_id, &licence_id, &renewal).await
}

/// Every account's licences by expiry: `within` 30, 60 or 90 days, or empty for all.
#[server(prefix = "/api", endpoint = "licence_overview")]
pub async fn expiring_licences(within: String) -> Result<LicenceOverview, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let within = match within.trim() {
        "" => None,
        "30" => Some(30),
        "60" => Some(60),
        "90" => Some(90),
        _ => {
            return Err(AppError::invalid(
                "within",
                billing::ParseError::Missing("30, 60 or 90 days".into()),
            ));
        }
    };
    service::commands::licences::overview(&state, within).await
}
