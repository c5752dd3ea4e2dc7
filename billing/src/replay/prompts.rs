//! POLICY §8: self-service prompts shown to the client, as of a given day.

use chrono::NaiveDate;

use super::{PlanOverride, Sim, simulate};
use crate::catalog::{Plan, PlanTerms};
use crate::dates::{Month, add_days};
use crate::history::Prepared;
use crate::ledger::{Invoice, InvoiceStatus, LineKind, Prompt};
use crate::money::{Minutes, Money};

/// Days before a pack's last valid day when the expiry prompt appears.
const EXPIRY_NOTICE_DAYS: i64 = 14;

/// Expiry and low-balance prompts as of `d`.
pub(crate) fn at(sim: &Sim<'_>, d: NaiveDate) -> Vec<Prompt> {
    let p = sim.p;
    let mut out = Vec::new();
    for (o, os) in sim.orders.iter().enumerate() {
        let Some(lot) = os.lot else { continue };
        if !sim.book.valid_on(lot, d) {
            continue;
        }
        let order = &p.orders[o];
        let own = &sim.book.lots[lot].lot;
        if let Some(last) = own.last_day {
            let days_left = (last - d).num_days();
            if own.available.get() > 0 && days_left <= EXPIRY_NOTICE_DAYS {
                // The rollover hint only where POLICY §5 would apply.
                let renew_by = (os.eligible && os.receiver.is_none())
                    .then(|| add_days(last, p.grace_days as i64));
                let h = own.available.hours();
                let message = match renew_by {
                    Some(by) => format!(
                        "{h} h expire on {last} — buy a new pack by {by} and they roll over"
                    ),
                    None => format!("{h} h expire on {last}"),
                };
                out.push(Prompt::Expiring {
                    lot: own.id.to_string(),
                    order: order.id.clone(),
                    minutes: own.available,
                    last_day: last,
                    renew_by,
                    message,
                });
            }
        }
        let rolled = os
            .rolled_lot
            .map_or(0, |r| sim.book.lots[r].lot.available.get());
        let available = own.available.get() + rolled;
        if available * 5 <= order.minutes.get() {
            out.push(Prompt::LowBalance {
                order: order.id.clone(),
                available: Minutes::new(available),
                own: order.minutes,
                message: format!(
                    "{} h left of {} h ({}) — top up before you run out",
                    Minutes::new(available).hours(),
                    order.minutes.hours(),
                    order.description
                ),
            });
        }
    }
    out
}

/// Overage in 2 of the last 3 closed months: suggest the catalog's next plan up (the one with
/// the next larger included minutes that has a fee) and what those months would have cost on it.
/// Costs compared are the invoices' plan fees and work lines (re-invoiced costs are the same
/// on any plan).
pub(crate) fn upgrade(p: &Prepared<'_>, invoices: &[Invoice]) -> Option<Prompt> {
    let last = p.closed_through()?;
    let (_, period) = p.plan_on(p.today)?;
    let current = &period.plan;
    let PlanTerms::Maintenance {
        included_minutes, ..
    } = &current.terms
    else {
        return None;
    };
    let next = next_plan_up(&p.catalog_plans, *included_minutes)?;
    let months: Vec<Month> = [last.prev().prev(), last.prev(), last]
        .into_iter()
        .filter(|m| *m >= Month::of(p.earliest))
        .collect();
    let issued = |m: Month| {
        invoices
            .iter()
            .find(|i| i.month == Some(m) && i.status == InvoiceStatus::Issued)
    };
    let with_overage = months
        .iter()
        .filter(|&&m| {
            issued(m)
                .and_then(|i| i.summary.as_ref())
                .is_some_and(|s| s.overage_minutes.get() > 0)
        })
        .count();
    if with_overage < 2 {
        return None;
    }
    let work_and_fees = |i: &Invoice| -> Money {
        i.lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::PlanFee | LineKind::Work))
            .fold(p.ctx.zero, |sum, l| sum + l.amount)
    };
    let actual = months
        .iter()
        .filter_map(|&m| issued(m))
        .map(work_and_fees)
        .fold(p.ctx.zero, |sum, x| sum + x);
    let over = PlanOverride {
        from: months[0],
        to: last,
        plan: next.clone(),
    };
    // A history that only works on its own plan (a refund whose minutes the bigger plan would
    // have left unused, say) gets no suggestion rather than a wrong one.
    let Ok(sim) = simulate(p, Some(&over)) else {
        return None;
    };
    let alt = super::close::period_invoices(&sim);
    let on_next = alt
        .iter()
        .filter(|i| i.month.is_some_and(|m| months.contains(&m)))
        .map(work_and_fees)
        .fold(p.ctx.zero, |sum, x| sum + x);
    let cur = p.ctx.currency;
    Some(Prompt::Upgrade {
        current_plan: current.id.clone(),
        suggested_plan: next.id.clone(),
        months: months.clone(),
        actual_net: actual,
        on_suggested_net: on_next,
        message: format!(
            "Overage in {with_overage} of the last {} months: on plan {} they would have cost {} {cur} instead of {} {cur}",
            months.len(),
            next.name,
            on_next,
            actual
        ),
    })
}

fn next_plan_up(plans: &[Plan], than: Minutes) -> Option<&Plan> {
    plans
        .iter()
        .filter(|p| matches!(&p.terms, PlanTerms::Maintenance { fee: Some(_), included_minutes, .. } if *included_minutes > than))
        .min_by_key(|p| p.monthly_minutes())
}
