//! An account's service levels: on the dashboard, this month at a glance and the last 13
//! months as an SVG chart (average response and resolution in business hours) with the same
//! figures in a table; on a month invoice, that month's figures. Shown once the agency has
//! saved its service levels and the account has tickets.

use api::service_levels::AccountSla;
use billing::Minutes;
use billing::sla::{Measure, MonthFigures, Targets};
use leptos::prelude::*;

use crate::errors::AppError;
use crate::format;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A time, or a dash where none was measured.
fn time(m: Option<Minutes>) -> String {
    m.map_or_else(|| "–".to_string(), format::minutes)
}

/// "Mon–Fri 09:00–17:00 Europe/Ljubljana": the calendar the times are counted in.
fn calendar_text(i18n: I18n, s: &AccountSla) -> String {
    let names = [
        t_string!(i18n, sla.mon),
        t_string!(i18n, sla.tue),
        t_string!(i18n, sla.wed),
        t_string!(i18n, sla.thu),
        t_string!(i18n, sla.fri),
        t_string!(i18n, sla.sat),
        t_string!(i18n, sla.sun),
    ];
    let days: Vec<String> = names
        .iter()
        .zip(s.days)
        .filter(|(_, on)| *on)
        .map(|(n, _)| n.to_string())
        .collect();
    format!("{} {}–{} {}", days.join(", "), s.opens, s.closes, s.zone)
}

/// A target as read: its time, or "none".
fn shown(i18n: I18n, m: Option<Minutes>) -> String {
    m.map_or_else(
        || t_string!(i18n, sla.no_target).to_string(),
        format::minutes,
    )
}

fn target_text(i18n: I18n, t: Targets) -> String {
    let show = |m| shown(i18n, m);
    t_string!(
        i18n,
        sla.targets_line,
        response = show(t.response),
        resolution = show(t.resolution)
    )
    .to_string()
}

fn priority_text(i18n: I18n, priority: &str, t: Targets) -> String {
    let show = |m| shown(i18n, m);
    t_string!(
        i18n,
        sla.priority_line,
        priority = priority,
        response = show(t.response),
        resolution = show(t.resolution)
    )
    .to_string()
}

fn measure_cells(m: Measure) -> impl IntoView {
    view! {
        <td class="num">{time(m.average)}</td>
        <td class="num">{time(m.p90)}</td>
        <td class="num">{m.breaches}</td>
    }
}

