//! Monthly usage over the last 12 periods: included hours against hours used, split into
//! what the plan covered, prepaid hours and overage. An SVG chart with the same figures in a
//! table for screen readers.

use std::collections::BTreeMap;

use billing::{InvoiceKind, InvoiceStatus, Ledger, Minutes, Month, Source};
use leptos::prelude::*;

use crate::format;
use crate::i18n::*;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Period {
    pub month: Option<Month>,
    pub included: u32,
    /// Covered by included hours or carryover.
    pub plan: u32,
    pub prepaid: u32,
    pub overage: u32,
    /// Charged at the plan, quote or standard rate.
    pub charged: u32,
    pub draft: bool,
}

impl Period {
    pub fn used(&self) -> u32 {
        self.plan + self.prepaid + self.overage + self.charged
    }
}

/// The last 12 invoiced periods (issued or draft), oldest first. Included minutes come from
/// each invoice's summary; used minutes are the entries' parts by the month they count in.
pub fn periods(ledger: &Ledger) -> Vec<Period> {
    let mut by_month: BTreeMap<Month, Period> = BTreeMap::new();
    for inv in ledger
        .invoices
        .iter()
        .filter(|i| i.kind == InvoiceKind::Period)
    {
        let Some(m) = inv.month else { continue };
        let p = by_month.entry(m).or_default();
        p.month = Some(m);
        p.draft = inv.status == InvoiceStatus::Draft;
        p.included = inv.summary.as_ref().map_or(0, |s| s.allowance.get());
    }
    for e in &ledger.entries {
        let Some(p) = by_month.get_mut(&Month::of(e.effective_date)) else {
            continue;
        };
        for part in &e.parts {
            let m = part.minutes.get();
            match part.source {
                Source::Allowance | Source::Carryover => p.plan += m,
                Source::Pack | Source::Rollover | Source::Credit => p.prepaid += m,
                Source::Overage | Source::OverQuote => p.overage += m,
                Source::PlanRate | Source::Quote | Source::StandardRate => p.charged += m,
                Source::Bug => {}
            }
        }
    }
    let all: Vec<Period> = by_month.into_values().collect();
    all[all.len().saturating_sub(12)..].to_vec()
}

#[component]
pub fn UsageChart(ledger: Ledger) -> impl IntoView {
    let i18n = use_i18n();
    let periods = periods(&ledger);
    if periods.is_empty() {
        return view! {
            <section class="panel" aria-labelledby="usage-title">
                <h2 id="usage-title">{t_string!(i18n, dashboard.usage_title)}</h2>
                <p class="muted">{t_string!(i18n, dashboard.usage_empty)}</p>
            </section>
        }
        .into_any();
    }
    const W: f64 = 720.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 44.0;
    const BOTTOM: f64 = 24.0;
    let max_min = periods
        .iter()
        .map(|p| p.used().max(p.included))
        .max()
        .unwrap_or(60)
        .max(60);
    // A round top in hours.
    let top_h = max_min.div_ceil(60).div_ceil(2) * 2;
    let top = (top_h * 60) as f64;
    let plot_h = H - BOTTOM - 10.0;
    let y = |m: f64| 10.0 + plot_h - m / top * plot_h;
    let slot = (W - LEFT - 10.0) / 12.0;
    let bar = slot * 0.5;
    let f = |v: f64| format!("{v:.1}");
    let grid = (0..=4)
        .map(|i| {
            let h = top_h as f64 * i as f64 / 4.0;
            let yy = y(h * 60.0);
            view! {
                <g>
                    <line x1=f(LEFT) x2=f(W - 10.0) y1=f(yy) y2=f(yy) class="grid" />
                    <text x=f(LEFT - 6.0) y=f(yy + 4.0) text-anchor="end" class="axis">
                        {format!("{h} h")}
                    </text>
                </g>
            }
        })
        .collect_view();
    let bars = periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x0 = LEFT + slot * i as f64 + (slot - bar) / 2.0;
            let mut acc = 0.0;
            let mut seg = |m: u32, class: &'static str| {
                let h = m as f64 / top * plot_h;
                let top_y = y(acc + m as f64);
                acc += m as f64;
                (m > 0).then(|| {
                    view! { <rect x=f(x0) y=f(top_y) width=f(bar) height=f(h) class=class /> }
                })
            };
            let segs = (
                seg(p.plan, "seg-plan"),
                seg(p.prepaid, "seg-prepaid"),
                seg(p.charged, "seg-charged"),
                seg(p.overage, "seg-overage"),
            );
            let inc_y = y(p.included as f64);
            let short = p.month.map(format::month_short).unwrap_or_default();
            view! {
                <g class:draft=p.draft>
                    {segs}
                    {(p.included > 0)
                        .then(|| {
                            view! {
                                <line
                                    x1=f(x0 - 4.0)
                                    x2=f(x0 + bar + 4.0)
                                    y1=f(inc_y)
                                    y2=f(inc_y)
                                    class="included"
                                />
                            }
                        })}
                    <text x=f(x0 + bar / 2.0) y=f(H - 6.0) text-anchor="middle" class="axis">
                        {short}
                    </text>
                </g>
            }
        })
        .collect_view();
    let rows = periods
        .iter()
        .map(|p| {
            let m = |v: u32| format::minutes(Minutes::new(v));
            view! {
                <tr>
                    <th scope="row">
                        {p.month.map(format::month_name).unwrap_or_default()}
                        {p.draft.then(|| format!(" {}", t_string!(i18n, dashboard.usage_so_far)))}
                    </th>
                    <td class="num">{m(p.included)}</td>
                    <td class="num">{m(p.used())}</td>
                    <td class="num">{m(p.plan)}</td>
                    <td class="num">{m(p.prepaid)}</td>
                    <td class="num">{m(p.overage + p.charged)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="usage-title">
            <div class="panel-head">
                <h2 id="usage-title">{t_string!(i18n, dashboard.usage_title)}</h2>
                <ul class="legend small" aria-hidden="true">
                    <li><span class="key included"></span>{t_string!(i18n, dashboard.usage_included)}</li>
                    <li><span class="key seg-plan"></span>{t_string!(i18n, dashboard.usage_covered_by_plan)}</li>
                    <li><span class="key seg-prepaid"></span>{t_string!(i18n, dashboard.usage_prepaid)}</li>
                    <li><span class="key seg-charged"></span>{t_string!(i18n, dashboard.usage_charged)}</li>
                    <li><span class="key seg-overage"></span>{t_string!(i18n, dashboard.usage_overage)}</li>
                </ul>
            </div>
            <svg
                class="usage-chart"
                viewBox=format!("0 0 {W} {H}")
                aria-hidden="true"
                data-testid="usage-chart"
                data-periods=periods.len().to_string()
            >
                {grid}
                {bars}
            </svg>
            <details class="chart-data">
                <summary>{t_string!(i18n, dashboard.usage_show_figures)}</summary>
                <table class="table table-compact" data-testid="usage-table">
                    <caption class="visually-hidden">{t_string!(i18n, dashboard.usage_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, dashboard.usage_col_month)}</th>
                            <th scope="col" class="num">{t_string!(i18n, dashboard.usage_included)}</th>
                            <th scope="col" class="num">{t_string!(i18n, dashboard.usage_col_used)}</th>
                            <th scope="col" class="num">{t_string!(i18n, dashboard.usage_col_plan)}</th>
                            <th scope="col" class="num">{t_string!(i18n, dashboard.usage_prepaid)}</th>
                            <th scope="col" class="num">{t_string!(i18n, dashboard.usage_col_overage_charged)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </section>
    }
    .into_any()
}
