//! Month-end close for every account (admin). In the browser the accounts are closed one by
//! one with a progress bar (each close is its own transaction: one refusal does not stop the
//! rest); without JavaScript the form posts to `close_all`.

use billing::Month;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format::AccountFmt as _;
use crate::model::{AccountSummary, Document};
use crate::server_fns::close::close_month;
use crate::server_fns::list_accounts;

#[derive(Debug, Clone, PartialEq)]
struct Row {
    account: AccountSummary,
    outcome: Result<Option<Document>, AppError>,
}

#[component]
pub fn MonthEndPage() -> impl IntoView {
    let session = use_session();
    let accounts = Resource::new(|| (), |_| list_accounts());
    view! {
        <Title text="Month end" />
        <div class="page-head">
            <div>
                <h1>"Month end"</h1>
                <p class="muted">
                    "Close a month for every account: each gets its invoice with a gapless number. Closing again changes nothing."
                </p>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let me = session.me.await.ok().flatten();
                match (me, accounts.await) {
                    (None, _) | (_, Err(AppError::Unauthorized)) => view! { <ToSignIn /> }.into_any(),
                    (Some(me), _) if me.role != Role::Admin => {
                        view! {
                            <p class="alert alert-error" role="alert">
                                "Only the agency's admins close months."
                            </p>
                        }
                            .into_any()
                    }
                    (_, Err(e)) => view! { <p class="alert alert-error">{e.to_string()}</p> }.into_any(),
                    (Some(_), Ok(list)) => view! { <CloseAll accounts=list /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CloseAll(accounts: Vec<AccountSummary>) -> impl IntoView {
    let month = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<Row>::new());
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let total = accounts.len();
    let accounts = StoredValue::new(accounts);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if running.get_untracked() {
            return;
        }
        let m = month.get_untracked();
        if m.trim().parse::<Month>().is_err() {
            error.set(Some("Enter a month as YYYY-MM.".into()));
            return;
        }
        error.set(None);
        rows.set(Vec::new());
        running.set(true);
        let list = accounts.get_value();
        leptos::task::spawn_local(async move {
            for account in list {
                // Each account's close is a submission of its own (closing is also idempotent
                // by itself: a closed month appends nothing).
                let key = crate::components::submission::new_key();
                let outcome = close_month(account.id.clone(), m.clone(), key).await;
                rows.update(|r| r.push(Row { account, outcome }));
            }
            running.set(false);
        });
    };
    let done = move || rows.with(Vec::len);
    let issued = move || {
        rows.with(|r| {
            r.iter()
                .filter(|r| matches!(r.outcome, Ok(Some(_))))
                .count()
        })
    };

    view! {
        <section class="panel" aria-labelledby="close-all-title">
            <h2 id="close-all-title">"Close a month for all accounts"</h2>
            <form
                method="post"
                action="/api/close_all"
                class="inline-form"
                on:submit=run
                data-hydrated=move || hydrated.get().then_some("true")
            >
                <div class="field">
                    <label for="close-all-month">"Month"</label>
                    <input
                        id="close-all-month"
                        name="month"
                        type="month"
                        required=true
                        on:input=move |ev| month.set(event_target_value(&ev))
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=move || error.get().is_some().then_some("close-all-error")
                    />
                    {move || error.get().map(|e| view! { <p class="field-error" id="close-all-error">{e}</p> })}
                </div>
                <button type="submit" class="button" disabled=move || running.get()>
                    {move || if running.get() { "Closing…" } else { "Close month for all accounts" }}
                </button>
            </form>
            {move || {
                (running.get() || done() > 0)
                    .then(|| {
                        view! {
                            <div class="progress-row" role="status" data-testid="close-progress">
                                <progress
                                    max=total.to_string()
                                    value=done().to_string()
                                    aria-label="Accounts closed"
                                ></progress>
                                <span>
                                    {format!("{} of {total} accounts", done())}
                                    {(!running.get()).then(|| format!(" · {} with an invoice for the month", issued()))}
                                </span>
                            </div>
                        }
                    })
            }}
            <div class="table-wrap">
                <table class="table" data-testid="close-results" class:hidden=move || done() == 0>
                    <thead>
                        <tr>
                            <th scope="col">"Account"</th>
                            <th scope="col">"Outcome"</th>
                            <th scope="col" class="num">"Total"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| r.account.id.clone() let:r>
                            {
                                let fmt = r.account.fmt();
                                let (outcome, total) = match &r.outcome {
                                    Ok(Some(doc)) => (
                                        view! {
                                            <span>
                                                "Invoice "
                                                <a href=format!("/invoices/{}", doc.number)>{doc.number.clone()}</a>
                                                {format!(" · {}", doc.invoice.month.map(|m| m.to_string()).unwrap_or_default())}
                                            </span>
                                        }
                                            .into_any(),
                                        fmt.money(doc.invoice.total),
                                    ),
                                    Ok(None) => (
                                        view! { <span class="muted">"Nothing to invoice"</span> }.into_any(),
                                        String::new(),
                                    ),
                                    Err(e) => (
                                        view! { <span class="field-error">{e.to_string()}</span> }.into_any(),
                                        String::new(),
                                    ),
                                };
                                view! {
                                    <tr data-account=r.account.id.clone()>
                                        <td>
                                            <a href=format!("/accounts/{}", r.account.id)>{r.account.name.clone()}</a>
                                        </td>
                                        <td>{outcome}</td>
                                        <td class="num">{total}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}
