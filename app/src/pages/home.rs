//! The accounts the caller can see, with their plan, this month's draft and what needs a look;
//! admins add accounts here.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::account::field_error;
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::messages::error_text;
use crate::model::ToDo;
use crate::server_fns::account_overview;
use crate::server_fns::accounts::{AccountRow, CreateAccount};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateAccount>::new();
    let session = use_session();
    let accounts = Resource::new(move || create.version().get(), |_| account_overview());
    view! {
        <Title text=t_string!(i18n, home.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, home.title)}</h1>
            <p class="muted">{t_string!(i18n, home.intro)}</p>
        </div>
        <section class="panel" aria-labelledby="accounts-title">
            <h2 id="accounts-title" class="visually-hidden">{t_string!(i18n, home.title)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, home.loading)}</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(o) if o.accounts.is_empty() => {
                            view! { <p class="muted">{t_string!(i18n, home.empty)}</p> }.into_any()
                        }
                        Ok(o) => view! {
                            {o.to_do.map(|t| view! { <ToDoPanel to_do=t /> })}
                            <AccountsTable list=o.accounts />
                        }
                        .into_any(),
                        Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                        Err(e) => {
                            view! { <p class="alert alert-error">{error_text(i18n, &e)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let admin = session
                    .me
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|m| m.role == Role::Admin);
                admin.then(|| view! { <NewAccountForm create=create /> })
            })}
        </Transition>
    }
}

