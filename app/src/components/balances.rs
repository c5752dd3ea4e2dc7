//! Balance by lot (POLICY §2: origin, minutes left, last valid day) and the expiry timeline.

use billing::{History, Ledger, Lot, Minutes, Origin};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::names;
use crate::format::{self, Fmt};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn origin_label(o: Origin) -> &'static str {
    match o {
        Origin::Allowance => "Included hours",
        Origin::Carryover => "Carryover",
        Origin::Pack => "Prepaid pack",
        Origin::Rollover => "Rolled over",
        Origin::Credit => "Credit",
    }
}

/// `origin_label` in the page's language.
pub fn origin_text(i18n: I18n, o: Origin) -> String {
    match o {
        Origin::Allowance => t_string!(i18n, dashboard.origin_allowance).to_string(),
        Origin::Carryover => t_string!(i18n, dashboard.origin_carryover).to_string(),
        Origin::Pack => t_string!(i18n, dashboard.origin_pack).to_string(),
        Origin::Rollover => t_string!(i18n, dashboard.origin_rollover).to_string(),
        Origin::Credit => t_string!(i18n, dashboard.origin_credit).to_string(),
    }
}

/// The origin inside a sentence (the timeline's label): "included hours", "carryover", …
fn origin_in_text(i18n: I18n, o: Origin) -> String {
    match o {
        Origin::Allowance => t_string!(i18n, dashboard.timeline_origin_allowance).to_string(),
        Origin::Carryover => t_string!(i18n, dashboard.timeline_origin_carryover).to_string(),
        Origin::Pack => t_string!(i18n, dashboard.timeline_origin_pack).to_string(),
        Origin::Rollover => t_string!(i18n, dashboard.timeline_origin_rollover).to_string(),
        Origin::Credit => t_string!(i18n, dashboard.timeline_origin_credit).to_string(),
    }
}

fn origin_class(o: Origin) -> &'static str {
    match o {
        Origin::Allowance => "allowance",
        Origin::Carryover => "carryover",
        _ => "prepaid",
    }
}

/// Lots that still hold minutes as of `today`, soonest to expire first.
pub fn open_lots(ledger: &Ledger, today: NaiveDate) -> Vec<Lot> {
    let mut lots: Vec<Lot> = ledger
        .lots
        .iter()
        .filter(|l| (l.available.get() > 0 || l.held.get() > 0) && l.first_day <= today)
        .cloned()
        .collect();
    lots.sort_by_key(|l| (l.last_day.is_none(), l.last_day));
    lots
}

