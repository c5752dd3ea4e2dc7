//! The client's what-if panel: some work (minutes, kind, date) or a pack, replayed in the
//! browser by the billing crate over the account's history — what it would be covered by, cost,
//! carry over and expire. Nothing is sent to the server.
//!
//! Until the WASM arrives (a phone on a slow connection waits seconds for it) the panel is a
//! plain GET form: "Show the result" reloads the page with the form's values in its address,
//! and the server renders the same panel, answered by the same rules, from them.

use billing::EntryForm;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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

/// The longest value the panel reads from its address. Every real one (a date, a number, a
/// tier's id, a developer's name) is shorter; a longer one is cut, then refused or ignored.
const MAX_VALUE: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Work,
    Pack,
}

/// What the panel starts with: the defaults, or the values its form sent
/// (`?mode=work&minutes=200&…`). A choice that is not offered falls back to the default; typed
/// values are kept as typed, so the preview explains what is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Start {
    mode: Mode,
    minutes: String,
    kind: String,
    who: String,
    date: String,
    tier: String,
    hours: String,
}

impl Start {
    const KINDS: [&str; 3] = ["support", "project", "billable"];

    /// `query` reads one value of the address's query (decoded).
    fn of(
        query: impl Fn(&str) -> Option<String>,
        today: NaiveDate,
        developers: &[String],
        tiers: &[String],
    ) -> Start {
        let typed =
            |key: &str| query(key).map(|v| v.trim().chars().take(MAX_VALUE).collect::<String>());
        let offered =
            |key: &str, choices: &[&str]| typed(key).filter(|v| choices.contains(&v.as_str()));
        let people: Vec<&str> = developers
            .iter()
            .map(String::as_str)
            .chain([OTHER])
            .collect();
        let tiers: Vec<&str> = tiers.iter().map(String::as_str).collect();
        Start {
            mode: if typed("mode").as_deref() == Some("pack") {
                Mode::Pack
            } else {
                Mode::Work
            },
            minutes: typed("minutes").unwrap_or_default(),
            kind: offered("kind", &Self::KINDS).unwrap_or_else(|| Self::KINDS[0].into()),
            who: offered("who", &people).unwrap_or_else(|| people[0].into()),
            date: typed("date").unwrap_or_else(|| today.to_string()),
            tier: offered("tier", &tiers)
                .or_else(|| tiers.first().map(|t| t.to_string()))
                .unwrap_or_default(),
            hours: typed("hours").unwrap_or_else(|| "10".into()),
        }
    }
}

