//! Balance by lot (POLICY §2: origin, minutes left, last valid day) and the expiry timeline.

use billing::{History, Ledger, Lot, Minutes, Origin};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::names;
use crate::format::{self, Fmt};

pub fn origin_label(o: Origin) -> &'static str {
    match o {
        Origin::Allowance => "Included hours",
        Origin::Carryover => "Carryover",
        Origin::Pack => "Prepaid pack",
        Origin::Rollover => "Rolled over",
        Origin::Credit => "Credit",
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
                        )>{origin_label(l.origin)}</span>
                    </td>
                    <td class="muted">{from}</td>
                    <td class="num" data-label="Left">{format::minutes(l.available)}</td>
                    <td class="num" data-label="Held for renewal">
                        {if l.held.get() > 0 { format::minutes(l.held) } else { String::new() }}
                    </td>
                    <td class="nowrap" data-label="Last valid day">
                        {match (l.last_day, left) {
                            (Some(d), Some(n)) if n <= 14 => {
                                view! {
                                    <span class="soon">
                                        {format!("{} · {n} days left", fmt.date(d))}
                                    </span>
                                }
                                    .into_any()
                            }
                            (Some(d), _) => view! { <span>{fmt.date(d)}</span> }.into_any(),
                            (None, _) => view! { <span class="muted">"never expires"</span> }.into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="balances-title">
            <div class="panel-head">
                <h2 id="balances-title">"Balance by lot"</h2>
                <span class="muted small" data-testid="balance-total">
                    {format!("{} available", format::minutes(Minutes::new(total)))}
                </span>
            </div>
            {if lots.is_empty() {
                view! { <p class="muted">"No hours available right now."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="balances">
                            <thead>
                                <tr>
                                    <th scope="col">"Origin"</th>
                                    <th scope="col">"From"</th>
                                    <th scope="col" class="num">"Left"</th>
                                    <th scope="col" class="num">"Held for renewal"</th>
                                    <th scope="col">"Last valid day"</th>
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
                "Nothing expires in the next 120 days."
            </p>
        }
        .into_any();
    }
    let label = ending
        .iter()
        .map(|(_, l)| {
            format!(
                "{} of {} on {}",
                format::minutes(l.available),
                origin_label(l.origin).to_lowercase(),
                fmt.date(l.last_day.unwrap_or(today))
            )
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
                        {if n == 0 { "today".to_string() } else { fmt.date(d) }}
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
            <figcaption class="small muted">"Expiry timeline, next 120 days"</figcaption>
            <svg
                viewBox="0 0 640 70"
                role="img"
                aria-label=format!("Expiring: {label}")
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
