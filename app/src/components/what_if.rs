//! The client's what-if panel: some work (minutes, kind, date) or a pack, replayed in the
//! browser by the billing crate over the account's history — what it would be covered by, cost,
//! carry over and expire. Nothing is sent to the server.

use billing::EntryForm;
use leptos::prelude::*;

use crate::components::account::PageData;
use crate::components::entry_form::EntryDraft;
use crate::components::preview::Preview;
use crate::format;
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::messages::reason_text;
use crate::pages::packs::quote_pack;

/// "Someone else": a technician who sold no pack to this account. A value the replay gets, not
/// text: the option's label is translated.
const OTHER: &str = "another technician";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Work,
    Pack,
}

#[component]
pub fn WhatIf(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = page.data.clone();
    let mode = RwSignal::new(Mode::Work);
    let draft = EntryDraft::new(EntryForm {
        date: d.today.to_string(),
        kind: "support".into(),
        ..Default::default()
    });
    let set = |s: RwSignal<String>| move |ev| s.set(event_target_value(&ev));
    let fmt = d.account.fmt();
    let tiers = d.history.catalog.pack_tiers.clone();
    let tier = RwSignal::new(tiers.first().map(|t| t.id.clone()).unwrap_or_default());
    let hours = RwSignal::new("10".to_string());
    let history = StoredValue::new(d.history.clone());
    let catalog = StoredValue::new(d.history.catalog.clone());
    let developer = d.developers.first().cloned();
    // Who would do the work matters: a developer's pack covers only their entries (POLICY §3).
    let who = RwSignal::new(developer.clone().unwrap_or_else(|| OTHER.to_string()));
    let needs_hours =
        move || catalog.with_value(|c| c.tier(&tier.get()).is_some_and(|t| t.minutes.is_none()));
    let pack = Memo::new(move |_| {
        // Four replays: only once the client asks about a pack, not on every page render.
        if mode.get() != Mode::Pack {
            return Err(String::new());
        }
        let seller = developer.clone().unwrap_or_default();
        let choice = catalog
            .with_value(|c| {
                billing::quote::PackChoice::parse(c, &tier.get(), &hours.get(), &seller)
            })
            .map_err(|e| reason_text(i18n, &e.reason))?;
        history.with_value(|hist| {
            quote_pack(i18n, hist, &choice, true).map(|q| {
                (
                    q.invoice.lines.first().and_then(|l| l.minutes),
                    q.invoice.total,
                    q.lot.and_then(|l| l.last_day),
                    q.rolled_in,
                    q.expiring,
                )
            })
        })
    });
    let packs_href = format!("/accounts/{}/packs", d.account.id);
    let pack_fmt = fmt.clone();

    view! {
        <section class="panel what-if" aria-labelledby="what-if-title" id="what-if">
            <div class="panel-head">
                <h2 id="what-if-title">{t_string!(i18n, dashboard.what_if_title)}</h2>
                <div
                    class="segmented"
                    role="radiogroup"
                    aria-label=t_string!(i18n, dashboard.what_if_mode_aria).to_string()
                >
                    <label>
                        <input
                            type="radio"
                            name="what-if-mode"
                            checked=true
                            on:change=move |_| mode.set(Mode::Work)
                        />
                        {t_string!(i18n, dashboard.what_if_more_work)}
                    </label>
                    <label>
                        <input
                            type="radio"
                            name="what-if-mode"
                            on:change=move |_| mode.set(Mode::Pack)
                        />
                        {t_string!(i18n, dashboard.what_if_new_pack)}
                    </label>
                </div>
            </div>
            <div class="log-grid" class:hidden=move || mode.get() != Mode::Work>
                <div class="stack-form" data-testid="what-if-work">
                    <div class="field">
                        <label for="wi-minutes">{t_string!(i18n, dashboard.what_if_minutes)}</label>
                        <input
                            id="wi-minutes"
                            inputmode="numeric"
                            placeholder=t_string!(i18n, dashboard.what_if_minutes_placeholder).to_string()
                            on:input=set(draft.minutes)
                        />
                    </div>
                    <div class="field">
                        <label for="wi-kind">{t_string!(i18n, dashboard.what_if_kind)}</label>
                        <select id="wi-kind" on:change=set(draft.kind)>
                            <option value="support" selected=true>{t_string!(i18n, dashboard.what_if_kind_support)}</option>
                            <option value="project">{t_string!(i18n, dashboard.what_if_kind_project)}</option>
                            <option value="billable">{t_string!(i18n, dashboard.what_if_kind_billable)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="wi-who">{t_string!(i18n, dashboard.what_if_done_by)}</label>
                        <select id="wi-who" on:change=move |ev| who.set(event_target_value(&ev))>
                            {d
                                .developers
                                .iter()
                                .map(|n| view! { <option value=n.clone()>{n.clone()}</option> })
                                .collect_view()}
                            <option value=OTHER>{t_string!(i18n, dashboard.what_if_someone_else)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="wi-date">{t_string!(i18n, dashboard.what_if_date)}</label>
                        <input
                            id="wi-date"
                            type="date"
                            value=d.today.to_string()
                            on:input=set(draft.date)
                        />
                    </div>
                </div>
                <Preview
                    history=d.history.clone()
                    baseline=d.ledger.clone()
                    draft=draft
                    today=d.today
                    technician=who
                    fmt=fmt.clone()
                    title=t_string!(i18n, dashboard.what_if_preview_title).to_string()
                />
            </div>
            <div class="log-grid" class:hidden=move || mode.get() != Mode::Pack>
                <div class="stack-form" data-testid="what-if-pack">
                    <div class="field">
                        <label for="wi-tier">{t_string!(i18n, dashboard.what_if_pack)}</label>
                        <select id="wi-tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                            {tiers
                                .iter()
                                .map(|t| view! { <option value=t.id.clone()>{t.name.clone()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field" class:hidden=move || !needs_hours()>
                        <label for="wi-hours">{t_string!(i18n, dashboard.what_if_hours)}</label>
                        <input
                            id="wi-hours"
                            inputmode="numeric"
                            value="10"
                            on:input=move |ev| hours.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <div aria-live="polite" data-testid="what-if-pack-result">
                    {move || match pack.get() {
                        Err(e) => view! { <p class="muted">{e}</p> }.into_any(),
                        Ok((minutes, total, last, rolled, (before, after))) => {
                            view! {
                                <dl class="facts">
                                    <div>
                                        <dt>{t_string!(i18n, dashboard.what_if_hours)}</dt>
                                        <dd>{minutes.map(format::minutes).unwrap_or_default()}</dd>
                                    </div>
                                    <div class="total">
                                        <dt>{t_string!(i18n, dashboard.what_if_cost)}</dt>
                                        <dd>{pack_fmt.money(total)}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, dashboard.what_if_valid_until)}</dt>
                                        <dd>
                                            {last
                                                .map(|d| pack_fmt.date(d))
                                                .unwrap_or_else(|| t_string!(i18n, dashboard.never_expires).to_string())}
                                        </dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, dashboard.what_if_rolls_over)}</dt>
                                        <dd data-testid="what-if-rollover">{format::minutes(rolled)}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, dashboard.what_if_expire_unused)}</dt>
                                        <dd data-testid="what-if-expiring">
                                            {format!(
                                                "{} → {}",
                                                format::minutes(before),
                                                format::minutes(after),
                                            )}
                                        </dd>
                                    </div>
                                </dl>
                                <a class="button button-small" href=packs_href.clone()>{t_string!(i18n, dashboard.what_if_checkout)}</a>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
        </section>
    }
}
