//! This period at a glance, from the open month's draft invoice as the rules compute it today:
//! included hours used, carryover in and out, overage so far and the draft's total.

use billing::{History, InvoiceKind, Ledger, Minutes, Money, Month, Summary};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::format::{self, Fmt};
use crate::i18n::*;

#[component]
pub fn MonthSummary(ledger: Ledger, history: History, today: NaiveDate, fmt: Fmt) -> impl IntoView {
    let i18n = use_i18n();
    let month = Month::of(today);
    // What carries over is settled at the month's end: replay on to then, nothing more logged.
    let carries = billing::quote::month_end_summary(&history, &[], month)
        .map_or(Minutes::ZERO, |s| s.carried_into_next_month);
    let draft = ledger
        .invoices
        .iter()
        .find(|i| i.kind == InvoiceKind::Period && i.month == Some(month));
    let s = draft
        .and_then(|i| i.summary.clone())
        .unwrap_or_else(Summary::default);
    let (net, total) = draft.map_or((Money::ZERO, Money::ZERO), |i| (i.net, i.total));
    // Re-invoiced costs on the draft (licence renewals, hosting), each as the invoice will say.
    let costs = draft.map(|i| i.costs.clone()).unwrap_or_default();
    let costs = (!costs.is_empty()).then(|| {
        let items = costs
            .iter()
            .map(|c| view! { <li>{format!("{} — {}", c.description, fmt.money(c.amount))}</li> })
            .collect_view();
        view! {
            <div class="small" data-testid="draft-costs">
                <p class="muted">{t_string!(i18n, dashboard.summary_costs)}</p>
                <ul class="plain-list">{items}</ul>
            </div>
        }
    });
    let used_pct = (s.allowance_used.get() * 100)
        .checked_div(s.allowance.get())
        .map_or(0, |p| p.min(100));
    let carry_left = s.carried_in.saturating_sub(s.carryover_used);

    view! {
        <section class="cards" aria-label=t_string!(i18n, dashboard.summary_aria, month = fmt.month(month)).to_string() data-testid="period">
            <div class="card">
                <p class="card-label">
                    {t_string!(i18n, dashboard.summary_included, month = fmt.month(month)).to_string()}
                </p>
                <p class="card-value" data-testid="allowance-used">
                    {format::minutes(s.allowance_used)}
                    <span class="card-of">
                        {format!(
                            " {}",
                            t_string!(i18n, dashboard.summary_of, hours = format::minutes(s.allowance)),
                        )}
                    </span>
                </p>
                <div
                    class="meter"
                    role="meter"
                    aria-label=t_string!(i18n, dashboard.summary_included_used).to_string()
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=used_pct.to_string()
                >
                    // An SVG bar, not a style attribute: the page's CSP allows no inline style.
                    <svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
                        <rect width=used_pct.to_string() height="1"></rect>
                    </svg>
                </div>
            </div>
            <div class="card">
                <p class="card-label">{t_string!(i18n, dashboard.summary_carried_in)}</p>
                <p class="card-value" data-testid="carried-in">{format::minutes(s.carried_in)}</p>
                <p class="muted small">
                    {t_string!(
                        i18n,
                        dashboard.summary_carry_used_left,
                        used = format::minutes(s.carryover_used),
                        left = format::minutes(carry_left)
                    )
                        .to_string()}
                </p>
            </div>
            <div class="card">
                <p class="card-label">{t_string!(i18n, dashboard.summary_carries_over)}</p>
                <p class="card-value" data-testid="carried-out">{format::minutes(carries)}</p>
                <p class="muted small">{t_string!(i18n, dashboard.summary_if_nothing_logged)}</p>
            </div>
            <div class="card" class:card-warn={s.overage_minutes.get() > 0}>
                <p class="card-label">{t_string!(i18n, dashboard.summary_overage)}</p>
                <p class="card-value" data-testid="overage">
                    {format::minutes(s.overage_minutes)}
                    <span class="card-of">" · " {fmt.money(s.overage_amount)}</span>
                </p>
            </div>
            <div class="card">
                <p class="card-label">
                    {t_string!(i18n, dashboard.summary_draft, month = fmt.month(month)).to_string()}
                </p>
                <p class="card-value" data-testid="draft-net">
                    {fmt.money(net)}
                    <span class="card-of">{format!(" {}", t_string!(i18n, dashboard.summary_net))}</span>
                </p>
                <p class="muted small">{t_string!(i18n, dashboard.summary_incl_vat, amount = fmt.money(total)).to_string()}</p>
                {costs}
            </div>
        </section>
    }
}
