//! The agency's side of one account: its plan, its own VAT and rates, re-invoiced third-party costs and closing a
//! month. Payments and refunds are on the packs page; credit-back is on the work log.

use billing::Month;
use leptos::prelude::*;

use crate::components::account::{
    AccountPage, Field, Outcome, PageData, Tab, field_error, use_actions,
};
use crate::components::audit::AuditTable;
use crate::components::submission::submission_field;
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::server_fns::people::account_audit;

#[component]
pub fn ManagePage() -> impl IntoView {
    view! { <AccountPage tab=Tab::Manage render=|p| view! { <Manage page=p /> }.into_any() /> }
}

#[component]
fn Manage(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    if !page.is_admin() {
        return view! {
            <section class="panel">
                <p class="alert alert-error" role="alert">{t_string!(i18n, manage.only_admins)}</p>
            </section>
        }
        .into_any();
    }
    let a = use_actions();
    let d = page.data.clone();
    let id = d.account.id.clone();
    let (id2, id3, id4, id5) = (id.clone(), id.clone(), id.clone(), id.clone());
    let (today1, today2) = (d.today.to_string(), d.today.to_string());
    let currency = d.account.currency.clone();
    let money = d.account.fmt();
    let plans = d.history.catalog.plans.clone();
    // Today's plan and a scheduled change, worded like the header.
    let current = (d.plan.today.is_some() || d.plan.next.is_some())
        .then(|| crate::components::account::plan_text(&d.plan, &d.account.fmt()));
    let plan_err = move |f| field_error(a.plan.value(), f);
    let cost_err = move |f| field_error(a.cost.value(), f);
    let close_err = move |f| field_error(a.close.value(), f);
    let last_month = Month::of(d.today).prev().to_string();
    view! {
        <div class="two-col">
            <section class="panel" aria-labelledby="plan-title" id="plan">
                <h2 id="plan-title">{t_string!(i18n, manage.plan_title)}</h2>
                <p class="muted">
                    {match current {
                        Some(p) => t_string!(i18n, manage.plan_now, plan = p).to_string(),
                        None => t_string!(i18n, manage.plan_none).to_string(),
                    }}
                </p>
                <ActionForm action=a.plan attr:class="stack-form" attr:novalidate=true>
                    {submission_field(a.plan.value())}
                    <input type="hidden" name="account_id" value=id />
                    <Outcome value=a.plan.value() ok=|_| {
                        let i18n = use_i18n();
                        t_string!(i18n, manage.plan_updated).to_string()
                    } />
                    <div class="field">
                        <label for="plan-action">{t_string!(i18n, manage.plan_change)}</label>
                        <select id="plan-action" name="action">
                            <option value="change" selected=true>{t_string!(i18n, manage.plan_opt_change)}</option>
                            <option value="subscribe">{t_string!(i18n, manage.plan_opt_subscribe)}</option>
                            <option value="end">{t_string!(i18n, manage.plan_opt_end)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="plan-plan">{t_string!(i18n, manage.plan_label)}</label>
                        <select id="plan-plan" name="plan">
                            {plans
                                .iter()
                                .map(|p| {
                                    let fee = match &p.terms {
                                        billing::PlanTerms::Maintenance { fee: Some(f), included_minutes, .. } => {
                                            t_string!(
                                                i18n,
                                                manage.plan_fee,
                                                fee = money.money(*f),
                                                hours = crate::format::minutes(*included_minutes)
                                            )
                                            .to_string()
                                        }
                                        _ => String::new(),
                                    };
                                    view! { <option value=p.id.clone()>{format!("{}{fee}", p.name)}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <Field
                        label=t_string!(i18n, manage.date)
                        name="date"
                        id="plan-date".into()
                        kind="date"
                        value=today1
                        hint=t_string!(i18n, manage.plan_date_hint)
                        error=plan_err("date")
                    />
                    <button type="submit" disabled=move || a.plan.pending().get() class="button">{t_string!(i18n, manage.plan_save)}</button>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="close-title">
                <h2 id="close-title">{t_string!(i18n, manage.close_title)}</h2>
                <p class="muted">
                    {t_string!(i18n, manage.close_intro)}
                </p>
                <ActionForm action=a.close attr:class="stack-form" attr:novalidate=true>
                    {submission_field(a.close.value())}
                    <input type="hidden" name="account_id" value=id2 />
                    <Outcome
                        value=a.close.value()
                        ok=|doc| {
                            let i18n = use_i18n();
                            match doc {
                                Some(d) => t_string!(i18n, manage.close_issued, number = &d.number).to_string(),
                                None => t_string!(i18n, manage.close_nothing).to_string(),
                            }
                        }
                    />
                    <Field
                        label=t_string!(i18n, manage.month)
                        name="month"
                        id="close-month".into()
                        kind="month"
                        value=last_month
                        error=close_err("month")
                    />
                    <button type="submit" disabled=move || a.close.pending().get() class="button">{t_string!(i18n, manage.close_submit)}</button>
                </ActionForm>
            </section>
        </div>
        <section class="panel" aria-labelledby="cost-title">
            <h2 id="cost-title">{t_string!(i18n, manage.cost_title)}</h2>
            <p class="muted small">
                {t_string!(i18n, manage.cost_intro)}
            </p>
            <ActionForm action=a.cost attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.cost.value())}
                <input type="hidden" name="account_id" value=id3 />
                <Outcome value=a.cost.value() ok=|_| {
                    let i18n = use_i18n();
                    t_string!(i18n, manage.cost_added).to_string()
                } />
                <div class="field-row">
                    <Field label=t_string!(i18n, manage.date) name="cost[date]" id="cost-date".into() kind="date" value=today2 error=cost_err("date") />
                    <Field label=t_string!(i18n, manage.cost_vendor) name="cost[vendor]" id="cost-vendor".into() error=cost_err("vendor") />
                </div>
                <Field label=t_string!(i18n, manage.cost_description) name="cost[description]" id="cost-description".into() error=cost_err("description") />
                <div class="field-row">
                    <Field label=t_string!(i18n, manage.cost_amount) name="cost[amount]" id="cost-amount".into() placeholder=t_string!(i18n, manage.cost_amount_placeholder) error=cost_err("amount") />
                    <Field label=t_string!(i18n, manage.cost_currency) name="cost[currency]" id="cost-currency".into() value=currency error=cost_err("currency") />
                    <Field
                        label=t_string!(i18n, manage.cost_rate)
                        name="cost[conversion_rate]"
                        id="cost-rate".into()
                        hint=t_string!(i18n, manage.cost_rate_hint)
                        error=cost_err("conversion_rate")
                    />
                    <Field label=t_string!(i18n, manage.cost_markup) name="cost[markup]" id="cost-markup".into() placeholder=t_string!(i18n, manage.cost_markup_placeholder) error=cost_err("markup") />
                </div>
                <button type="submit" disabled=move || a.cost.pending().get() class="button">{t_string!(i18n, manage.cost_submit)}</button>
            </ActionForm>
        </section>
        <crate::pages::terms_admin::AccountTermsPanel page=page.clone() />
        <crate::pages::details_admin::AccountDetailsPanel account_id=id5 />
        <crate::pages::licences_admin::LicenceRegister page=page.clone() />
        <AccountAudit account_id=id4 />
    }
    .into_any()
}

/// Every billing change of the account, newest first, reloaded after each change made here.
#[component]
fn AccountAudit(account_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let csv = format!("/audit.csv?account={account_id}");
    let lines = Resource::new(
        // Every change made on the account's pages reloads it.
        move || a.reload.get(),
        move |_| account_audit(account_id.clone()),
    );
    view! {
        <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">{t_string!(i18n, audit.title)}</h2>
            <p class="muted small">
                {t_string!(i18n, audit.account_intro)} " "
                <a href=csv download="">{t_string!(i18n, audit.download)}</a>
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match lines.await {
                        Ok((lines, names)) => view! { <AuditTable lines=lines names=names /> }.into_any(),
                        Err(e) => view! { <p class="alert alert-error" role="alert">{crate::messages::error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
