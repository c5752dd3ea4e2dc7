//! The accounts the deployment serves.

use leptos::prelude::*;

use crate::model::AccountSummary;

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

/// An account on the accounts page: its plan and what needs a look.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccountRow {
    pub account: AccountSummary,
    /// Today's plan (and a scheduled change), as the account header names it.
    pub plan: Option<String>,
    /// The open month's draft invoice total so far.
    pub draft_total: Option<billing::Money>,
    /// Prompts (POLICY §8) plus quotes waiting for approval.
    pub attention: usize,
}

/// The visible accounts with their plan, this month's draft and what needs attention. One
/// replay per account: fine for an agency's accounts; replay from snapshots when it is not.
#[server(prefix = "/api", endpoint = "account_overview")]
pub async fn account_overview() -> Result<Vec<AccountRow>, crate::errors::AppError> {
    let (state, me) = crate::server_fns::apply::allow(crate::auth::ALL, None).await?;
    let mut rows = Vec::new();
    for account in state
        .db
        .accounts()
        .await?
        .into_iter()
        .filter(|a| me.sees(&a.id))
    {
        let crate::read::AccountNow {
            account,
            history,
            today,
            ledger,
        } = crate::read::ledger_for(&state, account).await?;
        let month = billing::Month::of(today);
        rows.push(AccountRow {
            plan: super::work_log::plan_label(&history, today)?,
            draft_total: ledger
                .invoices
                .iter()
                .find(|i| i.kind == billing::InvoiceKind::Period && i.month == Some(month))
                .map(|i| i.total),
            attention: ledger.prompts.len()
                + ledger
                    .quotes
                    .iter()
                    .filter(|q| q.status == billing::QuoteStatus::Offered)
                    .count(),
            account: account.summary(),
        });
    }
    Ok(rows)
}

/// The fields of the "new account" form.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NewAccount {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub country: String,
    pub vat_id: String,
    pub electronic_address: String,
    pub locale: String,
    pub timezone: String,
    pub currency: String,
    pub reverse_charge: bool,
    /// The account's catalog as JSON (`billing::Catalog`); empty: the deployment's default.
    pub catalog: String,
}

#[server(prefix = "/api", endpoint = "create_account")]
pub async fn create_account(
    account: NewAccount,
) -> Result<AccountSummary, crate::errors::AppError> {
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, None).await?;
    ssr::create_account_inner(&state, account).await
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

#[cfg(feature = "ssr")]
pub mod ssr {
    use billing::{Catalog, Currency};

    use super::*;
    use crate::errors::AppError;
    use crate::server_fns::apply::parse_id;
    use crate::state::AppState;
    use crate::storage::AccountRecord;

    /// A required text of at most `max` characters; only the address may have several lines.
    fn required(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
        let v = raw.trim();
        if v.is_empty() || v.chars().count() > max {
            return Err(AppError::invalid(
                field,
                format!("required, at most {max} characters"),
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
        let currency =
            Currency::parse(&a.currency).map_err(|e| AppError::invalid("currency", e))?;
        let catalog: Catalog = if a.catalog.trim().is_empty() {
            crate::storage::maintenance_catalog()
        } else {
            serde_json::from_str(&a.catalog).map_err(|e| AppError::invalid("catalog", e))?
        };
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
            catalog,
        };
        if record.reverse_charge && record.vat_id.is_none() {
            return Err(AppError::invalid(
                "vat_id",
                "reverse charge needs the customer's VAT ID",
            ));
        }
        if state.db.account(&id).await?.is_some() {
            return Err(AppError::Conflict(format!("account \"{id}\" exists")));
        }
        state.db.create_account(&record, &[]).await?;
        Ok(record.summary())
    }
}

/// Assign a technician or developer to an account (admin only): they may then log work, offer
/// quotes and redeem them there.
#[server(prefix = "/api", endpoint = "assign_technician")]
pub async fn assign_technician(
    account_id: String,
    user_id: String,
) -> Result<Vec<String>, crate::errors::AppError> {
    use crate::errors::AppError;
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    if state.db.account(&account_id).await?.is_none() {
        return Err(crate::errors::with_status(AppError::NotFound(format!(
            "account \"{account_id}\""
        ))));
    }
    let users = state.db.users().await?;
    let user = users
        .iter()
        .find(|u| u.id == user_id.trim())
        .ok_or_else(|| {
            crate::errors::with_status(AppError::NotFound(format!("user \"{}\"", user_id.trim())))
        })?;
    if user.role != "technician" {
        return Err(crate::errors::with_status(AppError::invalid(
            "user_id",
            "only technicians and developers are assigned to accounts",
        )));
    }
    state.db.assign(&user.id, &account_id).await?;
    Ok(state.db.assignments(&user.id).await?)
}
