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
use crate::i18n::*;
use crate::messages::error_text;
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
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let preview = Resource::new(
        move || query.with(|q| q.get("month").unwrap_or_default()),
        close_preview,
    );
    view! {
        <Title text=t_string!(i18n, month_end.title).to_string() />
        <div class="page-head">
            <div>
                <h1>{t_string!(i18n, month_end.title)}</h1>
                <p class="muted">
                    {t_string!(i18n, month_end.intro)}
                </p>
            </div>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, month_end.loading)}</p> }>
            {move || Suspend::new(async move {
                let me = session.me.await.ok().flatten();
                let asked = query.with_untracked(|q| q.get("month").unwrap_or_default());
                match (me, preview.await) {
                    (None, _) | (_, Err(AppError::Unauthorized)) => view! { <ToSignIn /> }.into_any(),
                    (Some(me), _) if me.role != Role::Admin => {
                        view! {
                            <p class="alert alert-error" role="alert">
                                {t_string!(i18n, month_end.only_admins)}
                            </p>
                        }
                            .into_any()
                    }
                    (_, Err(e)) => view! {
                        <MonthPicker month=asked latest=None />
                        <p class="alert alert-error" role="alert" data-testid="month-error">{error_text(i18n, &e)}</p>
                    }
                    .into_any(),
                    (Some(_), Ok(p)) => view! {
                        <MonthPicker month=p.month.to_string() latest=Some(p.latest) />
                        <AccountantExport month=p.month />
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
    let i18n = use_i18n();
    view! {
        <form method="get" class="panel month-picker" data-testid="month-picker">
            <div class="field">
                <label for="review-month">{t_string!(i18n, month_end.month)}</label>
                <input
                    id="review-month"
                    name="month"
                    type="month"
                    value=month
                    max=latest.map(|m| m.to_string())
                    required=true
                />
            </div>
            <button type="submit" class="button button-small">{t_string!(i18n, month_end.review)}</button>
        </form>
    }
}

#[component]
fn CloseAll(preview: ClosePreview) -> impl IntoView {
    let i18n = use_i18n();
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
        0 => t_string!(i18n, month_end.warn_none, month = &name).to_string(),
        1 => t_string!(i18n, month_end.warn_single, month = &name).to_string(),
        n => t_string!(i18n, month_end.warn_several, n = n, month = &name).to_string(),
    };
    let review = preview
        .accounts
        .into_iter()
        .map(|r| {
            let fmt = r.account.fmt();
            let (what, total) = match r.state {
                CloseState::Draft { total } => {
                    (t_string!(i18n, month_end.state_draft).to_string(), fmt.money(total))
                }
                CloseState::Closed { number: Some(n) } => {
                    (t_string!(i18n, month_end.state_closed, number = n).to_string(), String::new())
                }
                CloseState::Closed { number: None } => {
                    (t_string!(i18n, month_end.state_closed_nothing).to_string(), String::new())
                }
                CloseState::Nothing => (t_string!(i18n, month_end.nothing_to_invoice).to_string(), String::new()),
                CloseState::NotEnded => {
                    (t_string!(i18n, month_end.state_not_ended).to_string(), String::new())
                }
            };
            view! {
                <tr data-account=r.account.id.clone()>
                    <td>
                        <a href=format!("/accounts/{}", r.account.id)>{r.account.name.clone()}</a>
                    </td>
                    <td>{what}</td>
                    <td class="num" data-label=t_string!(i18n, month_end.col_draft_total).to_string()>{total}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <section class="panel" aria-labelledby="review-title">
            <h2 id="review-title">{t_string!(i18n, month_end.review_title, month = &name).to_string()}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="close-review">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, month_end.col_account)}</th>
                            <th scope="col">{t_string!(i18n, month_end.col_now)}</th>
                            <th scope="col" class="num">{t_string!(i18n, month_end.col_draft_total)}</th>
                        </tr>
                    </thead>
                    <tbody>{review}</tbody>
                </table>
            </div>
            <div class="panel-actions">
            <Confirm label=t_string!(i18n, month_end.confirm_label, month = &name).to_string() warning=warning>
                <form
                    method="post"
                    action="/api/close_all"
                    class="inline-form"
                    on:submit=run
                    data-hydrated=move || hydrated.get().then_some("true")
                >
                    <input type="hidden" name="month" value=month.to_string() />
                    <button type="submit" class="button button-danger" disabled=move || running.get()>
                        {move || {
                            if running.get() {
                                t_string!(i18n, month_end.closing)
                            } else {
                                t_string!(i18n, month_end.close_all)
                            }
                        }}
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
                                    aria-label=t_string!(i18n, month_end.progress_label).to_string()
                                ></progress>
                                <span>
                                    {t_string!(i18n, month_end.progress, done = done(), total = total).to_string()}
                                    {(!running.get())
                                        .then(|| t_string!(i18n, month_end.progress_issued, n = issued()).to_string())}
                                </span>
                            </div>
                        }
                    })
            }}
            <div class="table-wrap">
                <table class="table" data-testid="close-results" class:hidden=move || done() == 0>
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, month_end.col_account)}</th>
                            <th scope="col">{t_string!(i18n, month_end.col_outcome)}</th>
                            <th scope="col" class="num">{t_string!(i18n, month_end.col_total)}</th>
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
                                                {t_string!(i18n, month_end.result_invoice)}
                                                <a href=format!("/invoices/{}", doc.number)>{doc.number.clone()}</a>
                                                {format!(" · {}", doc.invoice.month.map(|m| fmt.month(m)).unwrap_or_default())}
                                            </span>
                                        }
                                            .into_any(),
                                        fmt.money(doc.invoice.total),
                                    ),
                                    Ok(None) => (
                                        view! { <span class="muted">{t_string!(i18n, month_end.nothing_to_invoice)}</span> }.into_any(),
                                        String::new(),
                                    ),
                                    Err(e) => (
                                        view! { <span class="field-error">{error_text(i18n, e)}</span> }.into_any(),
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

/// Every document issued in a period as one CSV for the accountant (`/documents.csv`): a plain
/// GET form, so the browser downloads it with or without JavaScript.
#[component]
fn AccountantExport(month: Month) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="export-title">
            <h2 id="export-title">{t_string!(i18n, month_end.export_title)}</h2>
            <p class="muted small">{t_string!(i18n, month_end.export_intro)}</p>
            <form method="get" action="/documents.csv" class="inline-form">
                <div class="field">
                    <label for="export-from">{t_string!(i18n, month_end.export_from)}</label>
                    <input id="export-from" type="date" name="from" value=month.first_day().to_string() />
                </div>
                <div class="field">
                    <label for="export-to">{t_string!(i18n, month_end.export_to)}</label>
                    <input id="export-to" type="date" name="to" value=month.last_day().to_string() />
                </div>
                <button type="submit" class="button">{t_string!(i18n, month_end.export_submit)}</button>
                <button type="submit" class="button button-ghost" formaction="/documents/lines.csv">
                    {t_string!(i18n, month_end.export_lines)}
                </button>
            </form>
        </section>
    }
}
