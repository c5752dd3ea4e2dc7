//! Quotes (POLICY §6): the developer offers, the client approves or declines, the developer
//! redeems actual time against an approved quote.

use billing::{QuoteState, QuoteStatus};
use leptos::prelude::*;

use crate::components::account::{
    AccountPage, Field, Outcome, PageData, Tab, field_error, use_actions,
};
use crate::components::submission::submission_field;
use crate::format::AccountFmt as _;
use crate::format::{self, Fmt};

#[component]
pub fn QuotesPage() -> impl IntoView {
    view! { <AccountPage tab=Tab::Quotes render=|p| view! { <Quotes page=p /> }.into_any() /> }
}

#[component]
fn Quotes(page: PageData) -> impl IntoView {
    let staff = page.is_staff();
    let approved: Vec<QuoteState> = page
        .data
        .ledger
        .quotes
        .iter()
        .filter(|q| {
            q.status == QuoteStatus::Approved
                && (!staff || q.developer == page.me.name || page.is_admin())
        })
        .cloned()
        .collect();
    view! {
        <QuotesTable page=page.clone() only_waiting=false />
        {staff
            .then(|| {
                view! {
                    <div class="two-col">
                        <OfferForm page=page.clone() />
                        <RedeemForm page=page.clone() approved=approved />
                    </div>
                }
            })}
    }
}

pub fn status_label(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Offered => "Waiting for approval",
        QuoteStatus::Approved => "Approved",
        QuoteStatus::Declined => "Declined",
        QuoteStatus::Cancelled => "Cancelled",
    }
}

