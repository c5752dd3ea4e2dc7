//! The seller settings (admin): the agency's details as printed on every document, its bank
//! account and its payment terms. A save reaches documents issued after it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::account::{Field, Outcome, field_error};
use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::settings::{SaveSeller, show_seller_settings};
use api::parties::{DEFAULT_PAYMENT_DAYS, SellerSettings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| show_seller_settings());
    view! {
        <Title text=t_string!(i18n, settings.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, settings.title)}</h1>
            <p class="muted">{t_string!(i18n, settings.intro)}</p>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, settings.loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <SellerForm settings=s /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SellerForm(settings: Option<SellerSettings>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveSeller>::new();
    let err = move |f| field_error(save.value(), f);
    let party = settings
        .as_ref()
        .map(|s| s.party.clone())
        .unwrap_or_default();
    let bank = settings.as_ref().and_then(|s| s.bank.clone());
    let days = settings
        .as_ref()
        .map_or(DEFAULT_PAYMENT_DAYS, |s| s.payment_terms_days)
        .to_string();
    view! {
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            <Outcome value=save.value() ok=|_| {
                let i18n = use_i18n();
                t_string!(i18n, settings.saved).to_string()
            } />
            <section class="panel form-panel" aria-labelledby="seller-title">
                <h2 id="seller-title">{t_string!(i18n, settings.seller_title)}</h2>
                <Field label=t_string!(i18n, settings.legal_name) name="seller[legal_name]" id="seller-legal-name".into() value=party.legal_name error=err("legal_name") />
                <Field label=t_string!(i18n, settings.address) name="seller[address]" id="seller-address".into() value=party.address error=err("address") />
                <div class="field-row">
                    <Field label=t_string!(i18n, settings.country) name="seller[country]" id="seller-country".into() value=party.country hint=t_string!(i18n, settings.country_hint) error=err("country") />
                    <Field label=t_string!(i18n, settings.vat_id) name="seller[vat_id]" id="seller-vat-id".into() value=party.vat_id.unwrap_or_default() error=err("vat_id") />
                </div>
                <div class="field-row">
                    <Field label=t_string!(i18n, settings.electronic_address) name="seller[electronic_address]" id="seller-electronic".into() value=party.electronic_address.unwrap_or_default() hint=t_string!(i18n, settings.electronic_address_hint) error=err("electronic_address") />
                    <Field label=t_string!(i18n, settings.email) name="seller[email]" id="seller-email".into() kind="email" value=party.email.unwrap_or_default() error=err("email") />
                </div>
            </section>
            <section class="panel form-panel" aria-labelledby="bank-title">
                <h2 id="bank-title">{t_string!(i18n, settings.bank_title)}</h2>
                <div class="field-row">
                    <Field label=t_string!(i18n, settings.iban) name="seller[iban]" id="seller-iban".into() value=bank.as_ref().map(|b| b.iban_grouped()).unwrap_or_default() error=err("iban") />
                    <Field label=t_string!(i18n, settings.bic) name="seller[bic]" id="seller-bic".into() value=bank.as_ref().and_then(|b| b.bic.clone()).unwrap_or_default() error=err("bic") />
                </div>
                <div class="field-row">
                    <Field label=t_string!(i18n, settings.account_holder) name="seller[account_holder]" id="seller-holder".into() value=bank.as_ref().map(|b| b.holder.clone()).unwrap_or_default() hint=t_string!(i18n, settings.account_holder_hint) error=err("account_holder") />
                    <Field label=t_string!(i18n, settings.payment_terms_days) name="seller[payment_terms_days]" id="seller-days".into() kind="number" value=days hint=t_string!(i18n, settings.payment_terms_hint) error=err("payment_terms_days") />
                </div>
                <button type="submit" class="button" disabled=move || save.pending().get()>
                    {t_string!(i18n, settings.submit)}
                </button>
            </section>
        </ActionForm>
    }
}
