//! The deployment's catalogs (admin): show them, and save an edit as a new version with its
//! audit line. Saving is idempotent: the form names the version it edited, and the same edit
//! sent again once it is saved answers with the version it made.

use api::AppError;
use api::auth::Me;
use api::catalog::{CatalogPage, CatalogSaved, CatalogVersionLine, CatalogView};
use billing::catalog_edit::CatalogEdit;
use billing::{Currency, Month, RuleViolation};
use chrono::{NaiveDate, Utc};

use crate::state::AppState;
use crate::storage::{Audit, CatalogVersion, stamp};

/// The time zone where a day begins first: a rate change may start only in a month that has
/// begun nowhere.
const EARLIEST_ZONE: &str = "Pacific/Kiritimati";

fn today(state: &AppState) -> NaiveDate {
    state.clock.today_in(EARLIEST_ZONE)
}

/// Every currency's catalog with its recent versions.
pub async fn catalog_page(state: &AppState) -> Result<CatalogPage, AppError> {
    let accounts = state.db.accounts().await?;
    let mut catalogs = Vec::new();
    for current in state.db.catalogs().await? {
        let versions = state
            .db
            .catalog_history(current.currency)
            .await?
            .into_iter()
            .map(|v| CatalogVersionLine {
                version: v.version,
                saved_by: v.saved_by,
                saved_at: stamp(v.saved_at),
            })
            .collect();
        catalogs.push(CatalogView {
            version: current.version,
            accounts: accounts
                .iter()
                .filter(|a| a.currency == current.currency)
                .count(),
            catalog: current.catalog,
            versions,
        });
    }
    Ok(CatalogPage {
        first_rates_month: Month::of(today(state)).next().first_day(),
        catalogs,
    })
}

fn latest(all: Vec<CatalogVersion>, currency: Currency) -> Result<CatalogVersion, AppError> {
    all.into_iter()
        .find(|c| c.currency == currency)
        .ok_or_else(|| AppError::NotFound(format!("a catalog in {currency}")))
}

/// What an edit did, for the audit trail.
fn summary(edit: &CatalogEdit) -> String {
    match edit {
        CatalogEdit::Tier(t) => format!("pack tier {} saved", t.id.trim()),
        CatalogEdit::RemoveTier { id } => format!("pack tier {id} removed"),
        CatalogEdit::Plan(p) => format!("plan {} saved", p.id.trim()),
        CatalogEdit::RemovePlan { id } => format!("plan {id} removed"),
        CatalogEdit::PackTerms(_) => {
            "bulk discount, renewal window, grace and commission saved".into()
        }
        CatalogEdit::Rates(r) => format!("VAT and standard rate from {} saved", r.from.trim()),
    }
}

/// Apply `edit` to version `version` of `currency`'s catalog and save the result as the next
/// version. Refused with field errors when a field is bad, with a conflict when someone saved
/// another version since; the same edit sent again answers with the version it made.
pub async fn edit(
    state: &AppState,
    me: &Me,
    address: &str,
    currency: Currency,
    version: i64,
    edit: CatalogEdit,
) -> Result<CatalogSaved, AppError> {
    let today = today(state);
    let current = latest(state.db.catalogs().await?, currency)?;
    if current.version == version + 1 {
        // A repeat of the edit that made the current version?
        if let Some(before) = state.db.catalog_version(currency, version).await?
            && before.catalog.edited(&edit, today).ok().as_ref() == Some(&current.catalog)
        {
            return Ok(CatalogSaved {
                version: current.version,
            });
        }
    }
    if current.version != version {
        return Err(AppError::Conflict(RuleViolation::CatalogChanged.into()));
    }
    let new = current
        .catalog
        .edited(&edit, today)
        .map_err(AppError::fields)?;
    if new == current.catalog {
        return Ok(CatalogSaved { version });
    }
    let audit = Audit {
        at: Utc::now(),
        actor: Some(me.id.clone()),
        address: address.to_string(),
        action: "catalog_saved",
        subject: Some(format!("{currency} v{}", version + 1)),
        account_id: None,
        detail: summary(&edit),
    };
    if !state
        .db
        .save_catalog(version + 1, &new, &me.id, &audit)
        .await?
    {
        return Err(AppError::Conflict(RuleViolation::CatalogChanged.into()));
    }
    Ok(CatalogSaved {
        version: version + 1,
    })
}
