//! Re-invoiced third-party costs (POLICY §4) and plan subscriptions.

use billing::Ledger;
use leptos::prelude::*;

use crate::errors::AppError;
pub use crate::model::CostForm;

#[server(prefix = "/api", endpoint = "reinvoice_cost")]
pub async fn reinvoice_cost(
    account_id: String,
    cost: CostForm,
    submission: String,
) -> Result<Ledger, AppError> {
    let CostForm {
        date,
        vendor,
        description,
        amount,
        currency,
        conversion_rate,
        markup,
    } = cost;
    use billing::{Currency, Dec, EventKind, Money, Percent};
    let (state, me) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let arguments = (
        &account_id,
        &date,
        &vendor,
        &description,
        &amount,
        &currency,
        &conversion_rate,
        &markup,
    );
    let state = super::apply::once(&state, &me, "reinvoice_cost", &submission, &arguments)?;
    let date = super::apply::parse_date("date", &date)?;
    let vendor = billing::events::check_line("the vendor", &vendor, 200)
        .map_err(|e| AppError::invalid("vendor", e))?
        .to_string();
    let description = match description.trim() {
        "" => String::new(),
        d => billing::events::check_line("the description", d, 500)
            .map_err(|e| AppError::invalid("description", e))?
            .to_string(),
    };
    let amount = Money::parse_price(&amount).map_err(|e| AppError::invalid("amount", e))?;
    let currency = Currency::parse(&currency).map_err(|e| AppError::invalid("currency", e))?;
    let conversion_rate = match conversion_rate.trim() {
        "" => None,
        r => Some(
            r.parse::<Dec>()
                .map_err(|e| AppError::invalid("conversion_rate", e))?,
        ),
    };
    let markup = match markup.trim() {
        "" => None,
        m => Some(Percent::parse(m).map_err(|e| AppError::invalid("markup", e))?),
    };
    let appended = super::apply::apply(&state, &account_id, |_, _, _, seq| {
        Ok(Some(EventKind::CostReinvoiced {
            id: format!("c{seq}"),
            date,
            vendor: vendor.clone(),
            description: description.clone(),
            amount,
            currency,
            conversion_rate,
            markup,
        }))
    })
    .await?;
    Ok(appended.ledger)
}

/// `action`: subscribe (from `date`), change (from the 1st of next month) or end (on `date`).
#[server(prefix = "/api", endpoint = "set_plan")]
pub async fn set_plan(
    account_id: String,
    action: String,
    plan: String,
    date: String,
    submission: String,
) -> Result<Ledger, AppError> {
    use billing::EventKind;
    let (state, me) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let arguments = (&account_id, &action, &plan, &date);
    let state = super::apply::once(&state, &me, "set_plan", &submission, &arguments)?;
    let what = match action.trim() {
        "subscribe" => EventKind::PlanSubscribed {
            plan: plan.trim().to_string(),
            start: super::apply::parse_date("date", &date)?,
            terms: None,
        },
        "change" => EventKind::PlanChanged {
            plan: plan.trim().to_string(),
            terms: None,
        },
        "end" => EventKind::PlanEnded {
            last_day: super::apply::parse_date("date", &date)?,
        },
        _ => return Err(AppError::invalid("action", "subscribe, change or end")),
    };
    Ok(
        super::apply::apply(&state, &account_id, |_, _, _, _| Ok(Some(what.clone())))
            .await?
            .ledger,
    )
}

/// The account's own VAT rate, standard rate and reverse charge from the 1st of a later month
/// (POLICY §9): issued invoices and the open month keep the terms they have.
#[server(prefix = "/api", endpoint = "change_terms")]
pub async fn change_terms(
    account_id: String,
    terms: billing::TermsForm,
    submission: String,
) -> Result<Ledger, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let arguments = (&account_id, &terms);
    let state = super::apply::once(&state, &me, "change_terms", &submission, &arguments)?;
    let appended = super::apply::apply(&state, &account_id, |record, _, today, _| {
        let what = terms.parse(today).map_err(AppError::fields)?;
        if matches!(
            what,
            billing::EventKind::TermsChanged {
                reverse_charge: true,
                ..
            }
        ) && record.vat_id.is_none()
        {
            return Err(AppError::invalid(
                "reverse_charge",
                "reverse charge needs the customer's VAT ID",
            ));
        }
        Ok(Some(what))
    })
    .await?;
    Ok(appended.ledger)
}
