//! This month at a glance: included hours used, carryover, overage and the draft invoice.

use billing::{InvoiceKind, Ledger, Minutes, Money, Month, Origin, Source};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::format;

#[component]
pub fn MonthSummary(ledger: Ledger, today: NaiveDate, currency: String) -> impl IntoView {
    let month = Month::of(today);
    let valid_today =
        |l: &&billing::Lot| l.first_day <= today && l.last_day.is_none_or(|d| d >= today);
    let allowance = ledger
        .lots
        .iter()
        .filter(valid_today)
        .filter(|l| l.origin == Origin::Allowance)
        .fold((0u32, 0u32), |(g, c), l| {
            (g + l.granted.0, c + l.consumed.0)
        });
    let carryover: u32 = ledger
        .lots
        .iter()
        .filter(valid_today)
        .filter(|l| l.origin == Origin::Carryover)
        .map(|l| l.available.0)
        .sum();
    let overage = ledger
        .entries
        .iter()
        .filter(|e| month.contains(e.effective_date))
        .flat_map(|e| e.parts.iter())
        .filter(|p| p.source == Source::Overage)
        .fold((0u32, Money::ZERO), |(m, a), p| {
            (m + p.minutes.0, a + p.amount)
        });
    let draft = ledger
        .invoices
        .iter()
        .find(|i| i.kind == InvoiceKind::Period && i.month == Some(month));
    let (net, total) = draft.map_or((Money::ZERO, Money::ZERO), |i| (i.net, i.total));
    let used_pct = (allowance.1 * 100)
        .checked_div(allowance.0)
        .map_or(0, |p| p.min(100));

    view! {
        <section class="cards" aria-label=format!("{month} at a glance")>
            <div class="card">
                <p class="card-label">"Included hours, " {month.to_string()}</p>
                <p class="card-value">
                    {format::minutes(Minutes(allowance.1))}
                    <span class="card-of">" of " {format::minutes(Minutes(allowance.0))}</span>
                </p>
                <div
                    class="meter"
                    role="meter"
                    aria-label="Included hours used"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=used_pct.to_string()
                >
                    <span style=format!("width: {used_pct}%")></span>
                </div>
            </div>
            <div class="card">
                <p class="card-label">"Carried over, available"</p>
                <p class="card-value">{format::minutes(Minutes(carryover))}</p>
            </div>
            <div class="card" class:card-warn={overage.0 > 0}>
                <p class="card-label">"Overage this month"</p>
                <p class="card-value">
                    {format::minutes(Minutes(overage.0))}
                    <span class="card-of">" · " {format::money(overage.1, &currency)}</span>
                </p>
            </div>
            <div class="card">
                <p class="card-label">"Draft invoice " {month.to_string()}</p>
                <p class="card-value">{format::money(net, &currency)} <span class="card-of">" net"</span></p>
                <p class="muted small">{format!("{} incl. VAT", format::money(total, &currency))}</p>
            </div>
        </section>
    }
}
