//! The deployment's catalogs (admin): show them, and save one edit at a time. Each form sends
//! the currency and the version it edited; a save makes the next version (POLICY "Changing
//! prices"), and the same form sent again answers with the version it made.

use leptos::prelude::*;

use crate::errors::AppError;
use api::catalog::{CatalogPage, CatalogSaved};
#[cfg(feature = "ssr")]
use billing::catalog_edit::CatalogEdit;
use billing::catalog_edit::{PackTermsForm, PlanForm, RatesForm, TierForm};

/// Authorize, then parse the currency and version, then save.
#[cfg(feature = "ssr")]
async fn save(currency: &str, version: &str, edit: CatalogEdit) -> Result<CatalogSaved, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let currency =
        billing::Currency::parse(currency).map_err(|e| AppError::invalid("currency", e))?;
    let version = version
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| {
            AppError::invalid(
                "version",
                billing::ParseError::Missing("the version".into()),
            )
        })?;
    service::commands::catalog::edit(
        &state,
        &me,
        &super::session::client_address(),
        currency,
        version,
        edit,
    )
    .await
}

/// Every currency's catalog with its recent versions.
#[server(prefix = "/api", endpoint = "show_catalog")]
pub async fn show_catalog() -> Result<CatalogPage, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::catalog::catalog_page(&state).await
}

/// Add a pack tier, or change the one with this id.
#[server(prefix = "/api", endpoint = "save_tier")]
pub async fn save_tier(
    currency: String,
    version: String,
    tier: TierForm,
) -> Result<CatalogSaved, AppError> {
    save(&currency, &version, CatalogEdit::Tier(tier)).await
}

/// Stop selling a pack tier (ordered packs keep their terms).
#[server(prefix = "/api", endpoint = "remove_tier")]
pub async fn remove_tier(
    currency: String,
    version: String,
    id: String,
) -> Result<CatalogSaved, AppError> {
    save(&currency, &version, CatalogEdit::RemoveTier { id }).await
}

/// Add a plan, or change the one with this id (subscribers keep their terms).
#[server(prefix = "/api", endpoint = "save_plan")]
pub async fn save_plan(
    currency: String,
    version: String,
    plan: PlanForm,
) -> Result<CatalogSaved, AppError> {
    save(&currency, &version, CatalogEdit::Plan(plan)).await
}

/// Stop offering a plan (subscribers keep it).
#[server(prefix = "/api", endpoint = "remove_plan")]
pub async fn remove_plan(
    currency: String,
    version: String,
    id: String,
) -> Result<CatalogSaved, AppError> {
    save(&currency, &version, CatalogEdit::RemovePlan { id }).await
}

/// The bulk discount, renewal window, grace days and commission of packs sold from now on.
#[server(prefix = "/api", endpoint = "save_pack_terms")]
pub async fn save_pack_terms(
    currency: String,
    version: String,
    terms: PackTermsForm,
) -> Result<CatalogSaved, AppError> {
    save(&currency, &version, CatalogEdit::PackTerms(terms)).await
}

/// VAT and standard rate from the 1st of a later month.
#[server(prefix = "/api", endpoint = "save_rates")]
pub async fn save_rates(
    currency: String,
    version: String,
    rates: RatesForm,
) -> Result<CatalogSaved, AppError> {
    save(&currency, &version, CatalogEdit::Rates(rates)).await
}
