//! Service levels (admin): the business calendar SLA times are counted in, the response and
//! resolution targets by plan and by priority, and the agency's yearly figures as CSV.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::account::{Field, Outcome, field_error};
use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::{error_text, reason_text};
use crate::server_fns::service_levels::{SaveServiceLevels, show_service_levels};
use api::service_levels::ServiceLevelsPage;
use billing::sla_form::TargetRow;

#[component]
pub fn ServiceLevelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveServiceLevels>::new();
    let data = Resource::new(move || save.version().get(), |_| show_service_levels());
    view! {
        <Title text=t_string!(i18n, sla.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, sla.title)}</h1>
            <p class="muted">{t_string!(i18n, sla.intro)}</p>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, sla.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let year = page.year;
                        view! {
                        <SlaSettingsForm page=page save=save />
                        <YearReport year=year />
                    }
                    .into_any()
                    }
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The error of field `name` in the last answer, in the reader's language.
fn row_error(save: ServerAction<SaveServiceLevels>, name: String) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        save.value().with(|v| match v {
            Some(Err(e)) => e.field(&name).map(|r| reason_text(i18n, r)),
            _ => None,
        })
    })
}

/// One target input in a table cell: `sla[{list}][{i}][{which}]`, labelled by its row and
/// column headers.
#[component]
fn TargetInput(
    save: ServerAction<SaveServiceLevels>,
    /// `plans.0.response`: the error field and the id.
    field: String,
    name: String,
    value: String,
    label: String,
    /// The column's name, shown above the input where the table stacks (phones).
    column: String,
) -> impl IntoView {
    let error = row_error(save, field.clone());
    let id = format!("sla-{}", field.replace('.', "-"));
    let err_id = format!("{id}-error");
    view! {
        <td class:has-error=move || error.get().is_some() data-label=column>
            <input
                id=id
                name=name
                value=value
                class="input-compact"
                inputmode="text"
                aria-label=label
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| err_id.clone())
            />
            {move || error.get().map(|m| view! { <p class="field-error" id=format!("sla-{}-error", field.replace('.', "-"))>{m}</p> })}
        </td>
    }
}

/// The two target cells of row `i` of `list`.
fn target_cells(
    save: ServerAction<SaveServiceLevels>,
    list: &'static str,
    i: Option<usize>,
    row: &TargetRow,
    what: String,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let (field, name) = match i {
        Some(i) => (format!("{list}.{i}"), format!("sla[{list}][{i}]")),
        None => (list.to_string(), format!("sla[{list}]")),
    };
    let response = t_string!(i18n, sla.response).to_string();
    let resolution = t_string!(i18n, sla.resolution).to_string();
    view! {
        <TargetInput save=save field=format!("{field}.response") name=format!("{name}[response]") value=row.response.clone() label=format!("{what}: {response}") column=response.clone() />
        <TargetInput save=save field=format!("{field}.resolution") name=format!("{name}[resolution]") value=row.resolution.clone() label=format!("{what}: {resolution}") column=resolution.clone() />
    }
}

