//! The account's own VAT rate, standard rate and reverse charge on its Manage page (admin):
//! what applies today, the changes already scheduled, and a form for a change from the 1st of
//! a later month (POLICY §9), so issued invoices and the open month keep their terms.

use billing::{Month, TermsFrom, TermsTimeline};
use leptos::prelude::*;

use crate::components::account::{Field, Outcome, PageData, field_error, use_actions};
use crate::components::submission::submission_field;
use crate::format::AccountFmt as _;
use crate::i18n::*;

#[component]
pub fn AccountTermsPanel(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let d = page.data;
    let fmt = d.account.fmt();
    let timeline = TermsTimeline::of(&d.history);
    let catalog = d.history.catalog.clone();
    let describe = move |t: &TermsFrom, on| {
        let rates = catalog.rates_on(on);
        let vat = if t.reverse_charge {
            t_string!(i18n, manage.terms_reverse).to_string()
        } else {
            own_or_catalogs(
                t.vat_rate.map(|v| format!("{v} %")),
                format!("{} %", rates.vat_rate),
            )
        };
        let standard = own_or_catalogs(
            t.standard_rate.map(|r| fmt.rate(r)),
            rates.standard_rate.map_or_else(
                || t_string!(i18n, manage.terms_none).to_string(),
                |r| fmt.rate(r),
            ),
        );
        (vat, standard)
    };
    let (vat_now, standard_now) = describe(timeline.on(d.today), d.today);
    let scheduled = timeline
        .after(d.today)
        .iter()
        .map(|t| {
            let (vat, standard) = describe(t, t.from);
            let date = d.account.fmt().date(t.from);
            view! { <li>{t_string!(i18n, manage.terms_scheduled, date = date, vat = vat, standard = standard).to_string()}</li> }
        })
        .collect_view();
    let err = move |f| field_error(a.terms.value(), f);
    let next = Month::of(d.today).next().to_string();
    let reverse_error = err("reverse_charge");
    // The form starts from the terms as they will be once what is scheduled has begun.
    let latest = *timeline.latest();
    view! {
        <section class="panel" aria-labelledby="terms-title" id="terms">
            <h2 id="terms-title">{t_string!(i18n, manage.terms_title)}</h2>
            <p class="muted small">{t_string!(i18n, manage.terms_intro)}</p>
            <dl class="terms">
                <dt>{t_string!(i18n, manage.terms_vat)}</dt>
                <dd>{vat_now}</dd>
                <dt>{t_string!(i18n, manage.terms_standard)}</dt>
                <dd>{standard_now}</dd>
            </dl>
            <ul class="scheduled">{scheduled}</ul>
            <ActionForm action=a.terms attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.terms.value())}
                <input type="hidden" name="account_id" value=d.account.id.clone() />
                <Outcome value=a.terms.value() ok=|_| {
                    let i18n = use_i18n();
                    t_string!(i18n, manage.terms_saved).to_string()
                } />
                <div class="field-row">
                    <Field label=t_string!(i18n, manage.terms_from) name="terms[from]" id="terms-from".into() kind="month" value=next hint=t_string!(i18n, manage.terms_from_hint) error=err("from") />
                    <Field label=t_string!(i18n, manage.terms_vat_label) name="terms[vat_rate]" id="terms-vat".into() value=latest.vat_rate.map(|v| v.to_string()).unwrap_or_default() hint=t_string!(i18n, manage.terms_empty_hint) error=err("vat_rate") />
                    <Field label=t_string!(i18n, manage.terms_standard_label) name="terms[standard_rate]" id="terms-standard".into() value=latest.standard_rate.map(|r| r.to_string()).unwrap_or_default() hint=t_string!(i18n, manage.terms_empty_hint) error=err("standard_rate") />
                </div>
                <div class="field checkbox-field" class:has-error=move || reverse_error.get().is_some()>
                    <label>
                        <input type="checkbox" name="terms[reverse_charge]" value="true" checked=latest.reverse_charge />
                        " "
                        {t_string!(i18n, manage.terms_reverse_label)}
                    </label>
                    <p class="field-error">{move || reverse_error.get()}</p>
                </div>
                <button type="submit" class="button" disabled=move || a.terms.pending().get()>
                    {t_string!(i18n, manage.terms_submit)}
                </button>
            </ActionForm>
        </section>
    }
}

/// "9.5 % (this account's)" or "22 % (the catalog's)".
fn own_or_catalogs(own: Option<String>, catalogs: String) -> String {
    let i18n = use_i18n();
    match own {
        Some(v) => t_string!(i18n, manage.terms_own, value = v).to_string(),
        None => t_string!(i18n, manage.terms_catalogs, value = catalogs).to_string(),
    }
}
