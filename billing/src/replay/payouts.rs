//! POLICY §6 and §7: when a pack's renewal window has closed, its developer is paid at the pack's
//! unit rate less commission — the whole pack if its unused minutes rolled into a pack the same
//! developer sold, otherwise the own minutes actually consumed. Rolled-in minutes are never
//! paid. Minutes that come back to the client by a credit-back are never paid either: before the
//! payout falls due they are left out of it; after, the developer's next payout carries an
//! adjustment deducting them.

use chrono::NaiveDate;

use super::Sim;
use crate::Text;
use crate::history::{Order, Prepared};
use crate::ledger::{Payout, PayoutAdjustment, PayoutBasis};
use crate::money::{Minutes, Payable};

/// The minutes of pack `a` its developer is owed as things stand: the basis of its payout.
pub(crate) fn minutes_owed(sim: &Sim<'_>, a: usize) -> Option<(PayoutBasis, u32)> {
    let p = sim.p;
    let order = &p.orders[a];
    let (Some(_), Some(lot)) = (&order.seller, sim.orders[a].lot) else {
        return None;
    };
    let o = &sim.orders[a];
    let renewed = o
        .receiver
        .is_some_and(|b| p.orders[b].seller == order.seller && order.refund.is_none());
    let l = &sim.book.lots[lot].lot;
    Some(if renewed {
        let back = o.credited_out_own + o.credited_out_rolled;
        (
            PayoutBasis::Renewed,
            order.minutes.get().saturating_sub(back),
        )
    } else {
        let used = l.consumed.get().saturating_sub(l.returned.get());
        (
            PayoutBasis::Consumed,
            used.saturating_sub(o.credited_out_own),
        )
    })
}

/// `minutes` of `order` at its unit rate, less commission (POLICY §6).
fn value(p: &Prepared<'_>, order: &Order, minutes: u32) -> Payable {
    p.ctx.currency.payout(
        order.net,
        Minutes::new(minutes),
        order.minutes,
        order.commission,
    )
}

/// Pack `a`'s renewal window has closed: its payout falls due, with every adjustment waiting
/// for this developer.
pub(crate) fn window_closed(sim: &mut Sim<'_>, a: usize, due_on: NaiveDate) {
    let p = sim.p;
    let Some((basis, minutes)) = minutes_owed(sim, a) else {
        return;
    };
    let order = &p.orders[a];
    let developer = order
        .seller
        .clone()
        .expect("a pack with a payout has a seller");
    let Payable {
        gross,
        commission,
        amount,
    } = value(p, order, minutes);
    sim.orders[a].paid_minutes = Some(minutes);
    let (adjustments, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut sim.payout_adjustments)
        .into_iter()
        .partition(|(dev, _)| *dev == developer);
    sim.payout_adjustments = waiting;
    sim.payouts.push(Payout {
        developer,
        order: order.id.clone(),
        due_on,
        basis,
        minutes: Minutes::new(minutes),
        gross,
        commission,
        amount,
        adjustments: adjustments.into_iter().map(|(_, adj)| adj).collect(),
    });
}

/// A credit-back on `on` of entry `entry` took minutes of pack `a` back to the client. If its
/// payout has fallen due already, the difference waits for the developer's next payout.
pub(crate) fn credited_back(sim: &mut Sim<'_>, a: usize, on: NaiveDate, entry: &Text) {
    let Some(paid) = sim.orders[a].paid_minutes else {
        return;
    };
    let Some((_, owed)) = minutes_owed(sim, a) else {
        return;
    };
    let back = paid.saturating_sub(owed);
    if back == 0 {
        return;
    }
    sim.orders[a].paid_minutes = Some(owed);
    let p = sim.p;
    let order = &p.orders[a];
    let amount = value(p, order, back).amount;
    let developer = order.seller.clone().expect("a paid pack has a seller");
    sim.payout_adjustments.push((
        developer,
        PayoutAdjustment {
            order: order.id.clone(),
            entry: entry.clone(),
            on,
            minutes: Minutes::new(back),
            amount: -amount,
        },
    ));
}
