//! The agency's side of one account: its plan, re-invoiced third-party costs and closing a
//! month. Payments and refunds are on the packs page; credit-back is on the work log.

use billing::Month;
use leptos::prelude::*;

use crate::components::account::{
    AccountPage, Field, Outcome, PageData, Tab, field_error, use_actions,
};
use crate::components::submission::submission_field;
use crate::format::AccountFmt as _;

#[component]
pub fn ManagePage() -> impl IntoView {
    view! { <AccountPage tab=Tab::Manage render=|p| view! { <Manage page=p /> }.into_any() /> }
}

#[component]
fn Manage(page: PageData) -> impl IntoView {
    if !page.is_admin() {
        return view! {
            <section class="panel">
                <p class="alert alert-error" role="alert">"Only the agency's admins manage accounts."</p>
            </section>
        }
        .into_any();
    }
    let a = use_actions();
    let d = page.data.clone();
    let id = d.account.id.clone();
    let (id2, id3) = (id.clone(), id.clone());
    let (today1, today2) = (d.today.to_string(), d.today.to_string());
    let currency = d.account.currency.clone();
    let money = d.account.fmt();
    let plans = d.history.catalog.plans.clone();
    let current = d.plan.clone();
    let plan_err = move |f| field_error(a.plan.value(), f);
    let cost_err = move |f| field_error(a.cost.value(), f);
    let close_err = move |f| field_error(a.close.value(), f);
    let last_month = Month::of(d.today).prev().to_string();
    view! {
        <div class="two-col">
            <section class="panel" aria-labelledby="plan-title" id="plan">
                <h2 id="plan-title">"Plan"</h2>
                <p class="muted">
                    {match current {
                        Some(p) => format!("Now on {p}. A change applies from the 1st of next month."),
                        None => "No plan: work is charged at the standard rate or from packs.".into(),
                    }}
                </p>
                <ActionForm action=a.plan attr:class="stack-form" attr:novalidate=true>
                    {submission_field(a.plan.value())}
                    <input type="hidden" name="account_id" value=id />
                    <Outcome value=a.plan.value() ok=|_| "Plan updated.".to_string() />
                    <div class="field">
                        <label for="plan-action">"Change"</label>
                        <select id="plan-action" name="action">
                            <option value="change" selected=true>"Switch plan from next month"</option>
                            <option value="subscribe">"Subscribe from a date"</option>
                            <option value="end">"End the plan on a date"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="plan-plan">"Plan"</label>
                        <select id="plan-plan" name="plan">
                            {plans
                                .iter()
                                .map(|p| {
                                    let fee = match &p.terms {
                                        billing::PlanTerms::Maintenance { fee: Some(f), included_minutes, .. } => {
                                            format!(" · {} for {}", money.money(*f), crate::format::minutes(*included_minutes))
                                        }
                                        _ => String::new(),
                                    };
                                    view! { <option value=p.id.clone()>{format!("{}{fee}", p.name)}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <Field
                        label="Date"
                        name="date"
                        id="plan-date".into()
                        kind="date"
                        value=today1
                        hint="for subscribing or ending"
                        error=plan_err("date")
                    />
                    <button type="submit" disabled=move || a.plan.pending().get() class="button">"Save plan"</button>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="close-title">
                <h2 id="close-title">"Close a month"</h2>
                <p class="muted">
                    "Issues the month's invoice (and closes any earlier open month). Closing again changes nothing."
                </p>
                <ActionForm action=a.close attr:class="stack-form" attr:novalidate=true>
                    {submission_field(a.close.value())}
                    <input type="hidden" name="account_id" value=id2 />
                    <Outcome
                        value=a.close.value()
                        ok=|doc| match doc {
                            Some(d) => format!("Closed: invoice {} issued.", d.number),
                            None => "Closed: nothing to invoice that month.".to_string(),
                        }
                    />
                    <Field
                        label="Month"
                        name="month"
                        id="close-month".into()
                        kind="month"
                        value=last_month
                        error=close_err("month")
                    />
                    <button type="submit" disabled=move || a.close.pending().get() class="button">"Close month"</button>
                </ActionForm>
            </section>
        </div>
        <section class="panel" aria-labelledby="cost-title">
            <h2 id="cost-title">"Re-invoice a third-party cost"</h2>
            <p class="muted small">
                "Licences, hosting, domains: billed on the month of their date, with the markup, on the invoice's costs section."
            </p>
            <ActionForm action=a.cost attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.cost.value())}
                <input type="hidden" name="account_id" value=id3 />
                <Outcome value=a.cost.value() ok=|_| "Cost added to the month's invoice.".to_string() />
                <div class="field-row">
                    <Field label="Date" name="cost[date]" id="cost-date".into() kind="date" value=today2 error=cost_err("date") />
                    <Field label="Vendor" name="cost[vendor]" id="cost-vendor".into() error=cost_err("vendor") />
                </div>
                <Field label="Description" name="cost[description]" id="cost-description".into() error=cost_err("description") />
                <div class="field-row">
                    <Field label="Amount" name="cost[amount]" id="cost-amount".into() placeholder="e.g. 49.00" error=cost_err("amount") />
                    <Field label="Currency" name="cost[currency]" id="cost-currency".into() value=currency error=cost_err("currency") />
                    <Field
                        label="Conversion rate"
                        name="cost[conversion_rate]"
                        id="cost-rate".into()
                        hint="only for another currency"
                        error=cost_err("conversion_rate")
                    />
                    <Field label="Markup %" name="cost[markup]" id="cost-markup".into() placeholder="e.g. 10" error=cost_err("markup") />
                </div>
                <button type="submit" disabled=move || a.cost.pending().get() class="button">"Add cost"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
