//! Creating accounts: every field parsed, then inserted; an id in use is a conflict.

use api::AppError;
use api::model::{AccountSummary, NewAccount};
use api::parse::parse_id;
use billing::{Catalog, Currency, ParseError};

use crate::state::AppState;
use crate::storage::AccountRecord;

/// A required text of at most `max` characters; only the address may have several lines.
fn required(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(AppError::invalid(
            field,
            ParseError::Missing("this field".into()),
        ));
    }
    if v.chars().count() > max {
        return Err(AppError::invalid(
            field,
            ParseError::TooLong {
                what: "this field".into(),
                max,
            },
        ));
    }
    billing::events::check_chars("this field", v, field == "address")
        .map_err(|e| AppError::invalid(field, e))?;
    Ok(v.to_string())
}

fn optional(field: &str, raw: &str) -> Result<Option<String>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        v => required(field, v, 200).map(Some),
    }
}

/// Parse every field, then insert the account; an id in use is a conflict.
pub async fn create_account_inner(
    state: &AppState,
    a: NewAccount,
) -> Result<AccountSummary, AppError> {
    let id = parse_id("id", &a.id)?;
    let currency = Currency::parse(&a.currency).map_err(|e| AppError::invalid("currency", e))?;
    // The deployment's catalog in this currency, if it sells in it already; else the one
    // given (or the demo's maintenance catalog) becomes that currency's first catalog.
    let current = state
        .db
        .catalogs()
        .await?
        .into_iter()
        .find(|c| c.currency == currency);
    let catalog: Catalog = match (current, a.catalog.trim()) {
        (Some(c), "") => c.catalog,
        (Some(_), _) => {
            return Err(AppError::invalid(
                "catalog",
                format!(
                    "the deployment has its catalog in {currency}: leave this empty, and change \
                     prices on the catalog page"
                ),
            ));
        }
        (None, "") => crate::storage::maintenance_catalog(),
        (None, json) => {
            serde_json::from_str(json).map_err(|e| AppError::invalid("catalog", e.to_string()))?
        }
    };
    catalog
        .check()
        .map_err(|e| AppError::invalid("catalog", e))?;
    if catalog.currency != currency {
        return Err(AppError::invalid(
            "currency",
            format!(
                "the catalog is in {}; an account has the one currency it is invoiced in",
                catalog.currency
            ),
        ));
    }
    let country = a.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(AppError::invalid(
            "country",
            "a two-letter ISO 3166 code, e.g. DE",
        ));
    }
    let timezone = a.timezone.trim();
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::invalid(
            "timezone",
            "an IANA time zone, e.g. Europe/Berlin",
        ));
    }
    let record = AccountRecord {
        id: id.clone(),
        name: required("name", &a.name, 200)?,
        legal_name: required("legal_name", &a.legal_name, 200)?,
        address: required("address", &a.address, 500)?,
        vat_id: optional("vat_id", &a.vat_id)?,
        country,
        electronic_address: optional("electronic_address", &a.electronic_address)?,
        locale: optional("locale", &a.locale)?.unwrap_or_else(|| "en".into()),
        currency,
        timezone: timezone.to_string(),
        reverse_charge: a.reverse_charge,
        vat_rate: None,
        standard_rate: None,
        opening_catalog: catalog.clone(),
        payment_terms_days: None,
        catalog,
    };
    if record.reverse_charge && record.vat_id.is_none() {
        return Err(AppError::invalid(
            "vat_id",
            "reverse charge needs the customer's VAT ID",
        ));
    }
    if state.db.account(&id).await?.is_some() {
        return Err(AppError::Conflict(
            format!("account \"{id}\" exists").into(),
        ));
    }
    state.db.create_account(&record, &[]).await?;
    Ok(record.summary())
}