#[component]
pub fn WhatIf(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = page.data.clone();
    let tiers = d.history.catalog.pack_tiers.clone();
    let tier_ids: Vec<String> = tiers.iter().map(|t| t.id.clone()).collect();
    // Read once: with the WASM loaded the form never submits, so the address does not change.
    let start = use_query_map()
        .with_untracked(|q| Start::of(|k| q.get(k), d.today, &d.developers, &tier_ids));
    // The "Show the result" buttons serve only a page without its WASM.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let mode = RwSignal::new(start.mode);
    let draft = EntryDraft::new(EntryForm {
        date: start.date.clone(),
        minutes: start.minutes.clone(),
        kind: start.kind.clone(),
        ..Default::default()
    });
    let set = |s: RwSignal<String>| move |ev| s.set(event_target_value(&ev));
    let fmt = d.account.fmt();
    let tier = RwSignal::new(start.tier.clone());
    let hours = RwSignal::new(start.hours.clone());
    let history = StoredValue::new(d.history.clone());
    let catalog = StoredValue::new(d.history.catalog.clone());
    let developer = d.developers.first().cloned();
    // Who would do the work matters: a developer's pack covers only their entries (POLICY §3).
    let who = RwSignal::new(start.who.clone());
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
            // Without the WASM, a GET back to this panel; with it, answered as typed.
            <form method="get" action="#what-if" on:submit=|ev| ev.prevent_default()>
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
                            name="mode"
                            value="work"
                            checked=start.mode == Mode::Work
                            on:change=move |_| mode.set(Mode::Work)
                        />
                        {t_string!(i18n, dashboard.what_if_more_work)}
                    </label>
                    <label>
                        <input
                            type="radio"
                            name="mode"
                            value="pack"
                            checked=start.mode == Mode::Pack
                            on:change=move |_| mode.set(Mode::Pack)
                        />
                        {t_string!(i18n, dashboard.what_if_new_pack)}
                    </label>
                </div>
            </div>
            // Which half shows follows the checked radio in CSS (style/main.css), WASM or not.
            <div class="log-grid what-if-work">
                <div class="stack-form" data-testid="what-if-work">
                    <div class="field">
                        <label for="wi-minutes">{t_string!(i18n, dashboard.what_if_minutes)}</label>
                        <input
                            id="wi-minutes"
                            name="minutes"
                            value=start.minutes.clone()
                            inputmode="numeric"
                            placeholder=t_string!(i18n, dashboard.what_if_minutes_placeholder).to_string()
                            on:input=set(draft.minutes)
                        />
                    </div>
                    <div class="field">
                        <label for="wi-kind">{t_string!(i18n, dashboard.what_if_kind)}</label>
                        <select id="wi-kind" name="kind" on:change=set(draft.kind)>
                            <option value="support" selected=start.kind == "support">{t_string!(i18n, dashboard.what_if_kind_support)}</option>
                            <option value="project" selected=start.kind == "project">{t_string!(i18n, dashboard.what_if_kind_project)}</option>
                            <option value="billable" selected=start.kind == "billable">{t_string!(i18n, dashboard.what_if_kind_billable)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="wi-who">{t_string!(i18n, dashboard.what_if_done_by)}</label>
                        <select id="wi-who" name="who" on:change=move |ev| who.set(event_target_value(&ev))>
                            {d
                                .developers
                                .iter()
                                .map(|n| {
                                    view! {
                                        <option value=n.clone() selected=*n == start.who>{n.clone()}</option>
                                    }
                                })
                                .collect_view()}
                            <option value=OTHER selected=start.who == OTHER>{t_string!(i18n, dashboard.what_if_someone_else)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="wi-date">{t_string!(i18n, dashboard.what_if_date)}</label>
                        <input
                            id="wi-date"
                            name="date"
                            type="date"
                            value=start.date.clone()
                            on:input=set(draft.date)
                        />
                    </div>
                    <ShowResult hydrated />
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
            <div class="log-grid what-if-pack">
                <div class="stack-form" data-testid="what-if-pack">
                    <div class="field">
                        <label for="wi-tier">{t_string!(i18n, dashboard.what_if_pack)}</label>
                        <select id="wi-tier" name="tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                            {tiers
                                .iter()
                                .map(|t| {
                                    view! {
                                        <option value=t.id.clone() selected=t.id == start.tier>{t.name.clone()}</option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    // Shown until hydrated: without the WASM, changing the tier cannot reveal it.
                    <div class="field" class:hidden=move || hydrated.get() && !needs_hours()>
                        <label for="wi-hours">{t_string!(i18n, dashboard.what_if_hours)}</label>
                        <input
                            id="wi-hours"
                            name="hours"
                            inputmode="numeric"
                            value=start.hours.clone()
                            on:input=move |ev| hours.set(event_target_value(&ev))
                        />
                    </div>
                    <ShowResult hydrated />
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
            </form>
        </section>
    }
}

/// The form's submit button, for a page whose WASM has not arrived: once hydrated the panel
/// answers as the client types, and the button goes.
#[component]
fn ShowResult(hydrated: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button button-small" class:hidden=move || hydrated.get()>
            {t_string!(i18n, dashboard.what_if_show)}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(pairs: &[(&str, &str)]) -> Start {
        let query = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        let today = NaiveDate::from_ymd_opt(2026, 3, 18).unwrap();
        Start::of(
            query,
            today,
            &["Luca Rossi".into()],
            &["dev-10".into(), "dev-20".into()],
        )
    }

    #[test]
    fn without_a_query_the_panel_starts_from_the_defaults() {
        assert_eq!(
            start(&[]),
            Start {
                mode: Mode::Work,
                minutes: String::new(),
                kind: "support".into(),
                who: "Luca Rossi".into(),
                date: "2026-03-18".into(),
                tier: "dev-10".into(),
                hours: "10".into(),
            }
        );
    }

    #[test]
    fn the_form_s_values_come_back() {
        let s = start(&[
            ("mode", "pack"),
            ("minutes", " 200 "),
            ("kind", "project"),
            ("who", OTHER),
            ("date", "2026-03-10"),
            ("tier", "dev-20"),
            ("hours", "25"),
        ]);
        assert_eq!(s.mode, Mode::Pack);
        assert_eq!(s.minutes, "200");
        assert_eq!(s.kind, "project");
        assert_eq!(s.who, OTHER);
        assert_eq!(s.date, "2026-03-10");
        assert_eq!(s.tier, "dev-20");
        assert_eq!(s.hours, "25");
    }

    #[test]
    fn a_choice_not_offered_falls_back_to_the_default() {
        let s = start(&[
            ("mode", "free"),
            ("kind", "free"),
            ("who", "nobody"),
            ("tier", "gold"),
        ]);
        assert_eq!(s.mode, Mode::Work);
        assert_eq!(s.kind, "support");
        assert_eq!(s.who, "Luca Rossi");
        assert_eq!(s.tier, "dev-10");
    }

    #[test]
    fn a_long_value_is_cut() {
        let long = "9".repeat(10_000);
        let s = start(&[("minutes", &long), ("date", &long)]);
        assert_eq!(s.minutes.len(), MAX_VALUE);
        assert_eq!(s.date.len(), MAX_VALUE);
    }
}
