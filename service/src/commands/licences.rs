//! The licence register (admin): register a licence on an account, renew it — when the agency
//! pays the vendor, re-invoiced on the client's month invoice as a third-party cost (POLICY §4,
//! with markup and conversion) — and the overview across accounts by expiry. Both changes go
//! through the one write path, under the account's lock, with the form's submission key.

use api::AppError;
use api::licences::{Licence, LicenceForm, LicenceOverview, OVERVIEW_LIMIT, PaidBy, RenewalForm};
use billing::EventKind;

use crate::apply::apply_beside;
use crate::auth::random_key;
use crate::state::AppState;
use crate::storage::{Beside, LicenceRenewal};

/// Register a licence on `account_id`; the account's licences after it.
pub async fn register(
    state: &AppState,
    account_id: &str,
    form: &LicenceForm,
) -> Result<Vec<Licence>, AppError> {
    apply_beside(state, account_id, |account, _, _, _| {
        let id = format!("lic-{}", &random_key()[..16]);
        let licence = form.parse(&id, &account.id).map_err(AppError::fields)?;
        Ok((None, Some(Beside::LicenceRegistered(licence))))
    })
    .await?;
    Ok(state.db.licences_of(account_id).await?)
}

/// Renew licence `licence_id` of `account_id`: record the vendor's invoice, move the last valid
/// day, and — when the agency pays — re-invoice the amount as a cost on the month of the
/// invoice's date. The account's licences after it.
pub async fn renew(
    state: &AppState,
    account_id: &str,
    licence_id: &str,
    form: &RenewalForm,
) -> Result<Vec<Licence>, AppError> {
    let licence = state
        .db
        .licences_of(account_id)
        .await?
        .into_iter()
        .find(|l| l.id == licence_id)
        .ok_or_else(|| AppError::NotFound(format!("licence \"{licence_id}\"")))?;
    let renewal = form
        .parse(licence.last_valid_day)
        .map_err(AppError::fields)?;
    apply_beside(state, account_id, |_, _, _, seq| {
        let cost_id = format!("c{seq}");
        let cost = (licence.paid_by == PaidBy::Agency).then(|| EventKind::CostReinvoiced {
            id: cost_id.clone(),
            date: renewal.invoice_date,
            vendor: licence.vendor.clone(),
            description: format!(
                "{} licence renewal through {} (vendor invoice {})",
                licence.product, renewal.last_valid_day, renewal.vendor_invoice
            ),
            amount: renewal.amount,
            currency: renewal.currency,
            conversion_rate: renewal.conversion_rate,
            markup: renewal.markup,
        });
        let beside = Beside::LicenceRenewed(LicenceRenewal {
            licence_id: licence.id.clone(),
            last_valid_day: renewal.last_valid_day,
            previous_last_day: licence.last_valid_day,
            vendor_invoice: renewal.vendor_invoice.clone(),
            invoice_date: renewal.invoice_date,
            amount: renewal.amount,
            currency: renewal.currency.code().to_string(),
            cost_id: cost.as_ref().map(|_| cost_id.clone()),
        });
        Ok((cost, Some(beside)))
    })
    .await?;
    Ok(state.db.licences_of(account_id).await?)
}

/// Every account's licences valid through `within` days from today at the latest (None: all),
/// soonest expiry first, at most [`OVERVIEW_LIMIT`].
pub async fn overview(state: &AppState, within: Option<i64>) -> Result<LicenceOverview, AppError> {
    let today = state.clock.today_in("UTC");
    let until = within.map(|d| today + chrono::Duration::days(d));
    let accounts = state.db.accounts().await?;
    let licences = state
        .db
        .licences_expiring(until, OVERVIEW_LIMIT)
        .await?
        .into_iter()
        .map(|l| {
            let name = accounts
                .iter()
                .find(|a| a.id == l.account_id)
                .map_or_else(|| l.account_id.clone(), |a| a.name.clone());
            (l, name)
        })
        .collect();
    Ok(LicenceOverview {
        today,
        within,
        licences,
    })
}