/// The account's quotes; `only_waiting` shows just those waiting for the client (dashboard).
#[component]
pub fn QuotesTable(page: PageData, only_waiting: bool) -> impl IntoView {
    let a = use_actions();
    let d = &page.data;
    let fmt: Fmt = d.account.fmt();
    let quotes: Vec<QuoteState> = d
        .ledger
        .quotes
        .iter()
        .filter(|q| !only_waiting || q.status == QuoteStatus::Offered)
        .cloned()
        .collect();
    let decided = |q: &QuoteState| {
        format!(
            "Quote “{}”: {}.",
            q.title,
            status_label(q.status).to_lowercase()
        )
    };
    if only_waiting && quotes.is_empty() {
        // Nothing waits any more; keep the answer to the last decision on screen.
        return view! { <div class="flash"><Outcome value=a.decide.value() ok=decided /></div> }
            .into_any();
    }
    let decides = page.buys();
    let account = d.account.id.clone();
    let rows = quotes
        .into_iter()
        .map(|q| {
            // The estimate at the quote's rate, as the rules price minutes (POLICY §3 rounding).
            let estimate = billing::Currency::parse(&d.account.currency)
                .map(|c| fmt.money(c.amount(q.estimate_minutes, q.rate)))
                .unwrap_or_default();
            let used = q.covered_minutes + q.charged_minutes + q.over_quote_minutes;
            let buttons = (decides && q.status == QuoteStatus::Offered).then(|| {
                let decide = |decision: &'static str, label: &'static str, class: &'static str| {
                    let (account, id, title) = (account.clone(), q.id.clone(), q.title.clone());
                    view! {
                        <ActionForm action=a.decide attr:class="inline-form">
                            {submission_field(a.decide.value())}
                            <input type="hidden" name="account_id" value=account />
                            <input type="hidden" name="quote" value=id />
                            <input type="hidden" name="decision" value=decision />
                            <button
                                type="submit"
                                disabled=move || a.decide.pending().get()
                                class=class
                                aria-label=format!("{label} quote {title}")
                            >
                                {label}
                            </button>
                        </ActionForm>
                    }
                };
                view! {
                    {decide("approve", "Approve", "button button-small")}
                    {decide("decline", "Decline", "button button-ghost button-small")}
                }
            });
            view! {
                <tr data-quote=q.id.clone()>
                    <td>
                        <strong>{q.title.clone()}</strong>
                        <div class="muted small">
                            {if q.project.is_empty() { String::new() } else { format!("{} · ", q.project) }}
                            {q.developer.clone()}
                        </div>
                    </td>
                    <td class="num" data-label="Estimate">{format::minutes(q.estimate_minutes)}</td>
                    <td class="num nowrap" data-label="Rate">{fmt.rate(q.rate)}</td>
                    <td class="num nowrap" data-label="At the rate">{estimate}</td>
                    <td class="num" data-label="Logged">{format::minutes(used)}</td>
                    <td>
                        <span class=format!(
                            "status status-{}",
                            q.status.as_str(),
                        )>{status_label(q.status)}</span>
                    </td>
                    <td class="row-actions">{buttons}</td>
                </tr>
            }
        })
        .collect_view();
    let title = if only_waiting {
        "Quotes waiting for your approval"
    } else {
        "Quotes"
    };
    view! {
        <section class="panel" aria-labelledby="quotes-title">
            <h2 id="quotes-title">{title}</h2>
            <Outcome value=a.decide.value() ok=decided />
            <div class="table-wrap">
                <table class="table" data-testid="quotes">
                    <thead>
                        <tr>
                            <th scope="col">"Quote"</th>
                            <th scope="col" class="num">"Estimate"</th>
                            <th scope="col" class="num">"Rate"</th>
                            <th scope="col" class="num">"At the rate"</th>
                            <th scope="col" class="num">"Logged"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn OfferForm(page: PageData) -> impl IntoView {
    let a = use_actions();
    let err = move |f| field_error(a.offer.value(), f);
    view! {
        <section class="panel" aria-labelledby="offer-title">
            <h2 id="offer-title">"Offer a quote"</h2>
            <ActionForm action=a.offer attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.offer.value())}
                <input type="hidden" name="account_id" value=page.data.account.id.clone() />
                <Outcome value=a.offer.value() ok=|q| format!("Offered “{}”; waiting for the client.", q.title) />
                <Field label="Title" name="title" id="offer-title-input".into() required=true error=err("title") />
                <Field label="Project" name="project" id="offer-project".into() hint="optional" />
                <div class="field-row">
                    <Field
                        label="Estimate"
                        name="estimate_minutes"
                        id="offer-minutes".into()
                        placeholder="e.g. 4 h or 240"
                        error=err("estimate_minutes")
                    />
                    <Field
                        label="Rate per hour"
                        name="rate"
                        id="offer-rate".into()
                        placeholder="e.g. 65.00"
                        error=err("rate")
                    />
                </div>
                <button type="submit" disabled=move || a.offer.pending().get() class="button">"Offer quote"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RedeemForm(page: PageData, approved: Vec<QuoteState>) -> impl IntoView {
    let a = use_actions();
    let err = move |f| field_error(a.redeem.value(), f);
    let fmt = page.data.account.fmt();
    if approved.is_empty() {
        return view! {
            <section class="panel" aria-labelledby="redeem-title">
                <h2 id="redeem-title">"Redeem time"</h2>
                <Outcome
                    value=a.redeem.value()
                    ok=|e| format!("Logged {} against the quote.", format::minutes(e.minutes))
                />
                <p class="muted">"No approved quotes of yours to log time against."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby="redeem-title">
            <h2 id="redeem-title">"Redeem time against a quote"</h2>
            <p class="muted small">
                "Log the actual time: prepaid hours are used first, the rest is charged at the quote's rate."
            </p>
            <ActionForm action=a.redeem attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.redeem.value())}
                <input type="hidden" name="account_id" value=page.data.account.id.clone() />
                <input type="hidden" name="entry[kind]" value="project" />
                <Outcome
                    value=a.redeem.value()
                    ok=|e| format!("Logged {} against the quote.", format::minutes(e.minutes))
                />
                <div class="field">
                    <label for="redeem-quote">"Quote"</label>
                    <select id="redeem-quote" name="entry[quote]">
                        {approved
                            .iter()
                            .map(|q| {
                                view! {
                                    <option value=q.id.clone()>
                                        {format!("{} · {} at {}", q.title, format::minutes(q.estimate_minutes), fmt.rate(q.rate))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field-row">
                    <Field
                        label="Date"
                        name="entry[date]"
                        id="redeem-date".into()
                        kind="date"
                        value=page.data.today.to_string()
                        error=err("date")
                    />
                    <Field
                        label="Minutes"
                        name="entry[minutes]"
                        id="redeem-minutes".into()
                        placeholder="e.g. 90"
                        error=err("minutes")
                    />
                </div>
                <Field label="Title" name="entry[title]" id="redeem-title-input".into() error=err("title") />
                <Field label="Ticket link" name="entry[url]" id="redeem-url".into() error=err("url") hint="optional" />
                <Field label="Note" name="entry[note]" id="redeem-note".into() error=err("note") hint="optional" />
                <button type="submit" disabled=move || a.redeem.pending().get() class="button">"Log time"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
