//! The accounts the caller can see, with their plan, this month's draft and what needs a look;
//! admins add accounts here.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::account::field_error;
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format::AccountFmt as _;
use crate::model::ToDo;
use crate::server_fns::account_overview;
use crate::server_fns::accounts::{AccountRow, CreateAccount};

#[component]
pub fn HomePage() -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let session = use_session();
    let accounts = Resource::new(move || create.version().get(), |_| account_overview());
    view! {
        <Title text="Accounts" />
        <div class="page-head">
            <h1>"Accounts"</h1>
            <p class="muted">"The client accounts you can see: plan, this month so far, what needs a look."</p>
        </div>
        <section class="panel" aria-labelledby="accounts-title">
            <h2 id="accounts-title" class="visually-hidden">"Accounts"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(o) if o.accounts.is_empty() => {
                            view! { <p class="muted">"No accounts yet."</p> }.into_any()
                        }
                        Ok(o) => view! {
                            {o.to_do.map(|t| view! { <ToDoPanel to_do=t /> })}
                            <AccountsTable list=o.accounts />
                        }
                        .into_any(),
                        Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                        Err(e) => {
                            view! { <p class="alert alert-error">{e.to_string()}</p> }.into_any()
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
    if to_do.is_empty() {
        return view! {
            <div class="to-do" data-testid="to-do">
                <h3>"What needs doing"</h3>
                <p class="muted">"Nothing waiting: every ended month is closed, every pack paid, every quote answered."</p>
            </div>
        }
        .into_any();
    }
    let months = (!to_do.months_to_close.is_empty()).then(|| {
        let items = to_do
            .months_to_close
            .into_iter()
            .map(|m| {
                let fmt = m.account.fmt();
                view! {
                    <li>
                        <a href="/month-end">{format!("Close {} for {}", fmt.month(m.month), m.account.name)}</a>
                        <span class="muted">{format!(" · draft {}", fmt.money(m.draft_total))}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div>
                <h4>"Months ended, not closed"</h4>
                <ul class="to-do-list" data-testid="to-close">{items}</ul>
            </div>
        }
    });
    let orders = (!to_do.unpaid_orders.is_empty()).then(|| {
        let items = to_do
            .unpaid_orders
            .into_iter()
            .map(|o| {
                let fmt = o.account.fmt();
                let age = match o.days {
                    0 => "ordered today".to_string(),
                    1 => "waiting 1 day".to_string(),
                    n => format!("waiting {n} days"),
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
                <h4>"Packs waiting for payment"</h4>
                <ul class="to-do-list" data-testid="unpaid-orders">{items}</ul>
            </div>
        }
    });
    let quotes = (!to_do.quotes_waiting.is_empty()).then(|| {
        let items = to_do
            .quotes_waiting
            .into_iter()
            .map(|q| {
                view! {
                    <li>
                        <a href=format!("/accounts/{}/quotes", q.account.id)>
                            {format!("{}: {}", q.account.name, q.title)}
                        </a>
                        <span class="muted">
                            {format!(" · {} · estimate {}", q.developer, crate::format::minutes(q.estimate))}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div>
                <h4>"Quotes waiting for the client"</h4>
                <ul class="to-do-list" data-testid="quotes-waiting">{items}</ul>
            </div>
        }
    });
    view! {
        <div class="to-do" data-testid="to-do">
            <h3>"What needs doing"</h3>
            <div class="to-do-grid">{months} {orders} {quotes}</div>
        </div>
    }
    .into_any()
}

#[component]
fn AccountsTable(list: Vec<AccountRow>) -> impl IntoView {
    view! {
        <table class="table" data-testid="accounts">
            <thead>
                <tr>
                    <th scope="col">"Account"</th>
                    <th scope="col">"Plan"</th>
                    <th scope="col" class="num">"This month so far"</th>
                    <th scope="col">"Needs a look"</th>
                    <th scope="col">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|r| {
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
                                <td>{r.plan.unwrap_or_else(|| "No plan".into())}</td>
                                <td class="num" data-label="This month so far">
                                    {r.draft_total.map(|t| fmt.money(t)).unwrap_or_else(|| "—".into())}
                                </td>
                                <td>
                                    {(r.attention > 0)
                                        .then(|| {
                                            view! {
                                                <span class="status status-offered">
                                                    {format!("{} open", r.attention)}
                                                </span>
                                            }
                                        })}
                                </td>
                                <td class="row-actions">
                                    <a class="button button-small" href=href>
                                        "Dashboard"
                                    </a>
                                    " "
                                    <a class="button button-ghost button-small" href=work>
                                        "Work log"
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
    let err = move |f| field_error(create.value(), f);
    let field = move |label: &'static str,
                      name: &'static str,
                      f: &'static str,
                      placeholder: &'static str| {
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
                    "Created " <a href=format!("/accounts/{}/manage#plan", a.id)>{a.name.clone()}</a>
                    ": subscribe it to a plan on its Manage tab."
                </p>
            }
            .into_any(),
            Err(e) => view! {
                <p class="alert alert-error" role="alert">"Nothing was created: " {e.to_string()}</p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="new-account-title">
            <h2 id="new-account-title">"New account"</h2>
            <ActionForm action=create attr:class="stack-form" attr:novalidate=true>
                {done}
                <div class="field-row">
                    {field("Short id", "account[id]", "id", "e.g. hooli")}
                    {field("Name", "account[name]", "name", "Hooli")}
                    {field("Legal name", "account[legal_name]", "legal_name", "Hooli XYZ Ltd")}
                </div>
                {field("Address", "account[address]", "address", "Street, postcode, city, country")}
                <div class="field-row">
                    {field("Country", "account[country]", "country", "DE")}
                    {field("VAT ID", "account[vat_id]", "vat_id", "optional")}
                    {field("Time zone", "account[timezone]", "timezone", "Europe/Berlin")}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="new-currency">"Currency"</label>
                        <select id="new-currency" name="account[currency]">
                            <option value="EUR" selected=true>"EUR"</option>
                            <option value="GBP">"GBP"</option>
                            <option value="USD">"USD"</option>
                            <option value="CHF">"CHF"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="new-locale">"Language and format"</label>
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
                            " Reverse charge (no VAT charged)"
                        </label>
                    </div>
                </div>
                <details class="row-form">
                    <summary>"Catalog (optional)"</summary>
                    <div class="field">
                        <label for="new-catalog">"Catalog as JSON"</label>
                        <textarea id="new-catalog" name="account[catalog]" rows="4"
                            placeholder="Empty: the deployment's default catalog (EUR, plans M, L, XL, XXL)"></textarea>
                        <p class="field-error">{move || err("catalog").get()}</p>
                    </div>
                </details>
                <button type="submit" class="button">"Create account"</button>
            </ActionForm>
        </section>
    }
}
