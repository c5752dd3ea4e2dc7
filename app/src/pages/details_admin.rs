//! An account's details on its Manage page (admin): the buyer as the account's next documents
//! will print it, and its own payment terms. Issued documents keep what they were issued with.

use leptos::prelude::*;

use crate::components::account::{Field, Outcome, field_error};
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::settings::{SaveAccountDetails, show_account_details};
use api::parties::AccountDetails;

#[component]
pub fn AccountDetailsPanel(account_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveAccountDetails>::new();
    let id = account_id.clone();
    let details = Resource::new(
        move || (id.clone(), save.version().get()),
        |(id, _)| show_account_details(id),
    );
    view! {
        <section class="panel" aria-labelledby="details-title" id="details">
            <h2 id="details-title">{t_string!(i18n, settings.details_title)}</h2>
            <p class="muted small">{t_string!(i18n, settings.details_intro)}</p>
            <Outcome value=save.value() ok=|_| {
                let i18n = use_i18n();
                t_string!(i18n, settings.details_saved).to_string()
            } />
            <Transition fallback=|| ()>
                {move || {
                    let account_id = account_id.clone();
                    Suspend::new(async move {
                        match details.await {
                            Ok(d) => view! { <DetailsForm account_id=account_id details=d save=save /> }.into_any(),
                            Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn DetailsForm(
    account_id: String,
    details: AccountDetails,
    save: ServerAction<SaveAccountDetails>,
) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |f| field_error(save.value(), f);
    let d = details;
    view! {
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            <input type="hidden" name="account_id" value=account_id />
            <div class="field-row">
                <Field label=t_string!(i18n, settings.name) name="details[name]" id="details-name".into() value=d.name error=err("name") />
                <Field label=t_string!(i18n, settings.legal_name) name="details[legal_name]" id="details-legal-name".into() value=d.legal_name error=err("legal_name") />
            </div>
            <Field label=t_string!(i18n, settings.address) name="details[address]" id="details-address".into() value=d.address error=err("address") />
            <div class="field-row">
                <Field label=t_string!(i18n, settings.country) name="details[country]" id="details-country".into() value=d.country hint=t_string!(i18n, settings.country_hint) error=err("country") />
                <Field label=t_string!(i18n, settings.vat_id) name="details[vat_id]" id="details-vat-id".into() value=d.vat_id.unwrap_or_default() error=err("vat_id") />
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, settings.electronic_address) name="details[electronic_address]" id="details-electronic".into() value=d.electronic_address.unwrap_or_default() hint=t_string!(i18n, settings.electronic_address_hint) error=err("electronic_address") />
                <Field label=t_string!(i18n, settings.account_terms_days) name="details[payment_terms_days]" id="details-days".into() kind="number" value=d.payment_terms_days.map(|n| n.to_string()).unwrap_or_default() hint=t_string!(i18n, settings.account_terms_hint) error=err("payment_terms_days") />
            </div>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t_string!(i18n, settings.details_submit)}
            </button>
        </ActionForm>
    }
}
