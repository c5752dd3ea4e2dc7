//! Month-end close for every account (admin): pick a month that has ended, review each
//! account's draft, confirm. In the browser the accounts are closed one by
//! one with a progress bar (each close is its own transaction: one refusal does not stop the
//! rest); without JavaScript the form posts to `close_all`.

use billing::Month;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::confirm::Confirm;
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format::AccountFmt as _;
use crate::model::{AccountSummary, ClosePreview, CloseState, Document};
use crate::server_fns::close::{close_month, close_preview};
use leptos_router::hooks::use_query_map;

#[derive(Debug, Clone, PartialEq)]
struct Row {
    account: AccountSummary,
    outcome: Result<Option<Document>, AppError>,
}

#[component]
pub fn MonthEndPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let preview = Resource::new(
        move || query.with(|q| q.get("month").unwrap_or_default()),
        close_preview,
    );
    view! {
        <Title text="Month end" />
        <div class="page-head">
            <div>
                <h1>"Month end"</h1>
                <p class="muted">
                    "Close a month that has ended for every account: each gets its invoice with a gapless number. Review the drafts first; closing again changes nothing."
                </p>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let me = session.me.await.ok().flatten();
                let asked = query.with_untracked(|q| q.get("month").unwrap_or_default());
                match (me, preview.await) {
                    (None, _) | (_, Err(AppError::Unauthorized)) => view! { <ToSignIn /> }.into_any(),
                    (Some(me), _) if me.role != Role::Admin => {
                        view! {
                            <p class="alert alert-error" role="alert">
                                "Only the agency's admins close months."
                            </p>
                        }
                            .into_any()
                    }
                    (_, Err(e)) => view! {
                        <MonthPicker month=asked latest=None />
                        <p class="alert alert-error" role="alert" data-testid="month-error">{e.to_string()}</p>
                    }
                    .into_any(),
                    (Some(_), Ok(p)) => view! {
                        <MonthPicker month=p.month.to_string() latest=Some(p.latest) />
                        <CloseAll preview=p />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// Which month to review: a plain GET, so the review works before the page hydrates. Months
/// after the latest ended one cannot be picked.
#[component]
fn MonthPicker(month: String, latest: Option<Month>) -> impl IntoView {
    view! {
        <form method="get" class="panel month-picker" data-testid="month-picker">
            <div class="field">
                <label for="review-month">"Month"</label>
                <input
                    id="review-month"
                    name="month"
                    type="month"
                    value=month
                    max=latest.map(|m| m.to_string())
                    required=true
                />
            </div>
            <button type="submit" class="button button-small">"Review"</button>
        </form>
    }
}

#[component]
fn CloseAll(preview: ClosePreview) -> impl IntoView {
    let rows = RwSignal::new(Vec::<Row>::new());
    let running = RwSignal::new(false);
    let total = preview.accounts.len();
    let to_issue = preview.to_issue();
    let month = preview.month;
    let accounts = StoredValue::new(
        preview
            .accounts
            .iter()
            .map(|r| r.account.clone())
            .collect::<Vec<_>>(),
    );
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if running.get_untracked() {
            return;
        }
        rows.set(Vec::new());
        running.set(true);
        let list = accounts.get_value();
        let m = month.to_string();
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
    let name = preview
        .accounts
        .first()
        .map_or_else(|| month.to_string(), |r| r.account.fmt().month(month));
    let warning = match to_issue {
        0 => format!(
            "No account has a draft to invoice for {name}: closing records the close, and later work is invoiced in the next open month."
        ),
        1 => format!(
            "This issues 1 invoice for {name} with a permanent number, as drafted above. A closed month cannot be reopened: later work is invoiced in the next open month."
        ),
        n => format!(
            "This issues {n} invoices for {name} with permanent numbers, as drafted above. A closed month cannot be reopened: later work is invoiced in the next open month."
        ),
    };
    let review = preview
        .accounts
        .into_iter()
        .map(|r| {
            let fmt = r.account.fmt();
            let (what, total) = match r.state {
                CloseState::Draft { total } => {
                    ("Draft: closing issues it".to_string(), fmt.money(total))
                }
                CloseState::Closed { number: Some(n) } => {
                    (format!("Closed: invoice {n}"), String::new())
                }
                CloseState::Closed { number: None } => {
                    ("Closed: nothing was invoiced".to_string(), String::new())
                }
                CloseState::Nothing => ("Nothing to invoice".to_string(), String::new()),
                CloseState::NotEnded => {
                    ("Not over yet in its time zone".to_string(), String::new())
                }
            };
            view! {
                <tr data-account=r.account.id.clone()>
                    <td>
                        <a href=format!("/accounts/{}", r.account.id)>{r.account.name.clone()}</a>
                    </td>
                    <td>{what}</td>
                    <td class="num" data-label="Draft total">{total}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <section class="panel" aria-labelledby="review-title">
            <h2 id="review-title">{format!("{name}: what closing does")}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="close-review">
                    <thead>
                        <tr>
                            <th scope="col">"Account"</th>
                            <th scope="col">"Now"</th>
                            <th scope="col" class="num">"Draft total"</th>
                        </tr>
                    </thead>
                    <tbody>{review}</tbody>
                </table>
            </div>
            <div class="panel-actions">
            <Confirm label=format!("Close {name}") warning=warning>
                <form
                    method="post"
                    action="/api/close_all"
                    class="inline-form"
                    on:submit=run
                    data-hydrated=move || hydrated.get().then_some("true")
                >
                    <input type="hidden" name="month" value=month.to_string() />
                    <button type="submit" class="button button-danger" disabled=move || running.get()>
                        {move || if running.get() { "Closing…" } else { "Close the month for all accounts" }}
                    </button>
                </form>
            </Confirm>
            </div>
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
                                                {format!(" · {}", doc.invoice.month.map(|m| fmt.month(m)).unwrap_or_default())}
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