/// What the agency has to act on: months to close, packs waiting for payment, quotes waiting
/// for the client. Each item links to where it is done.
#[component]
fn ToDoPanel(to_do: ToDo) -> impl IntoView {
    let i18n = use_i18n();
    if to_do.is_empty() {
        return view! {
            <div class="to-do" data-testid="to-do">
                <h3>{t_string!(i18n, home.todo_title)}</h3>
                <p class="muted">{t_string!(i18n, home.todo_nothing)}</p>
            </div>
        }
        .into_any();
    }
    let months = (!to_do.months_to_close.is_empty()).then(|| {
        let items = to_do
            .months_to_close
            .into_iter()
            .map(move |m| {
                let fmt = m.account.fmt();
                view! {
                    <li>
                        <a href="/month-end">
                            {t_string!(i18n, home.todo_close, month = fmt.month(m.month), account = m.account.name.clone()).to_string()}
                        </a>
                        <span class="muted">
                            {format!(" · {}", t_string!(i18n, home.todo_draft, total = fmt.money(m.draft_total)))}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div>
                <h4>{t_string!(i18n, home.todo_months)}</h4>
                <ul class="to-do-list" data-testid="to-close">{items}</ul>
            </div>
        }
    });
    let orders = (!to_do.unpaid_orders.is_empty()).then(|| {
        let items = to_do
            .unpaid_orders
            .into_iter()
            .map(move |o| {
                let fmt = o.account.fmt();
                let age = match o.days {
                    0 => t_string!(i18n, home.todo_ordered_today).to_string(),
                    1 => t_string!(i18n, home.todo_waiting_day).to_string(),
                    n => t_string!(i18n, home.todo_waiting_days, n = n).to_string(),
                };
                view! {
                    <li class:overdue=(o.days > 14)>
                        <a href=format!("/accounts/{}/packs", o.account.id)>
                            {format!("{}: {}", o.account.name, o.pack)}
                        </a>
                        <span class="muted">
                            {format!(
                                " · {} · {} · {}",
                                o.invoice.clone().unwrap_or_default(),
                                fmt.money(o.total),
                                age,
                            )}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div>
                <h4>{t_string!(i18n, home.todo_orders)}</h4>
                <ul class="to-do-list" data-testid="unpaid-orders">{items}</ul>
            </div>
        }
    });
    let quotes = (!to_do.quotes_waiting.is_empty()).then(|| {
        let items = to_do
            .quotes_waiting
            .into_iter()
            .map(move |q| {
                view! {
                    <li>
                        <a href=format!("/accounts/{}/quotes", q.account.id)>
                            {format!("{}: {}", q.account.name, q.title)}
                        </a>
                        <span class="muted">
                            {format!(
                                " · {} · {}",
                                q.developer,
                                t_string!(i18n, home.todo_estimate, time = crate::format::minutes(q.estimate)),
                            )}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div>
                <h4>{t_string!(i18n, home.todo_quotes)}</h4>
                <ul class="to-do-list" data-testid="quotes-waiting">{items}</ul>
            </div>
        }
    });
    view! {
        <div class="to-do" data-testid="to-do">
            <h3>{t_string!(i18n, home.todo_title)}</h3>
            <div class="to-do-grid">{months} {orders} {quotes}</div>
        </div>
    }
    .into_any()
}

#[component]
fn AccountsTable(list: Vec<AccountRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table" data-testid="accounts">
            <thead>
                <tr>
                    <th scope="col">{t_string!(i18n, home.col_account)}</th>
                    <th scope="col">{t_string!(i18n, home.col_plan)}</th>
                    <th scope="col" class="num">{t_string!(i18n, home.col_this_month)}</th>
                    <th scope="col">{t_string!(i18n, home.col_attention)}</th>
                    <th scope="col">
                        <span class="visually-hidden">{t_string!(i18n, home.col_actions)}</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(move |r| {
                        let a = r.account;
                        let fmt = a.fmt();
                        let href = format!("/accounts/{}", a.id);
                        let work = format!("/accounts/{}/work", a.id);
                        view! {
                            <tr data-account=a.id.clone()>
                                <td>
                                    <a href=href.clone()>{a.name.clone()}</a>
                                    <div class="muted small">
                                        {format!("{} · {} · {}", a.legal_name, a.currency, a.timezone)}
                                    </div>
                                </td>
                                <td>{crate::components::account::plan_text(&r.plan, &fmt)}</td>
                                <td class="num" data-label=t_string!(i18n, home.col_this_month).to_string()>
                                    {r.draft_total.map(|t| fmt.money(t)).unwrap_or_else(|| "—".into())}
                                </td>
                                <td>
                                    {(r.attention > 0)
                                        .then(|| {
                                            view! {
                                                <span class="status status-offered">
                                                    {t_string!(i18n, home.attention_open, n = r.attention).to_string()}
                                                </span>
                                            }
                                        })}
                                </td>
                                <td class="row-actions">
                                    <a class="button button-small" href=href>
                                        {t_string!(i18n, home.row_dashboard)}
                                    </a>
                                    " "
                                    <a class="button button-ghost button-small" href=work>
                                        {t_string!(i18n, home.row_work_log)}
                                    </a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Admins add an account; it starts without a plan (subscribe it on its Manage tab).
#[component]
fn NewAccountForm(create: ServerAction<CreateAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |f| field_error(create.value(), f);
    let field = move |label: String, name: &'static str, f: &'static str, placeholder: String| {
        let id = format!("new-{f}");
        let e = err(f);
        view! {
            <div class="field" class:has-error=move || e.get().is_some()>
                <label for=id.clone()>{label}</label>
                <input
                    id=id.clone()
                    name=name
                    placeholder=placeholder
                    aria-invalid=move || e.get().is_some().then_some("true")
                    aria-describedby=format!("{id}-error")
                />
                <p class="field-error" id=format!("{id}-error")>{move || e.get()}</p>
            </div>
        }
    };
    let done = move || {
        create.value().get().map(|r| match r {
            Ok(a) => view! {
                <p class="alert alert-success" role="status">
                    {t_string!(i18n, home.created_before)}
                    <a href=format!("/accounts/{}/manage#plan", a.id)>{a.name.clone()}</a>
                    {t_string!(i18n, home.created_after)}
                </p>
            }
            .into_any(),
            Err(e) => view! {
                <p class="alert alert-error" role="alert">
                    {t_string!(i18n, home.not_created, error = error_text(i18n, &e)).to_string()}
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="new-account-title">
            <h2 id="new-account-title">{t_string!(i18n, home.new_title)}</h2>
            <ActionForm action=create attr:class="stack-form" attr:novalidate=true>
                {done}
                <div class="field-row">
                    {field(
                        t_string!(i18n, home.new_id).to_string(),
                        "account[id]",
                        "id",
                        t_string!(i18n, home.new_id_placeholder).to_string(),
                    )}
                    {field(t_string!(i18n, home.new_name).to_string(), "account[name]", "name", "Hooli".to_string())}
                    {field(
                        t_string!(i18n, home.new_legal_name).to_string(),
                        "account[legal_name]",
                        "legal_name",
                        "Hooli XYZ Ltd".to_string(),
                    )}
                </div>
                {field(
                    t_string!(i18n, home.new_address).to_string(),
                    "account[address]",
                    "address",
                    t_string!(i18n, home.new_address_placeholder).to_string(),
                )}
                <div class="field-row">
                    {field(t_string!(i18n, home.new_country).to_string(), "account[country]", "country", "DE".to_string())}
                    {field(
                        t_string!(i18n, home.new_vat_id).to_string(),
                        "account[vat_id]",
                        "vat_id",
                        t_string!(i18n, home.new_optional).to_string(),
                    )}
                    {field(
                        t_string!(i18n, home.new_timezone).to_string(),
                        "account[timezone]",
                        "timezone",
                        "Europe/Berlin".to_string(),
                    )}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="new-currency">{t_string!(i18n, home.new_currency)}</label>
                        <select id="new-currency" name="account[currency]">
                            <option value="EUR" selected=true>"EUR"</option>
                            <option value="GBP">"GBP"</option>
                            <option value="USD">"USD"</option>
                            <option value="CHF">"CHF"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="new-locale">{t_string!(i18n, home.new_locale)}</label>
                        <select id="new-locale" name="account[locale]">
                            <option value="de-DE">"Deutsch (1.234,50 €)"</option>
                            <option value="en-GB" selected=true>"English, UK (£1,234.50)"</option>
                            <option value="en-US">"English, US ($1,234.50)"</option>
                            <option value="en-IE">"English, Ireland (€1,234.50)"</option>
                            <option value="fr-FR">"Français (1 234,50 €)"</option>
                            <option value="sl-SI">"Slovenščina (1.234,50 €)"</option>
                        </select>
                    </div>
                    <div class="field checkbox-field">
                        <label>
                            <input type="checkbox" name="account[reverse_charge]" value="true" />
                            " "
                            {t_string!(i18n, home.new_reverse_charge)}
                        </label>
                    </div>
                </div>
                <details class="row-form">
                    <summary>{t_string!(i18n, home.new_catalog)}</summary>
                    <div class="field">
                        <label for="new-catalog">{t_string!(i18n, home.new_catalog_json)}</label>
                        <textarea id="new-catalog" name="account[catalog]" rows="4"
                            placeholder=t_string!(i18n, home.new_catalog_placeholder).to_string()></textarea>
                        <p class="field-error">{move || err("catalog").get()}</p>
                    </div>
                </details>
                <button type="submit" class="button">{t_string!(i18n, home.new_submit)}</button>
            </ActionForm>
        </section>
    }
}
