//! The accounts the caller can see, with their plan, this month's draft and what needs a look;
//! admins add accounts here.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::account::field_error;
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format::AccountFmt as _;
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
        <section class="panel">
            <Transition fallback=|| view! { <p class="muted">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">"No accounts yet."</p> }.into_any()
                        }
                        Ok(list) => view! { <AccountsTable list=list /> }.into_any(),
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
