//! The licence register on an account's Manage page (admin): the licences with their full keys,
//! registering one, and renewing each (the vendor's invoice; re-invoiced when the agency pays).

use leptos::prelude::*;

use crate::components::account::{Field, Outcome, PageData, field_error, use_actions};
use crate::components::licences::LicenceTable;
use crate::components::submission::{reset_on_ok, submission_field};
use crate::i18n::*;
use crate::server_fns::licences::RenewLicence;
use api::licences::{Licence, PaidBy};

#[component]
pub fn LicenceRegister(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let d = page.data;
    let id = d.account.id.clone();
    let err = move |f| field_error(a.register_licence.value(), f);
    let renewals = d
        .licences
        .iter()
        .map(|l| view! { <RenewEditor account_id=id.clone() licence=l.clone() today=d.today /> })
        .collect_view();
    let paid_error = err("paid_by");
    let (form, folds) = (NodeRef::new(), NodeRef::new());
    reset_on_ok(a.register_licence.value(), form, folds);
    view! {
        <section class="panel catalog" aria-labelledby="licences-title" id="licences">
            <h2 id="licences-title">{t_string!(i18n, licences.title)}</h2>
            <p class="muted small">{t_string!(i18n, licences.admin_intro)}</p>
            <LicenceTable licences=d.licences.clone() today=d.today locale=d.account.locale.clone() />
            <div class="editors">
                {renewals}
                <details class="editor" node_ref=folds>
                    <summary>{t_string!(i18n, licences.register)}</summary>
                    <ActionForm action=a.register_licence node_ref=form attr:class="stack-form" attr:novalidate=true>
                        {submission_field(a.register_licence.value())}
                        <input type="hidden" name="account_id" value=id.clone() />
                        <Outcome value=a.register_licence.value() ok=|_| {
                            let i18n = use_i18n();
                            t_string!(i18n, licences.registered).to_string()
                        } />
                        <div class="field-row">
                            <Field label=t_string!(i18n, licences.product) name="licence[product]" id="licence-product".into() error=err("product") />
                            <Field label=t_string!(i18n, licences.vendor) name="licence[vendor]" id="licence-vendor".into() error=err("vendor") />
                        </div>
                        <div class="field-row">
                            <Field label=t_string!(i18n, licences.kind) name="licence[kind]" id="licence-kind".into() hint=t_string!(i18n, licences.kind_hint) error=err("kind") />
                            <Field label=t_string!(i18n, licences.seats_label) name="licence[seats]" id="licence-seats".into() hint=t_string!(i18n, licences.seats_hint) error=err("seats") />
                        </div>
                        <Field label=t_string!(i18n, licences.key) name="licence[key]" id="licence-key".into() hint=t_string!(i18n, licences.key_hint) error=err("key") />
                        <div class="field-row">
                            <Field label=t_string!(i18n, licences.purchased_on) name="licence[purchased_on]" id="licence-purchased".into() kind="date" error=err("purchased_on") />
                            <Field label=t_string!(i18n, licences.last_valid_day) name="licence[last_valid_day]" id="licence-last".into() kind="date" error=err("last_valid_day") />
                        </div>
                        <div class="field-row">
                            <Field label=t_string!(i18n, licences.renewal_price) name="licence[renewal_price]" id="licence-price".into() error=err("renewal_price") />
                            <Field label=t_string!(i18n, licences.renewal_currency) name="licence[renewal_currency]" id="licence-currency".into() value=d.account.currency.clone() error=err("renewal_currency") />
                            <div class="field" class:has-error=move || paid_error.get().is_some()>
                                <label for="licence-paid-by">{t_string!(i18n, licences.paid_by)}</label>
                                <select id="licence-paid-by" name="licence[paid_by]">
                                    <option value="agency" selected=true>{t_string!(i18n, licences.paid_by_agency)}</option>
                                    <option value="client">{t_string!(i18n, licences.paid_by_client)}</option>
                                </select>
                                <p class="field-error">{move || paid_error.get()}</p>
                            </div>
                        </div>
                        <Field label=t_string!(i18n, licences.notes) name="licence[notes]" id="licence-notes".into() error=err("notes") />
                        <button type="submit" class="button" disabled=move || a.register_licence.pending().get()>
                            {t_string!(i18n, licences.register_submit)}
                        </button>
                    </ActionForm>
                </details>
            </div>
        </section>
    }
}

/// Renewing one licence: its own action, so its errors show at its own fields.
#[component]
fn RenewEditor(account_id: String, licence: Licence, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let renew = ServerAction::<RenewLicence>::new();
    Effect::new(move |_| {
        if renew.value().with(|v| matches!(v, Some(Ok(_)))) {
            a.reload.update(|n| *n += 1);
        }
    });
    let err = move |f| field_error(renew.value(), f);
    let (form, folds) = (NodeRef::new(), NodeRef::new());
    reset_on_ok(renew.value(), form, folds);
    let p = format!("renew-{}", licence.id);
    let hint = match licence.paid_by {
        PaidBy::Agency => t_string!(i18n, licences.renew_hint_agency).to_string(),
        PaidBy::Client => t_string!(i18n, licences.renew_hint_client).to_string(),
    };
    let next_year = licence
        .last_valid_day
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(licence.last_valid_day)
        .to_string();
    let licence_id = licence.id.clone();
    view! {
        <details class="editor" data-licence=licence.id.clone() node_ref=folds>
            <summary>{t_string!(i18n, licences.renew_named, product = licence.product.clone()).to_string()}</summary>
            <p class="muted small">{hint}</p>
            <ActionForm action=renew node_ref=form attr:class="stack-form" attr:novalidate=true>
                {submission_field(renew.value())}
                <input type="hidden" name="account_id" value=account_id />
                <input type="hidden" name="licence_id" value=licence_id />
                <Outcome value=renew.value() ok=|_| {
                    let i18n = use_i18n();
                    t_string!(i18n, licences.renewed).to_string()
                } />
                <div class="field-row">
                    <Field label=t_string!(i18n, licences.vendor_invoice) name="renewal[vendor_invoice]" id=format!("{p}-invoice") error=err("vendor_invoice") />
                    <Field label=t_string!(i18n, licences.invoice_date) name="renewal[invoice_date]" id=format!("{p}-date") kind="date" value=today.to_string() error=err("invoice_date") />
                </div>
                <div class="field-row">
                    <Field label=t_string!(i18n, licences.amount) name="renewal[amount]" id=format!("{p}-amount") value=licence.renewal_price.to_string() error=err("amount") />
                    <Field label=t_string!(i18n, licences.renewal_currency) name="renewal[currency]" id=format!("{p}-currency") value=licence.renewal_currency.clone() error=err("currency") />
                    <Field label=t_string!(i18n, licences.conversion_rate) name="renewal[conversion_rate]" id=format!("{p}-rate") hint=t_string!(i18n, licences.conversion_hint) error=err("conversion_rate") />
                    <Field label=t_string!(i18n, licences.markup) name="renewal[markup]" id=format!("{p}-markup") error=err("markup") />
                </div>
                <Field label=t_string!(i18n, licences.new_last_day) name="renewal[last_valid_day]" id=format!("{p}-last") kind="date" value=next_year error=err("last_valid_day") />
                <button type="submit" class="button" disabled=move || renew.pending().get()>
                    {t_string!(i18n, licences.renew_submit)}
                </button>
            </ActionForm>
        </details>
    }
}
