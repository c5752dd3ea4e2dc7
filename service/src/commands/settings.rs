//! The seller settings (the deployment's own details, bank account and payment terms) and an
//! account's details (the buyer on its documents). Both reach only documents issued after the
//! save: issued documents carry the details frozen into them (README "Documents").

use api::AppError;
use api::auth::Me;
use api::parties::{AccountDetails, AccountDetailsForm, SellerForm, SellerSettings};
use billing::TermsTimeline;

use crate::state::AppState;
use crate::storage::Audit;

fn audit(me: &Me, address: &str, action: &'static str) -> Audit {
    Audit {
        at: chrono::Utc::now(),
        actor: Some(me.id.clone()),
        address: address.to_string(),
        action,
        subject: None,
        account_id: None,
        detail: String::new(),
    }
}

/// Save the seller settings. The same settings sent again change nothing and leave no second
/// audit line.
pub async fn save_seller(
    state: &AppState,
    me: &Me,
    address: &str,
    form: &SellerForm,
) -> Result<SellerSettings, AppError> {
    let settings = form.parse().map_err(AppError::fields)?;
    if state.db.seller().await?.as_ref() == Some(&settings) {
        return Ok(settings);
    }
    state
        .db
        .set_seller(&settings, Some(&audit(me, address, "seller_saved")))
        .await?;
    Ok(settings)
}

/// Save an account's details. An account that is (or is scheduled to be) reverse-charged
/// keeps a VAT ID. The same details sent again change nothing.
pub async fn save_account_details(
    state: &AppState,
    me: &Me,
    address: &str,
    account_id: &str,
    form: &AccountDetailsForm,
) -> Result<AccountDetails, AppError> {
    let details = form.parse().map_err(AppError::fields)?;
    let missing = || AppError::NotFound(format!("account \"{account_id}\""));
    let record = state.db.account(account_id).await?.ok_or_else(missing)?;
    if details.vat_id.is_none() {
        let events = state.db.events(account_id).await?;
        let terms = TermsTimeline::of(&record.history(events, None));
        if record.reverse_charge || terms.latest().reverse_charge {
            return Err(AppError::invalid(
                "vat_id",
                "reverse charge needs the customer's VAT ID",
            ));
        }
    }
    let now = AccountDetails {
        name: record.name.clone(),
        legal_name: record.legal_name.clone(),
        address: record.address.clone(),
        country: record.country.clone(),
        vat_id: record.vat_id.clone(),
        electronic_address: record.electronic_address.clone(),
        payment_terms_days: record.payment_terms_days,
    };
    let changed = changed_fields(&now, &details);
    if changed.is_empty() {
        return Ok(details);
    }
    let a = Audit {
        subject: Some(account_id.to_string()),
        account_id: Some(account_id.to_string()),
        detail: changed.join(", "),
        ..audit(me, address, "account_details_changed")
    };
    state
        .db
        .set_account_details(account_id, &details, &a)
        .await?;
    Ok(details)
}

/// The names of the fields that differ, for the audit line.
fn changed_fields(a: &AccountDetails, b: &AccountDetails) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut differs = |name, same: bool| {
        if !same {
            out.push(name);
        }
    };
    differs("name", a.name == b.name);
    differs("legal name", a.legal_name == b.legal_name);
    differs("address", a.address == b.address);
    differs("country", a.country == b.country);
    differs("VAT ID", a.vat_id == b.vat_id);
    differs(
        "e-invoice address",
        a.electronic_address == b.electronic_address,
    );
    differs(
        "payment terms",
        a.payment_terms_days == b.payment_terms_days,
    );
    out
}