#[component]
pub fn Balances(ledger: Ledger, history: History, today: NaiveDate, fmt: Fmt) -> impl IntoView {
    let i18n = use_i18n();
    let lots = open_lots(&ledger, today);
    let total: u32 = lots.iter().map(|l| l.available.get()).sum();
    let rows = lots
        .iter()
        .map(|l| {
            let left = l.last_day.map(|d| (d - today).num_days());
            let from = names::lot(l, &history, &ledger, &fmt);
            view! {
                <tr data-lot=l.id.to_string()>
                    <td>
                        <span class=format!(
                            "badge badge-{}",
                            origin_class(l.origin),
                        )>{origin_text(i18n, l.origin)}</span>
                    </td>
                    <td class="muted">{from}</td>
                    <td class="num" data-label=t_string!(i18n, dashboard.balances_col_left).to_string()>{format::minutes(l.available)}</td>
                    <td class="num" data-label=t_string!(i18n, dashboard.balances_col_held).to_string()>
                        {if l.held.get() > 0 { format::minutes(l.held) } else { String::new() }}
                    </td>
                    <td class="nowrap" data-label=t_string!(i18n, dashboard.balances_col_last_day).to_string()>
                        {match (l.last_day, left) {
                            (Some(d), Some(n)) if n <= 14 => {
                                view! {
                                    <span class="soon">
                                        {t_string!(i18n, dashboard.balances_days_left, date = fmt.date(d), n = n).to_string()}
                                    </span>
                                }
                                    .into_any()
                            }
                            (Some(d), _) => view! { <span>{fmt.date(d)}</span> }.into_any(),
                            (None, _) => view! { <span class="muted">{t_string!(i18n, dashboard.never_expires)}</span> }.into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="balances-title">
            <div class="panel-head">
                <h2 id="balances-title">{t_string!(i18n, dashboard.balances_title)}</h2>
                <span class="muted small" data-testid="balance-total">
                    {t_string!(i18n, dashboard.balances_available, hours = format::minutes(Minutes::new(total))).to_string()}
                </span>
            </div>
            {if lots.is_empty() {
                view! { <p class="muted">{t_string!(i18n, dashboard.balances_empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="balances">
                            <thead>
                                <tr>
                                    <th scope="col">{t_string!(i18n, dashboard.balances_col_origin)}</th>
                                    <th scope="col">{t_string!(i18n, dashboard.balances_col_from)}</th>
                                    <th scope="col" class="num">{t_string!(i18n, dashboard.balances_col_left)}</th>
                                    <th scope="col" class="num">{t_string!(i18n, dashboard.balances_col_held)}</th>
                                    <th scope="col">{t_string!(i18n, dashboard.balances_col_last_day)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <ExpiryTimeline lots=lots today=today fmt=fmt />
                }
                    .into_any()
            }}
        </section>
    }
}

/// The next 120 days: a marker for each lot that expires in them, sized by its minutes.
#[component]
fn ExpiryTimeline(lots: Vec<Lot>, today: NaiveDate, fmt: Fmt) -> impl IntoView {
    const DAYS: i64 = 120;
    const W: f64 = 640.0;
    let i18n = use_i18n();
    let x = |n: i64| format!("{:.1}", 20.0 + (n as f64) * (W - 40.0) / DAYS as f64);
    let ending: Vec<(i64, &Lot)> = lots
        .iter()
        .filter_map(|l| {
            let n = (l.last_day? - today).num_days();
            (l.available.get() > 0 && (0..=DAYS).contains(&n)).then_some((n, l))
        })
        .collect();
    if ending.is_empty() {
        return view! {
            <p class="muted small" data-testid="timeline">
                {t_string!(i18n, dashboard.timeline_empty)}
            </p>
        }
        .into_any();
    }
    let label = ending
        .iter()
        .map(|(_, l)| {
            t_string!(
                i18n,
                dashboard.timeline_item,
                hours = format::minutes(l.available),
                origin = origin_in_text(i18n, l.origin),
                date = fmt.date(l.last_day.unwrap_or(today))
            )
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("; ");
    let ticks = (0..=DAYS)
        .step_by(30)
        .map(|n| {
            let d = today + chrono::Days::new(n as u64);
            view! {
                <g>
                    <line x1=x(n) x2=x(n) y1="44" y2="50" class="tl-tick" />
                    <text x=x(n) y="64" text-anchor="middle" class="tl-label">
                        {if n == 0 { t_string!(i18n, dashboard.timeline_today).to_string() } else { fmt.date(d) }}
                    </text>
                </g>
            }
        })
        .collect_view();
    let markers = ending
        .iter()
        .enumerate()
        .map(|(i, (n, l))| {
            let r = 4.0 + (l.available.get() as f64 / 60.0).sqrt() * 2.0;
            let y: f64 = if i % 2 == 0 { 18.0 } else { 30.0 };
            let ty = format!("{:.1}", y - r - 3.0);
            let y = format!("{y:.1}");
            view! {
                <g class=format!("tl-marker tl-{}", origin_class(l.origin))>
                    <line x1=x(*n) x2=x(*n) y1=y.clone() y2="44" />
                    <circle cx=x(*n) cy=y r=format!("{r:.1}") />
                    <text x=x(*n) y=ty text-anchor="middle" class="tl-label">
                        {format::minutes(l.available)}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="timeline" data-testid="timeline">
            <figcaption class="small muted">{t_string!(i18n, dashboard.timeline_caption)}</figcaption>
            <svg
                viewBox="0 0 640 70"
                role="img"
                aria-label=t_string!(i18n, dashboard.timeline_aria, items = label).to_string()
                preserveAspectRatio="xMinYMid meet"
            >
                <line x1="20" x2="620" y1="44" y2="44" class="tl-axis" />
                {ticks}
                {markers}
            </svg>
        </figure>
    }
    .into_any()
}
