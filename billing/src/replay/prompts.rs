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

/// Expiry (or rollover) and top-up prompts as of `d`.
pub(crate) fn at(sim: &Sim<'_>, d: NaiveDate) -> Vec<Prompt> {
    let mut out = expiring(sim, d);
    out.extend(top_up(sim, d));
    out
}

/// A pack with unused own minutes and 14 days or fewer left: its expiry, or, once a renewal
/// is paid and matched to it (POLICY §5), where its minutes go and when. No renewal is asked
/// for twice.
fn expiring(sim: &Sim<'_>, d: NaiveDate) -> Vec<Prompt> {
    let p = sim.p;
    let mut out = Vec::new();
    for (o, os) in sim.orders.iter().enumerate() {
        let Some(lot) = os.lot.filter(|&l| sim.book.valid_on(l, d)) else {
            continue;
        };
        let own = &sim.book.lots[lot].lot;
        let Some(last) = own.last_day else { continue };
        if own.available.is_zero() || (last - d).num_days() > EXPIRY_NOTICE_DAYS {
            continue;
        }
        let (order, h) = (&p.orders[o], own.available.hours());
        if let Some(b) = os.receiver {
            let into = &p.orders[b];
            let paid_on = into.paid_on.expect("a matched renewal is paid");
            let on = add_days(last, 1);
            out.push(Prompt::RollingOver {
                lot: own.id.to_string(),
                order: order.id.clone(),
                into_order: into.id.clone(),
                minutes: own.available,
                paid_on,
                on,
                message: format!("{h} h move into your pack of {paid_on} on {on}"),
            });
            continue;
        }
        // The rollover hint only where POLICY §5 would apply.
        let renew_by = os
            .eligible
            .then(|| add_days(last, i64::from(order.window.grace)));
        let message = match renew_by {
            Some(by) => {
                format!("{h} h expire on {last} — buy a new pack by {by} and they roll over")
            }
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
    out
}

/// POLICY §8's top-up prompt, per seller (each developer; the agency's packs as one): the
/// minutes the client can still use from that seller's valid packs — own, rolled in, and held
/// for a matched renewal — at or below 20 % of the own minutes of the seller's most recently
/// paid pack. A pack just bought is full, so its buyer is not asked to top up.
fn top_up(sim: &Sim<'_>, d: NaiveDate) -> Vec<Prompt> {
    let p = sim.p;
    // Refunded as of `d` (a snapshot's day), not as of today.
    let live = |o: usize| !sim.orders[o].refunded && sim.orders[o].lot.is_some();
    let mut sellers: Vec<Option<&str>> = Vec::new();
    for o in (0..p.orders.len()).filter(|&o| live(o)) {
        if !sellers.contains(&p.orders[o].seller.as_deref()) {
            sellers.push(p.orders[o].seller.as_deref());
        }
    }
    let mut out = Vec::new();
    for seller in sellers {
        let of_seller = |o: &usize| live(*o) && p.orders[*o].seller.as_deref() == seller;
        let Some(newest) = (0..p.orders.len())
            .filter(of_seller)
            .max_by_key(|&o| p.orders[o].paid_seq)
        else {
            continue;
        };
        if !sim.orders[newest]
            .lot
            .is_some_and(|l| sim.book.valid_on(l, d))
        {
            continue;
        }
        let usable: u32 = (0..p.orders.len())
            .filter(of_seller)
            .map(|o| usable_from(sim, o, d))
            .sum();
        let own = p.orders[newest].minutes;
        if usable * 5 <= own.get() {
            let order = &p.orders[newest];
            out.push(Prompt::LowBalance {
                order: order.id.clone(),
                seller: order.seller.clone(),
                available: Minutes::new(usable),
                own,
                message: format!(
                    "{} h left of {} h ({}) — top up before you run out",
                    Minutes::new(usable).hours(),
                    own.hours(),
                    order.description
                ),
            });
        }
    }
    out
}

/// What the client can still use of pack `o` on `d`: its own and rolled-in lots while valid,
/// and minutes held for a renewal already matched to it.
fn usable_from(sim: &Sim<'_>, o: usize, d: NaiveDate) -> u32 {
    let os = &sim.orders[o];
    let valid = |l: usize| sim.book.valid_on(l, d);
    let lot = |l: usize| &sim.book.lots[l].lot;
    let own = os
        .lot
        .filter(|&l| valid(l))
        .map_or(0, |l| lot(l).available.get());
    let rolled = os
        .rolled_lot
        .filter(|&l| valid(l))
        .map_or(0, |l| lot(l).available.get());
    let held = match (os.lot, os.receiver) {
        (Some(l), Some(_)) => lot(l).held.get(),
        _ => 0,
    };
    own + rolled + held
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
