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
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

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

pub fn status_label(i18n: I18n, s: QuoteStatus) -> String {
    match s {
        QuoteStatus::Offered => t_string!(i18n, quotes.status_offered).to_string(),
        QuoteStatus::Approved => t_string!(i18n, quotes.status_approved).to_string(),
        QuoteStatus::Declined => t_string!(i18n, quotes.status_declined).to_string(),
        QuoteStatus::Cancelled => t_string!(i18n, quotes.status_cancelled).to_string(),
    }
}

/// The answer to a decision on quote `q`: one sentence per status, so each language words it.
fn decided_text(i18n: I18n, q: &QuoteState) -> String {
    let title = q.title.clone();
    match q.status {
        QuoteStatus::Offered => t_string!(i18n, quotes.decided_offered, title = title).to_string(),
        QuoteStatus::Approved => {
            t_string!(i18n, quotes.decided_approved, title = title).to_string()
        }
        QuoteStatus::Declined => {
            t_string!(i18n, quotes.decided_declined, title = title).to_string()
        }
        QuoteStatus::Cancelled => {
            t_string!(i18n, quotes.decided_cancelled, title = title).to_string()
        }
    }
}

/// The account's quotes; `only_waiting` shows just those waiting for the client (dashboard).
#[component]
pub fn QuotesTable(page: PageData, only_waiting: bool) -> impl IntoView {
    let i18n = use_i18n();
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
    // `ok` is a plain fn (captures nothing): it asks for the language itself.
    let decided = |q: &QuoteState| decided_text(use_i18n(), q);
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
                let decide = |decision: &'static str, label: &'static str, aria: String, class: &'static str| {
                    let (account, id) = (account.clone(), q.id.clone());
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
                                aria-label=aria
                            >
                                {label}
                            </button>
                        </ActionForm>
                    }
                };
                view! {
                    {decide(
                        "approve",
                        t_string!(i18n, quotes.approve),
                        t_string!(i18n, quotes.approve_aria, title = q.title.clone()).to_string(),
                        "button button-small",
                    )}
                    {decide(
                        "decline",
                        t_string!(i18n, quotes.decline),
                        t_string!(i18n, quotes.decline_aria, title = q.title.clone()).to_string(),
                        "button button-ghost button-small",
                    )}
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
                    <td class="num" data-label=t_string!(i18n, quotes.col_estimate).to_string()>{format::minutes(q.estimate_minutes)}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, quotes.col_rate).to_string()>{fmt.rate(q.rate)}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, quotes.col_at_rate).to_string()>{estimate}</td>
                    <td class="num" data-label=t_string!(i18n, quotes.col_logged).to_string()>{format::minutes(used)}</td>
                    <td>
                        <span class=format!(
                            "status status-{}",
                            q.status.as_str(),
                        )>{status_label(i18n, q.status)}</span>
                    </td>
                    <td class="row-actions">{buttons}</td>
                </tr>
            }
        })
        .collect_view();
    let title = if only_waiting {
        t_string!(i18n, quotes.title_waiting)
    } else {
        t_string!(i18n, quotes.title)
    };
    view! {
        <section class="panel" aria-labelledby="quotes-title">
            <h2 id="quotes-title">{title}</h2>
            <Outcome value=a.decide.value() ok=decided />
            <div class="table-wrap">
                <table class="table" data-testid="quotes">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, quotes.col_quote)}</th>
                            <th scope="col" class="num">{t_string!(i18n, quotes.col_estimate)}</th>
                            <th scope="col" class="num">{t_string!(i18n, quotes.col_rate)}</th>
                            <th scope="col" class="num">{t_string!(i18n, quotes.col_at_rate)}</th>
                            <th scope="col" class="num">{t_string!(i18n, quotes.col_logged)}</th>
                            <th scope="col">{t_string!(i18n, quotes.col_status)}</th>
                            <th scope="col">
                                <span class="visually-hidden">{t_string!(i18n, quotes.col_actions)}</span>
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
    let i18n = use_i18n();
    let a = use_actions();
    let err = move |f| field_error(a.offer.value(), f);
    view! {
        <section class="panel" aria-labelledby="offer-title">
            <h2 id="offer-title">{t_string!(i18n, quotes.offer_title)}</h2>
            <ActionForm action=a.offer attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.offer.value())}
                <input type="hidden" name="account_id" value=page.data.account.id.clone() />
                <Outcome
                    value=a.offer.value()
                    ok=|q| {
                        let i18n = use_i18n();
                        t_string!(i18n, quotes.offered_ok, title = q.title.clone()).to_string()
                    }
                />
                <Field label=t_string!(i18n, quotes.field_title) name="title" id="offer-title-input".into() required=true error=err("title") />
                <Field label=t_string!(i18n, quotes.field_project) name="project" id="offer-project".into() hint=t_string!(i18n, quotes.hint_optional) />
                <div class="field-row">
                    <Field
                        label=t_string!(i18n, quotes.field_estimate)
                        name="estimate_minutes"
                        id="offer-minutes".into()
                        placeholder=t_string!(i18n, quotes.placeholder_estimate)
                        error=err("estimate_minutes")
                    />
                    <Field
                        label=t_string!(i18n, quotes.field_rate)
                        name="rate"
                        id="offer-rate".into()
                        placeholder=t_string!(i18n, quotes.placeholder_rate)
                        error=err("rate")
                    />
                </div>
                <button type="submit" disabled=move || a.offer.pending().get() class="button">{t_string!(i18n, quotes.offer_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RedeemForm(page: PageData, approved: Vec<QuoteState>) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let err = move |f| field_error(a.redeem.value(), f);
    let fmt = page.data.account.fmt();
    if approved.is_empty() {
        return view! {
            <section class="panel" aria-labelledby="redeem-title">
                <h2 id="redeem-title">{t_string!(i18n, quotes.redeem_title_short)}</h2>
                <Outcome
                    value=a.redeem.value()
                    ok=|e| {
                        let i18n = use_i18n();
                        t_string!(i18n, quotes.redeemed_ok, minutes = format::minutes(e.minutes)).to_string()
                    }
                />
                <p class="muted">{t_string!(i18n, quotes.redeem_none)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby="redeem-title">
            <h2 id="redeem-title">{t_string!(i18n, quotes.redeem_title)}</h2>
            <p class="muted small">
                {t_string!(i18n, quotes.redeem_intro)}
            </p>
            <ActionForm action=a.redeem attr:class="stack-form" attr:novalidate=true>
                {submission_field(a.redeem.value())}
                <input type="hidden" name="account_id" value=page.data.account.id.clone() />
                <input type="hidden" name="entry[kind]" value="project" />
                <Outcome
                    value=a.redeem.value()
                    ok=|e| {
                        let i18n = use_i18n();
                        t_string!(i18n, quotes.redeemed_ok, minutes = format::minutes(e.minutes)).to_string()
                    }
                />
                <div class="field">
                    <label for="redeem-quote">{t_string!(i18n, quotes.field_quote)}</label>
                    <select id="redeem-quote" name="entry[quote]">
                        {approved
                            .iter()
                            .map(|q| {
                                view! {
                                    <option value=q.id.clone()>
                                        {t_string!(
                                            i18n,
                                            quotes.redeem_option,
                                            title = q.title.clone(),
                                            estimate = format::minutes(q.estimate_minutes),
                                            rate = fmt.rate(q.rate)
                                        )
                                            .to_string()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field-row">
                    <Field
                        label=t_string!(i18n, quotes.field_date)
                        name="entry[date]"
                        id="redeem-date".into()
                        kind="date"
                        value=page.data.today.to_string()
                        error=err("date")
                    />
                    <Field
                        label=t_string!(i18n, quotes.field_minutes)
                        name="entry[minutes]"
                        id="redeem-minutes".into()
                        placeholder=t_string!(i18n, quotes.placeholder_minutes)
                        error=err("minutes")
                    />
                </div>
                <Field label=t_string!(i18n, quotes.field_title) name="entry[title]" id="redeem-title-input".into() error=err("title") />
                <Field
                    label=t_string!(i18n, quotes.field_ticket_link)
                    name="entry[url]"
                    id="redeem-url".into()
                    error=err("url")
                    hint=t_string!(i18n, quotes.hint_optional)
                />
                <Field
                    label=t_string!(i18n, quotes.field_note)
                    name="entry[note]"
                    id="redeem-note".into()
                    error=err("note")
                    hint=t_string!(i18n, quotes.hint_optional)
                />
                <button type="submit" disabled=move || a.redeem.pending().get() class="button">{t_string!(i18n, quotes.redeem_submit)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