/// The dashboard's panel (nothing until there is something to show). `figures` comes from the
/// page's `Loads` (created outside its `Transition`).
#[component]
pub fn SlaPanel(figures: Resource<Result<Option<AccountSla>, AppError>>) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(Some(s)) if s.has_tickets() => view! { <SlaFigures sla=s /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SlaFigures(sla: AccountSla) -> impl IntoView {
    let i18n = use_i18n();
    let now = sla.months.last().copied();
    let glance = now.map(|m| {
        let f = m.figures;
        view! {
            <dl class="summary-grid" data-testid="sla-this-month">
                <div><dt>{t_string!(i18n, sla.tickets)}</dt><dd>{f.tickets}</dd></div>
                <div><dt>{t_string!(i18n, sla.avg_response)}</dt><dd>{time(f.response.average)}</dd></div>
                <div><dt>{t_string!(i18n, sla.avg_resolution)}</dt><dd>{time(f.resolution.average)}</dd></div>
                <div><dt>{t_string!(i18n, sla.breaches)}</dt><dd>{f.response.breaches + f.resolution.breaches}</dd></div>
            </dl>
        }
    });
    let rows = sla
        .months
        .iter()
        .rev()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{format::month_name(m.month)}</th>
                    <td class="num">{m.figures.tickets}</td>
                    {measure_cells(m.figures.response)}
                    {measure_cells(m.figures.resolution)}
                </tr>
            }
        })
        .collect_view();
    let priorities = (!sla.priorities.is_empty()).then(|| {
        let items = sla
            .priorities
            .iter()
            .map(|(p, t)| view! { <li>{priority_text(i18n, p, *t)}</li> })
            .collect_view();
        view! { <ul class="muted small plain-list">{items}</ul> }
    });
    view! {
        <section class="panel" aria-labelledby="sla-title" data-testid="sla-panel">
            <div class="panel-head">
                <h2 id="sla-title">{t_string!(i18n, sla.panel_title)}</h2>
                <ul class="legend small" aria-hidden="true">
                    <li><span class="key sla-response"></span>{t_string!(i18n, sla.avg_response)}</li>
                    <li><span class="key sla-resolution"></span>{t_string!(i18n, sla.avg_resolution)}</li>
                    <li><span class="key sla-target-key"></span>{t_string!(i18n, sla.response_target)}</li>
                </ul>
            </div>
            <p class="muted small">
                {t_string!(i18n, sla.counted_in, calendar = calendar_text(i18n, &sla)).to_string()}
                " "
                {target_text(i18n, sla.targets)}
            </p>
            {priorities}
            {glance}
            <SlaChart months=sla.months.clone() />
            <details class="chart-data">
                <summary>{t_string!(i18n, sla.show_figures)}</summary>
                <div class="table-wrap">
                    <table class="table table-compact" data-testid="sla-table">
                        <caption class="visually-hidden">{t_string!(i18n, sla.panel_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t_string!(i18n, sla.month)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.tickets)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.avg_response)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.p90_response)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.response_breaches)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.avg_resolution)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.p90_resolution)}</th>
                                <th scope="col" class="num">{t_string!(i18n, sla.resolution_breaches)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

/// Average response and resolution per month, two bars each, with the response target as a
/// dashed line. Decorative: the table holds the same figures.
#[component]
fn SlaChart(months: Vec<MonthFigures>) -> impl IntoView {
    const W: f64 = 720.0;
    const H: f64 = 180.0;
    const LEFT: f64 = 44.0;
    const BOTTOM: f64 = 24.0;
    let value = |m: Option<Minutes>| m.map_or(0, Minutes::get);
    let highest = months
        .iter()
        .flat_map(|m| {
            [
                value(m.figures.response.average),
                value(m.figures.resolution.average),
                value(m.targets.response),
            ]
        })
        .max()
        .unwrap_or(0)
        .max(60);
    let top_h = highest.div_ceil(60).div_ceil(4) * 4;
    let top = f64::from(top_h * 60);
    let plot_h = H - BOTTOM - 10.0;
    let y = |m: f64| 10.0 + plot_h - m / top * plot_h;
    let slot = (W - LEFT - 10.0) / months.len().max(1) as f64;
    let bar = slot * 0.3;
    let f = |v: f64| format!("{v:.1}");
    let grid = (0..=4)
        .map(|i| {
            let h = f64::from(top_h) * f64::from(i) / 4.0;
            let yy = y(h * 60.0);
            view! {
                <g>
                    <line x1=f(LEFT) x2=f(W - 10.0) y1=f(yy) y2=f(yy) class="grid" />
                    <text x=f(LEFT - 6.0) y=f(yy + 4.0) text-anchor="end" class="axis">{format!("{h} h")}</text>
                </g>
            }
        })
        .collect_view();
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x0 = LEFT + slot * i as f64 + (slot - 2.0 * bar) / 2.0;
            let one = |v: u32, x: f64, class: &'static str| {
                (v > 0).then(|| {
                    let v = f64::from(v);
                    view! { <rect x=f(x) y=f(y(v)) width=f(bar) height=f(v / top * plot_h) class=class /> }
                })
            };
            // The target where there were tickets to hold to it.
            let target = m.targets.response.filter(|_| m.figures.tickets > 0).map(|t| {
                let ty = y(f64::from(t.get()));
                view! { <line x1=f(x0 - 3.0) x2=f(x0 + 2.0 * bar + 3.0) y1=f(ty) y2=f(ty) class="sla-target" /> }
            });
            view! {
                <g>
                    {one(value(m.figures.response.average), x0, "sla-response")}
                    {one(value(m.figures.resolution.average), x0 + bar, "sla-resolution")}
                    {target}
                    <text x=f(x0 + bar) y=f(H - 6.0) text-anchor="middle" class="axis">{format::month_short(m.month)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="usage-chart" viewBox=format!("0 0 {W} {H}") aria-hidden="true" data-testid="sla-chart" data-months=months.len().to_string()>
            {grid}
            {bars}
        </svg>
    }
}

/// A month invoice's service levels: that month's figures as recorded so far. `figures` is
/// created by the invoice page beside its document (outside its `Transition`), so it is fetched
/// and embedded once.
#[component]
pub fn InvoiceSla(figures: Resource<Result<Option<MonthFigures>, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let line = figures.await.ok().flatten();
                line.filter(|m| m.figures.tickets > 0).map(|m| {
                    let f = m.figures;
                    view! {
                        <section class="invoice-summary" aria-labelledby="invoice-sla-title" data-testid="invoice-sla">
                            <h2 id="invoice-sla-title" class="invoice-section">{t_string!(i18n, sla.invoice_title)}</h2>
                            <dl class="summary-grid">
                                <div><dt>{t_string!(i18n, sla.tickets)}</dt><dd>{f.tickets}</dd></div>
                                <div><dt>{t_string!(i18n, sla.avg_response)}</dt><dd>{time(f.response.average)}</dd></div>
                                <div><dt>{t_string!(i18n, sla.p90_response)}</dt><dd>{time(f.response.p90)}</dd></div>
                                <div><dt>{t_string!(i18n, sla.avg_resolution)}</dt><dd>{time(f.resolution.average)}</dd></div>
                                <div><dt>{t_string!(i18n, sla.p90_resolution)}</dt><dd>{time(f.resolution.p90)}</dd></div>
                                <div><dt>{t_string!(i18n, sla.breaches)}</dt><dd>{f.response.breaches + f.resolution.breaches}</dd></div>
                            </dl>
                            <p class="muted small">{target_text(i18n, m.targets)} " " {t_string!(i18n, sla.as_recorded)}</p>
                        </section>
                    }
                })
            })}
        </Transition>
    }
}