#[component]
fn SlaSettingsForm(
    page: ServiceLevelsPage,
    save: ServerAction<SaveServiceLevels>,
) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |f| field_error(save.value(), f);
    let f = page.form;
    let days_error = err("days");
    let holidays_error = err("holidays");
    let day_names = [
        (t_string!(i18n, sla.mon), "sla[mon]", f.mon.is_some()),
        (t_string!(i18n, sla.tue), "sla[tue]", f.tue.is_some()),
        (t_string!(i18n, sla.wed), "sla[wed]", f.wed.is_some()),
        (t_string!(i18n, sla.thu), "sla[thu]", f.thu.is_some()),
        (t_string!(i18n, sla.fri), "sla[fri]", f.fri.is_some()),
        (t_string!(i18n, sla.sat), "sla[sat]", f.sat.is_some()),
        (t_string!(i18n, sla.sun), "sla[sun]", f.sun.is_some()),
    ];
    let days = day_names
        .into_iter()
        .map(|(label, name, on)| {
            view! {
                <label class="day-choice">
                    <input type="checkbox" name=name value="on" checked=on />
                    {label.to_string()}
                </label>
            }
        })
        .collect_view();
    let plan_rows = page
        .plans
        .iter()
        .zip(f.plans.iter())
        .enumerate()
        .map(|(i, (plan, row))| {
            view! {
                <tr>
                    <th scope="row">
                        {plan.name.clone()}
                        <input type="hidden" name=format!("sla[plans][{i}][key]") value=row.key.clone() />
                    </th>
                    {target_cells(save, "plans", Some(i), row, plan.name.clone())}
                </tr>
            }
        })
        .collect_view();
    let without = t_string!(i18n, sla.without_plan).to_string();
    let priority_rows = f
        .priorities
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let key_error = row_error(save, format!("priorities.{i}.key"));
            let label = t_string!(i18n, sla.priority).to_string();
            let what = if row.key.is_empty() {
                format!("{label} {}", i + 1)
            } else {
                row.key.clone()
            };
            view! {
                <tr>
                    <td class:has-error=move || key_error.get().is_some() data-label=label.clone()>
                        <input
                            name=format!("sla[priorities][{i}][key]")
                            value=row.key.clone()
                            class="input-compact"
                            aria-label=format!("{label} {}", i + 1)
                            placeholder=t_string!(i18n, sla.priority_placeholder).to_string()
                            aria-invalid=move || key_error.get().is_some().then_some("true")
                        />
                        {move || key_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </td>
                    {target_cells(save, "priorities", Some(i), row, what)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            <Outcome value=save.value() ok=|_| {
                let i18n = use_i18n();
                t_string!(i18n, sla.saved).to_string()
            } />
            <section class="panel form-panel" aria-labelledby="calendar-title">
                <h2 id="calendar-title">{t_string!(i18n, sla.calendar_title)}</h2>
                <p class="muted small">{t_string!(i18n, sla.calendar_intro)}</p>
                <fieldset class="field" class:has-error=move || days_error.get().is_some()>
                    <legend>{t_string!(i18n, sla.days)}</legend>
                    <div class="day-choices">{days}</div>
                    {move || days_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <div class="field-row">
                    <Field label=t_string!(i18n, sla.opens) name="sla[opens]" id="sla-opens".into() kind="time" value=f.opens.clone() error=err("opens") />
                    <Field label=t_string!(i18n, sla.closes) name="sla[closes]" id="sla-closes".into() kind="time" value=f.closes.clone() error=err("closes") />
                </div>
                <Field label=t_string!(i18n, sla.zone) name="sla[zone]" id="sla-zone".into() value=f.zone.clone() hint=t_string!(i18n, sla.zone_hint) error=err("zone") />
                <div class="field" class:has-error=move || holidays_error.get().is_some()>
                    <label for="sla-holidays">{t_string!(i18n, sla.holidays)}</label>
                    <textarea id="sla-holidays" name="sla[holidays]" rows="4" aria-describedby="sla-holidays-hint">{f.holidays.clone()}</textarea>
                    <p class="muted small" id="sla-holidays-hint">{t_string!(i18n, sla.holidays_hint)}</p>
                    {move || holidays_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </section>
            <section class="panel form-panel" aria-labelledby="targets-title">
                <h2 id="targets-title">{t_string!(i18n, sla.targets_title)}</h2>
                <p class="muted small">{t_string!(i18n, sla.targets_intro)}</p>
                <div class="table-wrap">
                    <table class="table table-compact" data-testid="plan-targets">
                        <thead>
                            <tr>
                                <th scope="col">{t_string!(i18n, sla.plan)}</th>
                                <th scope="col">{t_string!(i18n, sla.response)}</th>
                                <th scope="col">{t_string!(i18n, sla.resolution)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {plan_rows}
                            <tr>
                                <th scope="row">{without.clone()}</th>
                                {target_cells(save, "without_plan", None, &f.without_plan, without)}
                            </tr>
                        </tbody>
                    </table>
                </div>
                <h3 class="small-heading">{t_string!(i18n, sla.priorities_title)}</h3>
                <p class="muted small">{t_string!(i18n, sla.priorities_intro)}</p>
                <div class="table-wrap">
                    <table class="table table-compact" data-testid="priority-targets">
                        <thead>
                            <tr>
                                <th scope="col">{t_string!(i18n, sla.priority)}</th>
                                <th scope="col">{t_string!(i18n, sla.response)}</th>
                                <th scope="col">{t_string!(i18n, sla.resolution)}</th>
                            </tr>
                        </thead>
                        <tbody>{priority_rows}</tbody>
                    </table>
                </div>
                <button type="submit" class="button" disabled=move || save.pending().get()>
                    {t_string!(i18n, sla.submit)}
                </button>
            </section>
        </ActionForm>
    }
}

/// The agency's yearly figures across accounts, as CSV.
#[component]
fn YearReport(year: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel form-panel" aria-labelledby="sla-report-title">
            <h2 id="sla-report-title">{t_string!(i18n, sla.report_title)}</h2>
            <p class="muted small">{t_string!(i18n, sla.report_intro)}</p>
            <form method="get" action="/service-levels.csv" class="inline-form">
                <div class="field">
                    <label for="sla-year">{t_string!(i18n, sla.year)}</label>
                    <input id="sla-year" name="year" type="number" min="2000" max=year.to_string() value=year.to_string() required=true class="input-compact" />
                </div>
                <button type="submit" class="button button-ghost">{t_string!(i18n, sla.download)}</button>
            </form>
        </section>
    }
}
